import datetime as dt
import io

import pytest
from openpyxl import Workbook

from xinfa.accounts.models import Branch
from xinfa.compliance.models import AccessAction, AccessLog
from xinfa.core.exceptions import Forbidden, ValidationFailed
from xinfa.core.roles import Role
from xinfa.customers.importing import customer_import_file
from xinfa.customers.models import Customer
from xinfa.customers.tests.factories import CustomerFactory, make_id_number

ID_A = make_id_number(dt.date(1960, 5, 1), serial=101)
ID_B = make_id_number(dt.date(1992, 8, 9), serial=202)
BAD_ID = ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")

MIXED_CSV = (
    "客户号,姓名,身份证号,手机号,邮箱,出生日期,客户类型,VIP等级,风险等级,开户网点,同意营销联系\n"
    f"K001,张伟,{ID_A},13812341234,zw@example.cn,,个人,金卡,C3,310,是\n"
    f"K002,李娜,{BAD_ID},13900001111,,,个人,普通,,,否\n"
    "K003,王五,,123,,,个人,,,,\n"
    f"K004,陳小明😀,{ID_B},13700002222,,1992/8/9,对公,白金,c5,,\n"
    "K005,赵六,,13600003333,,1990-13-01,,,,,\n"
    "K006,孙七,,13500004444,,,外星,,,,\n"
    "K007,周八,,13500005555,,,,,,999,\n"
    "K008,吴九,,13500006666,,,,,,,也许\n"
    ",,,,,,,,,,\n"
).encode()


@pytest.fixture
def supervisor(make_staff):
    Branch.objects.create(code="310", name="上海分行")
    return make_staff(Role.SUPERVISOR)


def test_customer_import_reports_each_rejected_row(supervisor) -> None:
    report = customer_import_file(actor=supervisor, content=MIXED_CSV, filename="客户.csv")
    assert (report.total, report.created, report.updated, report.duplicates) == (8, 2, 0, 0)
    assert [(row.row, row.field) for row in report.rejected] == [
        (3, "id_number"),
        (4, "phone"),
        (6, "birth_date"),
        (7, "kind"),
        (8, "home_branch"),
        (9, "consent_marketing"),
    ]
    assert report.rejected[3].reason.startswith("无效的取值“外星”")
    zhang = Customer.objects.get(customer_number="K001")
    assert zhang.home_branch is not None
    assert (zhang.vip_tier, zhang.risk_level, zhang.home_branch.code, zhang.consent_marketing) == (
        "gold",
        "C3",
        "310",
        True,
    )
    assert zhang.birth_date == dt.date(1960, 5, 1)
    chen = Customer.objects.get(customer_number="K004")
    assert (chen.name, chen.kind, chen.vip_tier, chen.risk_level) == (
        "陳小明😀",
        "corporate",
        "platinum",
        "C5",
    )
    assert sorted(Customer.objects.values_list("customer_number", flat=True)) == ["K001", "K004"]


def test_customer_import_audits_counts_without_pii(supervisor) -> None:
    customer_import_file(actor=supervisor, content=MIXED_CSV, filename="uploads/客户.csv")
    row = AccessLog.objects.get(action=AccessAction.IMPORT)
    assert row.detail == {
        "filename": "客户.csv",
        "total": 8,
        "created": 2,
        "updated": 0,
        "duplicates": 0,
        "rejected": 6,
    }
    assert ID_A not in str(row.detail)


def test_customer_import_twice_creates_no_duplicates(supervisor) -> None:
    customer_import_file(actor=supervisor, content=MIXED_CSV, filename="a.csv")
    report = customer_import_file(actor=supervisor, content=MIXED_CSV, filename="a.csv")
    assert (report.created, report.updated, report.duplicates, len(report.rejected)) == (0, 0, 2, 6)
    assert Customer.objects.count() == 2


def test_customer_import_matches_on_id_number_and_updates(supervisor) -> None:
    existing = CustomerFactory(
        customer_number="OLD1",
        name="张伟",
        id_number=ID_A,
        birth_date=dt.date(1960, 5, 1),
        vip_tier="none",
    )
    content = f"姓名,身份证号,VIP等级\n张伟,{ID_A},钻石\n".encode()
    report = customer_import_file(actor=supervisor, content=content, filename="a.csv")
    assert (report.created, report.updated, report.duplicates) == (0, 1, 0)
    existing.refresh_from_db()
    assert existing.vip_tier == "diamond"
    assert Customer.objects.count() == 1


def test_customer_import_generates_numbers_for_new_rows(supervisor) -> None:
    CustomerFactory(customer_number="C0000000005")
    content = "name,phone\n甲,13800000001\n乙,13800000002\n".encode()
    report = customer_import_file(actor=supervisor, content=content, filename="a.csv")
    assert report.created == 2
    assert sorted(Customer.objects.values_list("customer_number", flat=True)) == [
        "C0000000005",
        "C0000000006",
        "C0000000007",
    ]


def test_customer_import_rejects_number_and_id_of_two_customers(supervisor) -> None:
    CustomerFactory(customer_number="K1", id_number=ID_A, birth_date=dt.date(1960, 5, 1))
    CustomerFactory(customer_number="K2", id_number=ID_B, birth_date=dt.date(1992, 8, 9))
    content = f"客户号,姓名,身份证号\nK1,张伟,{ID_B}\n".encode()
    report = customer_import_file(actor=supervisor, content=content, filename="a.csv")
    assert [(row.row, row.field) for row in report.rejected] == [(2, "id_number")]
    assert Customer.objects.get(customer_number="K1").id_number == ID_A


