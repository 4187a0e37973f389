import pytest
from django.core.management import CommandError, call_command

from xinfa.complaints.models import Complaint


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "value"), [("--days", "-5"), ("--days", "100000000"), ("--per-day", "nan")]
)
def test_complaints_seed_refuses_a_bad_size_and_writes_nothing(option: str, value: str) -> None:
    with pytest.raises(CommandError, match=f"{option}: must be"):
        call_command("complaints_seed", option, value)
    assert Complaint.objects.count() == 0
