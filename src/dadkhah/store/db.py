"""Engines and migrations: the only place that knows SQLite from PostgreSQL.

SQLite: WAL, foreign keys on, full fsync on commit, and every write transaction opened with
``BEGIN IMMEDIATE`` so that there is one writer at a time and readers keep their snapshot.
PostgreSQL: tables live in ``DADKHAH_DATABASE_SCHEMA`` when it is set (created if missing);
custody appends are serialised with a transaction-level advisory lock.
"""

from __future__ import annotations

import fcntl
import logging
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from dadkhah.config import Settings
from dadkhah.errors import StoreError

log = logging.getLogger("dadkhah.store")

MIGRATIONS = Path(__file__).with_name("migrations")
# an arbitrary constant: the advisory lock key that serialises custody appends
CUSTODY_LOCK_KEY = 0x6461646B  # "dadk"
MIGRATE_LOCK_KEY = 0x6461646C


def _sqlite_engine(path: Path, *, immediate: bool) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(url: str, schema: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if schema:
        quoted = '"' + schema.replace('"', '""') + '"'

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            with dbapi_conn.cursor() as cur:
                cur.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
                cur.execute(f"SET search_path TO {quoted}")
            dbapi_conn.commit()

    return engine


def make_engines(settings: Settings) -> tuple[Engine, Engine]:
    """(writer, reader) engines for the configured database."""
    try:
        if settings.is_sqlite:
            path = Path(settings.database_url.removeprefix("sqlite:///"))
            path.parent.mkdir(parents=True, exist_ok=True)
            return _sqlite_engine(path, immediate=True), _sqlite_engine(path, immediate=False)
        engine = _postgres_engine(settings.database_url, settings.database_schema)
        return engine, engine
    except (SQLAlchemyError, OSError) as err:
        raise StoreError(f"cannot open the database {settings.database_url}: {err}") from err


def lock_custody(conn) -> None:
    """Serialise custody appends (SQLite's BEGIN IMMEDIATE already does)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CUSTODY_LOCK_KEY})


@contextmanager
def _migration_lock(settings: Settings, engine: Engine):
    if settings.is_sqlite:
        settings.home.mkdir(parents=True, exist_ok=True)
        with open(settings.home / ".migrate.lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    else:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATE_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATE_LOCK_KEY})
                conn.commit()


def _alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(settings: Settings, engine: Engine) -> bool:
    """Bring the schema to the newest revision; True when anything ran."""
    from alembic import command

    try:
        target = head_revision()
        if current_revision(engine) == target:
            return False
        with _migration_lock(settings, engine):
            if current_revision(engine) == target:
                return False
            cfg = _alembic_config()
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            log.info("store migrated to %s", target)
            return True
    except SQLAlchemyError as err:
        raise StoreError(f"cannot prepare the database {settings.database_url}: {err}") from err
