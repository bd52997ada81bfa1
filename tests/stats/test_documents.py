"""Word documents open with python-docx and say the right things."""

from datetime import date
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from stats.documents import chinese_date
from suggestions.models import Status
from tests.world import advance

from .fixtures import build_session

pytestmark = pytest.mark.django_db


def _text(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_reply_letter_has_mark_number_deputies_unit_and_signature(client, world):
    s = world.new_draft()
    from suggestions import actions

    actions.invite_cosigners(s, actor=world.deputy, deputies=[world.cosigner.deputy])
    actions.confirm_cosign(s, actor=world.cosigner)
    advance(world, s, Status.REPLIED, category="B")
    client.force_login(world.deputy)
    resp = client.get(f"/stats/letters/{s.pk}/")
    assert resp.status_code == 200
    paras = _text(Document(BytesIO(resp.content)))
    assert paras[0] == "B" and Document(BytesIO(resp.content)).paragraphs[0].alignment == 2  # right
    assert "关于十四届一次会议第1号建议的答复" in paras
    assert "王建国、李秀英代表：" in paras
    assert "王建国代表：您提出的建议收悉，现答复如下……" in paras
    assert "协办单位：河南省民政厅" in paras
    today = chinese_date(timezone.localdate(s.replied_at))
    assert paras[-4:-2] == ["河南省教育厅", today]
    # The sign-off block: the default chain's three levels, each by a different leader of the unit.
    assert paras[-1].startswith("审核签发：")
    table = Document(BytesIO(resp.content)).tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["审核环节", "审核人", "时间"] and [r[0] for r in rows[1:]] == ["第1级审核", "第2级审核", "签发"]
    assert rows[1][1] == "赵强" and len({r[1] for r in rows[1:]}) == 3 and paras[-1] == f"审核签发：{rows[-1][1]}"


def test_reply_letter_is_not_for_outsiders_or_before_a_reply(client, world):
    s = world.new_draft()
    advance(world, s, Status.ASSIGNED)
    client.force_login(world.office)
    assert client.get(f"/stats/letters/{s.pk}/").status_code == 404
    client.force_login(world.outsider)
    assert client.get(f"/stats/letters/{s.pk}/").status_code == 404


def test_annual_report_has_figures_and_tables(client, world):
    build_session(world)
    client.force_login(world.office)
    resp = client.get(f"/stats/report.docx?session={world.session.pk}")
    doc = Document(BytesIO(resp.content))
    text = "\n".join(_text(doc))
    assert "关于十四届一次会议代表建议办理情况的报告" in text
    assert "共收到代表建议8件，交办6件，已办结2件，办结率33.3%" in text
    assert "满意率100.0%（其中满意1件，基本满意1件）" in text
    figures_table, units_table, fields_table = doc.tables
    rows = [[c.text for c in r.cells] for r in figures_table.rows]
    assert ["办结率", "2", "6", "33.3%"] == rows[1][:4]
    units = [[c.text for c in r.cells] for r in units_table.rows]
    assert units[1][:3] == ["省教育厅", "5", "40.0%"] and units[2][:3] == ["省交通运输厅", "1", "0.0%"]
    assert [c.text for c in fields_table.rows[1].cells][:2] == ["科教文卫", "8"]


def test_chinese_date():
    assert chinese_date(date(2024, 3, 15)) == "二〇二四年三月十五日"
    assert chinese_date(date(2023, 12, 30)) == "二〇二三年十二月三十日"
