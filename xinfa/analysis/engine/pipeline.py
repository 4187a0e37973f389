"""Build and run an ordered list of components."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.registry import ComponentSpec, component_spec

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[3] / "models"


class PipelineError(ValueError):
    """The pipeline cannot be built: an unknown component or an unmet requirement."""


@dataclass
class Step:
    spec: ComponentSpec
    instance: Any


def _instantiate(spec: ComponentSpec, model_dir: Path) -> Any:
    # Trainable components load their model file; rule components build from shipped data.
    create = getattr(spec.factory, "create", None)
    if create is not None:
        return create(model_dir=model_dir)
    return spec.factory()


class Pipeline:
    """An ordered list of components; `__call__` for one doc, `pipe` for a batch."""

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = list(steps)

    @property
    def names(self) -> list[str]:
        return [step.spec.key for step in self.steps]

    def __call__(self, doc: Doc) -> Doc:
        for step in self.steps:
            doc = step.instance(doc)
            for name in step.spec.assigns:
                doc.provenance[name] = step.spec.key
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> list[Doc]:
        """Run a batch; components with a `pipe` method get the whole batch at once."""
        batch = list(docs)
        for step in self.steps:
            batch_pipe = getattr(step.instance, "pipe", None)
            batch = list(batch_pipe(batch)) if batch_pipe else [step.instance(doc) for doc in batch]
            for doc in batch:
                for name in step.spec.assigns:
                    doc.provenance[name] = step.spec.key
        return batch

    def analyze(self, text: str, *, speaker: str = "customer", channel: str = "") -> Doc:
        return self(Doc(text=text, speaker=speaker, channel=channel))


def build_pipeline(names: Sequence[str], *, model_dir: Path | None = None) -> Pipeline:
    """Build a pipeline from versioned component names.

    Raises:
        PipelineError: a name is unknown or a component requires something no earlier
            component assigns.
    """
    available: set[str] = set()
    steps: list[Step] = []
    for key in names:
        try:
            spec = component_spec(key)
        except KeyError as exc:
            raise PipelineError(str(exc)) from exc
        missing = [name for name in spec.requires if name not in available]
        if missing:
            raise PipelineError(
                f"component {key} requires {', '.join(missing)}, which no earlier component assigns"
            )
        steps.append(Step(spec, _instantiate(spec, model_dir or DEFAULT_MODEL_DIR)))
        available.update(spec.assigns)
    return Pipeline(steps)
