import pytest

from xinfa.compliance.models import AccessAction
from xinfa.compliance.services import audit_record
from xinfa.core.roles import Role
from xinfa.customers.tests.factories import CustomerFactory


@pytest.fixture
def rows(make_staff):
    teller = make_staff(Role.TELLER, username="teller1")
    agent = make_staff(Role.AGENT, username="agent1")
    zhang = CustomerFactory(customer_number="C1")
    li = CustomerFactory(customer_number="C2")
    audit_record(actor=teller, action=AccessAction.VIEW, customer_id=zhang.pk, reason="来电")
    audit_record(actor=teller, action=AccessAction.VIEW_PII, customer_id=zhang.pk, reason="挂失")
    audit_record(actor=agent, action=AccessAction.VIEW, customer_id=li.pk)
    audit_record(actor=agent, action=AccessAction.SEARCH, detail={"query": "138****1234"})
    return {"teller": teller, "agent": agent, "zhang": zhang, "li": li}


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.ADMIN])
def test_access_log_lists_newest_first(api_client_for, rows, role) -> None:
    response = api_client_for(role).get("/api/v1/audit/access-log/")
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 4
    assert [row["action"] for row in body["results"]] == [
        "customer.search",
        "customer.view",
        "customer.view_pii",
        "customer.view",
    ]
    pii = body["results"][2]
    assert (pii["actor_name"], pii["actor_role"], pii["customer_number"], pii["reason"]) == (
        "teller1",
        "teller",
        "C1",
        "挂失",
    )
    assert pii["action_label"] == "查看完整敏感信息"
    assert body["results"][0]["customer_number"] is None


def test_access_log_filters(api_client_for, rows) -> None:
    client = api_client_for(Role.COMPLIANCE)

    def actions(**params: object) -> list[str]:
        results = client.get("/api/v1/audit/access-log/", params).json()["results"]
        return [row["action"] for row in results]

    assert actions(customer=rows["zhang"].pk) == ["customer.view_pii", "customer.view"]
    assert actions(actor=rows["agent"].pk) == ["customer.search", "customer.view"]
    assert actions(actor=rows["teller"].pk, action="customer.view_pii") == ["customer.view_pii"]


@pytest.mark.parametrize("params", [{"customer": "x"}, {"actor": "-1"}, {"action": "drop"}])
def test_access_log_bad_filters_are_400(api_client_for, db, params) -> None:
    response = api_client_for(Role.COMPLIANCE).get("/api/v1/audit/access-log/", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == next(iter(params))


def test_access_log_list_query_count(api_client_for, rows, django_assert_num_queries) -> None:
    client = api_client_for(Role.COMPLIANCE)
    with django_assert_num_queries(2):  # count, page with actor and customer joined
        client.get("/api/v1/audit/access-log/")
