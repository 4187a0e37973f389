import pytest

from xinfa.compliance.models import AccessAction, AccessLog, AppendOnlyError
from xinfa.compliance.services import audit_record
from xinfa.core.roles import Role


@pytest.fixture
def row(make_staff):
    return audit_record(actor=make_staff(Role.TELLER), action=AccessAction.VIEW, reason="来电")


def test_access_log_row_cannot_be_saved_again(row) -> None:
    row.reason = "篡改"
    with pytest.raises(AppendOnlyError):
        row.save()
    assert AccessLog.objects.get().reason == "来电"


def test_access_log_row_cannot_be_deleted(row) -> None:
    with pytest.raises(AppendOnlyError):
        row.delete()
    assert AccessLog.objects.count() == 1


def test_access_log_queryset_update_and_delete_are_refused(row) -> None:
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(reason="篡改")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert list(AccessLog.objects.values_list("reason", flat=True)) == ["来电"]


def test_audit_record_truncates_long_reason(make_staff) -> None:
    row = audit_record(actor=make_staff(Role.TELLER), action=AccessAction.VIEW, reason="因" * 400)
    assert len(row.reason) == 300
