"""Build the labelled QA set `xinfa/analysis/tests/data/qa_conversations.jsonl`.

Each hand-written fragment below carries the features a human inspector reads in it
(tags); conversations are composed from them (seeded, so the file is reproducible) and each
rule's expected outcome is derived from those tags by `expected_outcomes`, which restates
the rubric's intent independently of the engine. The engine never labels its own test set.

Tags: G greeting, F farewell, I self-introduction, P polite forms, FB forbidden phrase,
NC negative / commanding phrase, J unexplained jargon, R restating to confirm, OQ open
question, CQ closed question, N needs-mining question, E empathy, D risk disclosure,
GR guaranteed-return promise, PII full card / ID number, NS clear next step, X proactive
extra help; customer tags U upset, UR unresolved; W (any speaker) a wealth product comes up.

Rows have `"source": "composed"` (built from the fragments), `"handwritten"` (free
phrasing, `handwritten.py`; the rubric's keyword fallbacks were tuned on these) or
`"holdout"` (free phrasing written after the rubric was frozen, never tuned on); report
them apart, the last is the honest measure.

Run: `.venv/bin/python -m xinfa.analysis.engine.tests.qa.build_labelled_set`
"""

import json
import random
from pathlib import Path
from typing import Any

from xinfa.analysis.engine.components.pii.rules import id18_check_digit, luhn_check_digit
from xinfa.analysis.engine.tests.qa.handwritten import HANDWRITTEN, HOLDOUT

OUT = Path(__file__).resolve().parents[3] / "tests" / "data" / "qa_conversations.jsonl"
REMOTE = ("phone", "chat", "app", "video", "email", "social")
CHANNELS = ("counter", "lobby", "phone", "chat", "app", "video", "email", "social", "phone")
Frag = tuple[str, str]  # (text, comma-separated tags)


def tags(fragment: Frag) -> set[str]:
    return {tag for tag in fragment[1].split(",") if tag}


# --- agent openings -------------------------------------------------------------------
GREET_POLITE: list[Frag] = [
    ("您好，很高兴为您服务，请问有什么可以帮您？", "G,P,OQ"),
    ("您好，欢迎光临，请问今天有什么可以帮您？", "G,P,OQ"),
    ("上午好，请您坐，有什么可以帮您的吗？", "G,P,OQ"),
    ("您好，让您久等了，请问有什么可以帮您？", "G,P,OQ"),
]
GREET_PLAIN: list[Frag] = [("您好，什么事？", "G,OQ"), ("你好，说吧。", "G")]
NO_GREET: list[Frag] = [("嗯，什么事？", "OQ"), ("说吧，办哪个？", "OQ"), ("讲。", "")]
INTRO: list[Frag] = [
    ("我是客服专员小李，工号3021，", "I"),
    ("这里是信用卡中心，我是8号坐席，", "I"),
    ("我是客户经理王芳，", "I"),
    ("工号5107为您服务，", "I"),
]

