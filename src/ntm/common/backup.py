"""Backups: the database and the media folder in one archive, with a manifest; and their restore.

The archive (tar.gz) holds `manifest.json`, the database (`database/ntm.sqlite3`, copied by
SQLite's online backup API, safe while the server writes; or `database/ntm.pgdump`, made by
`pg_dump -Fc`) and `media/…` (evidence files, imports). The manifest records when and by which
ntm version it was made, the database engine, every table's row count and content checksum
(taken from the same snapshot the backup holds), and the SHA-256 of every file in the archive.

A restore unpacks next to the target, checks every checksum before anything is replaced, loads
the database, checks the restored tables against the manifest, then moves the media into place.
A database or media folder that already holds data is replaced only when asked (`force`): the
SQLite file and the media folder are then kept aside as `…before-restore-<time>`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm import __version__

from .errors import BadInput

MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/ntm.sqlite3"
PG_MEMBER = "database/ntm.pgdump"
MEDIA = "media"
CHUNK = 1 << 20

# A table's content checksum: the MD5 of its rows' text, in text order (identical after pg_restore).
_PG_TABLE_SQL = "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {} t"


@dataclass(frozen=True)
class Target:
    """Where the data lives: a Django database entry (SQLite or PostgreSQL) and the media folder."""

    database: dict[str, Any]
    media_root: Path

    @property
    def engine(self) -> str:
        return "postgresql" if "postgresql" in self.database["ENGINE"] else "sqlite"


def configured_target() -> Target:
    """The database and media folder of the running settings."""
    from django.conf import settings

    return Target(dict(settings.DATABASES["default"]), Path(settings.MEDIA_ROOT))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- table statistics ---------------------------------------------------------------------

def sqlite_tables(path: Path) -> dict[str, dict[str, Any]]:
    """Row count and content checksum (SHA-256 of the rows in rowid order) of every table of a SQLite file."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        stats = {}
        for name in names:
            digest, rows = hashlib.sha256(), 0
            for row in con.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):  # noqa: S608 - names from the schema
                digest.update(repr(row).encode())
                rows += 1
            stats[name] = {"rows": rows, "checksum": digest.hexdigest()}
        return stats
    finally:
        con.close()


def postgres_tables(cursor: Any) -> dict[str, dict[str, Any]]:
    """Row count and content checksum of every table of the public schema, seen by `cursor`'s snapshot."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    stats = {}
    for (name,) in cursor.fetchall():
        cursor.execute(_PG_TABLE_SQL.format('"' + name.replace('"', '""') + '"'))
        rows, checksum = cursor.fetchone()
        stats[name] = {"rows": rows, "checksum": checksum}
    return stats


# --- PostgreSQL connections ---------------------------------------------------------------

def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    """The libpq environment for the pg_ tools (the password never on a command line)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[var] = str(database[key])
    return env


def _pg_connect(database: dict[str, Any], name: str | None = None, *, autocommit: bool = False) -> Any:
    import psycopg

    return psycopg.connect(dbname=name or database["NAME"], host=database.get("HOST") or None,
                           port=database.get("PORT") or None, user=database.get("USER") or None,
                           password=database.get("PASSWORD") or None, autocommit=autocommit)


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BadInput(f"{command[0]} thất bại: {done.stderr.strip()}", f"{command[0]} failed: {done.stderr.strip()}")


# --- backup -------------------------------------------------------------------------------

def _backup_sqlite(database: dict[str, Any], folder: Path) -> dict[str, dict[str, Any]]:
    """Copy the live SQLite database page by page (consistent while others write); stats of the copy."""
    copy = folder / SQLITE_MEMBER
    copy.parent.mkdir(parents=True)
    source = sqlite3.connect(str(database["NAME"]), timeout=30)
    dest = sqlite3.connect(copy)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return sqlite_tables(copy)


def _backup_postgres(database: dict[str, Any], folder: Path) -> dict[str, dict[str, Any]]:
    """pg_dump from an exported snapshot, and the tables' stats from the same snapshot."""
    dump = folder / PG_MEMBER
    dump.parent.mkdir(parents=True)
    with _pg_connect(database) as con, con.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _run(["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(dump),
              "-d", database["NAME"]], _pg_env(database))
        stats = postgres_tables(cursor)
        con.rollback()
    return stats


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def create_backup(out: Path, target: Target | None = None) -> dict[str, Any]:
    """Write the database and the media folder to the archive `out`; return its manifest."""
    target = target or configured_target()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".ntm-backup-") as tmp:
        folder = Path(tmp)
        if target.engine == "postgresql":
            tables, member = _backup_postgres(target.database, folder), PG_MEMBER
        else:
            tables, member = _backup_sqlite(target.database, folder), SQLITE_MEMBER
        manifest: dict[str, Any] = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "ntm_version": __version__,
            "database_engine": target.engine, "database_file": member, "tables": tables, "files": {}}
        partial = folder / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            manifest["files"][member] = sha256_of(folder / member)
            tar.add(folder / member, arcname=member)
            if target.media_root.is_dir():
                for path in _files(target.media_root):
                    name = f"{MEDIA}/{path.relative_to(target.media_root).as_posix()}"
                    manifest["files"][name] = _add_hashed(tar, path, name)
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
            tar.addfile(info, _BytesReader(data))
        os.replace(partial, out)
    return manifest


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset:end], min(end, len(self.data))
        return chunk


class _HashingReader:
    """A file read once: into the archive and into its checksum."""

    def __init__(self, f: Any) -> None:
        self.f, self.digest = f, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.f.read(size)
        self.digest.update(chunk)
        return chunk


