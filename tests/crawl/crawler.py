"""A breadth-first crawl of the site as one user sees it, through Django's test client.

It follows every same-origin link (`<a href>`, `hx-get`, `<link rel=icon>`) from the pages the user
reaches, then the URL patterns the links did not reach, and collects what a user would notice:
a server error, English or developer text in a page, a link that answers 403/404 to the user who
was shown it, or a download that does not open.
"""

import csv
import io
import json
import re
import urllib.parse
from collections import defaultdict, deque
from dataclasses import dataclass, field

import docx
import lxml.html
import openpyxl
from django.conf import settings
from django.urls import Resolver404, resolve, reverse

# Latin words a Chinese page may show. Single letters (A/B/C/D类) never count as English.
ALLOWED_WORDS = {
    "Microsoft",  # app names a person installs: "Microsoft Authenticator"
    "Authenticator",
    "Google",
    "JPEG",  # file types a person picks: PDF, DOCX, XLSX, JPEG, PNG
    "PNG",
    "API", "Excel", "Word", "PDF", "CSV", "URL", "ID", "htmx", "ECharts", "OpenAPI", "JSON", "SMS",
    "email", "Email", "E-mail", "WeChat", "xlsx", "docx", "HTTP", "HTTPS", "REST", "v1", "Token",
    "Wilson", "jianyi", "Jianyi", "Redis", "RQ", "cron", "CAPTCHA", "GB", "MB", "KB", "A4", "Ctrl", "Shift",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*[A-Za-z0-9]")
# Parts of a page that are not text a user reads.
# Not UI text: scripts and styles, a QR code's drawing, and codes (secrets, tokens, URIs) shown as data.
INVISIBLE = "script", "style", "template", "noscript", "svg", "code"
# Never crawled: Django's admin (the system administrator's own English-capable tool), the API
# (JSON, checked against its OpenAPI schema by the fuzz test) and logging out.
SKIP_PREFIXES = ("/admin/", "/api/", "/accounts/logout/")
PER_ROUTE = 4  # distinct URLs visited per (route, query keys): bounded, yet every kind of page


@dataclass
class Finding:
    kind: str  # "5xx", "english", "dead-link", "download"
    url: str
    detail: str
    via: str = ""

    def __str__(self) -> str:
        via = f" (linked from {self.via})" if self.via else ""
        return f"[{self.kind}] {self.url}{via}: {self.detail}"


@dataclass
class Crawl:
    client: object
    authenticated: bool
    findings: list[Finding] = field(default_factory=list)
    visited: dict[str, int] = field(default_factory=dict)
    per_route: dict[tuple, int] = field(default_factory=lambda: defaultdict(int))
    downloads: list[str] = field(default_factory=list)
    max_pages: int = 400

    def run(self, starts: list[str], patterns: list[str]) -> "Crawl":
        queue: deque[tuple[str, str]] = deque((u, "") for u in starts)
        self._drain(queue, linked=True)
        # Every URL pattern the links did not reach, with ids the user can see: no 5xx, no English.
        queue.extend((u, "") for u in patterns if u not in self.visited)
        self._drain(queue, linked=False)
        return self

    def _drain(self, queue, *, linked: bool) -> None:
        while queue and len(self.visited) < self.max_pages:
            url, via = queue.popleft()
            if url in self.visited or not self._admit(url):
                continue
            for link in self.visit(url, via, linked=linked and bool(via)):
                if link not in self.visited:
                    queue.append((link, url))

    def _admit(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404:
            return True  # visited once, so a dead link is reported
        key = (match.view_name, tuple(sorted(urllib.parse.parse_qs(parts.query))))
        if self.per_route[key] >= PER_ROUTE:
            return False
        self.per_route[key] += 1
        return True

    def visit(self, url: str, via: str, *, linked: bool) -> list[str]:
        response = self.client.get(url)
        self.visited[url] = response.status_code
        status = response.status_code
        if status >= 500:
            self.findings.append(Finding("5xx", url, str(status), via))
            return []
        if status in (301, 302, 303, 307, 308):
            target = response["Location"]
            if self.authenticated and urllib.parse.urlsplit(target).path == reverse(settings.LOGIN_URL):
                if linked:
                    self.findings.append(Finding("dead-link", url, "登录用户被转到登录页", via))
                return []
            return [target] if _same_origin(target) else []
        if status in (403, 404) and linked:
            self.findings.append(Finding("dead-link", url, str(status), via))
        if status == 405:
            return []
        body = b"".join(response.streaming_content) if response.streaming else response.content
        ctype = response.get("Content-Type", "").split(";")[0].strip()
        disposition = response.get("Content-Disposition", "")
        if "attachment" in disposition or ctype not in ("text/html", ""):
            self.downloads.append(url)
            problem = check_download(ctype, disposition, body)
            if problem:
                self.findings.append(Finding("download", url, problem, via))
            return []
        html = body.decode(response.charset or "utf-8")
        words = english_words(html)
        if words:
            self.findings.append(Finding("english", url, " ".join(sorted(words)[:12]), via))
        return links_in(html, url)


def _same_origin(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(SKIP_PREFIXES)


def links_in(html: str, base: str) -> list[str]:
    if not html.strip():
        return []
    tree = lxml.html.fromstring(html)
    found = []
    for el in tree.iter():
        if el.tag == "a":
            target = el.get("href")
        elif el.tag == "link" and "icon" in (el.get("rel") or ""):
            target = el.get("href")
        else:
            target = el.get("hx-get")
        if not target or target.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        absolute = urllib.parse.urljoin(base, target)
        parts = urllib.parse.urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.netloc not in ("testserver", ""):
            continue
        local = urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
        if not local.startswith(SKIP_PREFIXES):
            found.append(local)
    return found


def visible_text(html: str) -> str:
    if not html.strip():
        return ""
    tree = lxml.html.fromstring(html)
    for el in tree.iter(*INVISIBLE):
        el.drop_tree()
    texts = [tree.text_content()]
    # What a user reads outside the text: placeholders, tooltips, button values, image alternatives.
    for el in tree.iter():
        for attr in ("placeholder", "title", "alt", "aria-label"):
            if el.get(attr):
                texts.append(el.get(attr))
        if el.tag == "input" and el.get("type") in ("submit", "button") and el.get("value"):
            texts.append(el.get("value"))
    return "\n".join(texts)


def english_words(html: str) -> set[str]:
    return {w for w in WORD.findall(visible_text(html)) if w not in ALLOWED_WORDS and not w.isdigit()}


def filename_of(disposition: str) -> str:
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition, re.IGNORECASE)
    return urllib.parse.unquote(match.group(1)) if match else ""


def check_download(ctype: str, disposition: str, body: bytes) -> str:
    """'' if the file opens and carries a Chinese name, else what is wrong."""
    name = filename_of(disposition)
    try:
        if ctype.endswith("spreadsheetml.sheet") or name.endswith(".xlsx"):
            openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        elif ctype.endswith("wordprocessingml.document") or name.endswith(".docx"):
            docx.Document(io.BytesIO(body))
        elif ctype == "text/csv" or name.endswith(".csv"):
            list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        elif ctype == "application/pdf" or name.endswith(".pdf"):
            if not body.startswith(b"%PDF"):
                return "PDF 文件头不对"
        elif ctype == "application/json":
            json.loads(body)
        elif ctype.startswith("image/"):
            if not body:
                return "空图片"
        elif ctype.startswith("text/"):
            body.decode("utf-8")
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return f"打不开：{exc!r}"
    if "attachment" in disposition and not re.search(r"[\u4e00-\u9fff]", name):
        return f"下载文件名不是中文（RFC 5987 filename*）：{disposition!r}"
    return ""
