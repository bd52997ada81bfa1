"""答复质量: advice on a reply before a unit sends it and while the office reviews it.

The seed's "四不放过" rejects replies that are 答非所问 or 空洞无物. Four checks, each a flag with its
reason, never a block:
- **unaddressed**: the suggestion's own proposals (its 建议 sentences, 一是/二是 …) whose key words
  the reply never mentions;
- **boilerplate**: mostly stock phrases (高度重视, 认真研究, 下一步将 …) and nothing concrete (no
  number, amount, date, project or done thing);
- **b_without_commitment**: a B-class reply (being solved / planned) that names no measure or no date;
- **category_mismatch**: an A (solved) that only promises to study, or a C/D that says it is solved.
"""

import re
from dataclasses import dataclass

from . import segment

STOCK = (
    "高度重视",
    "认真研究",
    "认真研读",
    "感谢您",
    "感谢你",
    "关心和支持",
    "关心支持",
    "下一步",
    "积极推进",
    "进一步加强",
    "进一步做好",
    "结合实际",
    "统筹考虑",
    "加大力度",
    "持续关注",
    "认真落实",
    "不断完善",
    "积极协调",
    "努力推动",
    "给予指导",
    "欢迎继续",
    "多提宝贵意见",
    "具有重要意义",
    "很有针对性",
    "研究吸收",
)
CONCRETE = re.compile(
    r"\d|[一二三四五六七八九十百千万亿]+(?:元|万元|亿元|个|所|条|公里|亩|户|人|家|项|座|处|台)|已(?:经)?(?:完成|建成|开通|出台|印发|下达|拨付|安排|实施|解决|落实|竣工|投入)"
)
DATE = re.compile(r"\d{4}\s*年|年底|年内|月底|\d+\s*月|上半年|下半年|季度|明年|今年")
MEASURE = re.compile(r"将|计划|拟|安排|列入|纳入|启动|实施|推进|建设|下达|资金|项目|方案|出台|修订")
ONLY_STUDY = re.compile(r"将(?:认真)?研究|研究论证|积极研究|待条件成熟|适时|逐步|列入规划|计划|拟")
DONE = re.compile(r"已(?:经)?(?:完成|建成|开通|解决|落实|竣工|出台|印发|拨付|投入使用)")
PROPOSAL_MARK = re.compile(
    r"(?:一是|二是|三是|四是|五是|建议|[一二三四五六七八九]、|（[一二三四五六七八九]）|\d[、.．])"
)


@dataclass
class Flag:
    code: str
    message: str


def proposals(body: str) -> list[str]:
    """The suggestion's requests: sentences that carry a proposal marker (一是…, 建议…, 1. …)."""
    sentences = [s.strip() for s in re.split(r"[。；;！!\n]", body or "") if s.strip()]
    found = [s for s in sentences if PROPOSAL_MARK.search(s) and len(s) >= 8]
    return found[:8]


def check(suggestion_title: str, suggestion_body: str, reply: str, category: str = "") -> list[Flag]:
    reply = reply or ""
    flags = []
    asks = proposals(suggestion_body)
    if asks:
        missed = []
        for ask in asks:
            words = [w for w in segment.keywords(ask, 4) if len(w) >= 2]
            if words and not any(w in reply for w in words):
                missed.append(ask)
        if len(missed) * 2 > len(asks):
            shown = "；".join(m[:30] for m in missed[:3])
            flags.append(
                Flag("unaddressed", f"建议提出的 {len(asks)} 项具体诉求中有 {len(missed)} 项答复未涉及：{shown}")
            )
    else:
        words = segment.keywords(suggestion_title, 4)
        if words and not any(w in reply for w in words):
            flags.append(Flag("unaddressed", "答复没有提到建议标题所说的事项：" + "、".join(words)))
    stock = sum(reply.count(p) for p in STOCK)
    concrete = len(CONCRETE.findall(reply))
    if stock >= 2 and concrete == 0 or (len(reply) < 80 and concrete == 0):
        flags.append(Flag("boilerplate", f"答复多为套话（{stock} 处），没有具体措施、数据、时间或已办成的事项"))
    code = (category or "").upper()[:1]
    if code == "B" and not (DATE.search(reply) and MEASURE.search(reply)):
        missing = "时间安排" if MEASURE.search(reply) else "具体措施" if DATE.search(reply) else "具体措施和时间安排"
        flags.append(Flag("b_without_commitment", f"B类答复是一项承诺，但没有写明{missing}"))
    if code == "A" and ONLY_STUDY.search(reply) and not DONE.search(reply):
        flags.append(Flag("category_mismatch", "标为A类（已解决），但答复只说将研究或计划办理，未说明已经解决的内容"))
    if code in ("C", "D") and DONE.search(reply) and not ONLY_STUDY.search(reply):
        flags.append(Flag("category_mismatch", f"标为{code}类，但答复说已经解决，请核对答复类别"))
    return flags
