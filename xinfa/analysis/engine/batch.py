"""`xinfa analyze`: run the turn pipeline over a CSV or JSONL file, streaming, JSONL out.

Input:
* CSV with a `text` column (optional `id`, `speaker`, `conversation_id`): one output
  line per row; rows of a conversation also carry the running emotion trend.
* JSONL of single texts `{"text": ...}` or conversations
  `{"id": ..., "turns": [{"speaker": ..., "text": ...}, ...]}`: one output line per
  record; conversations carry the emotion trend over their customer turns.

A speaker is customer (the default), agent, bot or system; exports' names such as 客户 /
坐席 / 客服 are read as those (`SPEAKER_ALIASES`), any other name is an error.

The output is written to a temporary file beside the target and renamed at the end,
so a bad line (exit 2 with its line number) never leaves half a result.
"""

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from xinfa.analysis.engine.cli import CliError
from xinfa.analysis.engine.components.emotion import EmotionResult, emotion_trend
from xinfa.analysis.engine.datasets import DatasetError, jsonl_records
from xinfa.analysis.engine.defaults import available_turn_pipeline
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.pipeline import Pipeline, build_pipeline
from xinfa.analysis.engine.speakers import SPEAKER_ALIASES, canonical_speaker_name

BATCH_TURNS = 512
# Bulky or raw-text annotations left out of the output (PII would leak through them).
HIDDEN = frozenset({"norm_text", "tokens"})
CUSTOMER = "customer"


def masked_text(doc: Doc) -> str:
    """The raw text with every PII span replaced by its masked form."""
    text = doc.text
    spans = doc.annotations.get("pii") or []
    for span in sorted(spans, key=lambda item: _field(item, "start"), reverse=True):
        start, end = _field(span, "start"), _field(span, "end")
        text = text[:start] + str(_field(span, "masked")) + text[end:]
    return text


def _field(item: Any, name: str) -> Any:
    return item[name] if isinstance(item, dict) else getattr(item, name)


def turn_record(doc: Doc) -> dict[str, Any]:
    """JSON-ready result of one analysed turn (PII masked, no token lists)."""
    plain = doc.to_dict()
    return {
        "speaker": doc.speaker,
        "text": masked_text(doc),
        "annotations": {k: v for k, v in plain["annotations"].items() if k not in HIDDEN},
        "provenance": {k: v for k, v in plain["provenance"].items() if k not in HIDDEN},
    }


def _trend(docs: list[Doc]) -> dict[str, Any] | None:
    """Emotion trend over the customer turns (all turns if none is marked customer)."""
    customer = [doc for doc in docs if doc.speaker == CUSTOMER] or docs
    annotations = [doc.annotations.get("emotion") for doc in customer]
    results = [result for result in annotations if isinstance(result, EmotionResult)]
    if not results or len(results) != len(annotations):
        return None
    return emotion_trend(results).to_dict()


