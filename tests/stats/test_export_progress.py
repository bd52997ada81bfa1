"""The export page's progress keeps updating until 下载 shows: simulated the way htmx swaps and polls.

The polled fragment used to inherit the form's hx-target (#job-ledger) and replace it with outerHTML,
so from the second poll on its target was gone (htmx:targetError every second, frozen at 生成中 0/N).
"""

import lxml.html
import pytest

from stats import jobs
from stats.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.STATS_EXPORT_IN_THREAD = False


def _declaring(el, attr):
    """htmx attribute inheritance: the element itself or its nearest ancestor that sets `attr`."""
    while el is not None and el.get(attr) is None:
        el = el.getparent()
    return el


def _target(doc, el):
    holder = _declaring(el, "hx-target")
    if holder is None:
        return el
    spec = holder.get("hx-target")
    if spec == "this":
        return holder
    assert spec.startswith("#"), spec
    found = doc.xpath(f'//*[@id="{spec[1:]}"]')
    return found[0] if found else None


def _swap(doc, el, html):
    target = _target(doc, el)
    assert target is not None, f"htmx:targetError: {_declaring(el, 'hx-target').get('hx-target')} is gone"
    holder = _declaring(el, "hx-swap")
    how = holder.get("hx-swap") if holder is not None else "innerHTML"
    new = lxml.html.fragments_fromstring(html)
    if how == "outerHTML":
        parent, index = target.getparent(), target.getparent().index(target)
        parent.remove(target)
        for n, node in enumerate(new):
            parent.insert(index + n, node)
    else:
        assert how == "innerHTML", how
        for child in list(target):
            target.remove(child)
        target.text = None
        for node in new:
            target.append(node)


def _pollers(doc):
    return doc.xpath('//*[contains(@hx-trigger, "every")]')


def _poll_all(client, doc):
    for poller in _pollers(doc):
        _swap(doc, poller, client.get(poller.get("hx-get")).content.decode())


def test_export_progress_keeps_polling_until_the_download_link(client, world):
    client.force_login(world.office)
    job = ExportJob.objects.create(requested_by=world.office, kind="ledger", params={})
    doc = lxml.html.fromstring(client.get("/stats/exports/").content)
    form = doc.xpath('//form[.//input[@name="kind"][@value="ledger"]]')[0]
    _swap(doc, form, client.post(form.get("hx-post"), {"kind": "ledger"}).content.decode())
    for _ in range(3):  # still running: each poll must find its target again
        assert _pollers(doc) and not doc.xpath('//a[text()="下载"]')
        _poll_all(client, doc)
    jobs.run(job.pk)
    _poll_all(client, doc)
    assert not _pollers(doc)  # done: polling stops
    links = set(doc.xpath('//a[text()="下载"]/@href'))
    assert links == {f"/stats/exports/{job.pk}/download/"}
    assert client.get(links.pop()).status_code == 200
