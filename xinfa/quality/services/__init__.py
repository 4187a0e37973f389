"""Quality services (writes), split by sub-domain and re-exported here."""

from xinfa.quality.services.inspections import (
    conversations_build,
    inspection_batch_run,
    inspection_run_start,
    interaction_inspect,
    turn_is_hostile,
)
from xinfa.quality.services.review import (
    appeal_decide,
    appeal_open,
    inspection_override,
    inspection_rescore,
    review_complete,
    review_sample_draw,
)
from xinfa.quality.services.rubrics import (
    conversation_parse,
    rubric_activate,
    rubric_active_version,
    rubric_default_ensure,
    rubric_export_yaml,
    rubric_import_yaml,
    rubric_parse,
    rubric_test,
    rubric_version_engine,
    rubric_version_get,
)

__all__ = [
    "appeal_decide",
    "appeal_open",
    "conversation_parse",
    "conversations_build",
    "inspection_batch_run",
    "inspection_override",
    "inspection_rescore",
    "inspection_run_start",
    "interaction_inspect",
    "review_complete",
    "review_sample_draw",
    "rubric_activate",
    "rubric_active_version",
    "rubric_default_ensure",
    "rubric_export_yaml",
    "rubric_import_yaml",
    "rubric_parse",
    "rubric_test",
    "rubric_version_engine",
    "rubric_version_get",
    "turn_is_hostile",
]
