from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from xinfa.core.roles import Capability, Role
from xinfa.demo.management.commands.roles_table import roles_table


def test_roles_table_has_a_row_per_capability_and_a_column_per_role() -> None:
    out = StringIO()
    call_command("roles_table", stdout=out)
    lines = out.getvalue().strip().splitlines()

    assert len(lines) == 2 + len(Capability)
    assert lines[0].count("|") == len(Role) + 2
    assert "柜员 `teller`" in lines[0]
    assert lines[1] == "|---|" + "---|" * len(Role)


def test_roles_table_marks_exactly_the_granted_capabilities() -> None:
    out = StringIO()
    call_command("roles_table", stdout=out)
    rows = {
        line.split("|")[1].strip(): line.split("|")[2:-1]
        for line in out.getvalue().splitlines()[2:]
    }

    audit = [cell.strip() for cell in rows["`audit.view` 查看访问审计"]]
    roles = list(Role)
    assert {roles[index].value for index, cell in enumerate(audit) if cell == "✓"} == {
        Role.COMPLIANCE,
        Role.ADMIN,
    }
    pii = [cell.strip() for cell in rows["`customer.view_pii` 查看客户完整证件号与电话（审计）"]]
    assert pii[roles.index(Role.AGENT)] == ""
    assert pii[roles.index(Role.TELLER)] == "✓"


def test_security_doc_shows_the_current_roles_table() -> None:
    doc = (Path(settings.BASE_DIR) / "docs" / "security.md").read_text(encoding="utf-8")
    assert roles_table() in doc, (
        "docs/security.md is out of date: paste the output of `manage.py roles_table` into it"
    )
