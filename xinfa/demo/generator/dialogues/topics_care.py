"""Topics that need care: the elderly, fraud, complaints, wealth sales, corporate clients."""

from xinfa.demo.generator.dialogues.model import Topic, agent, customer
from xinfa.service.enums import Channel, Outcome, ServiceType

MOBILE_BANKING = Topic(
    key="mobile_banking",
    restate="您想学会用手机银行登录和转账",
    subjects=("手机银行使用指导", "手机银行登录问题"),
    service_type=ServiceType.OTHER,
    audience=frozenset({"elderly", "individual"}),
    channels=(Channel.PHONE, Channel.LOBBY, Channel.SMART_COUNTER, Channel.VIDEO, Channel.CHAT),
    mood="confused",
    steps=(
        customer(
            "我儿子给我装了这个手机银行，我登不上去，它老说什么验证码。",
            "这个手机银行怎么转账啊？我点来点去找不到。",
        ),
        agent(
            "{addr}您别着急，我们一步一步来。您先看一下手机屏幕上方，是不是有一个写着“登录”的按钮？",
            "没关系，很多客户刚开始用都不太习惯，我慢慢教您。您现在打开的是我们银行的App吗？图标是红色的。",
        ),
        customer(
            "是有个登录，点了以后让输什么验证码，我不知道在哪儿。",
            "打开了，然后呢？你说慢一点，我记一下。",
        ),
        agent(
            "好的，我说慢一点。点“获取验证码”以后，您的手机会收到一条短信，里面有六位数字，把这六位数字填进去就可以了。这个验证码只能您自己用，任何人问都不要告诉他。",
            "您点一下下面的“转账”，再点“银行卡转账”，把对方的姓名和卡号填进去。第一次转账金额建议小一点，确认对方收到了再转。",
        ),
        customer(
            "哦哦，收到了，填进去了……进去了进去了！那要是有人打电话问我要验证码呢？",
            "还是有点复杂，我记不住。",
        ),
        agent(
            "太好了，您学得很快！任何打电话、发短信要验证码的都是骗子，银行工作人员绝不会向您索要验证码。遇到这种情况直接挂断，打我们的客服电话核实。平时也可以用“长辈版”，字更大、按钮更少。",
            "没关系，记不住随时来网点或者打电话，我们都会耐心教您。也可以开通“长辈版”，操作更简单。",
        ),
    ),
    needs=("老年客户不会使用手机银行", "手机银行登录收不到验证码"),
    processes=("逐步指导登录/转账操作，放慢语速并确认理解；切换长辈版；提示验证码安全",),
    results=("客户已能自行登录，已开通长辈版", "客户仍不熟练，建议到网点由大堂经理现场指导"),
    outcomes=((Outcome.RESOLVED, 75), (Outcome.FOLLOW_UP, 20), (Outcome.REFERRED, 5)),
    handle_minutes=(8, 25),
    weight=8,
)

FRAUD_WARNING = Topic(
    key="fraud_warning",
    restate="您是要把一笔钱转给别人指定的账户",
    subjects=("疑似电信诈骗劝阻", "防诈骗提醒"),
    service_type=ServiceType.TRANSFER,
    audience=frozenset({"elderly"}),
    channels=(Channel.COUNTER, Channel.LOBBY, Channel.PHONE),
    mood="anxious",
    steps=(
        customer(
            "我要把定期全取出来，转到这个账户上，{amount}万，快一点，人家等着呢。",
            "我接到公安局的电话，说我涉嫌洗钱，要把钱转到安全账户核查，你们快帮我转。",
            "有个客服说我的医保卡被冻结了，要交保证金才能解冻，我来汇款。",
        ),
        agent(
            "{addr}您先坐下歇一歇。方便问一下，这笔钱是转给谁、做什么用的吗？对方是怎么联系您的？",
            "好的，我先帮您看看。请问这个收款账户是您认识的人吗？是谁让您转的呢？",
        ),
        customer(
            "是一个警察打电话来的，说不能告诉任何人，家里人也不能说。",
            "对方说是公安局的，让我今天之内必须转，不然要抓我。",
            "对方说是医保局的，还加了我微信，发了一个什么通知书。",
        ),
        agent(
            "{addr}，这是非常典型的诈骗。公安、检察院、法院从来不会通过电话办案，更不存在什么“安全账户”。让您不要告诉家人，正是骗子怕被识破。这笔钱千万不能转。",
            "请您相信我，这种说法就是诈骗分子的话术。真正的警察不会让您转账，我们可以一起打110或者反诈专线96110核实一下。",
        ),
        customer(
            "真的吗？可他连我的身份证号都知道……", "那……那我的钱没事吧？", "我差点就转了，吓死我了。"
        ),
        agent(
            "个人信息可能是从别的地方泄露的，所以更要警惕。钱还在您自己的账户里，很安全。我们帮您联系一下您的子女，好吗？",
            "您的钱现在很安全。我已经为您登记了这次情况，以后遇到类似电话直接挂断，先给家人或者我们银行打电话。",
        ),
    ),
    needs=("老年客户要求向陌生账户大额转账",),
    processes=("询问转账用途，识别为冒充公检法诈骗；耐心劝阻，联系家属并提示拨打96110",),
    results=("成功劝阻，资金未转出，已联系家属", "成功劝阻，已报警登记"),
    outcomes=((Outcome.RESOLVED, 90), (Outcome.REFERRED, 10)),
    handle_minutes=(10, 35),
    weight=4,
)

