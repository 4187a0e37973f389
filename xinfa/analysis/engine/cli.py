"""Argument parsing for `xinfa analyze | train | eval | bench`."""

import argparse
import json
import sys
from pathlib import Path

from xinfa.analysis.engine.components.phrases.lexicon import LexiconError
from xinfa.analysis.engine.components.segment import UserDictionaryError
from xinfa.analysis.engine.datasets import DatasetError
from xinfa.analysis.engine.tasks import EVALUABLE_TASKS, TRAINABLE_TASKS, task_module

EXIT_USAGE = 2


class CliError(Exception):
    """A user-facing error: printed as one line, exit code 2."""


def _positive_int(value: str) -> int:
    number = int(value) if value.strip().isascii() and value.strip().isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xinfa", description="Xinfa analysis engine")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", help="run every component on a file, JSONL out")
    analyze.add_argument("--input", type=Path, required=True)
    analyze.add_argument("--format", choices=("csv", "jsonl"), default=None)
    analyze.add_argument("--output", type=Path, required=True)

    train = commands.add_parser("train", help="train a model from a labelled CSV")
    train.add_argument("task", choices=TRAINABLE_TASKS)
    train.add_argument("--data", type=Path, required=True, action="append")
    train.add_argument("--dev", type=Path, default=None)
    train.add_argument("--out", type=Path, required=True)
    train.add_argument("--seed", type=int, default=42)

    evaluate = commands.add_parser("eval", help="print metrics of a model on a labelled file")
    evaluate.add_argument("task", choices=EVALUABLE_TASKS)
    evaluate.add_argument("--data", type=Path, required=True)
    evaluate.add_argument("--model", type=Path, default=None)
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")

    bench = commands.add_parser("bench", help="pipeline throughput and latency beside peers")
    bench.add_argument("--texts", type=_positive_int, default=2000)
    bench.add_argument("--json", action="store_true")
    return parser


def run(argv: list[str]) -> int:
    """Run one CLI command and return the process exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "train":
            summary = task_module(args.task).train(
                data=args.data, dev=args.dev, out=args.out, seed=args.seed
            )
            print(json.dumps(summary, ensure_ascii=False, indent=2))
        elif args.command == "eval":
            report = task_module(args.task).evaluate(data=args.data, model=args.model)
            print(report.to_json() if args.json else report.to_text())
        elif args.command == "analyze":
            from xinfa.analysis.engine.batch import analyze_file

            count = analyze_file(args.input, args.output, input_format=args.format)
            print(f"analysed {count} records -> {args.output}", file=sys.stderr)
        elif args.command == "bench":
            from xinfa.analysis.engine.bench import run_bench

            run_bench(texts=args.texts, as_json=args.json)
    except (DatasetError, CliError, LexiconError, UserDictionaryError, FileNotFoundError) as exc:
        print(f"xinfa: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0
