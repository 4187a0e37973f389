"""Everyday retail topics: cards, transfers, fees, passwords, credit cards, loans."""

from xinfa.demo.generator.dialogues.model import Topic, agent, customer
from xinfa.service.enums import Channel, Outcome, ServiceType

_ALL = (Channel.COUNTER, Channel.PHONE, Channel.CHAT, Channel.APP, Channel.VIDEO, Channel.EMAIL)
_REMOTE = (Channel.PHONE, Channel.CHAT, Channel.APP, Channel.SOCIAL, Channel.EMAIL)

LOST_CARD = Topic(
    key="lost_card",
    restate="您的银行卡丢了，想先挂失冻结，保证卡里的钱安全",
    subjects=("银行卡挂失", "借记卡丢失挂失补卡"),
    service_type=ServiceType.CARD,
    audience=frozenset({"individual"}),
    channels=_ALL,
    mood="anxious",
    steps=(
        customer(
            "我的银行卡找不到了，可能是{place}丢的，卡里还有钱，怎么办啊？",
            "不好意思，我卡丢了，尾号{tail}，麻烦先帮我冻结一下。",
            "我钱包被偷了，银行卡也在里面，急死了！",
        ),
        agent(
            remote=(
                "{addr}您先别着急，我马上帮您处理。为了核实身份，请问您最近一笔交易大概是什么时候、多少金额？",
                "我理解您现在很着急，我们先把卡保护起来。请您提供一下预留手机号的后四位和最近一笔交易。",
            ),
            counter=(
                "{addr}您先别着急，钱在卡里是安全的。麻烦您出示一下身份证，我先帮您办理挂失。",
                "别担心，我们马上处理。请把身份证给我，我核对一下您的信息。",
            ),
        ),
        customer(
            remote=(
                "手机尾号{phone_tail}，最近一笔应该是{date}在超市刷了{amount}元。",
                "尾号{phone_tail}，前天取过{amount}元现金。",
            ),
            counter=("给，身份证在这儿。卡里的钱不会被别人取走吧？", "好的，这是我的身份证。"),
        ),
        agent(
            remote=(
                "信息核实无误，已经为您办理了临时挂失，这张卡现在不能进行任何交易。临时挂失5天内有效，请您尽快带身份证到任一网点办理正式挂失和补卡。",
                "已经帮您临时挂失成功了，资金是安全的。补卡需要本人带身份证到网点办理，新卡当场可以领取。",
            ),
            counter=(
                "已经为您办好正式挂失，这张卡上的交易都会被拒绝，您的资金是安全的。补办的新卡今天就能拿到，卡号会变化。",
                "挂失已经生效了，请您放心。现在给您补办新卡，需要您设置一下新密码。",
            ),
        ),
        customer("那卡上绑定的水电费代扣怎么办？", "补卡要收费吗？", "好的，那我就放心了。"),
        agent(
            "新卡卡号变了，原来的代扣需要重新签约，我可以现在一起帮您办理。",
            "补卡工本费按规定收取，具体以回单为准；如果您是我行金卡客户可以免收。",
            "不客气，这是应该的。另外提醒您，新卡卡号变了，原来绑定的代扣需要重新签约。",
        ),
    ),
    needs=("银行卡丢失，要求挂失", "钱包被盗，要求冻结银行卡并补卡"),
    processes=("核实身份（预留手机号、最近交易）后办理挂失；说明补卡流程、费用及代扣重签",),
    results=("已挂失，客户将到网点补卡", "已挂失并补办新卡，代扣已重签"),
    outcomes=((Outcome.RESOLVED, 85), (Outcome.FOLLOW_UP, 15)),
    handle_minutes=(4, 14),
    weight=10,
)