# --- topics: goal (for restating), customer need, upset need, detail, agent explanation --
TOPICS: dict[str, dict[str, Any]] = {
    "lost_card": {
        "goal": "挂失您尾号3456的借记卡",
        "need": ["我的银行卡找不到了，可能是丢了。", "我钱包丢了，里面有张借记卡。"],
        "upset": ["我卡丢了！里面还有好几万，急死我了！", "卡丢了你们电话半天打不通，太过分了！"],
        "detail": ["是尾号3456那张，昨天下午发现不见的。", "就一张借记卡，尾号3456。"],
        "explain": [
            "已经帮您做了临时挂失，卡现在不能再交易了。",
            "挂失已经生效，补卡需要本人带身份证到网点办理。",
        ],
        "jargon": (
            "挂失后原卡的授信额度一并冻结。",
            "挂失后原卡的授信额度，也就是银行给您的可用额度，会一并冻结。",
        ),
    },
    "transfer_failed": {
        "goal": "查一下昨天那笔转账为什么没到账",
        "need": ["我昨天给我儿子转了一笔钱，他说没收到。", "我转账显示成功了，对方没到账。"],
        "upset": ["转账到现在还没到账，你们搞什么啊！", "钱转出去一天了对方没收到，我都急坏了！"],
        "detail": ["转了五千块，是跨行转账。", "转的是他行账户，五千元。"],
        "explain": [
            "跨行转账有时会延迟，我这边看到款项已经从您账户扣出。",
            "这笔款项目前显示在途，还没有被对方银行入账。",
        ],
        "jargon": (
            "这笔款项目前在途，头寸清算后才能入账。",
            "这笔款项目前在途，要等银行之间把钱结算完，也就是说要晚一点才能入账。",
        ),
    },
    "password": {
        "goal": "重置手机银行的登录密码",
        "need": ["我手机银行密码忘了，登不进去了。", "登录密码输错好几次，被锁了。"],
        "upset": ["密码锁了，我等着用钱呢，气死我了！", "又被锁了，你们这个系统太离谱了！"],
        "detail": ["输错了五次，现在提示锁定。", "是手机银行的登录密码。"],
        "explain": [
            "登录密码可以在登录页点“忘记密码”，用身份证和短信验证重置。",
            "锁定后二十四小时会自动解锁，也可以现在重置。",
        ],
        "jargon": (
            "重置时会校验您的预留手机号和证件信息。",
            "重置时会核对您在银行登记的手机号，也就是开卡时留的那个号码。",
        ),
    },
    "credit_card": {
        "goal": "查一下这期信用卡账单里那笔年费",
        "need": ["我这期信用卡账单多了一笔年费。", "我想问问信用卡账单上的一笔费用。"],
        "upset": ["莫名其妙扣我年费，凭什么啊！", "你们乱收费，太不负责了！"],
        "detail": ["就是这个月账单上的三百元年费。", "三百块的年费，我根本没开通什么服务。"],
        "explain": [
            "这笔是金卡年费，刷卡满六次可以减免。",
            "年费是按卡片等级收取的，这张卡去年刷卡次数不够。",
        ],
        "jargon": (
            "未全额还款会产生循环利息。",
            "没有全部还清的话会产生循环利息，就是说欠的钱会按天算利息。",
        ),
    },
    "loan": {
        "goal": "提前还一部分房贷",
        "need": ["我想提前还一部分房贷。", "房贷能不能提前还一些？"],
        "upset": ["提前还款你们一直推，我要投诉你们！", "为了还贷我跑了三趟，太过分了！"],
        "detail": ["想还二十万左右，剩下的继续按月还。", "打算先还二十万。"],
        "explain": [
            "提前还款需要提前预约，预约后下个还款日扣款。",
            "部分提前还款后，每月还款额会重新计算。",
        ],
        "jargon": (
            "提前还款后按等额本息重新计算，LPR加点不变。",
            "提前还款后按等额本息重新计算，意思是每个月还的钱还是一样多。",
        ),
    },
    "mobile_app": {
        "goal": "解决手机银行转账页面打不开的问题",
        "need": ["手机银行的转账页面一直打不开。", "App更新以后转账那里点不动了。"],
        "upset": ["App又打不开，什么破系统！", "你们手机银行天天出问题，我受不了了！"],
        "detail": ["是安卓手机，昨天更新的。", "一点转账就白屏。"],
        "explain": [
            "这个版本在部分安卓手机上有兼容问题，清除缓存后可以恢复。",
            "建议先退出重新登录，再清一下应用缓存。",
        ],
        "jargon": (
            "这是客户端与网关的兼容问题。",
            "这是手机软件和银行系统的兼容问题，简单说就是新版本有个小毛病。",
        ),
    },
    "statement": {
        "goal": "打印近半年的账户流水",
        "need": ["我想打一份近半年的流水。", "办签证要银行流水，怎么开？"],
        "upset": ["开个流水让我等了一个小时，太离谱了！", "流水开了三次都不对，简直是浪费时间！"],
        "detail": ["要近六个月的，需要盖章。", "办签证用，要盖章的。"],
        "explain": ["流水可以在这边打印，盖章后当场给您。", "近六个月的流水现在就可以打印。"],
        "jargon": (
            "流水上会显示每笔的计息情况。",
            "流水上会显示每笔的计息情况，也就是利息是怎么算出来的。",
        ),
    },
    "fraud": {
        "goal": "核查那笔您不认识的消费",
        "need": ["我收到短信说卡被刷了一笔，不是我消费的。", "账户里有一笔我不认识的扣款。"],
        "upset": ["卡被盗刷了，我害怕得不行！", "莫名其妙被扣了两千，吓死我了！"],
        "detail": ["两千块，今天凌晨，在外地的商户。", "一笔两千元的消费，我人在本地。"],
        "explain": [
            "已经帮您临时冻结了这张卡，防止继续被扣款。",
            "这笔交易已经标记为可疑，卡片暂时冻结。",
        ],
        "jargon": (
            "这笔交易会走拒付流程。",
            "这笔交易会走拒付流程，就是说银行替您向商户把钱追回来。",
        ),
    },
    "deposit": {
        "goal": "存一笔一年期的定期",
        "need": ["我想存一笔定期。", "有一笔钱想存一年定期。"],
        "upset": ["定期利率又降了，你们怎么回事啊！", "到期的钱没自动转存，你们太不负责了！"],
        "detail": ["十万块，存一年。", "大概十万，一年期。"],
        "explain": [
            "一年期定期现在可以直接办，到期后本息会回到您的卡里。",
            "十万元一年期定期可以马上办理。",
        ],
        "jargon": (
            "到期日自动结息，支持质押。",
            "到期那天利息会自动存进您的卡里，也就是不用您再跑一趟。",
        ),
    },
    "wealth": {
        "goal": "买一款半年期的理财",
        "wealth": True,
        "need": ["我想买点理财，有什么推荐的？", "听说你们有半年期的理财，收益怎么样？"],
        "upset": ["上次买的理财亏了钱，你们当时可没说会亏！", "理财到期钱没回来，急死我了！"],
        "detail": ["有十万闲钱，半年内用不到。", "大概十万，半年左右。"],
        "explain": ["这款理财期限六个月，一万元起购。", "这款半年期理财可以在手机银行上直接购买。"],
        "jargon": (
            "这款产品是净值型的，封闭期内不能赎回。",
            "这款产品是净值型的，也就是说价格每天会上下波动，半年内不能取出。",
        ),
    },
    "fund": {
        "goal": "了解一下基金定投",
        "wealth": True,
        "need": ["我想了解一下基金定投。", "你们的基金怎么买？"],
        "upset": ["买的基金跌了这么多，当时说好的收益呢！", "基金亏了三成，我要投诉你们！"],
        "detail": ["每个月想投一千块。", "打算每月投一千。"],
        "explain": ["定投可以每月固定日期自动扣款买入。", "基金定投每月一千元起就可以设置。"],
        "jargon": (
            "定投按申购日净值确认份额。",
            "定投按当天的净值确认份额，就是说按那天的价格算您买了多少份。",
        ),
    },
    "pension": {
        "goal": "把养老金取出来一部分",
        "need": ["我来取点养老金。", "我想看看这个月养老金到了没有。"],
        "upset": ["养老金怎么还没到，我急着用钱啊！", "我的养老金少了，是不是你们弄错了！"],
        "detail": ["取两千块。", "这个月的应该已经发了吧。"],
        "explain": ["这个月养老金已经到账了，可以马上帮您取。", "养老金已经到了，我这就帮您办理。"],
        "jargon": (
            "养老金到账后按活期计息。",
            "养老金到账后按活期计息，也就是放在卡里每天都有一点点利息。",
        ),
    },
}

