"""Load a month (or more) of realistic complaints into the demo bank."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from xinfa.complaints.enums import ClockKind, ComplaintStatus, RemedyKind
from xinfa.complaints.models import (
    Complaint,
    ComplaintTransition,
    FollowUp,
    PublicHoliday,
    Remedy,
)
from xinfa.complaints.services.clocks import clock_meet, clock_start
from xinfa.complaints.triage import suggest_triage
from xinfa.core.arguments import real_number, whole_number
from xinfa.core.roles import Role
from xinfa.customers.models import Customer

# (description, request, root cause, decision) — written for the demo, varied by slot values.
STORIES = [
    (
        "信用卡年费{amount}元未经提醒直接扣收，客户表示从未收到任何通知。",
        "退还年费并说明收费规则",
        "communication",
        "经核实年费提醒短信未送达，退还年费并更新联系方式。",
    ),
    (
        "客户在{branch}排队{hours}小时仍未办理，大堂无人解释等候原因。",
        "要求道歉并改进叫号安排",
        "process",
        "高峰期窗口开放不足，已调整弹性窗口并向客户致歉。",
    ),
    (
        "柜员办理挂失时态度冷淡，多次打断客户说话，客户情绪激动。",
        "要求柜员道歉",
        "staff_attitude",
        "调阅录像确认服务用语不规范，当事柜员致歉并参加服务规范培训。",
    ),
    (
        "手机银行转账{amount}元显示成功，收款方两天未到账。",
        "尽快查明资金去向",
        "system",
        "系统批处理延迟导致入账推迟，资金已于次日到账，补偿手续费。",
    ),
    (
        "客户称理财经理介绍产品时说“保本保息”，到期出现亏损{amount}元。",
        "要求赔偿损失",
        "communication",
        "回放双录确认未充分揭示风险，按规定给予补偿并对理财经理问责。",
    ),
    (
        "老人在智能柜台操作失败，吞卡后等待一个多小时无人协助。",
        "要求退卡并道歉",
        "process",
        "已现场取回银行卡，增设老年客户引导岗。",
    ),
    (
        "客户接到自称本行客服的推销电话，对方能说出其姓名和卡号后四位。",
        "查明信息泄露原因",
        "system",
        "核查外呼记录非本行所为，已提示客户防范诈骗并上报。",
    ),
    (
        "房贷提前还款被收取违约金{amount}元，合同中未看到该条款。",
        "退还违约金",
        "product_defect",
        "合同条款确有约定但提示不足，协商减免一半违约金。",
    ),
    (
        "账户因风控被冻结，客户急需支付医药费却无法取款。",
        "立即解冻账户",
        "process",
        "核实身份后解冻，优化风控冻结的告知流程。",
    ),
    (
        "短信通知费每月被扣，客户从未开通该服务。",
        "退还全部短信费",
        "customer_misunderstanding",
        "开户时已勾选开通，向客户解释并按意愿关闭，退还近三个月费用。",
    ),
]
CHANNELS = ["counter", "phone", "chat", "app", "email", "lobby"]


class Command(BaseCommand):
    help = "Seed realistic complaints over the last N days (needs demo_seed's staff and customers)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=whole_number(1, 3650), default=30)
        parser.add_argument("--per-day", type=real_number(0.01, 1000), default=3.0)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])  # noqa: S311 - demo data, not secrets
        users = get_user_model().objects
        handlers = list(users.people().filter(role__in=[Role.AGENT, Role.SUPERVISOR]))
        front = list(users.people().filter(role__in=[Role.TELLER, Role.LOBBY_MANAGER, Role.AGENT]))
        customers = list(Customer.objects.order_by("pk")[:2000])
        if not handlers or not front or not customers:
            raise CommandError("run demo_seed first: staff and customers are needed")
        self._holidays()
        total = int(options["days"] * options["per_day"])
        now = timezone.now()
        with transaction.atomic():
            for _ in tqdm(range(total), desc="complaints", unit="complaint"):
                accepted = now - dt.timedelta(days=rng.uniform(0, options["days"]))
                self._one(
                    rng,
                    accepted,
                    now,
                    rng.choice(front),
                    rng.choice(handlers),
                    rng.choice(customers),
                    handlers,
                )
        self.stdout.write(f"seeded {total} complaints over {options['days']} days")

    def _holidays(self) -> None:
        year = timezone.localdate().year
        for month, day, name in (
            (1, 1, "元旦"),
            (5, 1, "劳动节"),
            (10, 1, "国庆节"),
            (10, 2, "国庆节"),
            (10, 3, "国庆节"),
        ):
            PublicHoliday.objects.get_or_create(
                date=dt.date(year, month, day), defaults={"name": name}
            )

    def _one(
        self,
        rng: random.Random,
        accepted: dt.datetime,
        now: dt.datetime,
        intake: Any,
        handler: Any,
        customer: Customer,
        handlers: list[Any],
    ) -> None:
        story, request, cause, decision = rng.choice(STORIES)
        amount = Decimal(rng.choice([35, 120, 300, 680, 2000, 15000]))
        text = story.format(
            amount=amount,
            hours=rng.choice([1, 2, 3]),
            branch=intake.branch.name if intake.branch else "网点",
        )
        triage = suggest_triage(text, amount=amount)
        complaint = Complaint.objects.create(
            number=f"TS{timezone.localtime(accepted):%Y%m%d}{rng.randrange(10**6):06d}-demo",
            customer=customer,
            channel=rng.choice(CHANNELS),
            branch=intake.branch,
            description=text,
            customer_request=request,
            category=triage.category,
            severity=triage.severity,
            suggested_category=triage.category,
            suggested_severity=triage.severity,
            amount_in_dispute=amount,
            owner=handler,
            accepted_at=accepted,
            occurred_at=accepted - dt.timedelta(hours=rng.randint(1, 48)),
        )
        complaint.number = f"TS{timezone.localtime(accepted):%Y%m%d}{complaint.pk:06d}"
        complaint.save(update_fields=["number"])
        steps = [(ComplaintStatus.ACCEPTED, accepted, intake, "")]
        for kind in (ClockKind.FIRST_CONTACT, ClockKind.DECISION):
            clock_start(complaint=complaint, kind=kind, started_at=accepted)
        age = now - accepted
        contact = accepted + dt.timedelta(hours=rng.choice([2, 6, 20, 30]))
        if contact < now:
            complaint.first_contact_at = contact
            clock_meet(complaint=complaint, kind=ClockKind.FIRST_CONTACT, at=contact)
        stage = rng.random()
        if age > dt.timedelta(days=2) and stage > 0.15:
            investigator = rng.choice([h for h in handlers if h != intake] or handlers)
            started = accepted + dt.timedelta(days=1)
            complaint.investigator = investigator
            steps.append(
                (ComplaintStatus.INVESTIGATING, started, handler, f"调查人：{investigator}")
            )
            decided = accepted + dt.timedelta(days=rng.choice([3, 6, 10, 17]))
            if decided < now and stage > 0.3:
                complaint.root_cause, complaint.findings = cause, decision
                complaint.decision, complaint.responded_at = decision, decided
                Remedy.objects.create(
                    complaint=complaint, kind=RemedyKind.APOLOGY, proposed_by=investigator
                )
                steps.append((ComplaintStatus.RESPONDED, decided, investigator, decision[:100]))
                clock_meet(complaint=complaint, kind=ClockKind.DECISION, at=decided)
                visit = decided + dt.timedelta(days=3)
                follow = FollowUp.objects.create(complaint=complaint, scheduled_for=visit)
                if visit < now and stage > 0.45:
                    score = rng.choice([5, 5, 4, 4, 3, 2])
                    follow.done_at, follow.done_by = visit, handler
                    follow.satisfaction, follow.will_stay = score, score >= 3
                    follow.save()
                    steps.append((ComplaintStatus.FOLLOWED_UP, visit, handler, f"满意度 {score}/5"))
                    if score >= 3:
                        complaint.closed_at = visit + dt.timedelta(hours=2)
                        steps.append((ComplaintStatus.CLOSED, complaint.closed_at, handler, ""))
                    else:
                        steps.append((ComplaintStatus.REOPENED, visit, handler, "回访不满意"))
        complaint.status = steps[-1][0]
        complaint.save()
        previous = ""
        for status, at, actor, note in steps:
            ComplaintTransition.objects.create(
                complaint=complaint,
                from_status=previous,
                to_status=status,
                actor=actor,
                at=at,
                note=note,
            )
            previous = status
