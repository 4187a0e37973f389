"""Metrics and their printed report, shared by every `xinfa eval` task."""

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sklearn.metrics import accuracy_score, classification_report, f1_score


@dataclass
class EvalReport:
    task: str
    data: str
    model: str
    examples: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    texts_per_second: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [
            f"task: {self.task}",
            f"data: {self.data}  ({self.examples} examples)",
            f"model: {self.model}",
            f"accuracy: {self.accuracy:.4f}",
            f"macro-F1: {self.macro_f1:.4f}",
            f"speed: {self.texts_per_second:,.0f} texts/s",
        ]
        lines += [f"{key}: {value}" for key, value in self.extra.items()]
        lines.append("")
        lines.append(f"{'class':<24}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
        for name, row in self.per_class.items():
            lines.append(
                f"{name:<24}{row['precision']:>10.4f}{row['recall']:>10.4f}"
                f"{row['f1-score']:>10.4f}{int(row['support']):>10}"
            )
        return "\n".join(lines)


def counts_row(true_pos: int, false_pos: int, false_neg: int) -> dict[str, float]:
    """Precision, recall, F1 and support from counts (an empty side scores 1.0)."""
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1-score": f1,
        "support": float(true_pos + false_neg),
    }


def set_outcome(
    item: object, gold: set[Any] | frozenset[Any], found: set[Any] | frozenset[Any]
) -> str:
    """Classify an item of the union of a gold and a found set as "tp", "fn" or "fp"."""
    if item in gold:
        return "tp" if item in found else "fn"
    return "fp"


def micro_row(counts: Mapping[str, Counter[str]]) -> dict[str, float]:
    """Pool the tp / fp / fn counts of every class into one precision / recall / F1 row."""
    total = Counter[str]()
    for per_class in counts.values():
        total.update(per_class)
    return counts_row(total["tp"], total["fp"], total["fn"])


def classification_metrics(
    gold: Sequence[Any], predicted: Sequence[Any]
) -> tuple[float, float, dict[str, dict[str, float]]]:
    """Return accuracy, macro-F1 and the per-class report."""
    labels = sorted({str(label) for label in gold} | {str(label) for label in predicted})
    gold_s = [str(label) for label in gold]
    pred_s = [str(label) for label in predicted]
    report = classification_report(gold_s, pred_s, labels=labels, output_dict=True, zero_division=0)
    per_class = {name: report[name] for name in labels}
    return (
        float(accuracy_score(gold_s, pred_s)),
        float(f1_score(gold_s, pred_s, labels=labels, average="macro", zero_division=0)),
        per_class,
    )
