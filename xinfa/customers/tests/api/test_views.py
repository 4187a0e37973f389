import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from xinfa.compliance.models import AccessAction, AccessLog
from xinfa.core.roles import Role
from xinfa.customers.models import Customer
from xinfa.customers.tests.factories import CustomerFactory, make_id_number

ID_NUMBER = make_id_number(dt.date(1958, 2, 3), serial=77)
BAD_ID_NUMBER = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")


@pytest.fixture
def teller(api_client_for):
    return api_client_for(Role.TELLER)


@pytest.fixture
def zhang(db):
    return CustomerFactory(
        customer_number="C0000000001",
        name="張偉",
        id_number=ID_NUMBER,
        birth_date=dt.date(1958, 2, 3),
        phone="13812341234",
        email="zw@example.cn",
    )


def test_customer_list_paginates_masked_rows(teller, zhang) -> None:
    CustomerFactory(customer_number="C0000000002", name="李娜")
    response = teller.get("/api/v1/customers/", {"page_size": 1})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert body["next"].endswith("page=2&page_size=1")
    assert body["results"] == [
        {
            "id": zhang.pk,
            "customer_number": "C0000000001",
            "name": "張偉",
            "kind": "individual",
            "masked_phone": "138****1234",
            "masked_id_number": f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}",
            "vip_tier": "none",
            "risk_level": "",
            "age_band": zhang.age_band,
            "is_elderly": True,
        }
    ]


def test_customer_list_filters_and_search(teller, zhang) -> None:
    CustomerFactory(
        customer_number="C0000000002", name="李娜", vip_tier="gold", birth_date=dt.date(1995, 1, 1)
    )
    numbers = lambda **params: [  # noqa: E731
        row["customer_number"] for row in teller.get("/api/v1/customers/", params).json()["results"]
    ]
    assert numbers(q="张伟") == ["C0000000001"]
    assert numbers(q="138****1234") == ["C0000000001"]
    assert numbers(vip_tier="gold") == ["C0000000002"]
    assert numbers(elderly="true") == ["C0000000001"]
    assert numbers(elderly="false") == ["C0000000002"]


def test_customer_list_query_count_does_not_grow(teller, db, django_assert_num_queries) -> None:
    for index in range(10):
        CustomerFactory(customer_number=f"Q{index:03d}")
    # count, page, audit row
    with django_assert_num_queries(3):
        response = teller.get("/api/v1/customers/")
    assert len(response.json()["results"]) == 10


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "张"}, "q"),
        ({"vip_tier": "bronze"}, "vip_tier"),
        ({"elderly": "maybe"}, "elderly"),
        ({"branch": "abc"}, "branch"),
        ({"page_size": "x", "kind": "alien"}, "kind"),
    ],
)
def test_customer_list_rejects_bad_filters(teller, db, params, field) -> None:
    response = teller.get("/api/v1/customers/", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_customer_detail_is_audited_with_reason_and_interaction(teller, zhang) -> None:
    response = teller.get(
        f"/api/v1/customers/{zhang.pk}/", {"reason": "来电咨询", "interaction": 12}
    )
    body = response.json()
    assert response.status_code == 200
    assert body["summary"]["masked_phone"] == "138****1234"
    assert body["profile"]["masked_email"] == "z***@example.cn"
    assert body["counts"] == {"interactions": 0, "preferences": 0, "life_events": 0, "holdings": 0}
    assert ID_NUMBER not in response.content.decode()
    row = AccessLog.objects.get()
    assert (row.action, row.reason, row.interaction_id) == (AccessAction.VIEW, "来电咨询", 12)


def test_customer_detail_missing_is_404(teller, db) -> None:
    response = teller.get("/api/v1/customers/999999/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert teller.get("/api/v1/customers/99999999999999999999999/").status_code == 404


def test_customer_create_and_patch(teller, db) -> None:
    response = teller.post(
        "/api/v1/customers/",
        {
            "name": "陳小明😀",
            "phone": "13800001111",
            "accessibility_needs": ["vision"],
            "risk_level": "C2",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["masked_phone"], body["risk_level"]) == (
        "陳小明😀",
        "138****1111",
        "C2",
    )
    customer = Customer.objects.get(pk=body["id"])
    assert customer.accessibility_needs == ["vision"]
    response = teller.patch(
        f"/api/v1/customers/{customer.pk}/", {"vip_tier": "platinum"}, format="json"
    )
    assert (response.status_code, response.json()["vip_tier"]) == (200, "platinum")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "张\x00伟"}, "name"),
        ({"name": "张\u200b伟"}, "name"),
        ({"name": "张" * 101}, "name"),
        ({"name": "张伟", "id_number": "110105194912310021"}, "id_number"),
        ({"name": "张伟", "phone": "12345"}, "phone"),
        ({"name": "张伟", "birth_date": "yesterday"}, "birth_date"),
        ({"name": "张伟", "accessibility_needs": "vision"}, "accessibility_needs"),
        ({"name": "张伟", "consent_marketing": "perhaps"}, "consent_marketing"),
        ({"name": "张伟", "assigned_manager": 99999}, "assigned_manager"),
        ({"name": ["张伟"]}, "name"),
    ],
)
def test_customer_create_bad_input_is_400_with_field(teller, db, payload, field) -> None:
    response = teller.post("/api/v1/customers/", payload, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors[0]["field"] == field
    assert errors[0]["reason"]
    assert Customer.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("zh-hans", "身份证号码无效：格式、出生日期或校验位不正确。"),
        ("en", "Invalid ID number: wrong format, birth date or check digit."),
    ],
)
def test_customer_create_invalid_id_number_speaks_the_asked_language(
    teller, db, language, reason
) -> None:
    # override() restores the active language afterwards; LocaleMiddleware leaves it active.
    with translation.override("zh-hans"):
        response = teller.post(
            "/api/v1/customers/",
            {"name": "张伟", "id_number": BAD_ID_NUMBER},
            format="json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "id_number", "reason": reason, "code": "invalid"}
    ]
    assert Customer.objects.count() == 0


