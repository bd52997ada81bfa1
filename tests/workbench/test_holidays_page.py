"""The office's holiday calendar page: only the office, errors named by line, a schedule saved and shown again."""

import pytest

from congress.models import CalendarYear
from tests.core.test_holiday_calendar import SCHEDULE_2027


@pytest.mark.django_db
def test_the_office_keeps_the_calendar_in_a_page_of_its_own(world, client):
    w = world
    client.force_login(w.handler)
    assert client.get("/office/holidays/").status_code == 403
    client.force_login(w.office)
    page = client.get("/office/holidays/")
    assert page.status_code == 200 and "2027" in page.content.decode()

    bad = client.post("/office/holidays/", {"year": 2027, "notice": "", "schedule": "春节 2027-02-30"})
    assert bad.status_code == 200 and "第1行日期不存在" in bad.content.decode()
    assert not CalendarYear.objects.exists()

    good = client.post(
        "/office/holidays/", {"year": 2027, "notice": "国办发明电〔2026〕7号", "schedule": SCHEDULE_2027}
    )
    assert good.status_code == 302
    assert CalendarYear.objects.get(year=2027).days.count() == 20
    again = client.get("/office/holidays/?year=2027").content.decode()
    assert "春节 2027-02-06 至 2027-02-13" in again and "上班 2027-02-14" in again
