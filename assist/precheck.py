"""预审: advice on a draft suggestion before it is submitted or registered. Never blocks.

Each warning names what looks wrong and why, so the deputy (portal) or the office (review) decides.
The "not a suggestion" cases are the congress's own list (DOMAIN.md: a personal or family matter,
a specific court case, a petition or complaint, a forwarded letter, product promotion).
"""

import re
from dataclasses import dataclass

from .recommend import directory

MIN_BODY = 80  # characters: shorter than a paragraph of situation plus a proposal

# What a concrete request sounds like: a verb of asking/doing, or a number, a date, an amount.
PROPOSAL = re.compile(
    r"建议|提议|应当|应该|要求|请求|希望|呼吁|尽快|加快|加大|设立|建立|出台|制定|纳入|提高|增加|取消|修建|开通|落实|给予|支持|推动"
)
CONCRETE = re.compile(
    r"\d|[一二三四五六七八九十百千万亿]+(?:元|个|所|条|公里|亩|户|人|家|项|年|月)|一是|二是|第一|第二|（一）|\(1\)|1\.|1、"
)
SITUATION = re.compile(
    r"现状|目前|当前|存在|问题|困难|不足|短板|调研|据统计|数据显示|近年来|由于|导致|造成|反映|群众|缺乏|不足|滞后|偏低|较低|难以"
)

NOT_A_SUGGESTION: list[tuple[str, str, re.Pattern]] = [
    (
        "personal_matter",
        "像是代表本人或亲属的个人事务",
        re.compile(
            r"我(?:的)?(?:儿子|女儿|孩子|父亲|母亲|爱人|妻子|丈夫|家人|亲戚|弟弟|妹妹|哥哥|姐姐)|本人(?:的)?(?:工作调动|职称|待遇|房子|住房)|我家"
        ),
    ),
    (
        "court_case",
        "像是涉及具体案件（请通过诉讼、申诉渠道处理）",
        re.compile(r"(?:案号|（\d{4}）.{1,8}号|判决不公|改判|再审|冤案|错案|请求.*法院.*(?:撤销|重审)|一审|二审)"),
    ),
    (
        "petition",
        "像是信访、申诉或控告（请通过信访渠道反映）",
        re.compile(r"上访|信访|申诉|控告|举报.{0,10}(?:贪污|腐败|违纪)|讨说法|讨要|告状|请求为我|为其讨回"),
    ),
    (
        "forwarded_letter",
        "像是转交群众来信（代表建议应是代表本人经调研提出的意见）",
        re.compile(r"来信|转交|代转|群众写信|信中反映|附.{0,4}来信"),
    ),
    (
        "academic",
        "像是学术探讨或产品推介",
        re.compile(
            r"我公司|本公司|产品(?:推介|推广|性能|优势)|采购我|推荐使用.{0,10}(?:品牌|产品)|性价比|专利产品|欢迎订购|论文|学术探讨"
        ),
    ),
]


@dataclass
class Warning:
    code: str
    message: str


@dataclass
class Result:
    warnings: list[Warning]
    field: str | None  # the suggested 领域 name, if the text points to one

    @property
    def ok(self) -> bool:
        return not self.warnings


# The field (领域) that each unit's suggestions usually belong to, by unit name fragments.
FIELD_BY_UNIT = [
    (("财政", "税务", "金融", "银行", "证券", "审计", "统计"), "财税金融"),
    (
        (
            "教育",
            "科学技术",
            "科技",
            "文化",
            "卫生",
            "医疗",
            "体育",
            "文物",
            "中医",
            "疾病",
            "广播",
            "药品",
            "科学院",
            "科协",
        ),
        "科教文卫",
    ),
    (("住房", "城乡建设", "人民防空", "机关事务"), "城乡建设"),
    (("农业", "林业", "水利", "粮食", "供销", "黄河", "气象", "农业科学"), "农林水利"),
    (("自然资源", "生态环境", "地质", "矿山"), "资源环境"),
    (("乡村振兴",), "乡村振兴"),
    (("交通", "铁路", "机场", "邮政", "航空港"), "交通运输"),
    (
        ("工业", "商务", "发展和改革", "市场监督", "国有资产", "知识产权", "电力", "通信", "能源", "海关", "工商"),
        "工业经济",
    ),
    (("民政", "人力资源", "退役军人", "医疗保障", "残疾人", "总工会", "妇女", "红十字", "共青团", "应急"), "社会保障"),
    (("公安", "司法", "法院", "检察", "民族宗教", "监狱", "戒毒", "政法", "信访", "消防"), "政法民族宗教"),
]


def suggest_field(title: str, body: str = "") -> str | None:
    d = directory()
    scores, _ = d.duty_scores(title, body)
    if not scores:
        return None
    best = d.units[scores.most_common(1)[0][0]]
    for fragments, field in FIELD_BY_UNIT:
        if any(f in best.name for f in fragments):
            return field
    return None


def check(title: str, body: str, *, field: bool = True) -> Result:
    """The warnings about a draft, and (`field`) the field its subject suggests (reads the units)."""
    title, body = (title or "").strip(), (body or "").strip()
    text = f"{title}\n{body}"
    warnings = []
    for code, message, pattern in NOT_A_SUGGESTION:
        if pattern.search(text):
            warnings.append(Warning(code, message))
    if len(body) < MIN_BODY:
        warnings.append(Warning("too_short", f"正文仅 {len(body)} 字，建议写明基本情况、存在问题和具体建议"))
    else:
        if not SITUATION.search(body):
            warnings.append(Warning("no_situation", "没有看到基本情况或存在的问题，建议补充调研情况"))
        if not PROPOSAL.search(body):
            warnings.append(Warning("no_proposal", "没有看到具体的建议或诉求，请写明希望有关部门做什么"))
        elif not CONCRETE.search(body):
            warnings.append(Warning("not_concrete", "建议内容较笼统，可分条写明具体措施、数量或时限"))
    return Result(warnings, suggest_field(title, body) if field else None)
