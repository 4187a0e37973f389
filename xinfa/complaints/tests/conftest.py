import pytest


@pytest.fixture(autouse=True)
def _no_engine(monkeypatch):
    import xinfa.complaints.services.intake as intake

    monkeypatch.setattr(
        intake, "_engine_hints", lambda text: {"emotion": "angry", "intensity": 0.5, "intent": ""}
    )
