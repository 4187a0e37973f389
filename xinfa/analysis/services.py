"""The Django side of the analysis engine: one pipeline per process, loaded once."""

from functools import cache
from typing import Any

from django.conf import settings

from xinfa.analysis.engine import Doc, Pipeline, build_pipeline


@cache
def analysis_pipeline() -> Pipeline:
    """Build the configured turn pipeline (settings.ANALYSIS_PIPELINE or the engine default)."""
    from xinfa.analysis.engine.defaults import DEFAULT_TURN_PIPELINE

    names = settings.ANALYSIS_PIPELINE or DEFAULT_TURN_PIPELINE
    return build_pipeline(names, model_dir=settings.ANALYSIS_MODEL_DIR)


def text_analyze(*, text: str, speaker: str = "customer", channel: str = "") -> dict[str, Any]:
    """Run the turn pipeline on one text and return the JSON-ready result."""
    doc = analysis_pipeline()(Doc(text=text, speaker=speaker, channel=channel))
    return doc.to_dict()