TRANSFER_MISSING = Topic(
    key="transfer_missing",
    restate="您转出的一笔钱对方还没收到，想查一下去向",
    subjects=("转账未到账查询", "跨行汇款未到账"),
    service_type=ServiceType.TRANSFER,
    audience=frozenset({"individual", "corporate"}),
    channels=(*_ALL, Channel.SOCIAL),
    mood="anxious",
    steps=(
        customer(
            "我{date}给{payee}转了{amount}元，到现在对方还没收到，钱去哪儿了？",
            "转账显示成功了，可是对方说没到账，怎么回事？",
            "我急着付房租，转出去的钱一直没到，对方都催了好几次了。",
        ),
        agent(
            "请您别着急，我帮您查一下这笔交易。请问是转到本行还是其他银行？转账时选择的是实时到账还是普通到账？",
            "我理解您的心情，这笔钱我们一定帮您查清楚。麻烦告诉我一下转账的时间和收款人姓名。",
        ),
        customer(
            "是转到别的银行，选的好像是普通到账。",
            "{date}晚上十点多转的，收款人是{payee}，外地的银行卡。",
        ),
        agent(
            "查到了，这笔跨行转账是在非工作时间发起的，会在下一个工作日通过人民银行清算系统入账，目前状态是“已汇出”，资金没有丢失。",
            "这笔交易已经从我行汇出，正在收款行处理中。跨行普通到账一般不超过24小时，我给您一个交易流水号，对方可以拿着到他的银行查询。",
        ),
        customer("那要是明天还没到呢？", "以后怎么才能快一点？"),
        agent(
            "如果明天下午还没到账，我们会为您提交查询查复，一般3个工作日内给您回复，到时会电话通知您。",
            "以后如果着急，转账时可以选择“实时到账”，金额在5万元以内一般几秒钟就能到。",
        ),
    ),
    needs=("跨行转账未到账，要求查询", "转账显示成功但收款方未收到"),
    processes=("查询交易状态为已汇出；说明非工作时间跨行清算规则；提供流水号",),
    results=("已说明到账时间，客户接受", "已提交查询查复，3个工作日内回电"),
    outcomes=((Outcome.RESOLVED, 70), (Outcome.FOLLOW_UP, 25), (Outcome.COMPLAINT, 5)),
    handle_minutes=(3, 10),
    weight=10,
)

FEE_DISPUTE = Topic(
    key="fee_dispute",
    restate="您的卡每个月被扣了一笔费用，想弄清楚是什么费、能不能退",
    subjects=("对扣费有异议", "短信服务费扣费咨询"),
    service_type=ServiceType.OTHER,
    audience=frozenset({"individual"}),
    channels=_ALL,
    mood="angry",
    steps=(
        customer(
            "我卡里每个月都被扣{fee}块钱，我什么都没办，凭什么扣我的钱？",
            "你们银行怎么乱扣费啊？我查流水才发现，扣了好几个月了！",
            "这个月又扣了我{fee}元，谁同意的？",
        ),
        agent(
            "非常理解您的心情，换作是我发现不明扣费也会着急。我先帮您查一下这笔费用的具体名目。",
            "{addr}您先消消气，给您带来困扰真的很抱歉。我马上帮您查清楚是什么费用。",
        ),
        customer("你查吧，我倒要看看是什么钱。", "好，你快点查。"),
        agent(
            "查到了，这是账户变动短信通知服务费，每月{fee}元，是{date}开通的。如果您不需要，我现在就可以帮您取消，之后不会再扣。",
            "这笔是短信提醒服务的月费。您如果用手机银行就能看到动账通知，可以改成免费的手机银行推送，我帮您操作好吗？",
        ),
        customer("那之前扣的能退吗？", "我当时根本不知道要收费，开通时也没人告诉我。"),
        agent(
            "已经为您取消了短信通知服务。之前的费用我帮您提交退费申请，审核通过后3个工作日内退回原卡，结果会短信告诉您。",
            "取消已经生效了。关于开通时没有告知收费的问题，我已经记录下来反馈给相关部门核实，会尽快给您答复。",
        ),
    ),
    needs=("对每月扣费有异议，要求说明并退费",),
    processes=("查明为短信通知服务费；致歉并取消服务；提交退费申请",),
    results=("已取消短信服务，退费申请已提交", "客户不满意，要求投诉"),
    outcomes=(
        (Outcome.RESOLVED, 55),
        (Outcome.FOLLOW_UP, 20),
        (Outcome.ESCALATED, 10),
        (Outcome.COMPLAINT, 15),
    ),
    handle_minutes=(5, 18),
    weight=8,
)

PASSWORD_LOCKED = Topic(
    key="password_locked",
    restate="您的银行卡密码锁住了，需要解锁并重新设置",
    subjects=("密码锁定", "忘记密码重置"),
    service_type=ServiceType.CARD,
    audience=frozenset({"individual"}),
    channels=(Channel.COUNTER, Channel.PHONE, Channel.SMART_COUNTER, Channel.APP),
    mood="calm",
    steps=(
        customer("我密码输错三次，卡被锁了，取不了钱。", "我忘了银行卡密码，能帮我重置吗？"),
        agent(
            remote=(
                "密码错误次数过多会自动锁定，这是为了保护您的资金安全。密码重置需要核实本人身份，您可以在手机银行用人脸识别重置，也可以带身份证到网点。",
            ),
            counter=(
                "好的，密码重置需要本人办理，请出示身份证和银行卡。",
                "没问题，请把身份证和卡给我，一会儿请您在密码器上输入新密码。",
            ),
        ),
        customer(remote=("手机银行怎么弄？我找不到。",), counter=("好的，给你。", "要多久啊？")),
        agent(
            remote=(
                "您打开手机银行，点“我的”—“安全中心”—“密码重置”，按提示做人脸识别就可以，全程大概两分钟。",
            ),
            counter=(
                "已经处理好了，请在密码器上输入六位新密码，不要用生日或者连续数字。",
                "重置完成了，锁定已解除，现在就能正常使用。",
            ),
        ),
    ),
    needs=("银行卡密码锁定，要求解锁重置",),
    processes=("核实本人身份后重置交易密码；提醒密码安全",),
    results=("密码已重置，锁定解除",),
    outcomes=((Outcome.RESOLVED, 95), (Outcome.REFERRED, 5)),
    handle_minutes=(3, 8),
    weight=7,
)

