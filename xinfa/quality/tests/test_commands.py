import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xinfa.cli import main
from xinfa.quality.models import Inspection
from xinfa.quality.tests.factories import BAD_CALL, GOOD_CALL, conversation_create

pytestmark = pytest.mark.django_db


def test_qa_run_prints_distribution_and_most_failed_rules(capsys) -> None:
    conversation_create(BAD_CALL)
    conversation_create(BAD_CALL)
    conversation_create(GOOD_CALL)
    call_command("qa_run", "--rubric", "default", "--no-progress")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("rubric default v1: run 1 done, 3 inspected now (")
    assert out[2] == "score distribution:"
    assert out[3].split()[:2] == ["0-59", "2"]
    assert out[8] == "most failed rules:"
    assert out[9].split()[:2] == ["needs_mining", "3"]
    assert Inspection.objects.count() == 3
    call_command("qa_run", "--resume", "--no-progress")
    assert capsys.readouterr().out.splitlines()[0].startswith("rubric default v1: run 2 done, 0 ")


def test_qa_run_unknown_rubric() -> None:
    with pytest.raises(CommandError, match="质检标准“nope”没有生效的版本"):
        call_command("qa_run", "--rubric", "nope")


def test_xinfa_qa_cli_exit_codes(capsys) -> None:
    assert main(["qa", "run", "--rubric", "nope", "--no-progress"]) == 2
    assert capsys.readouterr().err == "xinfa qa: 质检标准“nope”没有生效的版本\n"
    conversation_create(GOOD_CALL)
    assert main(["qa", "run", "--limit", "1", "--no-progress"]) == 0
    assert Inspection.objects.count() == 1


def test_qa_run_refuses_a_limit_below_one() -> None:
    with pytest.raises(CommandError, match="--limit: must be a whole number from 1"):
        call_command("qa_run", "--limit", "-1", "--no-progress")
