"""The demo bank's branches, counters, teams and staff."""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from xinfa.accounts.models import Branch, Team, User
from xinfa.core.roles import Role
from xinfa.demo.generator.identity import SURNAMES
from xinfa.service.enums import ServiceType
from xinfa.service.models import Counter

DEMO_PASSWORD = "Xinfa-demo-2026"  # noqa: S105 - published demo credential, printed on purpose

# (code, name, city, address, is_contact_centre)
BRANCHES = (
    ("110001", "心法银行北京朝阳支行", "北京", "北京市朝阳区建国路88号", False),
    ("310001", "心法银行上海徐汇支行", "上海", "上海市徐汇区漕溪北路201号", False),
    ("440001", "心法银行广州天河支行", "广州", "广州市天河区天河路385号", False),
    ("510001", "心法银行成都武侯支行", "成都", "成都市武侯区人民南路四段12号", False),
    ("340001", "心法银行远程银行中心", "合肥", "合肥市蜀山区潜山路100号", True),
)

# The first user of each role gets the short login the README lists.
PRIMARY_USERNAMES = {
    Role.TELLER: "teller",
    Role.LOBBY_MANAGER: "lobby",
    Role.AGENT: "agent",
    Role.RELATIONSHIP_MANAGER: "rm",
    Role.WEALTH_MANAGER: "wealth",
    Role.QA_INSPECTOR: "qa",
    Role.SUPERVISOR: "supervisor",
    Role.COMPLIANCE: "compliance",
    Role.TRAINER: "trainer",
    Role.ADMIN: "admin",
}

_STAFF_GIVEN = (
    "晓明",
    "丽华",
    "文静",
    "志强",
    "佳琪",
    "俊峰",
    "雪梅",
    "振宇",
    "婷婷",
    "海洋",
    "思琪",
    "立新",
)

_COUNTERS = (
    ("1号窗口", [ServiceType.CASH, ServiceType.TRANSFER]),
    ("2号窗口", [ServiceType.CASH, ServiceType.CARD, ServiceType.ACCOUNT]),
    ("3号窗口", [ServiceType.CARD, ServiceType.ACCOUNT, ServiceType.TRANSFER, ServiceType.OTHER]),
    ("4号窗口", [ServiceType.LOAN, ServiceType.OTHER]),
    ("5号窗口（对公）", [ServiceType.CORPORATE]),
    ("VIP窗口", [ServiceType.WEALTH, ServiceType.CASH, ServiceType.TRANSFER]),
)


@dataclass
class DemoBank:
    """What later generators need to know about the bank they are filling."""

    branches: list[Branch]
    contact_centre: Branch
    counters: dict[int, list[Counter]]
    staff_by_branch_role: dict[tuple[int, str], list[User]] = field(default_factory=dict)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)

    def staff(self, branch: Branch, role: str) -> list[User]:
        """Return the staff of a role at a branch (may be empty)."""
        return self.staff_by_branch_role.get((branch.pk, role), [])

    @property
    def physical_branches(self) -> list[Branch]:
        return [branch for branch in self.branches if branch != self.contact_centre]


def _roles_for(*, is_contact_centre: bool, is_head: bool) -> list[tuple[str, int]]:
    """Return (role, head count) for one branch."""
    if is_contact_centre:
        return [(Role.AGENT, 4), (Role.SUPERVISOR, 1), (Role.QA_INSPECTOR, 1), (Role.TRAINER, 1)]
    roles: list[tuple[str, int]] = [
        (Role.TELLER, 3),
        (Role.LOBBY_MANAGER, 1),
        (Role.RELATIONSHIP_MANAGER, 1),
        (Role.WEALTH_MANAGER, 1),
        (Role.SUPERVISOR, 1),
    ]
    if is_head:
        roles += [(Role.COMPLIANCE, 1), (Role.ADMIN, 1)]
    return roles


def create_bank(rng: random.Random) -> DemoBank:
    """Create branches, counters, teams and staff, all signing in with DEMO_PASSWORD.

    Raises:
        IntegrityError: the database already holds a branch with a demo code.
    """
    # One hash for all demo accounts: Argon2 is deliberately slow and they share a password.
    password_hash = make_password(DEMO_PASSWORD)
    branches = [
        Branch.objects.create(code=code, name=name, city=city, address=address)
        for code, name, city, address, _ in BRANCHES
    ]
    contact_centre = branches[-1]
    counters = {
        branch.pk: Counter.objects.bulk_create(
            [Counter(branch=branch, code=code, service_types=types) for code, types in _COUNTERS]
        )
        for branch in branches[:-1]
    }
    bank = DemoBank(branches=branches, contact_centre=contact_centre, counters=counters)
    used_usernames: set[str] = set()
    employee_seq = 1000
    for index, branch in enumerate(branches):
        is_centre = branch == contact_centre
        team = Team.objects.create(
            name="远程客服一组" if is_centre else "柜面服务组", branch=branch
        )
        for role, head_count in _roles_for(is_contact_centre=is_centre, is_head=index == 0):
            for _ in range(head_count):
                employee_seq += 1
                username = _next_username(role, used_usernames)
                name = rng.choice(SURNAMES) + rng.choice(_STAFF_GIVEN)
                user = User.objects.create(
                    username=username,
                    password=password_hash,
                    role=role,
                    employee_number=str(employee_seq),
                    display_name=name,
                    branch=branch,
                    team=team,
                    is_staff=role == Role.ADMIN,
                    is_superuser=role == Role.ADMIN,
                )
                bank.staff_by_branch_role.setdefault((branch.pk, role), []).append(user)
                bank.logins.append((username, str(Role(role).label), name, branch.name))
                if role == Role.SUPERVISOR:
                    team.supervisor = user
                    team.save(update_fields=["supervisor"])
    return bank


def _next_username(role: str, used: set[str]) -> str:
    """Return the short login for the first of a role, then teller2, teller3…"""
    base = PRIMARY_USERNAMES[Role(role)]
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}{number}"
    used.add(candidate)
    return candidate
