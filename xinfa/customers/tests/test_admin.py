import datetime as dt

from django.test import Client

from xinfa.accounts.models import User
from xinfa.customers.tests.factories import CustomerFactory, HoldingFactory, make_id_number


def test_customer_admin_shows_masked_pii_only(db) -> None:
    id_number = make_id_number(dt.date(1970, 1, 2), serial=5)
    customer = CustomerFactory(
        name="张伟",
        id_number=id_number,
        birth_date=dt.date(1970, 1, 2),
        phone="13812341234",
        email="zhangwei@example.cn",
    )
    HoldingFactory(customer=customer, account_number="6222020200001234567")
    admin = User.objects.create_superuser("root", "root@example.cn", "correct-horse-battery")
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/customers/customer/")
    page = client.get(f"/admin/customers/customer/{customer.pk}/change/")
    assert (listing.status_code, page.status_code) == (200, 200)
    for response in (listing, page):
        content = response.content.decode()
        assert "13812341234" not in content
        assert id_number not in content
        assert "zhangwei@example.cn" not in content
        assert "6222020200001234567" not in content
    assert "138****1234" in page.content.decode()
    assert "622202*********4567" in page.content.decode()
    assert client.post(f"/admin/customers/customer/{customer.pk}/delete/").status_code == 403