def _add_hashed(tar: tarfile.TarFile, path: Path, name: str) -> str:
    with path.open("rb") as f:
        info = tar.gettarinfo(fileobj=f, arcname=name)
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    return reader.digest.hexdigest()


# --- restore ------------------------------------------------------------------------------

def read_manifest(archive: Path) -> dict[str, Any]:
    """The manifest of a backup archive (BadInput when the file is not one)."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            return json.loads(member.read()) if member else {}
    except (tarfile.TarError, KeyError, OSError, ValueError) as exc:
        raise BadInput("Tệp không phải bản sao lưu của ntm", "Not an ntm backup archive", field="path") from exc


def _verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is present with its checksum; nothing else was unpacked."""
    listed = set(manifest.get("files", {}))
    unpacked = {p.relative_to(folder).as_posix() for p in _files(folder)} - {MANIFEST}
    bad = sorted(name for name, digest in manifest.get("files", {}).items()
                 if not (folder / name).is_file() or sha256_of(folder / name) != digest)
    bad += sorted(unpacked - listed)
    if bad or manifest.get("database_file") not in listed:
        raise BadInput(f"Bản sao lưu bị hỏng (sai mã kiểm tra: {', '.join(bad[:5])})",
                       f"The backup is damaged (checksum mismatch: {', '.join(bad[:5])})", field="path")


def _sqlite_has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
    finally:
        con.close()


def _postgres_state(database: dict[str, Any]) -> str:
    """"absent", "empty" or "data": whether the configured PostgreSQL database exists and holds tables."""
    import psycopg

    try:
        con = _pg_connect(database, autocommit=True)
    except psycopg.OperationalError as exc:
        if "does not exist" in str(exc):
            return "absent"
        raise
    with con:
        count = con.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    return "data" if count else "empty"


def _media_has_files(root: Path) -> bool:
    return root.is_dir() and any(True for _ in _files(root))


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _restore_sqlite(database: dict[str, Any], copy: Path, force: bool) -> dict[str, dict[str, Any]]:
    path = Path(database["NAME"])
    path.parent.mkdir(parents=True, exist_ok=True)
    if _sqlite_has_tables(path):
        aside = path.with_name(f"{path.name}.before-restore-{_stamp()}")
        _sqlite_copy(path, aside)
    _sqlite_copy(copy, path)
    return sqlite_tables(path)


def _sqlite_copy(source_path: Path, dest_path: Path) -> None:
    source, dest = sqlite3.connect(source_path, timeout=30), sqlite3.connect(dest_path, timeout=30)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()


def _restore_postgres(database: dict[str, Any], dump: Path, state: str) -> dict[str, dict[str, Any]]:
    if state == "absent":
        with _pg_connect(database, "postgres", autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{database["NAME"]}"')
    clean = ["--clean", "--if-exists"] if state == "data" else []
    _run(["pg_restore", "--no-owner", "--exit-on-error", *clean, "-d", database["NAME"], str(dump)],
         _pg_env(database))
    with _pg_connect(database) as con, con.cursor() as cursor:
        return postgres_tables(cursor)


@contextmanager
def _unpacked(archive: Path, near: Path) -> Iterator[Path]:
    near.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=near, prefix=".ntm-restore-") as tmp:
        try:
            with tarfile.open(archive, "r:*") as tar:
                tar.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BadInput("Không giải nén được bản sao lưu", "The backup archive cannot be unpacked",
                           field="path") from exc
        yield Path(tmp)


def restore_backup(archive: Path, target: Target | None = None, *, force: bool = False) -> dict[str, Any]:
    """Restore a backup into the target; BadInput when it is damaged, of another engine, or the target has data."""
    target = target or configured_target()
    manifest = read_manifest(Path(archive))
    if manifest.get("database_engine") != target.engine:
        raise BadInput(f"Bản sao lưu của {manifest.get('database_engine')}, cơ sở dữ liệu đang dùng là {target.engine}",
                       f"The backup is of {manifest.get('database_engine')}, the configured database is "
                       f"{target.engine}", field="path")
    state = (_postgres_state(target.database) if target.engine == "postgresql"
             else "data" if _sqlite_has_tables(Path(target.database["NAME"])) else "empty")
    if not force and (state == "data" or _media_has_files(target.media_root)):
        raise BadInput("Nơi khôi phục đã có dữ liệu; dùng --force để thay thế",
                       "The target already holds data; use --force to replace it", field="force")
    with _unpacked(Path(archive), target.media_root.parent) as folder:
        _verify(folder, manifest)
        copy = folder / manifest["database_file"]
        restored = (_restore_postgres(target.database, copy, state) if target.engine == "postgresql"
                    else _restore_sqlite(target.database, copy, force))
        if restored != manifest["tables"]:
            differ = sorted(n for n in set(restored) | set(manifest["tables"])
                            if restored.get(n) != manifest["tables"].get(n))
            raise BadInput(f"Dữ liệu khôi phục khác bản kê ở các bảng: {', '.join(differ[:5])}",
                           f"The restored tables differ from the manifest: {', '.join(differ[:5])}")
        _move_media(folder / MEDIA, target.media_root)
    return manifest


def _move_media(unpacked: Path, media_root: Path) -> None:
    if media_root.exists():
        if _media_has_files(media_root):
            media_root.rename(media_root.with_name(f"{media_root.name}.before-restore-{_stamp()}"))
        else:
            shutil.rmtree(media_root)
    if unpacked.is_dir():
        shutil.move(unpacked, media_root)
    else:
        media_root.mkdir(parents=True)
