"""Check a rubric file: `python -m xinfa.analysis.engine.qa.check FILE.yaml`.

Prints the id, version and rules and exits 0, or prints one line `FILE: path: reason` and
exits 2.
"""

import sys
from pathlib import Path

from xinfa.analysis.engine.qa.errors import RubricError
from xinfa.analysis.engine.qa.schema import load_rubric


def main(argv: list[str] | None = None) -> int:
    """Check one rubric file; return the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m xinfa.analysis.engine.qa.check FILE.yaml", file=sys.stderr)  # noqa: T201
        return 2
    path = Path(args[0])
    try:
        rubric = load_rubric(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot read: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    except RubricError as exc:
        print(f"{path}: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    print(f"{rubric.id} v{rubric.version}: {rubric.name}, {len(rubric.rules)} rules, "  # noqa: T201
          f"{rubric.max_points:g} points, pass {rubric.pass_score:g}")  # fmt: skip
    for rule in rubric.rules:
        flags = "".join(f" [{flag}]" for flag in ("critical", "bonus") if getattr(rule, flag))
        print(f"  {rule.id} ({rule.weight:g}){flags}: {rule.name}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
