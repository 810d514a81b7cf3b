"""The store on SQLite and PostgreSQL: migrations, records, ids, the custody chain's appends."""

import multiprocessing
import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dadkhah.config import Settings
from dadkhah.errors import NotFound, StoreError
from dadkhah.store import GENESIS, Head, entry_hash
from dadkhah.store import db as store_db
from dadkhah.store.models import Base
from testing import open_store, raw_db


def test_first_open_creates_schema_at_head_and_second_open_migrates_nothing(env):
    store = open_store(env)
    assert store_db.current_revision(store._writer) == store_db.head_revision()
    assert store_db.migrate(store.settings, store._writer) is False
    with raw_db(env) as conn:
        tables = set(conn.dialect.get_table_names(conn))
    assert {"source", "document", "blob", "span", "custody_entry"} <= tables


def test_migrations_build_exactly_the_models(env):
    store = open_store(env)

    def modelled(obj, name, type_, reflected, compare_to) -> bool:
        # the search index is engine-specific (FTS5, tsvector) and kept outside the models
        return not (type_ == "table" and name.startswith("search_"))

    with store._writer.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": modelled})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_sqlite_store_uses_wal_and_foreign_keys(sqlite_env):
    store = open_store(sqlite_env)
    with store._writer.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert store.settings.sqlite_path.exists()


def test_records_round_trip_with_prefixed_ids(store):
    with store.write("ana") as tx:
        src = tx.ensure_source("Amnesty International", kind="ngo")
        again = tx.ensure_source("amnesty international")
        tx.add_blob("a" * 64, 10, "text/plain", "original")
        doc = tx.add_document(
            source_id=src.id,
            blob_sha256="a" * 64,
            origin="/tmp/x.txt",
            origin_kind="file",
            original_filename="x.txt",
            media_type="text/plain",
            size=10,
            file_mtime=None,
            captured_at="2026-01-01T00:00:00Z",
            capture=None,
            title="ت",
            published_date=None,
            published_precision=None,
            language=None,
            publisher=None,
            sensitivity="public",
            text_blob_sha256=None,
        )
        span = tx.add_span(doc.id, 0, 4, "abcd")
    assert again.id == src.id
    assert re.fullmatch(r"src-[0-9a-f]{16}", src.id)
    assert re.fullmatch(r"doc-[0-9a-f]{16}", doc.id)
    assert span.id.startswith("spn-")
    with store.read() as tx:
        got = tx.get_document(doc.id)
        assert got.title == "ت" and got.source_id == src.id and got.created_by == "ana"
        assert tx.find_document("a" * 64, src.id, "/tmp/x.txt").id == doc.id
        assert tx.find_document("a" * 64, None, "/tmp/x.txt") is None
        assert [s.text for s in tx.spans(doc.id)] == ["abcd"]
        with pytest.raises(NotFound):
            tx.get_document("doc-0000000000000000")


def test_unknown_sensitivity_and_read_only_writes_are_refused(store):
    with store.write("ana") as tx:
        tx.add_blob("b" * 64, 1, "text/plain", "original")
        with pytest.raises(StoreError, match="sensitivity"):
            tx.add_document(
                source_id=None,
                blob_sha256="b" * 64,
                origin="o",
                origin_kind="file",
                original_filename=None,
                media_type="text/plain",
                size=1,
                file_mtime=None,
                captured_at="t",
                capture=None,
                title=None,
                published_date=None,
                published_precision=None,
                language=None,
                publisher=None,
                sensitivity="secret",
                text_blob_sha256=None,
            )
    with store.read() as tx, pytest.raises(StoreError, match="write transaction"):
        tx.log("created", "src-x", None, {})


def test_custody_entries_chain_and_head_file_follows(store):
    with store.write("ana") as tx:
        a = tx.log("created", "src-1", None, {"n": 1})
        b = tx.log("created", "src-2", "c" * 64, {"n": "٢"})
    assert a.prev_hash == GENESIS and b.prev_hash == a.hash
    assert b.hash == entry_hash(a.hash, 2, b.time, "ana", "created", "src-2", "c" * 64, {"n": "٢"})
    assert store.read_head_file() == Head(2, b.hash)
    with store.read() as tx:
        assert tx.head() == Head(2, b.hash)
        assert [e.seq for e in tx.custody()] == [1, 2]


def test_failed_write_rolls_back_entries_and_leaves_head(store):
    with store.write("ana") as tx:
        tx.log("created", "src-1", None, {})
    with pytest.raises(RuntimeError), store.write("ana") as tx:
        tx.log("created", "src-2", None, {})
        raise RuntimeError("crash in the middle")
    with store.read() as tx:
        assert tx.custody_count() == 1
    assert store.read_head_file().count == 1


def _append_many(env, n):
    store = open_store(env)
    for i in range(n):
        with store.write(f"p{i}") as tx:
            tx.log("created", f"src-{i}", None, {"i": i})
    store.close()


def test_concurrent_writers_keep_one_unbroken_chain(env):
    open_store(env).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(env, 25)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    store = open_store(env)
    with store.read() as tx:
        entries = list(tx.custody())
    assert [e.seq for e in entries] == list(range(1, 76))
    prev = GENESIS
    for e in entries:
        assert e.prev_hash == prev
        prev = e.hash
    assert store.read_head_file() == Head(75, prev)


def test_settings_from_env_reject_foreign_urls_and_bad_numbers(tmp_path):
    from dadkhah.errors import ConfigError

    with pytest.raises(ConfigError, match="DADKHAH_DATABASE_URL"):
        Settings.from_env({"DADKHAH_DATABASE_URL": "mysql://x"})
    with pytest.raises(ConfigError, match="DADKHAH_MAX_BYTES"):
        Settings.from_env({"DADKHAH_MAX_BYTES": "lots"})
    s = Settings.from_env({"DADKHAH_HOME": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'dadkhah.sqlite3'}"
