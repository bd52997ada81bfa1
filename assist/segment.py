"""Chinese words: jieba with the congress's own vocabulary, a few synonyms, and query expansion.

Every index (the search documents, the title keywords) and every query is cut by the same
tokenizer, so a word written in a query meets the same word in a text. The tokenizer is our own
`jieba.Tokenizer` (not the module-level one other code may use) with a user dictionary of the
units' names and duties, the places of Henan and terms such as 乡村振兴, loaded once per process.
"""

import logging
import math
import re
import threading
from functools import cache
from pathlib import Path

from .duties import DUTIES

#: Places of the province (cities and some counties) and terms jieba would cut in two.
PLACES = (
    "河南 郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源 "
    "巩义 兰考 汝州 滑县 长垣 邓州 永城 固始 鹿邑 新蔡 中牟 新郑 登封 荥阳 新密 尉氏 杞县 通许 偃师 孟津 "
    "栾川 嵩县 伊川 宜阳 洛宁 汝阳 新安 郏县 宝丰 叶县 鲁山 舞钢 林州 汤阴 内黄 浚县 淇县 辉县 卫辉 获嘉 "
    "原阳 延津 封丘 修武 博爱 武陟 温县 沁阳 孟州 清丰 南乐 范县 台前 濮阳县 禹州 长葛 鄢陵 襄城 舞阳 临颍 "
    "灵宝 渑池 卢氏 义马 南召 方城 西峡 镇平 内乡 淅川 社旗 唐河 新野 桐柏 民权 睢县 宁陵 柘城 虞城 夏邑 "
    "罗山 光山 新县 商城 潢川 淮滨 息县 扶沟 西华 商水 沈丘 郸城 太康 项城 西平 上蔡 平舆 正阳 确山 泌阳 "
    "汝南 遂平 大别山 伏牛山 太行山 黄河 淮河 丹江口 豫东 豫西 豫南 豫北 中原 郑汴 郑开 郑洛"
).split()
TERMS = (
    "乡村振兴 和美乡村 高标准农田 四好农村路 一网通办 放管服 专精特新 医共体 医联体 家庭医生 三保 "
    "老旧小区 保障性住房 公积金 新就业形态 零工市场 人人持证 技能河南 社区矫正 河长制 林长制 "
    "南水北调 引黄灌溉 防返贫 驻村第一书记 营商环境 双减 课后服务 托育 医养结合 适老化 "
    "电动自行车 充电桩 城市更新 海绵城市 数字乡村 预制菜 中原农谷 省实验室 低空经济 非遗 黄河流域"
).split()

#: Words that mean the same here: a query for one finds the others.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("农村", "乡村"),
    ("中小学", "义务教育"),
    ("养老院", "敬老院", "养老机构"),
    ("医保", "医疗保险", "医疗保障"),
    ("公交", "公共交通"),
    ("高铁", "高速铁路"),
    ("幼儿园", "学前教育"),
    ("电动车", "电动自行车"),
    ("快递", "寄递"),
    ("残疾人", "残障人士"),
    ("农民工", "务工人员"),
    ("老年人", "老人", "长者"),
    ("停车难", "停车位"),
    ("环保", "环境保护", "生态环境"),
    ("医生", "医师"),
    ("补贴", "补助"),
)
_SYNONYM = {w: group for group in SYNONYMS for w in group}

#: Words that say nothing about a suggestion's subject.
STOPWORDS = set(
    "关于 建议 的 和 与 及 对 在 了 是 为 等 将 进一步 加强 推进 推动 提高 完善 加快 加大 支持 促进 做好 "
    "切实 持续 大力 强化 优化 健全 深化 提升 落实 实施 开展 解决 问题 工作 有关 相关 方面 情况 我省 全省 "
    "我市 全市 我县 全县 地方 部分 一些 存在 目前 当前 以及 进行 有效 积极 不断 机制 体系 建设 发展 "
    "一是 二是 三是 四是 其中 同时 通过 根据 按照 已经 没有 可以 需要 应当 我们 他们 这个 这些 那些 "
    "其他 其它 一个 以上 以下 之间 予以 给予 能够 尽快 逐步 全面 不够 不足 较为 比较 非常 更加 河南省".split()
)

# A registered number: 第860号, 第 860 号, 闭08号, 闭会8号.
NUMBER_RE = re.compile(r"^\s*(第|闭会?)\s*0*(\d{1,6})\s*号?\s*$")
_WORD_RE = re.compile(r"[\w\u4e00-\u9fff]")