# --- agent pools ----------------------------------------------------------------------
RESTATE: list[str] = ["我跟您确认一下，您是想{goal}，对吗？", "您的意思是{goal}，是这样吗？"]
RESTATE_TAGS = "R,CQ"
ACK_PLAIN: list[Frag] = [("好的，明白。", ""), ("嗯，这个我来看一下。", ""), ("行，我看看。", "")]
CLOSED_Q: list[Frag] = [
    ("卡现在在您身边吗？", "CQ"),
    ("您是本人办理对吗？", "CQ"),
    ("您方便接收短信验证码吗？", "CQ"),
]
NEEDS: list[Frag] = [
    ("这笔钱您大概什么时候要用呢？", "N,OQ"),
    ("您这笔资金的主要用途是什么？", "N,OQ"),
    ("您更看重收益还是随时能取呢？", "N,CQ"),
    ("您希望怎么处理比较好呢？", "N,OQ"),
    ("方便说一下是什么原因吗？", "N,OQ"),
]
EMPATHY: list[Frag] = [
    ("非常抱歉给您带来不便，我理解您的心情，", "E"),
    ("您先别着急，我们一起看看怎么处理，", "E"),
    ("真的很抱歉让您着急了，", "E"),
    ("理解您的担心，", "E"),
]
FORBIDDEN: list[Frag] = [
    ("这是规定，我也没办法。", "FB"),
    ("这个不归我管，你问别人去。", "FB"),
    ("我说过了，系统就这样。", "FB"),
    ("这个我不清楚。", "FB"),
]
NEG_CMD: list[Frag] = [
    ("你必须本人来办。", "NC"),
    ("这个办不了。", "NC"),
    ("你得先去填表。", "NC"),
    ("这样肯定不行。", "NC"),
]
DISCLOSE: list[Frag] = [
    ("需要提醒您，理财非存款，产品有风险，投资需谨慎。", "D,W"),
    ("这款产品风险等级是中低风险，不保本，过往业绩不代表未来表现。", "D,W"),
    ("基金有风险，本金可能会亏损，请您仔细阅读产品说明书。", "D,W,P"),
]
GUARANTEE: list[Frag] = [
    ("这款产品保本保息，您放心买。", "GR,W"),
    ("我们这个产品稳赚不赔的。", "GR,W"),
    ("收益有保障，肯定赚钱。", "GR,W"),
]
NEXT_STEP: list[Frag] = [
    ("我已经为您提交工单，工单号20241123001，会在2个工作日内回复您。", "NS"),
    ("这个情况我转交给专门的同事，24小时内给您回电。", "NS"),
    ("我会跟进处理进度，三个工作日内联系您。", "NS"),
]
NO_NEXT_STEP: list[Frag] = [("您再等等看吧。", ""), ("过几天再看看。", "")]
AGENT_UNRESOLVED: list[Frag] = [("这笔需要进一步核实，", "UR"), ("这个情况需要后台核查，", "UR")]
CUSTOMER_UNRESOLVED: list[Frag] = [
    ("那到现在还没解决啊。", "UR"),
    ("上次说的问题一直没人处理。", "UR"),
]
FAREWELL_POLITE: list[Frag] = [
    ("感谢您的来电，祝您生活愉快，再见！", "F,P"),
    ("请拿好您的卡和证件，您慢走。", "F,P"),
    ("谢谢您的耐心，祝您一切顺利。", "F,P"),
]
FAREWELL_PLAIN: list[Frag] = [("好了，再见。", "F")]
NO_FAREWELL: list[Frag] = [("就这样吧。", ""), ("办完了。", "")]
PROACTIVE: list[Frag] = [
    ("另外提醒您，验证码不要告诉任何人。", "X"),
    ("温馨提示，手机银行也可以查询这些信息。", "X"),
]
POLITE_ADD: list[Frag] = [("请您稍等，", "P"), ("麻烦您核对一下，", "P"), ("谢谢您的配合，", "P")]
CUSTOMER_OK: list[str] = ["好的，明白了。", "行，那就这样。", "嗯，知道了。", "好的。"]
CUSTOMER_ANSWER: list[str] = ["在的。", "是我本人。", "可以的。", "对，就是这个意思。"]
CUSTOMER_THANKS: list[str] = ["好的，谢谢。", "谢谢你。", "行，谢谢。"]
GREET_NO_QUESTION: list[Frag] = [("您好，很高兴为您服务。", "G"), ("您好，欢迎光临。", "G")]
BOT_OPENING = "您好，我是智能助手小信，请描述您遇到的问题。"
AGENT_TAGS = ("G", "F", "I", "P", "FB", "NC", "J", "R", "OQ", "CQ", "N", "E", "D", "GR", "PII",
              "NS", "X")  # fmt: skip