PENSION_CARD = Topic(
    key="pension_card",
    restate="您想看看养老金到账没有，或者把社保卡激活",
    subjects=("社保卡激活与养老金领取", "养老金到账查询"),
    service_type=ServiceType.CASH,
    audience=frozenset({"elderly"}),
    channels=(Channel.COUNTER, Channel.LOBBY, Channel.PHONE),
    mood="confused",
    steps=(
        customer(
            "我的养老金这个月怎么还没到？以前都是5号就到了。",
            "这个社保卡要激活，怎么激活啊？我看不清上面的字。",
        ),
        agent(
            "{addr}您别急，我帮您查一下。养老金是社保中心统一发放的，我先看看这个月的入账情况。",
            "好的，我来帮您。社保卡激活要设置一个六位数的密码，我一步一步告诉您，您不着急。",
        ),
        customer("你说什么？大点声，我耳朵不太好。", "那密码设什么好？"),
        agent(
            "好的，我说大声一点、慢一点。您的养老金{date}已经到账了，一共{amount}元，在您这张卡上，钱没有少。",
            "密码您设一个自己记得住、别人猜不到的六位数，不要用生日。设好以后这张卡就能取钱、领养老金了。",
        ),
        customer("哦，到了就好，到了就好。谢谢你啊，小同志。", "我老记不住这些。"),
        agent(
            "不客气，下次有不明白的随时来，我们给您准备了大字版的说明，您带回去看。",
            "没关系，我把步骤写在纸上给您，字写大一点。",
        ),
    ),
    needs=("查询养老金到账情况", "社保卡激活金融功能"),
    processes=("放慢语速、提高音量沟通；查询入账记录/指导设置密码；提供大字版说明",),
    results=("养老金已到账，客户已确认", "社保卡已激活"),
    outcomes=((Outcome.RESOLVED, 95), (Outcome.FOLLOW_UP, 5)),
    handle_minutes=(6, 18),
    weight=6,
)

QUEUE_COMPLAINT = Topic(
    key="queue_complaint",
    restate="您对今天等候的时间和我们的服务不满意",
    subjects=("排队时间过长投诉", "对服务态度不满"),
    service_type=ServiceType.OTHER,
    audience=frozenset({"individual", "corporate"}),
    channels=(Channel.LOBBY, Channel.COUNTER, Channel.PHONE, Channel.SOCIAL, Channel.EMAIL),
    mood="angry",
    steps=(
        customer(
            "我等了一个多小时了！就开两个窗口，你们是怎么管理的？",
            "上次那个柜员态度太差了，我问两句就不耐烦，我要投诉她！",
        ),
        agent(
            "{addr}，真的非常抱歉让您等了这么久，换作是我也会很着急。您今天是办理什么业务？我看能不能先帮您处理。",
            "非常抱歉给您带来不好的感受，您反映的情况很重要。能具体跟我说说当时发生了什么吗？",
        ),
        customer(
            "就是取个钱，早说可以去机器上取我早去了！",
            "她一直低头看手机，我问什么都说不知道，让我自己去看。",
        ),
        agent(
            "您说得对，是我们引导得不到位。取款{amount}元以内可以在自助设备办理，我现在陪您过去，一分钟就好。今天的情况我会反馈给网点负责人，尽快优化窗口安排。",
            "您的意见我已经详细记录了，我们会核实当时的情况，并在24小时内给您回复处理结果。再次向您道歉。",
        ),
    ),
    needs=("投诉排队时间过长/员工服务态度",),
    processes=("致歉并安抚情绪；了解诉求；引导至自助设备或转主管处理；登记投诉",),
    results=("已安抚并办结业务，意见已反馈网点负责人", "已登记投诉，24小时内回复"),
    outcomes=((Outcome.RESOLVED, 30), (Outcome.ESCALATED, 30), (Outcome.COMPLAINT, 40)),
    handle_minutes=(6, 20),
    weight=5,
)

LARGE_CASH = Topic(
    key="large_cash",
    restate="您需要取一笔大额现金",
    subjects=("大额取现预约", "大额现金支取"),
    service_type=ServiceType.CASH,
    audience=frozenset({"individual"}),
    channels=(Channel.PHONE, Channel.COUNTER, Channel.APP),
    mood="calm",
    steps=(
        customer(
            "我明天要取{amount}万现金，需要预约吗？", "我想取一笔现金，大概{amount}万，今天能取吗？"
        ),
        agent(
            "取现5万元以上需要提前一天预约，我现在帮您登记。请问您方便告诉我这笔钱的用途吗？这是按规定需要登记的。",
            "可以为您预约。想问一下这笔现金是做什么用的？最近冒充公检法、高息投资的骗局比较多，我们会多问一句，请您理解。",
        ),
        customer("家里装修，要付给工人。", "问这个干嘛？我自己的钱。"),
        agent(
            "好的，已经为您预约了明天上午在{branch}取款，请带上身份证和银行卡。现金较多，建议家人陪同，注意安全。",
            "理解您，这是为了保护您的资金安全，不是限制您用自己的钱。已经为您登记好了，明天带身份证和卡来就可以。",
        ),
    ),
    needs=("预约大额取现",),
    processes=("登记预约，询问资金用途并做防诈提示",),
    results=("已预约次日取现",),
    outcomes=((Outcome.RESOLVED, 95), (Outcome.FOLLOW_UP, 5)),
    handle_minutes=(3, 8),
    weight=5,
)

