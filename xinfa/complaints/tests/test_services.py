"""The complaint workflow: intake, the four steps, refusals, clocks and the case library."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from xinfa.complaints import services
from xinfa.complaints.enums import AlertLevel, ClockKind, ComplaintStatus
from xinfa.complaints.models import ClockAlert, Complaint, ComplaintTransition, ImmutableRowError
from xinfa.complaints.tests.factories import CustomerFactory, StaffFactory
from xinfa.core.exceptions import Conflict, Forbidden, InvalidTransition, ValidationFailed
from xinfa.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "teller": StaffFactory(role=Role.TELLER, display_name="李柜员"),
        "agent": StaffFactory(role=Role.AGENT, display_name="赵坐席"),
        "investigator": StaffFactory(role=Role.AGENT, display_name="钱调查"),
        "supervisor": StaffFactory(role=Role.SUPERVISOR, display_name="孙主管"),
        "customer": CustomerFactory(name="王建国", phone="13812345678"),
    }


def _accept(people, **extra):
    fields = {
        "actor": people["teller"],
        "customer_id": people["customer"].pk,
        "channel": "counter",
        "description": (
            "王建国先生反映柜员李柜员态度冷漠，办理挂失等了两个小时，卡号6222021234567890128。"
        ),
        "customer_request": "要求道歉并退还挂失手续费",
        "staff_involved_ids": [people["teller"].pk],
    }
    fields.update(extra)
    return services.complaint_accept(**fields)


def _to_investigating(people, complaint):
    services.complaint_investigation_start(
        actor=people["agent"],
        complaint_id=complaint.pk,
        investigator_id=people["investigator"].pk,
    )
    services.complaint_findings_record(
        actor=people["investigator"],
        complaint_id=complaint.pk,
        root_cause="staff_attitude",
        findings="监控显示柜员未主动解释等候原因，服务用语不规范。",
        responsible_department="营业部",
    )


def test_complaint_accept_prefills_category_and_starts_both_clocks(people) -> None:
    complaint = _accept(people)
    assert complaint.status == ComplaintStatus.ACCEPTED
    assert complaint.category == "service_attitude"
    assert complaint.suggested_category == "service_attitude"
    assert (
        complaint.number
        == f"TS{timezone.localtime(complaint.accepted_at):%Y%m%d}{complaint.pk:06d}"
    )
    clocks = {clock.kind: clock for clock in complaint.clocks.all()}
    assert set(clocks) == {ClockKind.FIRST_CONTACT, ClockKind.DECISION}
    assert clocks[ClockKind.FIRST_CONTACT].due_at == complaint.accepted_at + dt.timedelta(hours=24)
    assert clocks[ClockKind.DECISION].due_at == complaint.accepted_at + dt.timedelta(days=15)
    first = complaint.transitions.get()
    assert (first.from_status, first.to_status) == ("", ComplaintStatus.ACCEPTED)


def test_complaint_accept_keeps_staff_correction_of_category(people) -> None:
    complaint = _accept(people, category="fee", severity="high")
    assert (complaint.category, complaint.severity) == ("fee", "high")
    assert complaint.suggested_category == "service_attitude"


def test_complaint_accept_severity_rises_with_regulator_threat_and_amount(people) -> None:
    complaint = _accept(
        people,
        description="理财经理说保本保息，结果亏了，我要去金融监管部门投诉，还要找媒体曝光！",
        amount_in_dispute=Decimal("80000"),
        staff_involved_ids=[],
    )
    assert complaint.category == "mis_selling"
    assert complaint.severity == "critical"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "差", "^事件经过至少需要 4 个字符$"),
        ("channel", "pigeon", "^未知的渠道“pigeon”$"),
        ("category", "weather", "^未知的类别“weather”$"),
        ("amount_in_dispute", "abc", "^争议金额必须是数字$"),
        ("description", "坏\x00了很久很久", "^事件经过包含控制字符$"),
        ("description", "坏\ud800了很久很久", "^事件经过包含控制字符$"),
    ],
)
def test_complaint_accept_refuses_bad_input_and_writes_nothing(people, field, value, message):
    with pytest.raises(ValidationFailed, match=message) as error:
        _accept(people, **{field: value})
    assert error.value.field == field
    assert Complaint.objects.count() == 0


def test_complaint_accept_refuses_a_future_incident(people) -> None:
    with pytest.raises(ValidationFailed, match=r"^发生时间不能晚于当前时间$"):
        _accept(people, occurred_at=timezone.now() + dt.timedelta(days=2))


def test_full_four_step_flow_closes_and_teaches_a_case(people) -> None:
    complaint = _accept(people)
    services.complaint_first_contact_record(
        actor=people["agent"],
        complaint_id=complaint.pk,
        note="已电话联系王先生，致歉并说明处理时限",
    )
    _to_investigating(people, complaint)
    services.complaint_remedy_add(
        actor=people["investigator"], complaint_id=complaint.pk, kind="apology", note="当面致歉"
    )
    services.complaint_remedy_add(
        actor=people["investigator"], complaint_id=complaint.pk, kind="fee_refund", amount="10"
    )
    services.complaint_respond(
        actor=people["investigator"],
        complaint_id=complaint.pk,
        decision="向客户致歉，退还挂失手续费10元，对柜员进行服务规范培训。",
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESPONDED
    assert "王**客户" in complaint.decision_letter
    assert "退还费用 10.00 元" in complaint.decision_letter
    clocks = {c.kind: c for c in complaint.clocks.all()}
    assert clocks[ClockKind.FIRST_CONTACT].is_met_on_time is True
    assert clocks[ClockKind.DECISION].is_met_on_time is True
    assert complaint.follow_ups.get().done_at is None

    services.complaint_follow_up_record(
        actor=people["agent"],
        complaint_id=complaint.pk,
        satisfaction=5,
        will_stay=True,
        note="客户表示满意",
    )
    services.complaint_close(actor=people["agent"], complaint_id=complaint.pk)
    case = services.complaint_case_create(
        actor=people["agent"],
        complaint_id=complaint.pk,
        title="王建国投诉柜员李柜员态度",
        what_went_wrong="李柜员未解释等候原因",
        lesson="长时间等候时应主动致歉并说明原因",
    )
    statuses = list(complaint.transitions.values_list("to_status", flat=True))
    assert statuses == [
        "accepted",
        "accepted",
        "investigating",
        "responded",
        "followed_up",
        "closed",
    ]
    for text in (case.title, case.summary, case.what_went_wrong):
        assert "王建国" not in text
        assert "李柜员" not in text
        assert "6222021234567890128" not in text
    assert case.title == "某客户投诉柜员某员工态度"
    assert "某客户先生" not in case.summary


def test_transitions_are_immutable(people) -> None:
    complaint = _accept(people)
    step = complaint.transitions.get()
    step.note = "rewritten"
    with pytest.raises(ImmutableRowError):
        step.save()
    with pytest.raises(ImmutableRowError):
        step.delete()


def test_illegal_transition_is_refused_without_change(people) -> None:
    complaint = _accept(people)
    with pytest.raises(InvalidTransition, match=r"^状态为“已受理”的投诉不能转为“已结案”$"):
        services.complaint_close(actor=people["agent"], complaint_id=complaint.pk)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACCEPTED
    assert complaint.transitions.count() == 1


def test_follow_up_before_response_is_refused(people) -> None:
    complaint = _accept(people)
    with pytest.raises(InvalidTransition, match=r"^只能在答复之后记录回访$"):
        services.complaint_follow_up_record(
            actor=people["agent"], complaint_id=complaint.pk, satisfaction=4, will_stay=True
        )
    assert complaint.follow_ups.count() == 0


def test_involved_staff_cannot_investigate(people) -> None:
    complaint = _accept(people, staff_involved_ids=[people["investigator"].pk])
    with pytest.raises(Forbidden, match=r"^涉及投诉的员工不能调查该投诉（回避）$"):
        services.complaint_investigation_start(
            actor=people["agent"],
            complaint_id=complaint.pk,
            investigator_id=people["investigator"].pk,
        )
    complaint.refresh_from_db()
    assert complaint.investigator is None
    assert complaint.status == ComplaintStatus.ACCEPTED


def test_compensation_above_limit_needs_approval_before_response(people) -> None:
    complaint = _accept(people)
    _to_investigating(people, complaint)
    remedy = services.complaint_remedy_add(
        actor=people["investigator"], complaint_id=complaint.pk, kind="compensation", amount="800"
    )
    with pytest.raises(Conflict, match=r"^超过限额的经济补偿须先经主管审批$"):
        services.complaint_respond(
            actor=people["investigator"], complaint_id=complaint.pk, decision="补偿客户800元"
        )
    with pytest.raises(Forbidden):
        services.complaint_remedy_approve(actor=people["investigator"], remedy_id=remedy.pk)
    services.complaint_remedy_approve(actor=people["supervisor"], remedy_id=remedy.pk)
    services.complaint_respond(
        actor=people["investigator"], complaint_id=complaint.pk, decision="补偿客户800元"
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESPONDED


def test_decision_extension_needs_supervisor_and_stops_at_sixty_days(people) -> None:
    complaint = _accept(people)
    with pytest.raises(Forbidden):
        services.complaint_clock_extend(
            actor=people["agent"],
            complaint_id=complaint.pk,
            extra_days=10,
            reason="需调取外部机构材料",
        )
    clock = services.complaint_clock_extend(
        actor=people["supervisor"],
        complaint_id=complaint.pk,
        extra_days=30,
        reason="需调取外部机构材料",
    )
    assert clock.due_at == complaint.accepted_at + dt.timedelta(days=45)
    with pytest.raises(
        ValidationFailed, match=r"^处理决定时限合计不能超过 60 天（申请 61 天）$"
    ) as error:
        services.complaint_clock_extend(
            actor=people["supervisor"], complaint_id=complaint.pk, extra_days=16, reason="再次延期"
        )
    assert error.value.field == "extra_days"
    clock.refresh_from_db()
    assert clock.due_at == complaint.accepted_at + dt.timedelta(days=45)
    assert clock.extensions.count() == 1


def test_pause_moves_the_deadline_by_the_waiting_time(people, monkeypatch) -> None:
    complaint = _accept(people)
    accepted = complaint.accepted_at
    monkeypatch.setattr(timezone, "now", lambda: accepted + dt.timedelta(days=2))
    services.complaint_clock_pause(
        actor=people["agent"],
        complaint_id=complaint.pk,
        kind="decision",
        reason="等待客户提供交易凭证",
    )
    monkeypatch.setattr(timezone, "now", lambda: accepted + dt.timedelta(days=5))
    clock = services.complaint_clock_resume(
        actor=people["agent"], complaint_id=complaint.pk, kind="decision"
    )
    assert clock.due_at == accepted + dt.timedelta(days=18)


def test_clock_check_alerts_owner_and_supervisor_once(people) -> None:
    team_supervisor = people["supervisor"]
    complaint = _accept(people)
    complaint.owner.team = None
    now = complaint.accepted_at + dt.timedelta(hours=20)  # 83 % of the 24 h first-contact clock
    alerts = services.complaint_clocks_check(now=now)
    assert [(a.clock.kind, a.level) for a in alerts] == [("first_contact", AlertLevel.NEAR_BREACH)]
    assert set(alerts[0].recipients.all()) == {people["teller"], team_supervisor}
    assert services.complaint_clocks_check(now=now) == []
    later = complaint.accepted_at + dt.timedelta(hours=25)
    assert [a.level for a in services.complaint_clocks_check(now=later)] == [AlertLevel.BREACH]
    assert ClockAlert.objects.count() == 2


def test_dissatisfied_follow_up_reopens(people) -> None:
    complaint = _accept(people)
    _to_investigating(people, complaint)
    services.complaint_respond(
        actor=people["investigator"],
        complaint_id=complaint.pk,
        decision="经核实，手续费按规定收取，已向客户解释。",
    )
    services.complaint_follow_up_record(
        actor=people["agent"], complaint_id=complaint.pk, satisfaction=1, will_stay=False
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.REOPENED
    assert list(
        ComplaintTransition.objects.filter(complaint=complaint).values_list("to_status", flat=True)
    )[-2:] == ["followed_up", "reopened"]


def test_review_request_starts_thirty_day_clock(people) -> None:
    complaint = _accept(people)
    _to_investigating(people, complaint)
    services.complaint_respond(
        actor=people["investigator"], complaint_id=complaint.pk, decision="维持原处理意见。"
    )
    complaint = services.complaint_review_request(
        actor=people["teller"], complaint_id=complaint.pk, reason="客户不认可处理结果"
    )
    review = complaint.clocks.get(kind=ClockKind.REVIEW)
    assert review.due_at == review.started_at + dt.timedelta(days=30)
    assert complaint.status == ComplaintStatus.REVIEW_REQUESTED


def test_case_only_from_closed_complaints(people) -> None:
    complaint = _accept(people)
    with pytest.raises(InvalidTransition, match=r"^只有已结案的投诉才能纳入案例库$"):
        services.complaint_case_create(
            actor=people["agent"],
            complaint_id=complaint.pk,
            title="案例",
            what_went_wrong="问题所在",
            lesson="经验教训",
        )


def test_clock_change_dispatches_and_refuses_an_extension_without_days(people) -> None:
    complaint = _accept(people)
    paused = services.complaint_clock_change(
        actor=people["agent"],
        complaint_id=complaint.pk,
        action="pause",
        kind="decision",
        reason="等待客户提供材料",
    )
    assert paused.due_at is None
    with pytest.raises(ValidationFailed) as error:
        services.complaint_clock_change(
            actor=people["supervisor"],
            complaint_id=complaint.pk,
            action="extend",
            kind="decision",
            reason="需外部协查",
        )
    assert error.value.field == "extra_days"
    assert complaint.clocks.get(kind="decision").extensions.count() == 0


def test_the_chat_bot_account_cannot_investigate(people) -> None:
    from xinfa.chat.services.identity import chat_system_user
    from xinfa.core.exceptions import NotFound

    complaint = _accept(people)
    with pytest.raises(NotFound):
        services.complaint_investigation_start(
            actor=people["agent"], complaint_id=complaint.pk, investigator_id=chat_system_user().pk
        )
    complaint.refresh_from_db()
    assert complaint.investigator is None
