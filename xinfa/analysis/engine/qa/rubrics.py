"""The shipped rubrics (YAML under resources/rubrics/)."""

import functools
from pathlib import Path

from xinfa.analysis.engine.qa.schema import Rubric, load_rubric

RUBRIC_DIR = Path(__file__).resolve().parents[1] / "resources" / "rubrics"


@functools.cache
def default_rubric() -> Rubric:
    """Load the default bank-service rubric once.

    Raises:
        RubricError: the shipped file is invalid (a broken install).
    """
    return load_rubric((RUBRIC_DIR / "default.yaml").read_text(encoding="utf-8"))