LAPSES = ("greeting", "farewell", "intro", "impolite", "forbidden", "negcmd", "jargon",
          "restate", "questions", "needs", "empathy", "disclosure", "guarantee", "pii",
          "next_step")  # fmt: skip
QUALITY = {"excellent": 0.03, "average": 0.18, "poor": 0.5}


def card_number(rng: random.Random) -> str:
    payload = "622202" + "".join(rng.choice("0123456789") for _ in range(9))
    return payload + luhn_check_digit(payload)


def id_number(rng: random.Random) -> str:
    first = f"110105{rng.randint(1950, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first += f"{rng.randint(0, 999):03d}"
    return first + id18_check_digit(first)


class Builder:
    """Compose one conversation turn by turn, keeping each turn's human tags."""

    def __init__(self) -> None:
        self.turns: list[dict[str, Any]] = []

    def add(self, speaker: str, parts: list[Frag]) -> None:
        text = "".join(part[0] for part in parts)
        found: set[str] = set()
        for part in parts:
            found |= tags(part)
        if text:
            self.turns.append({"speaker": speaker, "text": text, "tags": sorted(found)})


def _opening(b: Builder, rng: random.Random, lapse: dict[str, bool], remote: bool) -> None:
    if lapse["greeting"]:
        greet = rng.choice(NO_GREET)
    elif lapse["questions"]:
        greet = rng.choice(GREET_NO_QUESTION)
    else:
        greet = rng.choice(GREET_PLAIN if lapse["impolite"] else GREET_POLITE)
    parts = [greet]
    if remote and not lapse["intro"]:
        parts = [rng.choice(INTRO), greet] if rng.random() < 0.5 else [greet, rng.choice(INTRO)]
    b.add("agent", parts)


