"""Backups of the database and the uploaded files, as one tar file.

PostgreSQL is dumped with ``pg_dump --format=custom`` (consistent snapshot while the site runs) and
restored with ``pg_restore --clean``; SQLite is copied with its online backup API, which is
consistent under concurrent writers. Uploaded files (MEDIA_ROOT) go in beside the database, and a
manifest says what the archive holds, so ``restore`` refuses an archive of the other engine.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore with a fixed argument list, no shell
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _engine() -> str:
    return connections["default"].vendor  # "postgresql" or "sqlite"


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} 失败：{result.stderr.strip()[:2000]}")


def _dump_database(into: Path) -> str:
    if _engine() == "postgresql":
        env, args = _pg_env_and_args()
        target = into / "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
        return target.name
    target = into / "database.sqlite3"
    connection = connections["default"]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return target.name


def create(destination: Path) -> Path:
    """Write a backup archive to ``destination`` (a file, or a folder to put a dated file in)."""
    destination = Path(destination)
    if destination.is_dir():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"jianyi-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        database_file = _dump_database(Path(tmp))
        manifest = {
            "format": FORMAT_VERSION,
            "engine": _engine(),
            "database": database_file,
            "created_at": timezone.now().isoformat(),
            "migrations": MigrationRecorder(connections["default"]).migration_qs.count(),
        }
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(Path(tmp) / database_file, arcname=database_file)
            if media_root.exists():
                archive.add(media_root, arcname="media")
        partial.replace(destination)  # a crash mid-write never leaves a file that looks complete
    return destination


def restore(source: Path) -> dict:
    """Replace the database and the uploaded files with the archive's. Returns its manifest."""
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(source, "r:gz") as archive:
        archive.extractall(tmp, filter="data")  # the "data" filter refuses absolute paths and links out
        manifest = json.loads((Path(tmp) / "manifest.json").read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError("备份文件格式版本不符")
        if manifest["engine"] != _engine():
            raise BackupError(f"备份来自 {manifest['engine']} 数据库，当前为 {_engine()}，不能直接恢复")
        dump = Path(tmp) / manifest["database"]
        if _engine() == "postgresql":
            connections["default"].close()
            env, args = _pg_env_and_args()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *args,
                    str(dump),
                ],
                env,
            )
        else:
            connection = connections["default"]
            connection.ensure_connection()
            source_db = sqlite3.connect(dump)
            try:
                source_db.backup(connection.connection)
            finally:
                source_db.close()
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            shutil.rmtree(media_root)
        if (Path(tmp) / "media").exists():
            shutil.copytree(Path(tmp) / "media", media_root)
    return manifest
