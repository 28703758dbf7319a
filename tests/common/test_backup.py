"""`ntm backup` / `ntm restore`: a backup taken while a thread writes restores to the same rows and media."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from ntm.common import backup
from ntm.common.backup import Target, create_backup, postgres_tables, restore_backup, sqlite_tables
from ntm.common.errors import BadInput

SQLITE = "django.db.backends.sqlite3"
INSERT = ("INSERT INTO monitoring_observation (unit_id, set_family, criterion, indicator, period_key, period_end, "
          "value, assessed, evidence_note, evidence_file, source, review_state, updated_at, version) "
          "VALUES ({p}, 'backup-test', 1, {p}, '2024-Q1', '2024-03-31', 1, '', '', '', 'entered', 'draft', "
          "'2024-04-01 00:00:00', 1)")


def _media(root: Path) -> dict[str, bytes]:
    files = {"evidence/2024/biên-bản.pdf": b"%PDF-1.4 bien ban", "imports/bao-cao.txt": "Báo cáo quý".encode()}
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


class Writer(threading.Thread):
    """Inserts observations, one committed row at a time, until stopped."""

    def __init__(self, connect, placeholder: str) -> None:
        super().__init__(daemon=True)
        self.connect, self.placeholder = connect, placeholder
        self.stop, self.written, self.error = threading.Event(), 0, None

    def run(self) -> None:
        con = self.connect()
        try:
            unit_id = con.execute("SELECT min(id) FROM geo_unit").fetchone()[0]
            while not self.stop.is_set():
                con.execute(INSERT.format(p=self.placeholder), (unit_id, f"x{self.written}"))
                con.commit()
                self.written += 1
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.error = exc
        finally:
            con.close()

    def wait_for(self, rows: int) -> None:
        deadline = time.monotonic() + 30
        while self.written < rows and self.error is None and time.monotonic() < deadline:
            time.sleep(0.01)


def _sqlite_copy_of_test_database(path: Path) -> None:
    """The test database (units loaded, every table migrated) as a SQLite file in WAL mode."""
    connection.ensure_connection()
    dest = sqlite3.connect(path)
    dest.execute("PRAGMA journal_mode=WAL")
    # Not .backup(): the test connection's open transaction on the shared in-memory database blocks it.
    dest.executescript("\n".join(connection.connection.iterdump()))
    dest.close()


needs_sqlite = pytest.mark.skipif("connection.vendor != 'sqlite'")
needs_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'")


@needs_sqlite
@pytest.mark.django_db
def test_sqlite_backup_under_writes_restores_the_same_rows_and_media(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    _sqlite_copy_of_test_database(data / "ntm.sqlite3")
    media = _media(data / "media")
    live = Target({"ENGINE": SQLITE, "NAME": data / "ntm.sqlite3"}, data / "media")
    writer = Writer(lambda: sqlite3.connect(data / "ntm.sqlite3", timeout=30), "?")
    writer.start()
    try:
        writer.wait_for(20)
        manifest = create_backup(tmp_path / "out" / "ntm.tar.gz", live)
        written_during = writer.written
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    assert 0 < manifest["tables"]["monitoring_observation"]["rows"] <= written_during
    assert writer.written > manifest["tables"]["monitoring_observation"]["rows"]  # writes went on meanwhile

    fresh = Target({"ENGINE": SQLITE, "NAME": tmp_path / "fresh" / "ntm.sqlite3"}, tmp_path / "fresh" / "media")
    restore_backup(tmp_path / "out" / "ntm.tar.gz", fresh)

    assert sqlite_tables(fresh.database["NAME"]) == manifest["tables"]
    assert manifest["tables"]["geo_unit"]["rows"] > 10_000
    for name, content in media.items():
        restored = fresh.media_root / name
        assert restored.read_bytes() == content
        assert hashlib.sha256(content).hexdigest() == manifest["files"][f"media/{name}"]
    assert {"created_at", "ntm_version", "database_engine", "tables", "files"} <= set(manifest)
    assert manifest["database_engine"] == "sqlite"


@needs_sqlite
@pytest.mark.django_db
def test_restore_refuses_a_target_with_data_unless_forced(tmp_path):
    _sqlite_copy_of_test_database(tmp_path / "a.sqlite3")
    source = Target({"ENGINE": SQLITE, "NAME": tmp_path / "a.sqlite3"}, tmp_path / "media-a")
    create_backup(tmp_path / "b.tar.gz", source)
    with pytest.raises(BadInput) as refused:
        restore_backup(tmp_path / "b.tar.gz", source)
    assert refused.value.field == "force"
    restore_backup(tmp_path / "b.tar.gz", source, force=True)
    assert list(tmp_path.glob("a.sqlite3.before-restore-*"))  # the replaced database is kept aside


@needs_sqlite
@pytest.mark.django_db
def test_restore_checks_checksums_before_replacing_anything(tmp_path):
    _sqlite_copy_of_test_database(tmp_path / "a.sqlite3")
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "x.txt").write_text("thật")
    create_backup(tmp_path / "b.tar.gz", Target({"ENGINE": SQLITE, "NAME": tmp_path / "a.sqlite3"},
                                                tmp_path / "media"))
    with tarfile.open(tmp_path / "b.tar.gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    members["media/x.txt"] = "giả".encode()  # changed after the manifest was written
    with tarfile.open(tmp_path / "bad.tar.gz", "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, __import__("io").BytesIO(content))
    fresh = Target({"ENGINE": SQLITE, "NAME": tmp_path / "fresh" / "ntm.sqlite3"}, tmp_path / "fresh" / "media")
    with pytest.raises(BadInput, match="checksum"):
        restore_backup(tmp_path / "bad.tar.gz", fresh)
    assert not (tmp_path / "fresh" / "ntm.sqlite3").exists()
    wrong_engine = Target({"ENGINE": "django.db.backends.postgresql", "NAME": "x"}, tmp_path / "m")
    with pytest.raises(BadInput, match="postgresql"):
        restore_backup(tmp_path / "b.tar.gz", wrong_engine)


@needs_sqlite
@pytest.mark.django_db
def test_backup_command_writes_the_archive_of_the_configured_target(tmp_path, monkeypatch, capsys):
    _sqlite_copy_of_test_database(tmp_path / "a.sqlite3")
    monkeypatch.setattr(backup, "configured_target",
                        lambda: Target({"ENGINE": SQLITE, "NAME": tmp_path / "a.sqlite3"}, tmp_path / "media"))
    call_command("backup", "--out", str(tmp_path / "x.tar.gz"))
    assert "Đã sao lưu" in capsys.readouterr().out
    with tarfile.open(tmp_path / "x.tar.gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["files"].keys() == {"database/ntm.sqlite3"}


@needs_postgres
@pytest.mark.django_db
def test_postgres_backup_under_writes_restores_the_same_rows_and_media(tmp_path):
    import psycopg

    settings = dict(connection.settings_dict)
    live = Target(settings, tmp_path / "media")
    media = _media(tmp_path / "media")

    def connect():
        return backup._pg_connect(settings)

    writer = Writer(connect, "%s")
    fresh = Target({**settings, "NAME": f"ntm_restore_test_{threading.get_native_id()}"}, tmp_path / "fresh")
    writer.start()
    try:
        writer.wait_for(20)
        manifest = create_backup(tmp_path / "ntm.tar.gz", live)
        written_during = writer.written
    finally:
        writer.stop.set()
        writer.join()
    try:
        assert writer.error is None
        observed = manifest["tables"]["monitoring_observation"]["rows"]
        assert 0 < observed <= written_during
        restore_backup(tmp_path / "ntm.tar.gz", fresh)
        with backup._pg_connect(fresh.database) as con, con.cursor() as cursor:
            assert postgres_tables(cursor) == manifest["tables"]
        for name, content in media.items():
            assert (fresh.media_root / name).read_bytes() == content
    finally:
        with psycopg.connect(**_params(settings), autocommit=True) as con:
            con.execute("DELETE FROM monitoring_observation WHERE set_family = 'backup-test'")
        with psycopg.connect(**{**_params(settings), "dbname": "postgres"}, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{fresh.database["NAME"]}"')


def _params(settings: dict) -> dict:
    return {"dbname": settings["NAME"], "host": settings.get("HOST") or None, "port": settings.get("PORT") or None,
            "user": settings.get("USER") or None, "password": settings.get("PASSWORD") or None}
