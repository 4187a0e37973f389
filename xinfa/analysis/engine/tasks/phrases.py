"""`xinfa eval phrases`: per-category precision / recall of the agent phrase checks.

Data: JSONL, one agent turn per line, `{"text": ..., "categories": [...]}` naming every
category the turn shows (greeting, forbidden, risk_disclosure...). A category counts per
turn (its flag), not per span. `accuracy` is the share of turns whose whole set of flags
is right; `macro_f1` averages the F1 of the categories present in the data or predicted.
"""

import time
from collections import Counter
from pathlib import Path

from xinfa.analysis.engine.components.normalize import normalize_text
from xinfa.analysis.engine.components.phrases import check_phrases, flag_codes
from xinfa.analysis.engine.datasets import DatasetError, read_jsonl
from xinfa.analysis.engine.evaluation import EvalReport, counts_row, micro_row, set_outcome

SHOWN_ERRORS = 30


def _gold(
    path: Path, line: int, record: dict[str, object], known: tuple[str, ...]
) -> tuple[str, frozenset[str]]:
    text, categories = record.get("text"), record.get("categories")
    if not isinstance(text, str):
        raise DatasetError(f"{path}: record {line}: 'text' must be a string")
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise DatasetError(f"{path}: record {line}: 'categories' must be a list of strings")
    unknown = sorted(set(categories) - set(known))
    if unknown:
        raise DatasetError(
            f"{path}: record {line}: unknown categories {', '.join(unknown)}; "
            f"expected some of {', '.join(known)}"
        )
    return text, frozenset(categories)


def evaluate(*, data: Path, model: Path | None = None) -> EvalReport:
    """Score the phrase checks against a JSONL file of agent turns and their categories.

    Raises:
        DatasetError: the file is unreadable, not JSONL, names unknown categories or is empty.
    """
    known = flag_codes()
    records = [_gold(data, n, row, known) for n, row in enumerate(read_jsonl(data), 1)]
    if not records:
        raise DatasetError(f"{data}: no records")
    started = time.perf_counter()
    results = [check_phrases(normalize_text(text)) for text, _ in records]
    elapsed = max(time.perf_counter() - started, 1e-9)
    counts: dict[str, Counter[str]] = {code: Counter() for code in known}
    errors: list[dict[str, object]] = []
    exact = 0
    for (text, gold), result in zip(records, results, strict=True):
        found = frozenset(code for code, flagged in result.flags.items() if flagged)
        exact += found == gold
        for code in gold | found:
            counts[code][set_outcome(code, gold, found)] += 1
        if found != gold and len(errors) < SHOWN_ERRORS:
            errors.append(
                {"text": text[:80], "missed": sorted(gold - found), "extra": sorted(found - gold)}
            )
    per_class = {
        code: counts_row(c["tp"], c["fp"], c["fn"]) for code, c in sorted(counts.items()) if c
    }
    micro = micro_row(counts)
    return EvalReport(
        task="phrases",
        data=str(data),
        model="phrases.lexicon.v1 (lexicons and patterns, no model file)",
        examples=len(records),
        accuracy=exact / len(records),
        macro_f1=sum(row["f1-score"] for row in per_class.values()) / max(len(per_class), 1),
        per_class=per_class,
        texts_per_second=len(records) / elapsed,
        extra={
            "accuracy_is": "share of turns with every category flag right",
            "micro_precision": round(micro["precision"], 4),
            "micro_recall": round(micro["recall"], 4),
            "first_errors": errors,
        },
    )
