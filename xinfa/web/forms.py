"""Forms of the browser UI: they parse and bound input; business rules live in services."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xinfa.accounts.models import Branch, User
from xinfa.compliance.models import AccessAction
from xinfa.core.api import MAX_ID
from xinfa.core.dates import validate_date_in_range
from xinfa.core.exceptions import DomainError
from xinfa.core.roles import Capability, Role, role_has_capability
from xinfa.service.enums import Channel, Outcome, ServiceType, Speaker, TriageTarget
from xinfa.service.models import Counter

MIN_SEARCH_LENGTH = 2
# What a service raises when it refuses input; views show these next to the form.
SERVICE_ERRORS = (DomainError, ValidationError)


class UIForm(forms.Form):
    """A form whose labels sit above the fields, so they need no trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LoginForm(AuthenticationForm):
    """Sign-in form with Chinese labels and an autocomplete hint for password managers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错多次后账号将被暂时锁定。"),
        "inactive": _("该账号已停用，请联系管理员。"),
    }


def add_domain_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for name, reasons in error.message_dict.items():
                form.add_error(name if name in form.fields else None, reasons)
        else:
            form.add_error(None, error.messages)
        return
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class CustomerSearchForm(UIForm):
    q = forms.CharField(
        label=_("姓名、客户号或手机号"),
        max_length=50,
        min_length=MIN_SEARCH_LENGTH,
        help_text=_("手机号可输入“前三位****后四位”，例如 138****1234。"),
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}),
        error_messages={
            "min_length": _("请至少输入两个字：完整姓名、客户号开头或手机号前三位和后四位。"),
            "required": _("请输入要查找的姓名、客户号或手机号。"),
        },
    )


class RevealPiiForm(UIForm):
    reason = forms.CharField(
        label=_("查看原因"),
        max_length=300,
        help_text=_("查看完整证件号和手机号会记入访问审计。"),
    )


class ServedInteractionForm(UIForm):
    """?interaction= on the customer page: the contact being served, kept in the access log."""

    interaction = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)


class PreferenceForm(UIForm):
    # Stored values are the Chinese category names the records already use.
    CATEGORY_CHOICES = [
        ("渠道习惯", _("渠道习惯")),
        ("沟通", _("沟通")),
        ("称呼", _("称呼")),
        ("时间", _("时间")),
        ("回单", _("回单")),
        ("陪同", _("陪同")),
        ("无障碍", _("无障碍")),
        ("理财", _("理财")),
        ("营销", _("营销")),
        ("其他", _("其他")),
    ]
    category = forms.ChoiceField(label=_("类别"), choices=CATEGORY_CHOICES)
    text = forms.CharField(label=_("内容"), max_length=300)


class RecordInteractionForm(UIForm):
    """One contact recorded from the customer page: first message and service log."""

    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices, initial=Channel.COUNTER)
    subject = forms.CharField(label=_("主题"), max_length=200)
    speaker = forms.ChoiceField(
        label=_("首条消息发言方"), choices=Speaker.choices, initial=Speaker.CUSTOMER
    )
    message = forms.CharField(
        label=_("首条消息"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    need = forms.CharField(label=_("客户需求"), max_length=500)
    process = forms.CharField(
        label=_("处理过程"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    result = forms.CharField(label=_("处理结果"), max_length=500, required=False)
    outcome = forms.ChoiceField(
        label=_("服务结果"),
        choices=[("", _("仍在进行（稍后结束）")), *Outcome.choices],
        required=False,
        help_text=_("选择结果即同时结束本次服务。"),
    )


class MessageForm(UIForm):
    speaker = forms.ChoiceField(label=_("发言方"), choices=Speaker.choices, initial=Speaker.AGENT)
    text = forms.CharField(
        label=_("内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ServiceLogForm(UIForm):
    need = forms.CharField(label=_("客户需求"), max_length=500)
    process = forms.CharField(
        label=_("处理过程"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    result = forms.CharField(label=_("处理结果"), max_length=500, required=False)


class CloseForm(UIForm):
    outcome = forms.ChoiceField(label=_("结果"), choices=Outcome.choices)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} · {obj.get_role_display()}"


class TransferForm(UIForm):
    to_user = StaffChoiceField(label=_("转给"), queryset=User.objects.none())
    reason = forms.CharField(label=_("原因"), max_length=500)

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only colleagues who can take the conversation over are offered.
        handlers = [
            role for role in Role if role_has_capability(role, Capability.INTERACTION_RECORD)
        ]
        staff = User.objects.people().filter(role__in=handlers).order_by("username")
        if actor is not None:
            staff = staff.exclude(pk=actor.pk)
            if actor.branch_id is not None:
                staff = staff.filter(branch_id=actor.branch_id)
        field = self.fields["to_user"]
        if isinstance(field, forms.ModelChoiceField):  # always: narrows `Field` for mypy
            field.queryset = staff


class EscalateForm(UIForm):
    reason = forms.CharField(label=_("原因"), max_length=500)
    security = forms.BooleanField(label=_("客户情绪激动或有攻击行为，请求安保介入"), required=False)


class BranchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class BranchForm(UIForm):
    branch = BranchChoiceField(
        label=_("网点"), queryset=Branch.objects.order_by("code"), empty_label=None
    )


class IssueTicketForm(UIForm):
    service_type = forms.ChoiceField(label=_("业务类型"), choices=ServiceType.choices)
    is_priority = forms.BooleanField(label=_("优先（老年、残障、孕妇等）"), required=False)


class CounterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.code)


class CallNextForm(UIForm):
    counter = CounterChoiceField(label=_("窗口"), queryset=Counter.objects.none(), empty_label=None)

    def __init__(self, *args: Any, branch_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["counter"]
        if isinstance(field, forms.ModelChoiceField):  # always: narrows `Field` for mypy
            # `branch=`: the id may be None (then: IS NULL, no counters).
            field.queryset = Counter.objects.filter(branch=branch_id, is_active=True).order_by(
                "code"
            )


class TriageForm(UIForm):
    ticket_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    target = forms.ChoiceField(label=_("分流去向"), choices=TriageTarget.choices)
    reason = forms.CharField(
        label=_("原因"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("分流原因")}),
    )


class CompleteTicketForm(UIForm):
    ticket_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


class OverviewForm(UIForm):
    branch = BranchChoiceField(
        label=_("网点"),
        queryset=Branch.objects.order_by("code"),
        required=False,
        empty_label=_("全部网点"),
    )
    day = forms.DateField(
        label=_("日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_in_range],
    )


class AccessLogFilterForm(UIForm):
    customer_number = forms.CharField(label=_("客户号"), max_length=32, required=False)
    actor = forms.CharField(label=_("员工账号"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=_("动作"), choices=[("", _("全部")), *AccessAction.choices], required=False
    )
    since = forms.DateField(
        label=_("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_in_range],
    )
    until = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_date_in_range],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("截止日期不能早于起始日期"))
        return data