def test_customer_create_malformed_json_is_400(teller, db) -> None:
    response = teller.post(
        "/api/v1/customers/", '{"name": "张伟",', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"
    response = teller.post("/api/v1/customers/", "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_customer_patch_invalid_checksum_changes_nothing(teller, zhang) -> None:
    response = teller.patch(
        f"/api/v1/customers/{zhang.pk}/",
        {"id_number": BAD_ID_NUMBER, "name": "王五"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "id_number"
    zhang.refresh_from_db()
    assert (zhang.name, zhang.id_number) == ("張偉", ID_NUMBER)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('{"home_branch": 1e999}', "incorrect_type"),  # infinity overflowed the lookup (500)
        ('{"home_branch": 99999999999999999999}', "does_not_exist"),
        ('{"assigned_manager": true}', "incorrect_type"),
        ('{"assigned_manager": "12x"}', "incorrect_type"),
    ],
)
def test_customer_patch_refuses_a_bad_related_id(teller, zhang, body, code) -> None:
    response = teller.patch(f"/api/v1/customers/{zhang.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == (body[2:].split('"')[0], code)


def test_customer_reveal(teller, zhang) -> None:
    response = teller.post(
        f"/api/v1/customers/{zhang.pk}/reveal/", {"reason": "办理挂失"}, format="json"
    )
    assert response.json() == {
        "id_number": ID_NUMBER,
        "phone": "13812341234",
        "email": "zw@example.cn",
    }
    assert AccessLog.objects.get().action == AccessAction.VIEW_PII


def test_reveal_logs_the_callers_address_through_a_trusted_proxy(teller, zhang, settings) -> None:
    settings.XINFA_PROXY_HOPS = 1
    teller.post(
        f"/api/v1/customers/{zhang.pk}/reveal/",
        {"reason": "办理挂失"},
        format="json",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    assert AccessLog.objects.get().ip_address == "203.0.113.9"


@pytest.mark.parametrize("payload", [{}, {"reason": ""}, {"reason": "x"}, {"reason": 5 * [1]}])
def test_customer_reveal_requires_reason(teller, zhang, payload) -> None:
    response = teller.post(f"/api/v1/customers/{zhang.pk}/reveal/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reason"
    assert AccessLog.objects.count() == 0


def test_customer_preferences_add_then_list(teller, zhang) -> None:
    url = f"/api/v1/customers/{zhang.pk}/preferences/"
    assert (
        teller.post(url, {"category": "服务", "text": "需要老花镜"}, format="json").status_code
        == 201
    )
    assert (
        teller.post(url, {"category": "沟通", "text": "方言：粤语"}, format="json").status_code
        == 201
    )
    response = teller.get(url)
    assert [row["text"] for row in response.json()] == ["方言：粤语", "需要老花镜"]
    bad = teller.post(url, {"category": "服务"}, format="json")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "text")


def test_customer_life_event_and_holding(teller, zhang) -> None:
    response = teller.post(
        f"/api/v1/customers/{zhang.pk}/life-events/",
        {"kind": "retirement", "occurred_on": "2026-01-01"},
        format="json",
    )
    assert (response.status_code, response.json()["kind_label"]) == (201, "退休")
    response = teller.post(
        f"/api/v1/customers/{zhang.pk}/holdings/",
        {
            "kind": "debit_card",
            "product_name": "借记卡",
            "account_number": "6222020200001234567",
            "amount": "20.00",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["masked_account_number"] == "622202*********4567"
    bad = teller.post(
        f"/api/v1/customers/{zhang.pk}/holdings/",
        {"kind": "fund", "product_name": "基金", "amount": "lots"},
        format="json",
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "amount")
    missing = teller.post("/api/v1/customers/999/life-events/", {"kind": "job"}, format="json")
    assert missing.status_code == 404


def test_customer_import_returns_report(api_client_for, db) -> None:
    client = api_client_for(Role.SUPERVISOR)
    upload = SimpleUploadedFile(
        "c.csv", "姓名,手机号\n张伟,13800000001\n李娜,123\n".encode(), content_type="text/csv"
    )
    response = client.post("/api/v1/customers/import/", {"file": upload}, format="multipart")
    assert response.status_code == 200
    assert response.json() == {
        "total": 2,
        "created": 1,
        "updated": 0,
        "duplicates": 0,
        "rejected": [
            {
                "row": 3,
                "field": "phone",
                "reason": "电话号码格式不正确：应为11位手机号或带区号的固定电话。",
            }
        ],
    }


@pytest.mark.parametrize(
    ("files", "field"),
    [
        ({}, "file"),
        ({"file": SimpleUploadedFile("c.csv", "姓名\n张伟\n".encode("utf-16"))}, "file"),
        ({"file": SimpleUploadedFile("c.pdf", b"%PDF-1.4")}, "file"),
    ],
)
def test_customer_import_unreadable_file_is_400(api_client_for, db, files, field) -> None:
    client = api_client_for(Role.SUPERVISOR)
    response = client.post("/api/v1/customers/import/", files, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert Customer.objects.count() == 0


def test_customer_export_downloads_masked_xlsx(api_client_for, zhang) -> None:
    client = api_client_for(Role.COMPLIANCE)
    response = client.get("/api/v1/customers/export/", {"ids": str(zhang.pk)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="customers-')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == (
        "C0000000001",
        "張偉",
        "个人",
        "138****1234",
        f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}",
    )
    assert AccessLog.objects.get().detail == {"count": 1, "query": "", "by_ids": True}
    bad = client.get("/api/v1/customers/export/", {"ids": "1,x"})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "ids")


ODD_VALUES: list[object] = [
    None,
    [],
    {},
    123,
    -1.5,
    True,
    "",
    "x" * 5000,
    "\x00",
    "😀",
    ["vision", 1],
]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_customer_write_never_500s_on_odd_values(teller, zhang, method) -> None:
    from xinfa.customers.api.serializers import CustomerFieldsInputSerializer

    url = "/api/v1/customers/" if method == "post" else f"/api/v1/customers/{zhang.pk}/"
    statuses = set()
    for field in CustomerFieldsInputSerializer().fields:
        for value in ODD_VALUES:
            payload = {"name": "测试", field: value} if field != "name" else {field: value}
            response = getattr(teller, method)(url, payload, format="json")
            assert response.status_code in {200, 201, 400, 409}, (field, value, response.content)
            if response.status_code == 400:
                assert response.json()["errors"][0]["reason"]
            statuses.add(response.status_code)
    assert 400 in statuses


def test_customer_search_in_body(teller, zhang) -> None:
    response = teller.post("/api/v1/customers/search/", {"q": ID_NUMBER}, format="json")
    assert response.status_code == 200
    assert [row["customer_number"] for row in response.json()] == ["C0000000001"]
    assert AccessLog.objects.get().detail == {
        "query": f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}",
        "results": 1,
    }
    for payload, field in [({}, "q"), ({"q": "张"}, "q"), ({"q": "张伟", "limit": 0}, "limit")]:
        bad = teller.post("/api/v1/customers/search/", payload, format="json")
        assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, field)
