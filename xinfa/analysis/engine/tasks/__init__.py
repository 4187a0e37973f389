"""Trainable / evaluable tasks of `xinfa train` and `xinfa eval`.

Each task module exposes:
    train(*, data: Path, dev: Path | None, out: Path, seed: int) -> dict  (summary to print)
    evaluate(*, data: Path, model: Path | None) -> EvalReport
"""

import importlib
from types import ModuleType

TRAINABLE_TASKS = ("emotion", "sentiment", "intent", "match", "customer-type")
EVALUABLE_TASKS = (*TRAINABLE_TASKS, "pii", "phrases")


def task_module(task: str) -> ModuleType:
    """Import the module that implements a task (customer-type -> customer_type)."""
    return importlib.import_module(f"xinfa.analysis.engine.tasks.{task.replace('-', '_')}")