CREDIT_LIMIT = Topic(
    key="credit_limit",
    restate="您想提高信用卡的额度",
    subjects=("信用卡提额申请", "信用卡临时额度"),
    service_type=ServiceType.CARD,
    audience=frozenset({"young", "middle"}),
    channels=(*_REMOTE, Channel.COUNTER),
    mood="calm",
    steps=(
        customer(
            "我信用卡额度才{limit}，下个月要出去旅游，能提一下额度吗？",
            "想问下信用卡怎么提额？用了两年了一直没涨。",
        ),
        agent(
            "好的，我帮您查询一下。请问您是需要长期提额，还是出行期间用的临时额度？",
            "可以的。为了给您更合适的方案，想了解一下您大概需要多少额度、用多长时间？",
        ),
        customer("主要是旅游那半个月用，大概要多{amount}吧。", "长期的吧，平时消费也比较多。"),
        agent(
            "根据您的用卡情况，系统可以为您开通临时额度，调整到{new_limit}元，有效期30天。临时额度部分需要在到期账单中一次性还清，请您留意。",
            "长期提额由系统根据用卡和还款记录综合评估，您目前暂未达到调整条件。建议保持按时全额还款、多在正规商户消费，三个月后可以再申请。",
        ),
        customer("好的，那就先开临时的吧。", "为什么不行？我从来没逾期过。"),
        agent(
            "已经为您提交，额度即时生效，您可以在App里查看。",
            "理解您的想法。评估还会参考整体负债等因素，不是单看逾期。我把您的需求记录下来了，后续有提额机会会短信通知您。",
        ),
    ),
    needs=("申请信用卡提额",),
    processes=("确认用途与期限；按系统评估结果办理临时额度或说明长期提额条件",),
    results=("已开通临时额度", "暂不满足长期提额条件，已说明"),
    outcomes=((Outcome.RESOLVED, 80), (Outcome.UNRESOLVED, 15), (Outcome.FOLLOW_UP, 5)),
    handle_minutes=(3, 9),
    weight=7,
)

LOAN_PREPAY = Topic(
    key="loan_prepay",
    restate="您想提前归还一部分房贷",
    subjects=("房贷提前还款咨询", "个人贷款咨询"),
    service_type=ServiceType.LOAN,
    audience=frozenset({"middle"}),
    channels=(Channel.COUNTER, Channel.PHONE, Channel.APP, Channel.VIDEO),
    mood="calm",
    steps=(
        customer(
            "我有一笔房贷，手头有点闲钱，想提前还一部分，怎么办理？",
            "现在房贷利率是多少？我想提前还款合不合适？",
        ),
        agent(
            "可以的。想先了解一下，您是想缩短还款年限，还是减少每月的月供？这两种方式省下的利息不一样。",
            "好的，我先帮您看一下贷款情况。请问您打算提前还多少金额？",
        ),
        customer("打算还{amount}万，主要想每个月轻松一点。", "还{amount}万左右，哪种更划算？"),
        agent(
            "按您的情况，选择“月供减少、期限不变”，每月大约能少还几百元；选择“期限缩短”，总利息省得更多。提前还款需要在App或柜台提前预约，预约后下一个还款日扣款。",
            "从总利息看，缩短期限更划算；从现金流看，减少月供压力更小。具体金额我给您打印一张测算表，您回去和家人商量一下。",
        ),
        customer("明白了，那我先在App上预约。", "好的，我回去商量一下。"),
        agent(
            "好的，预约成功后会有短信提醒，扣款前请保证还款卡里余额充足。",
            "好的，有任何问题随时联系我，这是我的联系电话。",
        ),
    ),
    needs=("咨询房贷提前还款",),
    processes=("了解还款目的；比较缩短期限与减少月供两种方式；说明预约流程",),
    results=("客户已预约提前还款", "已提供测算，客户考虑后再办"),
    outcomes=((Outcome.RESOLVED, 60), (Outcome.FOLLOW_UP, 40)),
    handle_minutes=(6, 20),
    weight=5,
)

TOPICS = (LOST_CARD, TRANSFER_MISSING, FEE_DISPUTE, PASSWORD_LOCKED, CREDIT_LIMIT, LOAN_PREPAY)
