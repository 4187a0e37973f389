"""Agreement of a rubric with human-labelled conversations (per rule, "fail" as positive).

Labelled rows: `{"id", "channel", "customer", "turns": [{"speaker", "text"}],
"expected": {rule_id: "pass" | "fail" | "not_applicable" | "bonus"}}`.
"""

import argparse
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.pipeline import Pipeline, build_pipeline
from xinfa.analysis.engine.qa.conversation import Conversation, Turn, default_pipeline
from xinfa.analysis.engine.qa.inspect import inspect_conversation
from xinfa.analysis.engine.qa.rubrics import default_rubric
from xinfa.analysis.engine.qa.schema import Rubric, load_rubric

LABELLED = Path(__file__).resolve().parents[2] / "tests" / "data" / "qa_conversations.jsonl"
# The rule components only: figures that do not move when a model is retrained.
RULE_PIPELINE = ("normalize.zh.v1", "segment.jieba.v1", "pii.regex.v1", "phrases.lexicon.v1")


@dataclass
class RuleAgreement:
    rule_id: str
    total: int = 0
    agreed: int = 0
    true_fail: int = 0
    false_fail: int = 0
    missed_fail: int = 0
    disagreements: list[str] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return self.agreed / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        flagged = self.true_fail + self.false_fail
        return self.true_fail / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_fail + self.missed_fail
        return self.true_fail / actual if actual else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "total": self.total, "agreement": round(self.agreement, 4),
                "fail_precision": round(self.precision, 4), "fail_recall": round(self.recall, 4),
                "fail_support": self.true_fail + self.missed_fail,
                "disagreements": list(self.disagreements)}  # fmt: skip


def read_labelled(path: Path) -> list[dict[str, Any]]:
    """Read the labelled JSONL file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def to_conversation(row: Mapping[str, Any]) -> Conversation:
    turns = [Turn(str(t["speaker"]), str(t["text"])) for t in row.get("turns", [])]
    return Conversation(turns, str(row.get("channel", "")), dict(row.get("customer") or {}))


def annotate_all(conversations: list[Conversation], pipeline: Pipeline | None = None) -> None:
    """Run the pipeline once over every turn of every conversation (batched)."""
    runner = pipeline or default_pipeline()
    pending = [(c, turn) for c in conversations for turn in c.turns if turn.annotations is None]
    docs = runner.pipe([Doc(text=t.text, speaker=t.speaker, channel=c.channel) for c, t in pending])
    for (_, turn), doc in zip(pending, docs, strict=True):
        turn.annotations = doc.annotations


def evaluate_rubric(rubric: Rubric, rows: Iterable[Mapping[str, Any]], *,
                    pipeline: Pipeline | None = None) -> dict[str, RuleAgreement]:  # fmt: skip
    """Compare the rubric's outcomes with the labelled ones, rule by rule."""
    rows = list(rows)
    conversations = [to_conversation(row) for row in rows]
    annotate_all(conversations, pipeline)
    report = {rule.id: RuleAgreement(rule.id) for rule in rubric.rules}
    for row, conversation in zip(rows, conversations, strict=True):
        result = inspect_conversation(rubric, conversation)
        for rule_result in result.rule_results:
            expected = row["expected"].get(rule_result.rule_id)
            if expected is None:
                continue
            item = report[rule_result.rule_id]
            got = rule_result.outcome
            item.total += 1
            item.agreed += got == expected
            item.true_fail += got == "fail" and expected == "fail"
            item.false_fail += got == "fail" and expected != "fail"
            item.missed_fail += got != "fail" and expected == "fail"
            if got != expected:
                item.disagreements.append(f"{row['id']}: expected {expected}, got {got}")
    return report


def format_report(report: Mapping[str, RuleAgreement]) -> str:
    lines = [f"{'rule':<24} {'n':>4} {'agree':>6} {'fail P':>7} {'fail R':>7} {'fails':>5}"]
    for item in report.values():
        lines.append(
            f"{item.rule_id:<24} {item.total:>4} {item.agreement:>6.3f} {item.precision:>7.3f} "
            f"{item.recall:>7.3f} {item.true_fail + item.missed_fail:>5}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print per-rule agreement with the labelled set, per source (composed / handwritten)."""
    parser = argparse.ArgumentParser(description="QA rubric agreement with labelled conversations")
    parser.add_argument("--data", type=Path, default=LABELLED)
    parser.add_argument("--rubric", type=Path, help="rubric YAML (default: the shipped one)")
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="annotate with the rule components only (no trained models)",
    )
    args = parser.parse_args(argv)
    rubric = load_rubric(args.rubric.read_text(encoding="utf-8")) if args.rubric else None
    pipeline = build_pipeline(RULE_PIPELINE) if args.rules_only else default_pipeline()
    rows = read_labelled(args.data)
    print(f"pipeline: {', '.join(pipeline.names)}")  # noqa: T201
    for source in sorted({str(row.get("source", "")) for row in rows}):
        subset = [row for row in rows if str(row.get("source", "")) == source]
        report = evaluate_rubric(rubric or default_rubric(), subset, pipeline=pipeline)
        print(f"\n{source or 'all'}: {len(subset)} conversations")  # noqa: T201
        print(format_report(report))  # noqa: T201


if __name__ == "__main__":
    main()