def _polite(rng: random.Random, lapse: dict[str, bool]) -> list[Frag]:
    return [] if lapse["impolite"] or rng.random() < 0.5 else [rng.choice(POLITE_ADD)]


def _body(b: Builder, rng: random.Random, topic: dict[str, Any], plan: dict[str, Any]) -> None:
    lapse = plan["lapse"]
    parts: list[Frag] = []
    if plan["upset"] and not lapse["empathy"]:
        parts.append(rng.choice(EMPATHY))
    if lapse["restate"]:
        parts.append(rng.choice(ACK_PLAIN))
    else:
        parts.append((rng.choice(RESTATE).format(goal=topic["goal"]), RESTATE_TAGS))
    b.add("agent", _polite(rng, lapse) + parts)
    b.add("customer", [(rng.choice(topic["detail"]), "W" if topic.get("wealth") else "")])
    needs = rng.sample(NEEDS, plan["needs"])
    first = [needs[0]] if needs else []
    closed = [] if lapse["questions"] else [rng.choice(CLOSED_Q)]
    if first or closed:
        b.add("agent", first + closed)
        b.add("customer", [(rng.choice(CUSTOMER_ANSWER), "")])
    parts = [(rng.choice(topic["explain"]), "W" if topic.get("wealth") else "")]
    if lapse["forbidden"]:
        parts.append(rng.choice(FORBIDDEN))
    if lapse["negcmd"]:
        parts.append(rng.choice(NEG_CMD))
    if plan["elderly"] and lapse["jargon"]:
        parts.append((topic["jargon"][0], "J"))
    elif rng.random() < 0.4:
        parts.append((topic["jargon"][1], "") if rng.random() < 0.6 else (topic["jargon"][0], "J"))
    if lapse["pii"]:
        number = card_number(rng) if rng.random() < 0.6 else id_number(rng)
        parts.append((f"我这边登记的号码是{number}，", "PII"))
    b.add("agent", _polite(rng, lapse) + parts)
    b.add("customer", [(rng.choice(CUSTOMER_OK), "")])
    if topic.get("wealth"):
        _wealth(b, rng, lapse)
    if len(needs) > 1:
        b.add("agent", [needs[1]])
        b.add("customer", [(rng.choice(CUSTOMER_ANSWER), "")])


