import pytest

from xinfa.analysis.services import analysis_pipeline


@pytest.fixture(scope="session", autouse=True)
def _turn_pipeline() -> None:
    """Use the registered default components (all of them once every one is installed)."""
    from django.conf import settings

    from xinfa.analysis.engine.defaults import available_turn_pipeline

    if not settings.ANALYSIS_PIPELINE:
        settings.ANALYSIS_PIPELINE = available_turn_pipeline()
        analysis_pipeline.cache_clear()