def canonical_speaker(value: Any, where: str) -> str:
    """The engine's speaker for an input's speaker field (missing or blank: customer).

    Raises:
        CliError: an unknown speaker name (the message names `where` and the known ones).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return CUSTOMER
    speaker = canonical_speaker_name(value)
    if speaker is None:
        known = ", ".join(SPEAKER_ALIASES)
        raise CliError(f"{where}: unknown speaker {value!r}; use one of {known}")
    return speaker


def _csv_records(stream: Iterable[str], path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(stream)
    if "text" not in (reader.fieldnames or []):
        found = ", ".join(reader.fieldnames or []) or "none"
        raise CliError(f"{path}: missing column text; found {found}")
    for row in reader:
        if row.get("text") is None:
            raise CliError(f"{path}: line {reader.line_num} has too few fields")
        yield reader.line_num, row


def _jsonl_records(stream: Iterable[str], path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        yield from jsonl_records(stream, path)
    except DatasetError as exc:
        raise CliError(str(exc)) from exc


def _turn_docs(record: dict[str, Any], number: int, path: Path) -> list[Doc]:
    """Docs of one JSONL record (a conversation's turns, or a single text)."""
    turns = record.get("turns")
    if turns is None:
        turns = [record]
    elif not isinstance(turns, list):
        raise CliError(f"{path}: line {number}: turns must be a list")
    docs = []
    for turn in turns:
        if not isinstance(turn, dict) or not isinstance(turn.get("text"), str):
            raise CliError(f"{path}: line {number}: every turn needs a text string")
        speaker = canonical_speaker(turn.get("speaker"), f"{path}: line {number}")
        docs.append(Doc(text=turn["text"], speaker=speaker))
    return docs


class _Writer:
    """Buffers records, analyses them in batches, writes JSON lines."""

    def __init__(self, pipeline: Pipeline, out: IO[str]) -> None:
        self.pipeline = pipeline
        self.out = out
        self.pending: list[tuple[dict[str, Any], list[Doc], str]] = []
        self.turns = 0
        self.conversation = ""
        self.history: list[Doc] = []
        self.count = 0

    def add(self, head: dict[str, Any], docs: list[Doc], conversation: str = "") -> None:
        self.pending.append((head, docs, conversation))
        self.turns += len(docs)
        if self.turns >= BATCH_TURNS:
            self.flush()

    def flush(self) -> None:
        docs = [doc for _head, items, _c in self.pending for doc in items]
        self.pipeline.pipe(docs)
        for head, items, conversation in self.pending:
            record = dict(head)
            if "turns" in head:
                record["turns"] = [turn_record(doc) for doc in items]
                record["emotion_trend"] = _trend(items)
            else:
                record.update(turn_record(items[0]))
                if conversation:
                    # Running trend: what live coaching would have seen at this turn.
                    # Rows of a conversation are expected to be consecutive.
                    if conversation != self.conversation:
                        self.conversation, self.history = conversation, []
                    self.history.append(items[0])
                    record["emotion_trend"] = _trend(self.history)
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.count += 1
        self.pending, self.turns = [], 0


def _detect_format(path: Path, input_format: str | None) -> str:
    if input_format:
        return input_format
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    raise CliError(f"{path}: cannot tell the format from the name; pass --format csv|jsonl")


def _analyze_stream(stream: Iterable[str], path: Path, fmt: str, writer: _Writer) -> None:
    if fmt == "csv":
        for number, row in _csv_records(stream, path):
            head = {key: row[key] for key in ("id", "conversation_id") if row.get(key)}
            speaker = canonical_speaker(row.get("speaker"), f"{path}: line {number}")
            doc = Doc(text=row["text"], speaker=speaker)
            writer.add(head, [doc], row.get("conversation_id") or "")
        return
    for number, record in _jsonl_records(stream, path):
        docs = _turn_docs(record, number, path)
        if "turns" in record:
            head = {"id": record.get("id"), "turns": None}
        else:
            head = {"id": record["id"]} if "id" in record else {}
        writer.add(head, docs)


def analyze_file(
    input_path: Path,
    output_path: Path,
    *,
    input_format: str | None = None,
    pipeline: Pipeline | None = None,
) -> int:
    """Analyse every row / conversation of a file and write JSON lines; return the count.

    Raises:
        CliError: unreadable input, invalid UTF-8, a missing `text` column, a bad JSON
            line (the message names the line); the output file is then left untouched.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    fmt = _detect_format(input_path, input_format)
    if not input_path.is_file():
        raise CliError(f"{input_path}: no such file")
    pipeline = pipeline or build_pipeline(available_turn_pipeline())
    output_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=output_path.parent, suffix=".partial")
    try:
        with (
            open(input_path, "rb") as stream,
            os.fdopen(handle, "w", encoding="utf-8") as out,
        ):
            counter = _LineCounter(stream, input_path)
            writer = _Writer(pipeline, out)
            try:
                _analyze_stream(counter, input_path, fmt, writer)
            except csv.Error as exc:
                raise CliError(f"{input_path}: line {counter.lines}: bad CSV ({exc})") from exc
            writer.flush()
        os.replace(temp_name, output_path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return writer.count


class _LineCounter:
    """Decodes a binary stream line by line as UTF-8, counting lines for error messages."""

    def __init__(self, stream: IO[bytes], path: Path) -> None:
        self.stream = stream
        self.path = path
        self.lines = 0

    def __iter__(self) -> "_LineCounter":
        return self

    def __next__(self) -> str:
        raw = next(self.stream)
        self.lines += 1
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CliError(f"{self.path}: line {self.lines} is not valid UTF-8") from exc
        return line.removeprefix("\ufeff") if self.lines == 1 else line
