"""Reading labelled datasets in the shared formats, with clear errors for bad files."""

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class DatasetError(ValueError):
    """A data file cannot be used: unreadable, wrong columns, bad encoding, unknown labels."""


# A lone UTF-16 half can only arrive as a JSON \u escape; such text cannot be written
# back as UTF-8, so a file that holds one is refused like invalid UTF-8.
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def contains_lone_surrogate(value: object) -> bool:
    """True when a parsed JSON value holds a string with an unpaired surrogate."""
    if isinstance(value, str):
        return LONE_SURROGATE_RE.search(value) is not None
    if isinstance(value, dict):
        return any(contains_lone_surrogate(item) for pair in value.items() for item in pair)
    if isinstance(value, list):
        return any(contains_lone_surrogate(item) for item in value)
    return False


LONE_SURROGATE_MESSAGE = "holds a \\u escape of half a character (unpaired surrogate)"


@dataclass(frozen=True)
class TextDataset:
    texts: list[str]
    labels: list[str]


@dataclass(frozen=True)
class PairDataset:
    texts_a: list[str]
    texts_b: list[str]
    labels: list[int]


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read file ({exc.strerror})") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"{path}: not valid UTF-8 (byte offset {exc.start}); save the file as UTF-8"
        ) from exc


def read_csv_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file and check that it has the required columns.

    Raises:
        DatasetError: unreadable, not UTF-8, or a required column is missing.
    """
    text = _read_text(path)
    reader = csv.DictReader(text.splitlines())
    columns = reader.fieldnames or []
    missing = [name for name in required if name not in columns]
    if missing:
        raise DatasetError(
            f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}"
        )
    rows = []
    try:
        for row in reader:
            if any(row.get(name) is None for name in required):
                raise DatasetError(f"{path}: line {reader.line_num} has too few fields")
            rows.append(row)
    except csv.Error as exc:
        raise DatasetError(f"{path}: line {reader.line_num + 1}: bad CSV ({exc})") from exc
    return rows


def read_jsonl(path: Path) -> list[dict[str, object]]:
    """Read a JSON-lines file into a list of objects.

    Raises:
        DatasetError: unreadable, not UTF-8, or a line that is not a JSON object.
    """
    return [record for _, record in jsonl_records(_read_text(path).splitlines(), path)]


def jsonl_records(lines: Iterable[str], path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line, read as it comes (files of any size).

    Raises:
        DatasetError: a line that is not a JSON object, or holds half a surrogate pair.
    """
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}: line {line_number} is not valid JSON ({exc.msg})") from exc
        except RecursionError as exc:
            raise DatasetError(f"{path}: line {line_number} is JSON nested too deeply") from exc
        if not isinstance(record, dict):
            raise DatasetError(f"{path}: line {line_number} is not a JSON object")
        if "\\u" in line and contains_lone_surrogate(record):
            raise DatasetError(f"{path}: line {line_number} {LONE_SURROGATE_MESSAGE}")
        yield line_number, record


def load_text_dataset(
    path: Path,
    *,
    label_map: Mapping[str, str | None] | None = None,
    allowed_labels: Sequence[str] | None = None,
) -> TextDataset:
    """Load a `text,label` CSV, mapping label names and refusing unknown ones.

    A label mapped to None is dropped (the row is not used).

    Raises:
        DatasetError: bad file, or a label neither mapped nor allowed.
    """
    texts: list[str] = []
    labels: list[str] = []
    unknown: set[str] = set()
    for row in read_csv_rows(path, ("text", "label")):
        label = row["label"].strip()
        if label_map is not None and label in label_map:
            mapped = label_map[label]
            if mapped is None:
                continue
            label = mapped
        if allowed_labels is not None and label not in allowed_labels:
            unknown.add(label)
            continue
        texts.append(row["text"])
        labels.append(label)
    if unknown:
        raise DatasetError(
            f"{path}: unknown label(s) {', '.join(sorted(unknown))}; "
            f"expected one of {', '.join(allowed_labels or [])}"
        )
    if not texts:
        raise DatasetError(f"{path}: no labelled rows")
    return TextDataset(texts, labels)


def load_pair_dataset(path: Path) -> PairDataset:
    """Load a `text_a,text_b,label` CSV with labels 0/1.

    Raises:
        DatasetError: bad file or a label other than 0 and 1.
    """
    texts_a: list[str] = []
    texts_b: list[str] = []
    labels: list[int] = []
    for line_number, row in enumerate(read_csv_rows(path, ("text_a", "text_b", "label")), 2):
        if row["label"].strip() not in ("0", "1"):
            raise DatasetError(f"{path}: line {line_number}: label must be 0 or 1")
        texts_a.append(row["text_a"])
        texts_b.append(row["text_b"])
        labels.append(int(row["label"]))
    if not labels:
        raise DatasetError(f"{path}: no labelled rows")
    return PairDataset(texts_a, texts_b, labels)
