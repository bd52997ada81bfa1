"""Personal data is taken out of every text before it is published.

`RULES` is a list of named regular expressions; add one to redact a new kind of data. On top of
the rules, the known phone numbers, ID numbers and addresses of the deputies involved are removed
wherever they appear verbatim. `redact()` returns the published text and where each hit was, so
the office can preview the original with the hits highlighted (`highlight()`).

Personal data is typed in many forms: full-width digits (１５８４７１７６７１５), dots or spaces
between groups (158.4717.6715, 410102 19801013 5541). The text is first normalised character
for character (full-width to ASCII: same length, so a hit's span is the original's span), and the
number rules allow one separator between any two digits. An 18-digit number with separators is an
ID number when its GB 11643 check digit is right.
"""

import functools
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
# One separator people put between digit groups: space, dot, hyphen, middle dot, dash (after
# normalisation full-width forms are ASCII). `_D` is "a digit, perhaps after a separator".
_SEP = r"[ .\-·—_/]"
_D = rf"(?:{_SEP}?\d)"

# Full-width digits, letters and punctuation to ASCII, one character for one (offsets stay put).
FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x2014: 0x2D}

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_checksum_ok(text: str) -> bool:
    """GB 11643-1999: the 18th character is the check code of the first 17 digits."""
    chars = [c for c in text.upper() if c.isdigit() or c == "X"]
    if len(chars) != 18 or not all(c.isdigit() for c in chars[:17]):
        return False
    total = sum(int(c) * w for c, w in zip(chars[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == chars[17]


_STRICT_ID = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[0-9Xx]")

# Order matters only for the label shown when two rules hit the same text: the first wins.
RULES: list[Rule] = [
    rule(
        "id_number",
        "身份证号",
        rf"(?<![0-9A-Za-z])[1-9](?:{_SEP}?\d){{16}}{_SEP}?[0-9Xx](?![0-9A-Za-z])",
    ),
    rule("mobile", "手机号", rf"(?<!\d)(?:\+?86{_SEP}?)?1{_SEP}?[3-9]{_D}{{9}}(?!\d)"),
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


def _accept(r: Rule, matched: str) -> bool:
    """An 18-digit match is an ID number only with a right check digit (or in its strict plain form)."""
    if r.name != "id_number":
        return True
    return id_checksum_ok(matched) or bool(_STRICT_ID.fullmatch(matched))


def normalise(text: str) -> str:
    return text.translate(FULL_WIDTH)


@functools.lru_cache(maxsize=4096)
def _known_pattern(value: str) -> re.Pattern:
    """A known value as typed in any of the forms above: numbers may carry separators between digits.

    Cached: the same people's names and numbers are looked for in every reply of a suggestion."""
    value = normalise(value.strip())
    if sum(c.isdigit() for c in value) >= len(value) * 0.8:
        return re.compile(f"{_SEP}?".join(re.escape(c) for c in value if c not in " .-·—_/"))
    return re.compile(re.escape(value))


# The characters `_SEP` matches (and `_known_pattern` leaves out of a number), to take out of a text.
_NO_SEPARATORS = str.maketrans("", "", " .-·—_/")
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
    plain = normalise(text)  # same length as `text`: spans found here are spans of the original
    for r in RULES if rules is None else rules:
        for m in r.pattern.finditer(plain):
            if m.end() > m.start() and _accept(r, m.group()):
                found.append(Hit(m.start(), m.end(), r.name, r.label))
    bare = plain.translate(_NO_SEPARATORS)
    for value in sorted({v.strip() for v in known if v and len(v.strip()) >= MIN_KNOWN_LENGTH}, key=len, reverse=True):
        # A match of the value's pattern is the value with separators put in or taken out: without them
        # the text holds the value without them. Most texts hold none of the values: no pattern to compile.
        if normalise(value).translate(_NO_SEPARATORS) not in bare:
            continue
        for m in _known_pattern(value).finditer(plain):
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
