import pytest

from xinfa.analysis.models import MessageAnalysis
from xinfa.analysis.services import analysis_pipeline, message_analyze, messages_analyses
from xinfa.analysis.tasks import message_analyze_task
from xinfa.core.exceptions import NotFound
from xinfa.core.roles import Role
from xinfa.quality.models import Inspection
from xinfa.service.services import interaction_close, interaction_open, message_add
from xinfa.service.tests.factories import MessageFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_message_analyze_stores_annotations_and_provenance() -> None:
    message = MessageFactory(speaker="customer", text="我的手机号是13812345678，卡丢了怎么办？")
    analysis = message_analyze(message_id=message.pk)
    assert analysis.message == message
    assert analysis.provenance["pii"] == "pii.regex.v1"
    assert analysis.provenance["phrases"] == "phrases.lexicon.v1"
    assert set(analysis.provenance) == set(analysis.annotations) | {"tokens"}
    assert "tokens" not in analysis.annotations
    assert analysis.annotations["pii"] == [
        {"type": "mobile", "start": 6, "end": 17, "masked": "138****5678"}
    ]
    assert list(analysis_pipeline().names) == sorted(
        set(analysis.provenance.values()), key=list(analysis_pipeline().names).index
    )


def test_message_analyze_is_idempotent() -> None:
    message = MessageFactory()
    first = message_analyze(message_id=message.pk)
    second = message_analyze_task(message.pk)
    assert second == first.pk
    assert MessageAnalysis.objects.count() == 1


def test_message_analyze_unknown_message() -> None:
    with pytest.raises(NotFound):
        message_analyze(message_id=999)


def test_messages_analyses_fills_only_the_missing_ones() -> None:
    stored = MessageFactory(text="您好")
    message_analyze(message_id=stored.pk)
    fresh = MessageFactory(text="谢谢，再见", interaction=stored.interaction, speaker="agent")
    found = messages_analyses(messages=[stored, fresh], channel_of={})
    assert set(found) == {stored.pk, fresh.pk}
    assert MessageAnalysis.objects.count() == 2
    assert found[fresh.pk]["phrases"]["flags"]["farewell"] is True


def test_message_add_and_close_schedule_analysis_and_inspection(
    django_capture_on_commit_callbacks,
) -> None:
    agent = StaffFactory(role=Role.AGENT)
    with django_capture_on_commit_callbacks(execute=True):
        interaction = interaction_open(actor=agent, channel="chat")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = message_add(
            actor=agent,
            interaction_id=interaction.pk,
            speaker="agent",
            text="您好，请问有什么可以帮您？",
        )
    assert len(callbacks) == 2
    assert MessageAnalysis.objects.get().message == message
    live = Inspection.objects.get()
    assert (live.is_final, live.outcomes.get(rule_id="greeting").outcome) == (False, "pass")
    with django_capture_on_commit_callbacks(execute=True):
        interaction_close(actor=agent, interaction_id=interaction.pk, outcome="resolved")
    final = Inspection.objects.get(is_final=True)
    assert final.interaction == interaction
    assert Inspection.objects.count() == 2
