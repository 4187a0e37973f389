from django import forms
from django.utils.translation import gettext_lazy as _

from xinfa.service.enums import Channel

YES_NO = [("", _("全部")), ("1", _("是")), ("0", _("否"))]
OUTCOMES = [
    ("pass", _("通过")),
    ("fail", _("未通过")),
    ("not_applicable", _("不适用")),
    ("bonus", _("加分")),
]


class InspectionFilterForm(forms.Form):
    passed = forms.ChoiceField(label=_("合格"), choices=YES_NO, required=False)
    critical = forms.ChoiceField(label=_("严重违规"), choices=YES_NO, required=False)
    sampled = forms.ChoiceField(label=_("已抽检"), choices=YES_NO, required=False)
    max_score = forms.FloatField(label=_("得分不高于"), min_value=0, max_value=100, required=False)


class OverrideForm(forms.Form):
    rule_id = forms.ChoiceField(label=_("规则"))
    to_outcome = forms.ChoiceField(label=_("改为"), choices=OUTCOMES)
    reason = forms.CharField(
        label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, rules: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["rule_id"]
        if isinstance(field, forms.ChoiceField):  # always: narrows `Field` for mypy
            field.choices = rules


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("申诉理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AppealDecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("结论"), choices=[("upheld", _("申诉成立")), ("rejected", _("申诉驳回"))]
    )
    note = forms.CharField(label=_("处理意见"), max_length=1000)


class RubricImportForm(forms.Form):
    slug = forms.SlugField(
        label=_("标准标识"), max_length=64, required=False, help_text=_("留空则使用 YAML 中的 id")
    )
    yaml = forms.CharField(
        label=_("规则 YAML"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 22, "class": "mono", "spellcheck": "false"}),
    )
    activate = forms.BooleanField(label=_("保存后立即生效"), required=False)


class RubricTestForm(forms.Form):
    # It shares one <form> with RubricImportForm: a browser-required conversation would
    # block "save"; the view still requires it when the action is "test".
    use_required_attribute = False

    conversation = forms.CharField(
        label=_("粘贴对话"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": _("客户：……\n坐席：……")}),
        help_text=_("每行一轮，以“客户：”或“坐席：”开头"),
    )
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices, initial=Channel.PHONE)
    is_elderly = forms.BooleanField(label=_("老年客户"), required=False)
