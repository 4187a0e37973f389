"""The supervisor overview shows figures with the counts behind them."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from xinfa.core.roles import Role
from xinfa.service.models import QueueTicket
from xinfa.web.tests import builders

pytestmark = pytest.mark.django_db


def test_overview_shows_averages_with_their_counts() -> None:
    world = builders.world()
    now = timezone.now()
    for number, wait, handle in (("A002", 120, 300), ("A003", 240, 420)):
        QueueTicket.objects.create(
            branch=world.counter.branch,
            number=number,
            service_type="cash",
            business_date=timezone.localdate(),
            issued_at=now - dt.timedelta(minutes=20),
            called_at=now - dt.timedelta(minutes=10),
            completed_at=now,
            status="done",
            wait_seconds=wait,
            handle_seconds=handle,
            counter=world.counter,
        )
    client = Client()
    client.force_login(builders.staff(Role.SUPERVISOR))
    body = client.get("/supervisor/").content.decode()
    assert '<div class="value" data-testid="queue-waiting">1</div>' in body
    assert "3分00秒" in body  # (120 + 240) / 2
    assert "2 个号，合计 360 秒" in body
    assert "6分00秒" in body  # (300 + 420) / 2
    assert "2 个号，合计 720 秒" in body
    assert "总行营业部" in body


def test_overview_for_all_branches_and_a_bad_date() -> None:
    builders.world()
    client = Client()
    client.force_login(builders.staff(Role.ADMIN))
    all_branches = client.get("/supervisor/", {"branch": "", "day": ""}).content.decode()
    bad = client.get("/supervisor/", {"branch": "", "day": "2026-13-45"})
    assert "全部网点" in all_branches
    assert bad.status_code == 200
    assert 'id="id_day_error"' in bad.content.decode()
