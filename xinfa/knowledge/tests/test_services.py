import pytest
from django.core.management import call_command

from xinfa.knowledge.models import FaqEntry, Script
from xinfa.knowledge.seed_data import FAQS, SCRIPTS
from xinfa.knowledge.services import knowledge_seed

pytestmark = pytest.mark.django_db


def test_knowledge_seed_loads_every_entry_once() -> None:
    assert knowledge_seed() == (66, 13)
    assert knowledge_seed() == (0, 0)
    assert FaqEntry.objects.count() == len(FAQS) == 66
    assert Script.objects.filter(kind="risk_disclosure").count() == 5
    assert Script.objects.count() == len(SCRIPTS)
    categories = set(FaqEntry.objects.values_list("category", flat=True))
    assert categories == {
        "cards",
        "transfers",
        "fees",
        "mobile",
        "wealth",
        "loans",
        "deposits",
        "fraud",
        "accounts",
    }


def test_knowledge_seed_command(capsys) -> None:
    call_command("knowledge_seed")
    assert capsys.readouterr().out == "knowledge: 66 FAQ entries and 13 scripts created\n"
