"""`manage.py backup` / `restore` round-trip the database and the uploaded files to an identical state."""

import hashlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from suggestions.models import Status, Suggestion
from tests.world import advance, build

pytestmark = pytest.mark.django_db(transaction=True)


def fingerprint() -> dict:
    """Every row of every table (by primary key) and every uploaded file's bytes."""
    rows = {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    media = Path(settings.MEDIA_ROOT)
    files = {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest() for p in media.rglob("*") if p.is_file()
    }
    return {"rows": rows, "files": files}


def test_backup_then_restore_gives_back_the_identical_database_and_files(tmp_path):
    w = build()
    replied = advance(w, w.new_draft(), Status.REPLIED)  # carries an uploaded, signed reply letter
    advance(w, w.new_draft(title="关于加快城乡公交一体化的建议"), Status.ASSIGNED)
    before = fingerprint()
    assert before["files"], "the scenario should have an uploaded file to back up"

    call_command("backup", str(tmp_path / "b.tar.gz"))

    # Everything changes after the backup: new rows, a changed row, a lost upload.
    advance(w, w.new_draft(title="关于完善养老服务体系的建议"), Status.SUBMITTED)
    Suggestion.objects.filter(pk=replied.pk).update(title="改动过的标题")
    next(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()).unlink()
    assert fingerprint() != before

    call_command("restore", str(tmp_path / "b.tar.gz"), yes=True)
    assert fingerprint() == before


def test_backup_into_a_folder_names_the_archive_by_date(tmp_path, capsys):
    build()
    call_command("backup", str(tmp_path))
    (archive,) = tmp_path.glob("jianyi-backup-*.tar.gz")
    assert str(archive) in capsys.readouterr().out
    assert not list(tmp_path.glob("*.partial"))


def test_restore_refuses_a_missing_archive(tmp_path):
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "none.tar.gz"), yes=True)
