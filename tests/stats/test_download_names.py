"""Downloads carry Chinese names a clerk can file as they come (RFC 5987 filename*)."""

from urllib.parse import unquote

from stats.models import ExportJob
from tests.world import advance


def _name(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''"), header
    return unquote(header.split("''", 1)[1])


def test_reply_letter_and_report_are_named_in_chinese(world, client):
    s = advance(world, world.new_draft(), "replied")
    client.force_login(world.office)
    assert _name(client.get(f"/stats/letters/{s.pk}/")) == f"{s.display_number}建议答复函.docx"
    assert _name(client.get("/stats/report.docx")) == f"{world.session.name}代表建议办理情况报告.docx"


def test_office_csv_names_the_session_it_lists(world, client):
    client.force_login(world.office)
    name = _name(client.get(f"/office/suggestions.csv?session={world.session.pk}"))
    assert name.startswith(f"{world.session.name}代表建议清单-") and name.endswith(".csv")


def test_an_export_of_one_session_is_named_after_it(world):
    job = ExportJob(kind=ExportJob.Kind.LEDGER, params={"session": world.session.pk}, requested_by=world.office)
    assert job.filename.startswith(f"{world.session.name}建议办理台账-")
    filtered = ExportJob(
        kind=ExportJob.Kind.FILTERED, params={"session": [str(world.session.pk)]}, requested_by=world.office
    )
    assert filtered.filename.startswith(f"{world.session.name}当前筛选结果-")