_lock = threading.Lock()


@cache
def _tokenizer():
    """A `jieba.Tokenizer`. jieba is imported here, at the first text cut, not when the app loads: its
    import (with pkg_resources) is half a second of every process, most of which never cut a word."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # not a line per process start in every log
    with _lock:
        tk = jieba.Tokenizer()
        tk.initialize()
        for w in PLACES + TERMS:
            tk.add_word(w, freq=50000)
        for text in DUTIES.values():
            for w in text.split():
                if len(w) >= 2:
                    tk.add_word(w, freq=20000)
        for group in SYNONYMS:
            for w in group:
                tk.add_word(w, freq=20000)
        return tk


def warm() -> None:
    """Load the dictionary now (a web process before it forks its workers)."""
    _tokenizer()


def add_words(words) -> None:
    """Teach the tokenizer more of the congress's own terms (unit names, delegations)."""
    tk = _tokenizer()
    for w in words:
        if w and len(w) >= 2:
            tk.add_word(w, freq=30000)


def _clean(tokens) -> list[str]:
    out = []
    for t in tokens:
        t = t.strip().lower()
        if not t or t in STOPWORDS or not _WORD_RE.search(t):
            continue
        if len(t) == 1 and not t.isdigit():
            continue  # single characters match everything
        out.append(t)
    return out


def words(text: str) -> list[str]:
    """The words of `text` for matching: precise cut, no stopwords or single characters."""
    return _clean(_tokenizer().cut(text or ""))


def index_words(text: str) -> list[str]:
    """The words of `text` for an index: the search cut (乡村振兴 also as 乡村, 振兴)."""
    return _clean(_tokenizer().cut_for_search(text or ""))


def index_text(*parts: str) -> str:
    """Space-joined words, what the full-text index stores (PostgreSQL 'simple' config, FTS5)."""
    return " ".join(w for part in parts for w in index_words(part))


def expand(word: str) -> tuple[str, ...]:
    """The word and its synonyms."""
    return _SYNONYM.get(word, (word,))


def query_groups(q: str) -> list[list[list[tuple[str, ...]]]]:
    """A query as AND of groups, one per word. A group is a list of alternatives (OR); an alternative
    is words that must all be there (AND), each with its synonyms (OR). A long word is also its
    parts: 乡村教师 is (乡村教师) or (乡村|农村 and 教师), so a text that says 农村……教师 is found."""
    groups, seen = [], set()
    for w in words(q):
        if w in seen:
            continue
        seen.add(w)
        alternatives = [[expand(w)]]
        if len(w) >= 3:
            parts = [p for p in _clean(_tokenizer().cut_for_search(w)) if p != w and len(p) >= 2]
            # The parts the search cut gives that do not overlap each other, in order.
            chosen, covered = [], 0
            for p in sorted(parts, key=lambda p: (w.find(p), -len(p))):
                at = w.find(p)
                if at >= covered:
                    chosen.append(p)
                    covered = at + len(p)
            if len(chosen) >= 2:
                alternatives.append([expand(p) for p in chosen])
        groups.append(alternatives)
    return groups


def query_terms(q: str) -> set[str]:
    """Every word a query could match, for highlighting."""
    return {w for g in query_groups(q) for alt in g for syn in alt for w in syn}


def parse_number(q: str) -> tuple[str, int] | None:
    """('session' | 'intersession', number) if `q` is a registered number such as 第860号 or 闭08号."""
    m = NUMBER_RE.match(q or "")
    if not m:
        return None
    return ("session" if m.group(1) == "第" else "intersession", int(m.group(2)))


@cache
def _idf() -> dict[str, float]:
    """jieba's shipped IDF table, read as `jieba.analyse` reads it, without importing that package:
    it loads the part-of-speech tagger's dictionary too, about a second per process for nothing here."""
    import jieba

    idf = {}
    for line in (Path(jieba.__file__).parent / "analyse" / "idf.txt").read_text(encoding="utf-8").splitlines():
        word, freq = line.strip().split(" ")
        idf[word] = float(freq)
    return idf


def keywords(text: str, n: int = 8) -> list[str]:
    """The `n` words of `text` that say most about its subject (TF-IDF with jieba's shipped IDF)."""
    idf = _idf()
    median = 10.0
    counts: dict[str, int] = {}
    for w in words(text):
        counts[w] = counts.get(w, 0) + 1
    scored = sorted(counts, key=lambda w: -(1 + math.log(counts[w])) * idf.get(w, median) * min(len(w), 4))
    return scored[:n]
