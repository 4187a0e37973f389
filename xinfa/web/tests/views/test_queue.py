"""The lobby queue board, the big screen and the queue actions."""

import pytest
from django.test import Client

from xinfa.core.roles import Role
from xinfa.service.models import QueueTicket
from xinfa.web.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_world() -> builders.World:
    return builders.world()


def client_as(role: str) -> Client:
    client = Client()
    client.force_login(builders.staff(role))
    return client


def test_board_shows_waiting_per_type_and_counters(the_world: builders.World) -> None:
    builders.waiting_ticket("V001", "wealth", is_priority=True)
    body = client_as(Role.LOBBY_MANAGER).get("/queue/").content.decode()
    assert '<div class="value" data-testid="total-waiting">2</div>' in body
    assert "现金业务" in body
    assert "其中优先 1 位" in body
    assert "1号窗口" in body
    assert 'action="/queue/triage/"' in body
    assert 'action="/queue/issue/"' in body


def test_board_for_an_unknown_branch_is_a_404(the_world: builders.World) -> None:
    assert client_as(Role.LOBBY_MANAGER).get("/queue/?branch=999").status_code == 404


def test_trainer_sees_the_board_without_actions(the_world: builders.World) -> None:
    body = client_as(Role.TRAINER).get("/queue/").content.decode()
    assert "A001" in body
    assert 'action="/queue/triage/"' not in body
    assert 'action="/queue/call/"' not in body


def test_issue_a_number(the_world: builders.World) -> None:
    client = client_as(Role.LOBBY_MANAGER)
    response = client.post("/queue/issue/", {"service_type": "card", "next": "/queue/"})
    ticket = QueueTicket.objects.get(service_type="card")
    assert response.status_code == 302
    assert response["Location"] == "/queue/"
    assert (ticket.number, ticket.status, ticket.is_priority) == ("C001", "waiting", False)
    assert "已取号：C001（银行卡）" in client.get("/queue/").content.decode()


def test_issue_refuses_an_unknown_service_type(the_world: builders.World) -> None:
    response = client_as(Role.LOBBY_MANAGER).post("/queue/issue/", {"service_type": "gold"})
    assert response.status_code == 400
    assert 'id="id_service_type_error"' in response.content.decode()
    assert QueueTicket.objects.count() == 1


def test_issue_never_redirects_to_another_site(the_world: builders.World) -> None:
    response = client_as(Role.LOBBY_MANAGER).post(
        "/queue/issue/", {"service_type": "cash", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/queue/?branch={the_world.counter.branch_id}"


def test_call_next_then_complete(the_world: builders.World) -> None:
    client = Client()
    client.force_login(the_world.teller)
    called = client.post("/queue/call/", {"counter": the_world.counter.pk, "next": "/"})
    the_world.ticket.refresh_from_db()
    home = client.get("/").content.decode()
    assert called.status_code == 302
    assert (the_world.ticket.status, the_world.ticket.served_by) == ("called", the_world.teller)
    assert '<div class="current-ticket" data-testid="current-ticket">A001</div>' in home
    assert "请 A001 号到 1号窗口 办理。" in home
    done = client.post("/queue/complete/", {"ticket_id": the_world.ticket.pk, "next": "/"})
    the_world.ticket.refresh_from_db()
    assert done.status_code == 302
    assert the_world.ticket.status == "done"
    assert the_world.ticket.interaction is not None
    assert the_world.ticket.interaction.status == "closed"


def test_call_next_with_nobody_waiting_says_so(the_world: builders.World) -> None:
    the_world.ticket.delete()
    client = Client()
    client.force_login(the_world.teller)
    response = client.post("/queue/call/", {"counter": the_world.counter.pk}, follow=True)
    assert "当前没有等候的客户。" in response.content.decode()


def test_no_show_marks_the_ticket(the_world: builders.World) -> None:
    client = Client()
    client.force_login(the_world.teller)
    client.post("/queue/call/", {"counter": the_world.counter.pk})
    client.post("/queue/complete/", {"ticket_id": the_world.ticket.pk, "no_show": "1"})
    the_world.ticket.refresh_from_db()
    assert the_world.ticket.status == "no_show"


def test_triage_to_self_service_with_a_reason(the_world: builders.World) -> None:
    prefix = f"t{the_world.ticket.pk}"
    response = client_as(Role.LOBBY_MANAGER).post(
        "/queue/triage/",
        {
            "prefix": prefix,
            f"{prefix}-ticket_id": the_world.ticket.pk,
            f"{prefix}-target": "self_service",
            f"{prefix}-reason": "仅需查询余额，可用自助设备",
        },
    )
    the_world.ticket.refresh_from_db()
    assert response.status_code == 302
    assert (
        the_world.ticket.status,
        the_world.ticket.triage_target,
        the_world.ticket.triage_reason,
    ) == ("triaged", "self_service", "仅需查询余额，可用自助设备")


def test_triage_without_a_reason_shows_the_error_on_that_row(the_world: builders.World) -> None:
    prefix = f"t{the_world.ticket.pk}"
    response = client_as(Role.LOBBY_MANAGER).post(
        "/queue/triage/",
        {
            "prefix": prefix,
            f"{prefix}-ticket_id": the_world.ticket.pk,
            f"{prefix}-target": "specialist",
            f"{prefix}-reason": "",
        },
    )
    the_world.ticket.refresh_from_db()
    assert response.status_code == 400
    assert f'id="id_{prefix}-reason_error"' in response.content.decode()
    assert the_world.ticket.status == "waiting"


def test_big_screen_refreshes_and_shows_no_names(the_world: builders.World) -> None:
    client = Client()
    client.force_login(the_world.teller)
    client.post("/queue/call/", {"counter": the_world.counter.pk})
    body = client.get("/queue/display/").content.decode()
    assert '<meta http-equiv="refresh" content="10">' in body
    assert '<div class="num">A001</div>' in body
    assert "请到 1号窗口" in body
    assert "王秀英" not in body
