"""Multi-turn Chinese service conversations from templates with slot variation."""

import random
from dataclasses import dataclass

from xinfa.demo.generator.dialogues import topics_care, topics_retail
from xinfa.demo.generator.dialogues.model import Topic
from xinfa.service.enums import Channel, Outcome, Speaker

ALL_TOPICS: tuple[Topic, ...] = topics_retail.TOPICS + topics_care.TOPICS
IN_PERSON = frozenset({Channel.COUNTER, Channel.LOBBY, Channel.SMART_COUNTER})

_GREETINGS: dict[str, tuple[str, ...]] = {
    Channel.COUNTER: (
        "您好，请坐！请问{addr}今天办理什么业务？",
        "您好，欢迎光临，请问有什么可以帮您？",
    ),
    Channel.LOBBY: ("您好，欢迎光临{bank}！请问您今天办理什么业务？我帮您看看怎么办最快。",),
    Channel.SMART_COUNTER: ("您好，我是大堂经理{agent}，这台智能柜台由我来协助您操作。",),
    Channel.PHONE: ("您好，{bank}客服中心，工号{no}，很高兴为您服务，请问有什么可以帮您？",),
    Channel.CHAT: ("您好，我是在线客服{agent}（工号{no}），请问有什么可以帮您？",),
    Channel.APP: ("您好，{bank}手机银行在线客服{agent}为您服务，工号{no}。",),
    Channel.SOCIAL: ("您好，这里是{bank}官方客服，我是{agent}，工号{no}，看到您的留言了。",),
    Channel.VIDEO: (
        "您好，这里是{bank}视频客服，我是{agent}，工号{no}。请问您能看清画面、听清声音吗？",
    ),
}
# Sloppy agents skip the self-introduction on remote channels; QA should catch it.
_SLOPPY_GREETINGS = ("喂，说吧，什么事？", "你好，什么问题？")
_EMOJI_BY_MOOD = {"angry": "[怒]", "anxious": "😭", "confused": "？？", "calm": "🙏"}
_SLOPPY_LINES = (
    "这个不归我们管，你自己去问别的部门。",
    "你听我说，规定就是这样，我也没办法。",
    "这是系统风控拦截了非柜面交易，触发了限额规则。",
    "你自己看一下说明不就知道了嘛。",
)
_CLOSING_QUESTION = {
    "in_person": (
        "业务已经办好了，请您收好证件和回单。请问还有其他需要吗？",
        "请问还有其他可以帮您的吗？",
    ),
    "remote": ("请问还有其他可以帮您的吗？", "还有其他问题需要咨询吗？"),
}
_THANKS = {
    "mandarin": ("没有了，谢谢。", "没了，谢谢你啊。", "好的，辛苦了。"),
    "cantonese": ("冇了，唔该晒！", "好啦，唔该。"),
    "sichuanese": ("要得，没得了，谢谢哈！", "没得了，辛苦你了哈。"),
    "wu": ("没了，谢谢侬。", "好额，谢谢。"),
}
_FAREWELLS = {
    "in_person": ("不客气，{addr}慢走，祝您生活愉快！", "不客气，请慢走，有需要随时来找我们。"),
    "remote": (
        "感谢您的来电，稍后请对本次服务做出评价，祝您生活愉快，再见！",
        "感谢您的耐心，祝您生活愉快，再见！",
    ),
    "chat": ("感谢您的咨询，稍后会推送满意度评价，麻烦您给个评价～祝您生活愉快！",),
}
_ESCALATION = (
    (
        "customer",
        ("你们这什么服务！我要投诉，叫你们领导来！", "说了半天还是没解决，我要找你们负责人！"),
    ),
    (
        "agent",
        (
            "非常抱歉给您带来不好的体验，您的意见我们一定重视。我马上请值班主管来为您处理，请您稍等。",
        ),
    ),
    (
        "supervisor",
        (
            "您好，我是值班主管{sup}，刚才的情况我已经了解了，首先向您诚恳道歉。您的诉求我们已经正式受理，会在24小时内联系您，给您一个明确的答复。",
            "您好，我是主管{sup}。给您添麻烦了，这件事由我负责跟进，处理结果会在24小时内电话告知您。",
        ),
    ),
)


@dataclass(frozen=True)
class Turn:
    speaker: str  # Speaker value
    text: str
    by_supervisor: bool = False


def topic_suits(topic: Topic, *, is_corporate: bool, age: int | None, is_wealthy: bool) -> bool:
    """Return whether a customer belongs to one of the topic's audiences."""
    age = age or 0
    tags = {
        "corporate": is_corporate,
        "individual": not is_corporate,
        "elderly": not is_corporate and age >= 60,
        "young": not is_corporate and 18 <= age < 36,
        "middle": not is_corporate and 36 <= age < 60,
        "wealthy": not is_corporate and is_wealthy,
    }
    return any(tags[tag] for tag in topic.audience)


