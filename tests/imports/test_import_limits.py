"""An uploaded workbook cannot make the import use unbounded time, memory or storage (issue 12).

The probe's 304 KB .xlsx drove the server to 3.4 GB for 16 s and stored 314 MB in ImportJob.rows;
3 million empty rows took 18 s. Here: a zip bomb is refused before openpyxl opens it, in a subprocess
whose peak memory is measured; empty rows stop the reading; one long shared string repeated in
every cell cannot fill the job.
"""

import functools
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile

import pytest
from django.conf import settings

from imports import excel
from imports.models import ImportJob

from .test_excel_import import GOOD, HEAD, xlsx

MB = 1024 * 1024


def _with_sheet(sheet_chunks, *, inflated_name="xl/worksheets/sheet1.xml") -> bytes:
    """A real workbook whose first sheet is replaced by what `sheet_chunks` yields, deflated as it streams."""
    template = xlsx(GOOD).getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != inflated_name:
                dst.writestr(info, src.read(info))
        with dst.open(inflated_name, "w", force_zip64=True) as f:
            for chunk in sheet_chunks:
                f.write(chunk)
    return out.getvalue()


def _head_row() -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEAD))
    return f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{cells}</row>'.encode()


@functools.cache
def zip_bomb(inflated=100 * MB) -> bytes:
    """A sheet of `inflated` bytes of one repeated cell: a few hundred KB on the wire."""
    cell = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"

    def chunks():
        yield _head_row()
        block = cell * (MB // len(cell))
        for _ in range(inflated // len(block)):
            yield block
        yield b"</sheetData></worksheet>"

    return _with_sheet(chunks())


def test_the_zip_bomb_is_small_on_the_wire_and_huge_inflated():
    bomb = zip_bomb()
    with zipfile.ZipFile(io.BytesIO(bomb)) as z:
        inflated = sum(i.file_size for i in z.infolist())
    assert len(bomb) < 300 * 1024 and inflated > 90 * MB  # over 300:1


def test_a_zip_bomb_is_refused_quickly_within_bounded_memory(tmp_path):
    """Measured in a fresh process: its peak RSS is what reading the bomb cost, nothing else."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb())
    script = (
        "import json, os, resource, sys, time, django\n"
        "django.setup()\n"
        "from imports import excel\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "t = time.monotonic()\n"
        "try:\n"
        "    excel.read(open(sys.argv[1], 'rb'))\n"
        "    message = None\n"
        "except excel.BadWorkbook as e:\n"
        "    message = str(e)\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'message': message, 'seconds': time.monotonic() - t, 'grew_kb': after - before}))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jianyi.settings", "DEBUG": "true"}
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=60,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["message"] and "未保存" in result["message"]
    assert result["seconds"] < 2
    assert result["grew_kb"] < 50 * 1024  # the unchecked import grew by 3.4 GB


def test_the_import_page_refuses_the_bomb_and_stores_nothing(client, world):
    client.force_login(world.office)
    bomb = io.BytesIO(zip_bomb())
    bomb.name = "台账.xlsx"
    assert client.get("/office/imports/").status_code == 200  # templates and URLs loaded before measuring
    tracemalloc.start()
    started = time.monotonic()
    response = client.post("/office/imports/", {"session": world.session.pk, "file": bomb})
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200 and "文件解压后过大" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert elapsed < 3 and peak < 30 * MB


def _sheet_with_empty_rows(empty: int) -> bytes:
    def chunks():
        yield _head_row()
        data = "".join(
            f'<c r="{chr(65 + i)}2" t="inlineStr"><is><t>{v or ""}</t></is></c>' for i, v in enumerate(GOOD[0])
        )
        yield f'<row r="2">{data}</row>'.encode()
        for n in range(3, empty + 3, 10_000):
            yield "".join(f'<row r="{r}"/>' for r in range(n, min(n + 10_000, empty + 3))).encode()
        far = empty + 10
        yield f'<row r="{far}"><c r="B{far}" t="inlineStr"><is><t>far</t></is></c></row>'.encode()
        yield b"</sheetData></worksheet>"

    return _with_sheet(chunks())


def test_a_million_empty_rows_are_refused_quickly():
    """The probe's file of 3 million empty rows took 18 s; without a <dimension> openpyxl parses them all."""
    sheet = _sheet_with_empty_rows(1_000_000)
    started = time.monotonic()
    with pytest.raises(excel.BadWorkbook, match="含空行"):
        excel.read(io.BytesIO(sheet))
    assert time.monotonic() - started < 2


def test_reading_stops_after_a_run_of_empty_rows():
    rows = excel.read(io.BytesIO(_sheet_with_empty_rows(excel.MAX_BLANK_RUN + 10)))
    assert [r["row"] for r in rows] == [2]


def test_the_text_kept_on_the_job_is_capped(monkeypatch):
    """One shared string can fill every cell of a small file; what the job keeps is counted, not the file."""
    monkeypatch.setattr(excel, "MAX_TOTAL_CHARS", 50_000)
    long = "很长的正文" * 1000  # 5,000 characters: 75,000 in all
    rows = [[None, f"标题{n}", "王建国", "郑州代表团", "", "科教文卫", long, "", "", ""] for n in range(15)]
    with pytest.raises(excel.BadWorkbook, match="内容过多"):
        excel.read(xlsx(rows))


def test_a_cell_longer_than_any_suggestion_is_refused():
    rows = [[None, "标题", "王建国", "郑州代表团", "", "科教文卫", "字" * (excel.MAX_CELL_CHARS + 1), "", "", ""]]
    with pytest.raises(excel.BadWorkbook, match=f"第2行“正文”超过{excel.MAX_CELL_CHARS}字"):
        excel.read(xlsx(rows))


def test_a_file_that_is_not_a_workbook_is_refused_by_content(client, world):
    client.force_login(world.office)
    fake = io.BytesIO(b"%PDF-1.4 not a workbook")
    fake.name = "台账.xlsx"
    response = client.post("/office/imports/", {"session": world.session.pk, "file": fake})
    assert "只接受Excel（.xlsx）文件" in response.content.decode() and not ImportJob.objects.exists()


def test_the_job_keeps_the_uploaders_file_name(client, world):
    client.force_login(world.office)
    good = xlsx(GOOD)
    good.name = "十四届一次会议建议.xlsx"
    response = client.post("/office/imports/", {"session": world.session.pk, "file": good})
    assert response.status_code == 302
    assert ImportJob.objects.get().file_name == "十四届一次会议建议.xlsx"
