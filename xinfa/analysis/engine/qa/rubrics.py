"""The shipped rubrics (YAML under resources/rubrics/), and a command to check a rubric file.

`python -m xinfa.analysis.engine.qa.rubrics FILE.yaml` validates a rubric: it prints the
id, version and rules and exits 0, or prints one line `FILE: path: reason` and exits 2.
"""

import functools
import sys
from pathlib import Path

from xinfa.analysis.engine.qa.schema import Rubric, load_rubric
from xinfa.analysis.engine.qa.validation import RubricError

RUBRIC_DIR = Path(__file__).resolve().parents[1] / "resources" / "rubrics"


@functools.cache
def default_rubric() -> Rubric:
    """Load the default bank-service rubric once.

    Raises:
        RubricError: the shipped file is invalid (a broken install).
    """
    return load_rubric((RUBRIC_DIR / "default.yaml").read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Check one rubric file; return the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m xinfa.analysis.engine.qa.rubrics FILE.yaml", file=sys.stderr)  # noqa: T201
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
