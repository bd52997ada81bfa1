"""Every htmx request in a template names its own target.

htmx inherits `hx-target` from ancestors: a panel loaded inside a step form (whose `hx-target="this"`
is the form) swapped its answer into the form and wiped the 交办 fields out. The kind of mistake is an
element that sends a request without saying where the answer goes.
"""

from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

REQUESTS = {"hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"}


class _Requests(HTMLParser):
    def __init__(self):
        super().__init__()
        self.untargeted: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if names & REQUESTS and "hx-target" not in names:
            self.untargeted.append(f"<{tag} {' '.join(sorted(names & REQUESTS))}> line {self.getpos()[0]}")


def test_every_htmx_request_names_its_target():
    offenders = []
    base = Path(settings.BASE_DIR)
    for path in [*base.glob("templates/**/*.html"), *base.glob("*/templates/**/*.html")]:
        if ".venv" in path.parts:
            continue
        parser = _Requests()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(base)}: {o}" for o in parser.untargeted]
    assert offenders == []


def test_the_scan_finds_an_untargeted_request():
    parser = _Requests()
    parser.feed('<form hx-post="/x" hx-target="this"><div hx-get="/panel" hx-trigger="load"></div></form>')
    assert parser.untargeted == ["<div hx-get> line 1"]