def _wealth(b: Builder, rng: random.Random, lapse: dict[str, bool]) -> None:
    parts: list[Frag] = [("这款产品期限和起购金额刚才已经说了，", "W")]
    if not lapse["disclosure"]:
        pool = [d for d in DISCLOSE if "P" not in tags(d)] if lapse["impolite"] else DISCLOSE
        parts.append(rng.choice(pool))
    if lapse["guarantee"]:
        parts.append(rng.choice(GUARANTEE))
    b.add("agent", parts)
    b.add("customer", [("那我考虑一下这款产品。", "W")])


def _closing(b: Builder, rng: random.Random, plan: dict[str, Any]) -> None:
    lapse = plan["lapse"]
    if plan["unresolved"]:
        if rng.random() < 0.5:
            b.add("customer", [rng.choice(CUSTOMER_UNRESOLVED)])
            head: list[Frag] = []
        else:
            head = [rng.choice(AGENT_UNRESOLVED)]
        step = rng.choice(NO_NEXT_STEP if lapse["next_step"] else NEXT_STEP)
        b.add("agent", [*head, step])
        b.add("customer", [(rng.choice(CUSTOMER_OK), "")])
    if plan["late_empathy"]:
        b.add("agent", [("刚才的事情很抱歉，", "E"), ("现在都处理好了。", "")])
        b.add("customer", [(rng.choice(CUSTOMER_OK), "")])
    parts: list[Frag] = []
    if plan["proactive"]:
        parts.append(rng.choice(PROACTIVE))
    if lapse["farewell"]:
        parts.append(rng.choice(NO_FAREWELL))
    else:
        parts.append(rng.choice(FAREWELL_PLAIN if lapse["impolite"] else FAREWELL_POLITE))
    b.add("agent", parts)
    if rng.random() < 0.5:
        b.add("customer", [(rng.choice(CUSTOMER_THANKS), "")])


def make_plan(rng: random.Random, topic_name: str) -> dict[str, Any]:
    quality = rng.choices(list(QUALITY), weights=(3, 5, 3))[0]
    rate = QUALITY[quality]
    lapse = {name: rng.random() < rate for name in LAPSES}
    # Compliance lapses are rarer in real conversations; keep them in, but fewer.
    for name in ("pii", "forbidden"):
        lapse[name] = lapse[name] and rng.random() < 0.6
    # Wealth talks are where mis-selling happens: sample those lapses more often.
    lapse["disclosure"] = rng.random() < max(rate, 0.25)
    lapse["guarantee"] = rng.random() < max(rate, 0.2)
    upset = rng.random() < 0.35
    needs = {"excellent": 2, "average": rng.choice((1, 2)), "poor": rng.choice((0, 1))}[quality]
    return {
        "quality": quality,
        "lapse": lapse,
        "upset": upset,
        "late_empathy": upset and lapse["empathy"] and rng.random() < 0.5,
        "elderly": topic_name == "pension" or rng.random() < 0.25,
        "unresolved": rng.random() < 0.3,
        "needs": 0 if lapse["needs"] else needs,
        "proactive": rng.random() < (0.5 if quality == "excellent" else 0.2),
    }


def build_conversation(rng: random.Random, number: int) -> dict[str, Any]:
    weights = [3 if TOPICS[name].get("wealth") else 1 for name in TOPICS]
    topic_name = rng.choices(list(TOPICS), weights=weights)[0]
    topic = TOPICS[topic_name]
    plan = make_plan(rng, topic_name)
    channel = "counter" if topic_name == "pension" and rng.random() < 0.7 else rng.choice(CHANNELS)
    b = Builder()
    need = rng.choice(topic["upset"] if plan["upset"] else topic["need"])
    need_tags = ",".join(
        tag for tag, on in (("U", plan["upset"]), ("W", topic.get("wealth"))) if on
    )
    opener = rng.random()
    if channel == "app" and opener < 0.4:
        b.add("bot", [(BOT_OPENING, "")])
        b.add("customer", [(need, need_tags)])
        _opening(b, rng, plan["lapse"], remote=True)
    elif channel in ("chat", "app", "social") and opener < 0.7:
        b.add("customer", [(need, need_tags)])
        _opening(b, rng, plan["lapse"], remote=True)
    else:
        _opening(b, rng, plan["lapse"], remote=channel in REMOTE)
        b.add("customer", [(need, need_tags)])
    _body(b, rng, topic, plan)
    _closing(b, rng, plan)
    customer: dict[str, Any] = {"is_elderly": plan["elderly"]}
    if rng.random() < 0.2:
        customer["vip_tier"] = rng.choice(("gold", "platinum"))
    return {
        "id": f"qa{number:04d}",
        "source": "composed",
        "channel": channel,
        "customer": customer,
        "topic": topic_name,
        "quality": plan["quality"],
        "turns": b.turns,
        "expected": expected_outcomes(b.turns, channel=channel, is_elderly=plan["elderly"]),
    }


