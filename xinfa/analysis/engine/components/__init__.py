"""Every component module, imported from this one list so the registry is complete."""

COMPONENT_MODULES: list[str] = [
    "normalize",
    "segment",
    "pii",
    "phrases",
    "emotion",
    "sentiment",
    "intent",
    "customer_type",
]

for _module in COMPONENT_MODULES:
    __import__(f"xinfa.analysis.engine.components.{_module}")
