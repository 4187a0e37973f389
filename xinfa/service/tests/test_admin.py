import pytest
from django.test import Client

from xinfa.accounts.models import User
from xinfa.service.tests.factories import (
    CounterFactory,
    InteractionFactory,
    MessageFactory,
    QueueTicketFactory,
    ServiceCustomerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_():
    user = User.objects.create_superuser("root", "root@example.cn", "correct-horse-battery")
    client = Client()
    client.force_login(user)
    return client


def test_admin_pages_render(admin_client_):
    message = MessageFactory(interaction=InteractionFactory(customer=ServiceCustomerFactory()))
    counter = CounterFactory()
    ticket = QueueTicketFactory()
    pages = [
        "/admin/service/interaction/",
        f"/admin/service/interaction/{message.interaction_id}/change/",
        "/admin/service/counter/",
        f"/admin/service/counter/{counter.pk}/change/",
        "/admin/service/queueticket/",
        f"/admin/service/queueticket/{ticket.pk}/change/",
    ]
    assert [admin_client_.get(page).status_code for page in pages] == [200] * 6


def test_admin_interactions_are_read_only(admin_client_):
    interaction = InteractionFactory()
    assert admin_client_.get("/admin/service/interaction/add/").status_code == 403
    response = admin_client_.post(
        f"/admin/service/interaction/{interaction.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
