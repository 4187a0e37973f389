"""The `xinfa` command: analysis engine tools (analyze, train, eval, bench) and `qa`.

`analyze/train/eval/bench` are pure engine tools and never load Django; `qa` needs the
database, so it sets Django up and runs the `qa_run` management command.
"""

import argparse
import sys


def qa_main(argv: list[str]) -> int:
    """`xinfa qa run --rubric default [--resume] [--limit N]`."""
    parser = argparse.ArgumentParser(prog="xinfa qa", description="quality inspection")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="inspect closed conversations, print the figures")
    run.add_argument("--rubric", default="default", help="rubric slug (default: default)")
    run.add_argument("--resume", action="store_true", help="continue the last unfinished run")
    run.add_argument("--limit", type=int, default=None, help="stop after N conversations")
    run.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    args = parser.parse_args(argv)

    import django

    from config.settings.select import select_settings_module

    select_settings_module()
    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    options = ["--rubric", args.rubric] + (["--resume"] if args.resume else [])
    if args.limit is not None:
        options += ["--limit", str(args.limit)]
    if args.no_progress:
        options.append("--no-progress")
    try:
        call_command("qa_run", *options)
    except CommandError as exc:
        print(f"xinfa qa: {exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "qa":
        return qa_main(args[1:])
    from xinfa.analysis.engine.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
