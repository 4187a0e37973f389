"""The engine's rubric errors in the user's language, looked up by the error's kind."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xinfa.analysis.engine.qa import RubricError

# One entry per kind in the engine's RUBRIC_MESSAGES, with the same placeholders.
RUBRIC_REASONS: dict[str, Promise] = {
    "yaml_malformed": _("YAML 格式错误：%(problem)s"),
    "yaml_too_deep": _("YAML 格式错误：嵌套层级过深"),
    "rubric_not_mapping": _("质检标准必须是键值映射"),
    "rule_not_mapping": _("规则必须是键值映射"),
    "required": _("缺少必填项“%(key)s”"),
    "unknown_key": _("未知的键“%(key)s”（可用：%(allowed)s）"),
    "identifier": _("必须是标识符：以字母开头，由字母、数字、“_”“.”“-”组成"),
    "text": _("必须是非空文本"),
    "number": _("必须是数字，实际为 %(value)s"),
    "number_range": _("必须在 %(low)s 到 %(high)s 之间"),
    "number_min": _("不能小于 %(low)s"),
    "integer_min": _("必须是不小于 %(low)s 的整数"),
    "probability": _("必须是 0 到 1 之间的数字"),
    "flag": _("必须是 true 或 false"),
    "rule_needs_check": _("规则需要“expect”或“forbid”"),
    "bonus_critical": _("加分规则不能设为关键项"),
    "rules_list": _("必须是包含 1 到 %(max)s 条规则的列表"),
    "duplicate_id": _("重复的编号“%(id)s”"),
    "matchers_mapping": _("必须是“名称 → 匹配条件”的映射"),
    "unknown_reference": _("引用了不存在的“%(name)s”"),
    "circular_reference": _("循环引用：%(cycle)s"),
    "matcher_too_deep": _("匹配条件嵌套超过 %(max)s 层"),
    "matcher_not_mapping": _("匹配条件必须是非空的运算符映射"),
    "unknown_operator": _("未知的运算符“%(key)s”（可用：%(known)s）"),
    "min_probability_label": _("“min_probability”须与“label”一起使用"),
    "mapping_with": _("必须是包含 %(allowed)s 的映射"),
    "strings": _("必须是非空文本组成的非空列表"),
    "keywords_empty": _("需要“any”“all”或“none”"),
    "at_least_any": _("“at_least”计的是“any”列表中的词数，须同时给出“any”"),
    "pattern_length": _("正则表达式长度须为 1 到 %(max)s 个字符"),
    "pattern_required": _("缺少必填项“pattern”"),
    "regex": _("正则表达式无法由 RE2 编译（线性时间引擎，不支持前后断言和反向引用）：%(reason)s"),
    "label_name": _("必须是标签名，例如 phrases.empathy"),
    "unknown_label": _("未知的标签“%(label)s”"),
    "unknown_label_known": _("未知的标签“%(label)s”；已有的 %(prefix)s 标签：%(known)s"),
    "count_of": _("缺少必填项“of”（要计数的匹配条件）"),
    "count_bound": _("需要“at_least”（>=）或“at_most”（<=）"),
    "unknown_speaker": _("未知的发言方“%(speaker)s”（可用：%(known)s）"),
    "first_or_last": _("“first”和“last”须且只能给出一个"),
    "after_or_before": _("“after”和“before”须且只能给出一个"),
    "reference_target": _("必须是规则编号或已命名的匹配条件"),
    "customer_mapping": _("必须是客户分群标记到取值的映射，例如 {is_elderly: true}"),
    "customer_flag": _("分群标记名必须是标识符"),
    "customer_value": _("必须是一个取值或取值列表"),
    "matcher_list": _("必须是非空的匹配条件列表"),
}


def rubric_error_reason(error: RubricError) -> str:
    """The error's reason in the active language (the engine's English for an unknown kind)."""
    template = RUBRIC_REASONS.get(error.kind)
    return str(template) % error.params if template is not None else error.message
