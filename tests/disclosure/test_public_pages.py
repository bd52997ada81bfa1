import csv
import io
import json

from django.urls import reverse

from congress.models import Deputy
from evaluations import services as evaluations
from tests import world as w

from .builders import COSIGNER_PERSONAL, PERSONAL, published_world


def _public_urls(world, s):
    session = world.session.pk
    return [
        (reverse("public:home"), "十四届一次会议"),
        (reverse("public:catalogue", args=[session]), "王建国"),
        (reverse("public:catalogue", args=[session]) + "?q=心理", "王建国"),
        (reverse("public:catalogue", args=[session]) + f"?field={world.field.pk}&unit={world.lead_unit.pk}", "王建国"),
        (reverse("public:suggestion", args=[s.pk]), "配齐心理教师"),
        (reverse("public:results", args=[session]), "省教育厅"),
        (reverse("public:open_data"), "CSV"),
        (reverse("public:csv", args=[session, "catalogue"]), "配齐心理教师"),
        (reverse("public:csv", args=[session, "results"]), "省教育厅"),
        (reverse("public:json", args=[session]), "配齐心理教师"),
        (reverse("public:awards"), "王建国"),
        ("/api/v1/public/suggestions/", "配齐心理教师"),
        (f"/api/v1/public/suggestions/{s.pk}/", "配齐心理教师"),
        (f"/api/v1/public/sessions/{session}/results/", "省教育厅"),
        ("/api/v1/public/awards/", "王建国"),
    ]


def test_no_public_page_shows_personal_data(world, client):
    s = published_world(world)
    rnd = evaluations.open_round(actor=world.office, session=world.session, name="十四届一次会议评选")
    noms = evaluations.nominate(rnd, actor=world.office, suggestions=[s.pk], units=[world.lead_unit.pk])
    evaluations.decide(rnd, actor=world.office, awarded_ids=[n.pk for n in noms])
    evaluations.publish(rnd, actor=world.office)
    secrets = [v for d in Deputy.objects.all() for v in (d.phone, d.id_number, d.address) if v]
    secrets += ["wangjg@example.com", "65901234", "纬五路21号", "凯旋东路66号"]
    assert PERSONAL["phone"] in secrets and COSIGNER_PERSONAL["id_number"] in secrets
    for url, expected in _public_urls(world, s):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response).decode("utf-8-sig")  # CSV streams; iterating works for both kinds
        assert expected in body, (url, expected)
        for secret in secrets:
            assert secret not in body, (url, secret)
        if "json" not in url and ".csv" not in url and "/api/" not in url:
            assert "<html" in body


def test_suggestion_page_shows_title_deputies_units_and_reply(world, client):
    s = published_world(world)
    html = client.get(reverse("public:suggestion", args=[s.pk])).content.decode()
    for text in [
        s.title,
        s.display_number,
        "王建国",
        "李秀英",
        "河南省教育厅",
        "河南省民政厅",
        "配齐心理教师",
        "现答复如下",
    ]:
        assert text in html
    assert "［已隐去手机号］" in html


def test_unpublished_catalogue_is_not_public(world, client):
    s = world.new_draft()
    w.advance(world, s, "handling")
    assert client.get(reverse("public:catalogue", args=[world.session.pk])).status_code == 404
    assert client.get(reverse("public:suggestion", args=[s.pk])).status_code == 404


def test_search_finds_published_text_but_not_hidden_personal_data(world, client):
    published_world(world)
    url = reverse("public:catalogue", args=[world.session.pk])
    assert "关于加强农村留守儿童" in client.get(url, {"q": "配齐心理教师"}).content.decode()
    assert "关于加强农村留守儿童" not in client.get(url, {"q": PERSONAL["phone"]}).content.decode()
    assert "没有找到符合条件的建议" in client.get(url, {"unit": world.other_unit.pk}).content.decode()


def test_catalogue_paginates(world, client, settings):
    from disclosure import views

    published_world(world)
    for i in range(3):
        s = world.new_draft(title=f"关于第{i}件事的建议")
        w.advance(world, s, "registered")
    views.PER_PAGE, old = 2, views.PER_PAGE
    try:
        html = client.get(reverse("public:catalogue", args=[world.session.pk])).content.decode()
        assert "第 1 / 2 页" in html and "下一页" in html
    finally:
        views.PER_PAGE = old


def test_csv_has_a_bom_and_json_is_the_same_catalogue(world, client):
    s = published_world(world)
    response = client.get(reverse("public:csv", args=[world.session.pk, "catalogue"]))
    assert response.streaming  # a 10,000-suggestion session never sits in memory
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["标题"] == s.title and rows[0]["主办单位"] == "省教育厅" and rows[0]["答复类别"]
    data = json.loads(client.get(reverse("public:json", args=[world.session.pk])).content)
    assert data["建议目录"][0]["编号"] == s.display_number
    assert data["承办单位办理结果"][0]["承办单位"] == "省教育厅"
    assert data["承办单位办理结果"][0]["办结率"] == 1.0


def test_unit_results_show_rates_from_the_figures(world, client):
    published_world(world)
    html = client.get(reverse("public:results", args=[world.session.pk])).content.decode()
    assert "省教育厅" in html and "100%" in html and "（1/1）" in html


def test_api_gives_results_with_intervals_and_the_awards(world, client):
    published_world(world)
    data = client.get(f"/api/v1/public/sessions/{world.session.pk}/results/").json()
    [unit] = data["units"]
    assert unit["unit"] == "省教育厅" and unit["closed"]["rate"] == 1.0 and unit["closed"]["ci_low"] < 1.0
    assert client.get("/api/v1/public/awards/").json() == []