def test_customer_import_is_atomic_when_a_write_fails(supervisor, monkeypatch) -> None:
    from xinfa.customers import importing

    def fail(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(importing, "audit_record", fail)
    with pytest.raises(RuntimeError):
        customer_import_file(actor=supervisor, content=MIXED_CSV, filename="a.csv")
    assert Customer.objects.count() == 0


def test_customer_import_rejects_invalid_utf8(supervisor) -> None:
    content = "姓名,手机号\n张伟,13800000001\n".encode("gbk")
    with pytest.raises(ValidationFailed) as caught:
        customer_import_file(actor=supervisor, content=content, filename="a.csv")
    assert caught.value.field == "file"
    assert "UTF-8" in caught.value.message
    assert AccessLog.objects.count() == 0


def test_customer_import_rejects_a_field_over_the_csv_limit(supervisor) -> None:
    content = ("姓名,手机号\n张伟,13800000001\n" + "长" * 140_000 + ",13800000002\n").encode()
    with pytest.raises(ValidationFailed) as caught:
        customer_import_file(actor=supervisor, content=content, filename="a.csv")
    assert caught.value.field == "file"
    assert caught.value.message == "第 3 行不是有效的 CSV"
    assert Customer.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.csv", "文件为空"),
        (b"a,b\n1,2\n", "a.txt", "只能导入 .csv 和 .xlsx 文件"),
        (b"phone\n13800000001\n", "a.csv", "缺少必需的列：姓名（name）"),
        ("姓名\n".encode(), "a.csv", "文件中没有数据行"),
        (b"PK\x03\x04garbage", "a.xlsx", "文件不是可读取的 .xlsx 工作簿"),
    ],
)
def test_customer_import_rejects_unreadable_files(supervisor, content, filename, message) -> None:
    with pytest.raises(ValidationFailed) as caught:
        customer_import_file(actor=supervisor, content=content, filename=filename)
    assert (caught.value.field, caught.value.message) == ("file", message)


def test_customer_import_xlsx(supervisor) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["客户号", "姓名", "身份证号", "手机号", "出生日期", "风险等级", "无障碍需求"])
    birth = dt.datetime(1960, 5, 1)  # noqa: DTZ001 (Excel cells carry no time zone)
    sheet.append(["X1", "張偉", ID_A, 13812341234, birth, "C2", "听力障碍、mobility"])
    sheet.append(["X2", "李娜", "", "bad-phone", None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = customer_import_file(actor=supervisor, content=buffer.getvalue(), filename="a.xlsx")
    assert (report.total, report.created) == (2, 1)
    assert [(row.row, row.field) for row in report.rejected] == [(3, "phone")]
    customer = Customer.objects.get(customer_number="X1")
    assert (customer.name, customer.phone, customer.accessibility_needs) == (
        "張偉",
        "13812341234",
        ["hearing", "mobility"],
    )


@pytest.mark.parametrize("role", [Role.AGENT, Role.TELLER, Role.COMPLIANCE, Role.TRAINER])
def test_customer_import_denied_roles(make_staff, role) -> None:
    with pytest.raises(Forbidden):
        customer_import_file(actor=make_staff(role), content=MIXED_CSV, filename="a.csv")
    assert Customer.objects.count() == 0


def test_customer_import_generated_numbers_skip_numbers_used_later_in_file(supervisor) -> None:
    CustomerFactory(customer_number="C0000000001", name="丙")
    content = "客户号,姓名\n,甲\nC0000000002,乙\n".encode()
    report = customer_import_file(actor=supervisor, content=content, filename="a.csv")
    assert (report.created, report.rejected) == (2, [])
    assert sorted(Customer.objects.values_list("customer_number", "name")) == [
        ("C0000000001", "丙"),
        ("C0000000002", "乙"),
        ("C0000000003", "甲"),
    ]


def test_customer_import_same_id_twice_in_file_updates_first(supervisor) -> None:
    content = f"姓名,身份证号,VIP等级\n张伟,{ID_A},金卡\n张伟,{ID_A},钻石\n".encode()
    report = customer_import_file(actor=supervisor, content=content, filename="a.csv")
    assert (report.created, report.updated, report.rejected) == (1, 1, [])
    assert list(Customer.objects.values_list("vip_tier", flat=True)) == ["diamond"]


def test_customer_import_refuses_a_birth_date_outside_the_calendar_range(supervisor) -> None:
    content = "客户号,姓名,出生日期\nK101,钱一,1899-12-31\nK102,钱二,1950-01-02\n".encode()
    report = customer_import_file(actor=supervisor, content=content, filename="c.csv")
    assert report.created == 1
    assert [(row.row, row.field, row.reason) for row in report.rejected] == [
        (2, "birth_date", "日期须在 1900-01-01 至 2199-12-31 之间")
    ]


def test_customer_import_refuses_a_name_with_invisible_characters(supervisor) -> None:
    # Pasted from a web page: the zero-width space would make a second 张伟 that search misses.
    CustomerFactory(name="张伟")
    content = "姓名,手机号\n张\u200b伟,13812341234\n".encode()
    report = customer_import_file(actor=supervisor, content=content, filename="客户.csv")
    assert (report.created, [(row.row, row.field) for row in report.rejected]) == (0, [(2, "name")])
    assert "不可见的格式字符" in report.rejected[0].reason
    assert Customer.objects.count() == 1