def render_conversation(
    rng: random.Random,
    path: int,
    topic: Topic,
    *,
    channel: str,
    slots: dict[str, str],
    outcome: str,
    language: str,
    is_sloppy: bool,
    is_young: bool,
) -> list[Turn]:
    """Render one conversation: greeting, need, clarification, resolution, farewell.

    `path` picks the same variant index in every step, so the turns tell one story.

    Raises:
        KeyError: a template names a slot missing from `slots` (a bug in the templates).
    """
    place = "counter" if channel in IN_PERSON else "remote"
    if channel == Channel.EMAIL:
        return _email(rng, path, topic, slots)
    greeting = rng.choice(
        _SLOPPY_GREETINGS if is_sloppy and place == "remote" else _GREETINGS[channel]
    )
    turns = [Turn(Speaker.AGENT, greeting.format_map(slots))]
    escalating = outcome in (Outcome.ESCALATED, Outcome.COMPLAINT)
    # An escalated contact breaks off after the first answer: the customer wants more.
    steps = topic.steps[:4] if escalating else topic.steps
    for step in steps:
        text = step.pick(path, place).format_map(slots)
        if (
            step.speaker == "customer"
            and is_young
            and channel in (Channel.CHAT, Channel.APP, Channel.SOCIAL)
            and rng.random() < 0.3
        ):
            text += _EMOJI_BY_MOOD.get(topic.mood, "🙏")
        turns.append(Turn(step.speaker, text))
        if len(turns) == 2 and topic.restate and not is_sloppy and path % 2 == 0:
            # Careful agents restate the need before working on it.
            turns.append(Turn(Speaker.AGENT, f"我跟您确认一下：{topic.restate}，是这样吗？"))
            turns.append(Turn(Speaker.CUSTOMER, ("对，是的。", "没错。", "嗯，对。")[path % 3]))
    if is_sloppy and rng.random() < 0.5:
        index = rng.randrange(2, len(turns), 2) if len(turns) > 2 else 1
        turns.insert(index, Turn(Speaker.AGENT, rng.choice(_SLOPPY_LINES)))
    if escalating:
        for speaker, options in _ESCALATION:
            text = rng.choice(options).format_map(slots)
            turns.append(
                Turn(
                    Speaker.AGENT if speaker != "customer" else Speaker.CUSTOMER,
                    text,
                    by_supervisor=speaker == "supervisor",
                )
            )
        return turns
    kind = "in_person" if place == "counter" else "remote"
    turns.append(Turn(Speaker.AGENT, rng.choice(_CLOSING_QUESTION[kind])))
    turns.append(Turn(Speaker.CUSTOMER, rng.choice(_THANKS.get(language, _THANKS["mandarin"]))))
    if not (is_sloppy and rng.random() < 0.4):  # sloppy agents sometimes forget the farewell
        farewell_kind = "chat" if channel in (Channel.CHAT, Channel.APP, Channel.SOCIAL) else kind
        turns.append(Turn(Speaker.AGENT, rng.choice(_FAREWELLS[farewell_kind]).format_map(slots)))
    return turns


def _email(rng: random.Random, path: int, topic: Topic, slots: dict[str, str]) -> list[Turn]:
    """An e-mail thread: the customer's letter, the bank's reply, sometimes a thank-you."""
    asks = [
        step.pick(path, "remote").format_map(slots)
        for step in topic.steps
        if step.speaker == "customer"
    ]
    answers = [
        step.pick(path, "remote").format_map(slots)
        for step in topic.steps
        if step.speaker == "agent"
    ]
    follow = asks[1] if len(asks) > 1 else ""
    letter = f"您好：\n{asks[0]}\n{follow}\n请尽快回复，谢谢。\n{slots['name']}"
    salutation = slots["name"] if slots["addr"] == "您" else slots["addr"]
    reply = (
        f"尊敬的{salutation}：\n您好！我是{slots['bank']}客户服务中心{slots['agent']}（工号{slots['no']}），"
        f"来信已收到。\n{answers[-2] if len(answers) > 1 else answers[0]}\n{answers[-1]}\n"
        f"如有疑问，欢迎回复本邮件或致电客服热线。祝您生活愉快！\n{slots['bank']}客户服务中心"
    )
    turns = [Turn(Speaker.CUSTOMER, letter), Turn(Speaker.AGENT, reply)]
    if rng.random() < 0.4:
        turns.append(Turn(Speaker.CUSTOMER, "收到，谢谢你们的及时回复。"))
    return turns
