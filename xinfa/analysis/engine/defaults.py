"""The default turn pipeline: every contract component, in dependency order."""

from xinfa.analysis.engine.registry import registered_components

DEFAULT_TURN_PIPELINE: list[str] = [
    "normalize.zh.v1",
    "segment.jieba.v1",
    "pii.regex.v1",
    "phrases.lexicon.v1",
    "emotion.linear.v1",
    "sentiment.linear.v1",
    "intent.linear.v1",
    "customer_type.linear.v1",
]


def available_turn_pipeline(names: list[str] | None = None) -> list[str]:
    """Return the default components that are registered and whose requirements are met.

    Lets `xinfa analyze` and `xinfa bench` run while some components are not installed;
    once all are registered this is exactly `DEFAULT_TURN_PIPELINE`.
    """
    specs = registered_components()
    assigned: set[str] = set()
    chosen: list[str] = []
    for key in names or DEFAULT_TURN_PIPELINE:
        spec = specs.get(key)
        if spec is None or any(name not in assigned for name in spec.requires):
            continue
        chosen.append(key)
        assigned.update(spec.assigns)
    return chosen
