"""The few checks that need a pattern rather than a word list: self-introduction, questions."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from xinfa.analysis.engine.components.phrases.lexicon import QuestionCues

_HAN = "\u4e00-\u9fff"
SELF_INTRODUCTION = {
    "number": re.compile(
        r"工号(?:是|为|:)? ?[0-9A-Za-z零一二三四五六七八九幺两]{2,8}"
        r"|[0-9]{1,5}号(?:客服|坐席|柜员|专员|话务员|服务代表)|(?:我是|这里是)[0-9]{1,5}号"
    ),
    "name": re.compile(
        f"我(?:叫|姓)(?![您你号]|保安|警察|人)[{_HAN}]{{1,3}}"
        f"|(?:客服|专员|经理|柜员|坐席|顾问|助理|代表)[小老阿][{_HAN}]|我是[小老阿][{_HAN}]"
        # a full name after the role, right before 很高兴 / 为您 or at the end of a signature
        f"|(?:客服代表|客服专员|理财经理|客户经理|大堂经理|专员|柜员) ?"
        f"[{_HAN}]{{2,3}}(?=很高兴|为您|$)"
    ),
    "department": re.compile(
        f"(?:我是|这里是|这边是)[{_HAN}A-Za-z0-9]{{0,12}}?"
        r"(?:银行|中心|部|支行|分行|网点|营业厅|团队|热线)"
        r"|我是(?:您的)?(?:专属)?(?:客户经理|理财经理|大堂经理|客服专员|柜员|客服|值班经理)"
        r"|(?:在线客服|人工客服|客服中心|客服)(?:[0-9]{1,5}号)?(?:很高兴)?为您服务"
    ),
}
# "您是想/您要 X, 对吧?" and "也就是说 X, 是吗?" restate the customer's need to confirm it.
_CONFIRM = r"(?:对吧|是吧|对吗|是吗|对不对|没错吧|是这样吗|是这样理解吧|这样理解对吗|理解得对吗)"
RESTATING_CONFIRM = re.compile(
    r"您(?:这边|刚才)?(?:是想|是要|想要|要)[^,.!?;。]{1,20}?[,]?"
    + _CONFIRM
    + r"|(?:也就是说|就是说|所以您|我总结一下|总结一下)[^?!。]{2,40}?"
    + _CONFIRM
)
SELF_INTRODUCTION_NAMES = {"number": "工号/编号", "name": "姓名", "department": "部门/岗位"}
# A clause ends at punctuation, or where an unpunctuated (ASR) turn starts a new 请问.
_CLAUSE_RE = re.compile(r"(?:请问)?(?:(?!请问)[^,.!?;。…~\n])+(\?*)")
_STRONG_CLOSED = ("是不是", "是否", "有没有", "要不要", "能不能", "可不可以", "会不会", "对不对",
                  "行不行", "好不好", "需不需要", "方不方便", "用不用")  # fmt: skip


@dataclass(frozen=True)
class Question:
    kind: str  # open_question | closed_question
    cue: str
    start: int
    end: int


def find_self_introductions(text: str) -> Iterator[tuple[str, str, int, int]]:
    """Yield (subcategory, matched text, start, end) for each self-introduction."""
    for subcategory, pattern in SELF_INTRODUCTION.items():
        for match in pattern.finditer(text):
            yield subcategory, match.group(), match.start(), match.end()


def find_restating(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (matched text, start, end) for each "您是想…对吧" confirmation."""
    for match in RESTATING_CONFIRM.finditer(text):
        yield match.group(), match.start(), match.end()


def find_questions(text: str, cues: QuestionCues) -> list[Question]:
    """Classify each question clause of the text as open or closed."""
    questions = []
    for match in _CLAUSE_RE.finditer(text):
        clause = match.group().rstrip("?").strip()
        if not clause:
            continue
        strong = next((cue for cue in _STRONG_CLOSED if cue in clause), None)
        is_question = bool(
            match.group(1) or clause.endswith(cues.particles) or clause.startswith("请问") or strong
        )
        if not is_question:
            continue
        open_cue = next((cue for cue in cues.open_cues if cue in clause), None)
        closed_cue = strong or next((c for c in cues.closed_cues if c in clause), None)
        if not (match.group(1) or open_cue or closed_cue) and clause.endswith("呢"):
            continue  # 正忙着呢 / 后面还有人等着呢: a statement, not a question
        if open_cue:
            questions.append(Question("open_question", open_cue, match.start(), match.end()))
        else:
            cue = closed_cue or match.group(1) or clause[-1]
            questions.append(Question("closed_question", cue, match.start(), match.end()))
    return questions