WEALTH_PRODUCT = Topic(
    key="wealth_product",
    restate="您有一笔钱想找个合适的理财方式",
    subjects=("理财产品咨询", "到期理财续投"),
    service_type=ServiceType.WEALTH,
    audience=frozenset({"wealthy", "middle"}),
    channels=(Channel.COUNTER, Channel.PHONE, Channel.VIDEO, Channel.APP),
    mood="calm",
    steps=(
        customer(
            "我有笔定期快到期了，有没有收益高一点的理财推荐？",
            "我看你们App上那个{product}收益挺高的，想买{amount}万。",
        ),
        agent(
            "好的，在推荐之前想先了解一下：这笔钱您打算放多久？能接受本金有一定波动吗？",
            "可以的。我先看一下您的风险测评结果，您的风险承受能力是{risk}。",
        ),
        customer("放一年左右吧，最好别亏钱。", "收益高一点就行，亏一点也能接受。"),
        agent(
            "{product}的风险等级是{prisk}，业绩比较基准年化{rate}%，但这不是保证收益，过往业绩也不代表未来表现。理财非存款，产品有风险，投资须谨慎。",
            "需要提醒您，{product}的风险等级为{prisk}，净值会波动，可能出现本金亏损。请您详细阅读产品说明书和风险揭示书后再决定。",
        ),
        customer("明白，风险我知道，我选和我等级匹配的。", "有没有保本的？"),
        agent(
            "好的，我们按您的测评结果只推荐与风险等级匹配的产品。按规定购买过程需要录音录像，请您在风险揭示书上亲笔抄录并签字。",
            "现在理财产品都不承诺保本。如果您希望本金安全，可以考虑定期存款或大额存单，我把利率给您列一下。",
        ),
    ),
    needs=("咨询理财产品/到期续投",),
    processes=("了解投资期限与风险偏好；核对风险测评等级；完整揭示产品风险；按规定双录",),
    results=("客户购买与风险等级匹配的产品", "客户选择大额存单", "客户考虑后再定"),
    outcomes=((Outcome.RESOLVED, 65), (Outcome.FOLLOW_UP, 35)),
    handle_minutes=(10, 30),
    weight=7,
)

CORPORATE_PAYROLL = Topic(
    key="corporate_payroll",
    restate="贵公司的代发工资或回单需要我们处理",
    subjects=("代发工资业务", "对公回单打印"),
    service_type=ServiceType.CORPORATE,
    audience=frozenset({"corporate"}),
    channels=(Channel.COUNTER, Channel.PHONE, Channel.EMAIL),
    mood="calm",
    steps=(
        customer(
            remote=("我们公司这个月代发工资有几个人没到账，麻烦查一下。",),
            counter=(
                "我们公司这个月代发工资有几个人没到账，麻烦查一下。",
                "我是{company}的财务，来打印上个月的对公回单。",
            ),
        ),
        agent(
            remote=("好的，请提供一下代发批次号和未到账员工的名单，我来逐笔核对。",),
            counter=(
                "好的，请提供一下代发批次号和未到账员工的名单，我来逐笔核对。",
                "好的，请出示经办人身份证和单位授权书，我核对一下预留信息。",
            ),
        ),
        customer(
            remote=("批次号是{days}号批次，有三个人没到。",),
            counter=("批次号在这儿，有三个人。", "给你，都带齐了。"),
        ),
        agent(
            remote=(
                "查到了，这三笔是因为收款卡号与户名不一致被退回，退款已回到贵司账户。请核对员工信息后重新发起，我们当天处理。",
            ),
            counter=(
                "查到了，这三笔是因为收款卡号与户名不一致被退回，退款已回到贵司账户。请核对员工信息后重新发起，我们当天处理。",
                "回单已经打印好了，共{days}张，已加盖业务章。以后也可以在企业网银自助打印电子回单。",
            ),
        ),
    ),
    needs=("代发工资部分未到账", "打印对公回单"),
    processes=("核对批次明细，查明退回原因/核验授权后打印回单",),
    results=("已说明退回原因，客户将重新发起", "回单已打印"),
    outcomes=((Outcome.RESOLVED, 85), (Outcome.FOLLOW_UP, 15)),
    handle_minutes=(5, 15),
    weight=8,
)

TOPICS = (
    MOBILE_BANKING,
    FRAUD_WARNING,
    PENSION_CARD,
    QUEUE_COMPLAINT,
    LARGE_CASH,
    WEALTH_PRODUCT,
    CORPORATE_PAYROLL,
)
