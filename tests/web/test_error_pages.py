"""Under `make run` (DEBUG off) errors show our Chinese pages; tracebacks go to the log only."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

from tests.crawl.crawler import english_words

ROOT = Path(__file__).resolve().parents[2]


def _boom(request):
    raise RuntimeError("secret internals: table suggestions_suggestion")


urlpatterns = [path("boom/", _boom)]


@pytest.fixture
def with_boom(settings):
    from jianyi import urls

    settings.ROOT_URLCONF = __name__
    urlpatterns[1:] = urls.urlpatterns
    yield


def test_make_run_serves_with_debug_off_and_collects_static():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nrun: install\n", 1)[1].split("\n\n", 1)[0]
    assert "run: export DEBUG = false" in makefile
    assert "collectstatic" in recipe and "runserver" in recipe


@pytest.mark.django_db
def test_a_missing_page_is_our_chinese_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in text and not english_words(text)


@pytest.mark.django_db
def test_a_server_error_is_our_chinese_500_without_the_traceback(with_boom, settings, caplog):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    text = response.content.decode()
    assert response.status_code == 500 and "系统出现错误" in text
    assert "secret internals" not in text and "Traceback" not in text
    assert "secret internals" in caplog.text  # the log has it


@pytest.mark.django_db
def test_a_stale_form_is_a_chinese_csrf_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.office)
    response = client.post("/supervision/read/")
    text = response.content.decode()
    assert response.status_code == 403 and "页面已过期" in text and not english_words(text)


@pytest.mark.django_db
def test_bad_request_page_is_chinese(rf):
    from django.views.defaults import bad_request

    response = bad_request(rf.get("/"), Exception("x"))
    assert response.status_code == 400 and "请求有误" in response.content.decode()


@pytest.mark.django_db
def test_favicon_is_a_real_icon(client):
    response = client.get("/favicon.ico", follow=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body[:4] == b"\x00\x00\x01\x00"  # an ICO file