def _agent_with(turns: list[dict[str, Any]], tag: str) -> list[int]:
    return [i for i, t in enumerate(turns) if t["speaker"] == "agent" and tag in t["tags"]]


def _outcome(ok: bool) -> str:
    return "pass" if ok else "fail"


def _empathy(turns: list[dict[str, Any]]) -> str:
    upset = [i for i, t in enumerate(turns) if t["speaker"] == "customer" and "U" in t["tags"]]
    if not upset:
        return "not_applicable"
    for start in upset:
        agent_after = [i for i in range(start + 1, len(turns)) if turns[i]["speaker"] == "agent"]
        if any("E" in turns[i]["tags"] for i in agent_after[:2]):
            return "pass"
    return "fail"


def expected_outcomes(turns: list[dict[str, Any]], *, channel: str, is_elderly: bool) -> dict:
    """Each default-rubric rule's outcome, from the human tags (the rubric's intent)."""
    n = len(turns)
    has = {tag: _agent_with(turns, tag) for tag in AGENT_TAGS}
    wealth = any("W" in t["tags"] or "GR" in t["tags"] for t in turns)
    unresolved = any("UR" in t["tags"] for t in turns)
    return {
        "greeting": _outcome(any(i < 3 for i in has["G"])),
        "farewell": _outcome(any(i >= n - 3 for i in has["F"])),
        "self_introduction": _outcome(any(i < 4 for i in has["I"]))
        if channel in REMOTE
        else "not_applicable",
        "politeness": _outcome(len(has["P"]) >= 2),
        "no_forbidden_phrases": _outcome(not has["FB"]),
        "no_negative_commanding": _outcome(not has["NC"]),
        "plain_language_elderly": _outcome(not has["J"]) if is_elderly else "not_applicable",
        "restating": _outcome(bool(has["R"])),
        "questioning": _outcome(bool(has["OQ"]) and bool(has["CQ"])),
        "needs_mining": _outcome(len(has["N"]) >= 2),
        "empathy_first": _empathy(turns),
        "risk_disclosure": _outcome(bool(has["D"])) if wealth else "not_applicable",
        "no_guaranteed_return": _outcome(not has["GR"]) if wealth else "not_applicable",
        "no_full_pii": _outcome(not has["PII"]),
        "next_step": _outcome(bool(has["NS"])) if unresolved else "not_applicable",
        "proactive_help": "bonus" if has["X"] else "not_applicable",
    }


def handwritten_rows(
    conversations: list[Any] = HANDWRITTEN, source: str = "handwritten", prefix: str = "hw"
) -> list[dict[str, Any]]:
    rows = []
    for number, (channel, customer, lines) in enumerate(conversations, start=1):
        turns = [{"speaker": s, "text": t, "tags": sorted(tags((t, g)))} for s, t, g in lines]
        rows.append({
            "id": f"{prefix}{number:03d}", "source": source, "channel": channel,
            "customer": customer, "turns": turns,
            "expected": expected_outcomes(turns, channel=channel,
                                          is_elderly=bool(customer.get("is_elderly"))),
        })  # fmt: skip
    return rows


def main(count: int = 240, seed: int = 20261123) -> None:
    rng = random.Random(seed)
    rows = [build_conversation(rng, number) for number in range(1, count + 1)]
    rows += handwritten_rows()
    rows += handwritten_rows(HOLDOUT, "holdout", "ho")
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} conversations to {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()
