"""Personal data is taken out of every text before it is published.

`RULES` is a list of named regular expressions; add one to redact a new kind of data. On top of
the rules, the known phone numbers, ID numbers and addresses of the deputies involved are removed
wherever they appear verbatim. `redact()` returns the published text and where each hit was, so
the office can preview the original with the hits highlighted (`highlight()`).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Rule:
    name: str
    label: str  # shown in the preview and in the published text: 已隐去{label}
    pattern: re.Pattern


def rule(name: str, label: str, regex: str) -> Rule:
    return Rule(name, label, re.compile(regex))


_CN = r"\u4e00-\u9fa5"
_NUM = r"[0-9０-９一二三四五六七八九十百零〇]+"

# Order matters only for the label shown when two rules hit the same text: the first wins.
RULES: list[Rule] = [
    rule(
        "id_number",
        "身份证号",
        r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[0-9Xx](?![0-9A-Za-z])",
    ),
    rule("mobile", "手机号", r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)"),
    rule("landline", "固定电话", r"(?<!\d)(?:[(（]0\d{2,3}[)）]\s*|0\d{2,3}[\s-]?)\d{7,8}(?:[-转]\d{1,5})?(?!\d)"),
    rule("email", "电子邮箱", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    rule(
        "street_address",
        "详细地址",
        rf"[{_CN}A-Za-z0-9]{{1,5}}?(?:路|街|大道|大街|巷|胡同|里){_NUM}号"
        rf"(?:院|楼|大院)?(?:{_NUM}(?:号楼|号院|栋|幢|单元|层|楼|室|号)|[-－]{_NUM})*",
    ),
    rule("room", "详细地址", rf"{_NUM}(?:号楼|栋|幢)(?:{_NUM}单元)?{_NUM}(?:室|号)"),
]

MIN_KNOWN_LENGTH = 4  # a known value shorter than this would redact innocent text


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    rule: str
    label: str


@dataclass(frozen=True)
class Redaction:
    original: str
    text: str
    hits: tuple[Hit, ...]

    @property
    def count(self) -> int:
        return len(self.hits)


def find(text: str, known: Iterable[str] = (), rules: Iterable[Rule] | None = None) -> list[Hit]:
    """Every span to redact, overlapping spans merged, in text order."""
    found: list[Hit] = []
    for r in RULES if rules is None else rules:
        for m in r.pattern.finditer(text):
            if m.end() > m.start():
                found.append(Hit(m.start(), m.end(), r.name, r.label))
    for value in sorted({v.strip() for v in known if v and len(v.strip()) >= MIN_KNOWN_LENGTH}, key=len, reverse=True):
        for m in re.finditer(re.escape(value), text):
            found.append(Hit(m.start(), m.end(), "known", "个人信息"))
    # Rules come first, so a span both a rule and a known value cover keeps the rule's label.
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    merged: list[Hit] = []
    for h in found:
        if merged and h.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Hit(last.start, max(last.end, h.end), last.rule, last.label)
        else:
            merged.append(h)
    return merged


def redact(text: str, known: Iterable[str] = ()) -> Redaction:
    text = text or ""
    hits = find(text, known)
    out, pos = [], 0
    for h in hits:
        out.append(text[pos : h.start])
        out.append(f"［已隐去{h.label}］")
        pos = h.end
    out.append(text[pos:])
    return Redaction(text, "".join(out), tuple(hits))


def highlight(r: Redaction) -> SafeString:
    """The original text, HTML-escaped, each hit wrapped in <mark> naming its rule (office preview only)."""
    out, pos = [], 0
    for h in r.hits:
        out.append(escape(r.original[pos : h.start]))
        out.append(
            f'<mark class="redact" title="将隐去：{escape(h.label)}">{escape(r.original[h.start : h.end])}</mark>'
        )
        pos = h.end
    out.append(escape(r.original[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
