"""`xinfa eval pii`: span-exact precision / recall / F1 of the PII detector.

Report fields: `accuracy` holds the micro exact-span F1 (a span counts only when type,
start and end all match), `macro_f1` the mean F1 over the five types; micro precision and
recall are in `extra`, with spans/s and chars/s.
"""

import time
from collections import Counter
from pathlib import Path

from xinfa.analysis.engine.components.pii import PII_TYPES, find_pii
from xinfa.analysis.engine.datasets import DatasetError, read_jsonl
from xinfa.analysis.engine.evaluation import EvalReport, counts_row, micro_row, set_outcome

Span = tuple[str, int, int]


def _gold_spans(path: Path, line: int, record: dict[str, object]) -> tuple[str, set[Span]]:
    text = record.get("text")
    entities = record.get("entities", [])
    if not isinstance(text, str):
        raise DatasetError(f"{path}: record {line}: 'text' must be a string")
    if not isinstance(entities, list):
        raise DatasetError(f"{path}: record {line}: 'entities' must be a list")
    spans: set[Span] = set()
    for entity in entities:
        if not isinstance(entity, dict):
            raise DatasetError(f"{path}: record {line}: each entity must be an object")
        kind, start, end = entity.get("type"), entity.get("start"), entity.get("end")
        if kind not in PII_TYPES:
            raise DatasetError(
                f"{path}: record {line}: unknown entity type {kind!r}; "
                f"expected one of {', '.join(PII_TYPES)}"
            )
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise DatasetError(f"{path}: record {line}: entity offsets out of range")
        spans.add((str(kind), start, end))
    return text, spans


def evaluate(*, data: Path, model: Path | None = None) -> EvalReport:
    """Score `find_pii` against a JSONL file of texts with gold entity spans.

    Raises:
        DatasetError: the file is unreadable, not JSONL, or has bad entities / no records.
    """
    records = [_gold_spans(data, line, row) for line, row in enumerate(read_jsonl(data), 1)]
    if not records:
        raise DatasetError(f"{data}: no records")
    started = time.perf_counter()
    predicted = [{(s.type, s.start, s.end) for s in find_pii(text)} for text, _ in records]
    elapsed = max(time.perf_counter() - started, 1e-9)
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in PII_TYPES}
    errors: list[dict[str, object]] = []
    for (text, gold), found in zip(records, predicted, strict=True):
        for kind, start, end in gold | found:
            outcome = set_outcome((kind, start, end), gold, found)
            counts[kind][outcome] += 1
            if outcome != "tp" and len(errors) < 20:
                errors.append(
                    {"error": outcome, "type": kind, "start": start, "end": end, "chars": len(text)}
                )
    per_class = {kind: counts_row(c["tp"], c["fp"], c["fn"]) for kind, c in counts.items()}
    micro = micro_row(counts)
    present = [row for row in per_class.values() if row["support"] > 0]
    spans = sum(len(found) for found in predicted)
    return EvalReport(
        task="pii",
        data=str(data),
        model="pii.regex.v1 (rules, no model file)",
        examples=len(records),
        accuracy=micro["f1-score"],
        macro_f1=sum(row["f1-score"] for row in present) / len(present) if present else 1.0,
        per_class=per_class,
        texts_per_second=len(records) / elapsed,
        extra={
            "accuracy_is": "micro exact-span F1",
            "micro_precision": round(micro["precision"], 4),
            "micro_recall": round(micro["recall"], 4),
            "gold_spans": int(micro["support"]),
            "spans_per_second": round(spans / elapsed),
            "chars_per_second": round(sum(len(text) for text, _ in records) / elapsed),
            # Offsets and lengths only: the texts hold personal data and are never printed.
            "first_errors": errors,
        },
    )
