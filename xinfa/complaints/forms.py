"""Forms of the complaint pages: input parsing only, the rules live in the services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from xinfa.complaints.enums import (
    ClockKind,
    ComplaintCategory,
    ComplaintStatus,
    RemedyKind,
    RootCause,
    Severity,
)
from xinfa.core.api import MAX_ID
from xinfa.core.dates import validate_date_in_range
from xinfa.core.roles import Role
from xinfa.service.enums import Channel

BLANK = [("", "—")]


class IntakeForm(forms.Form):
    customer = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    interaction = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices)
    description = forms.CharField(
        label=_("事件经过（时间、地点、人员、事件）"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    customer_request = forms.CharField(
        label=_("客户诉求"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    occurred_at = forms.DateTimeField(
        label=_("发生时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[validate_date_in_range],
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    category = forms.ChoiceField(
        label=_("类别（留空由系统建议）"),
        required=False,
        choices=[*BLANK, *ComplaintCategory.choices],
    )
    severity = forms.ChoiceField(
        label=_("严重程度（留空由系统建议）"), required=False, choices=[*BLANK, *Severity.choices]
    )
    amount_in_dispute = forms.DecimalField(
        label=_("争议金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    staff_involved = forms.ModelMultipleChoiceField(
        label=_("涉及员工"), required=False, queryset=get_user_model().objects.none()
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["staff_involved"]
        field.queryset = get_user_model().objects.filter(is_active=True)  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[*BLANK, *ComplaintStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[*BLANK, *ComplaintCategory.choices]
    )
    open = forms.ChoiceField(
        label=_("范围"),
        required=False,
        choices=[("", _("全部")), ("1", _("未结案")), ("0", _("已结案"))],
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("记录"), max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500)


class InvestigateForm(forms.Form):
    investigator = forms.ModelChoiceField(
        label=_("调查人"), queryset=get_user_model().objects.none()
    )
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        handlers = get_user_model().objects.people().filter(role__in=[Role.AGENT, Role.SUPERVISOR])
        self.fields["investigator"].queryset = handlers  # type: ignore[attr-defined]


class FindingsForm(forms.Form):
    root_cause = forms.ChoiceField(label=_("根本原因"), choices=RootCause.choices)
    findings = forms.CharField(
        label=_("调查结论"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible_department = forms.CharField(label=_("责任部门"), max_length=100, required=False)


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label=_("补救方式"), choices=RemedyKind.choices)
    amount = forms.DecimalField(
        label=_("金额（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class RespondForm(forms.Form):
    decision = forms.CharField(
        label=_("处理决定"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("满意度"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)]
    )
    will_stay = forms.TypedChoiceField(
        label=_("是否继续使用我行服务"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("是")), ("no", _("否"))],
    )
    note = forms.CharField(label=_("回访记录"), max_length=1000, required=False)


class ClockForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("pause", _("暂停")), ("resume", _("恢复")), ("extend", _("延期"))]
    )
    kind = forms.ChoiceField(label=_("时限"), choices=ClockKind.choices)
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)
    extra_days = forms.IntegerField(label=_("延长天数"), required=False, min_value=1, max_value=60)


class CaseForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    what_went_wrong = forms.CharField(
        label=_("问题所在"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    what_worked = forms.CharField(
        label=_("有效做法"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lesson = forms.CharField(
        label=_("经验教训"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
