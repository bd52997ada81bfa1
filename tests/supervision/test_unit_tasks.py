from supervision.models import Inspection, Notification, ReviewOpinion


def test_office_sends_an_inspection_and_units_see_it(world, api, client):
    data = {
        "title": "省人大常委会对省教育厅建议办理工作专题视察",
        "visited_on": "2024-06-12",
        "units": [world.lead_unit.pk],
        "body": "一、建议办理台账不够完整；二、与代表沟通不够充分。",
        "due_date": "2024-08-31",
    }
    assert api(world.handler).post("/api/v1/inspections/", data, format="json").status_code == 403
    assert api(world.office).post("/api/v1/inspections/", data, format="json").status_code == 201
    assert set(Notification.objects.filter(kind="inspection").values_list("recipient__username", flat=True)) == {
        "handler",
        "leader",
    }
    client.force_login(world.handler)
    assert "专题视察" in client.get("/supervision/tasks/").content.decode()
    client.force_login(world.other_handler)
    assert "省教育厅建议办理工作" not in client.get("/supervision/tasks/").content.decode()
    assert Inspection.objects.get().due_date.isoformat() == "2024-08-31"


def test_office_sends_a_review_opinion_from_the_web_form(world, client):
    client.force_login(world.office)
    r = client.post(
        "/supervision/tasks/review-opinion/",
        {
            "title": "关于代表建议办理情况报告的审议意见",
            "meeting": "省十四届人大常委会第十次会议",
            "units": [world.lead_unit.pk, world.co_unit.pk],
            "body": "进一步提高建议办理质量。",
            "due_date": "2024-12-31",
        },
    )
    assert r.status_code == 302
    assert ReviewOpinion.objects.get().units.count() == 2
    assert Notification.objects.filter(kind="review_opinion").count() == 3
