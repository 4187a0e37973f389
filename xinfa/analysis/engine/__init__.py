"""Xinfa's analysis engine: pure Python, text in, results out. No Django here."""

from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.pipeline import Pipeline, build_pipeline
from xinfa.analysis.engine.registry import component, registered_components

__all__ = ["Doc", "Pipeline", "build_pipeline", "component", "registered_components"]
