"""Settings, declared once as data.

Every setting is read from the environment; ``SETTINGS`` is the single list of them, and a
test fails when one is not documented in README.md.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from dadkhah.errors import ConfigError

GIB = 1024**3


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DADKHAH_HOME", "./dadkhah-data", "folder of the embedded store: database, blobs, head"
    ),
    Setting(
        "DADKHAH_DATABASE_URL",
        "",
        "SQLAlchemy URL of the database; empty means SQLite at $DADKHAH_HOME/dadkhah.sqlite3",
    ),
    Setting(
        "DADKHAH_DATABASE_SCHEMA",
        "",
        "PostgreSQL schema to keep the tables in (created if missing); empty means the default",
    ),
    Setting("DADKHAH_USER", "", "the acting user when --user is not given; else the login name"),
    Setting("DADKHAH_MAX_BYTES", str(2 * GIB), "largest file or download ingest accepts, bytes"),
    Setting(
        "DADKHAH_LANGUAGES",
        "en,fa,de,fr,it,es",
        "ISO 639-1 codes the language detector chooses among (fewer is faster)",
    ),
    Setting(
        "DADKHAH_SPACY_MODEL",
        "",
        "an installed spaCy pipeline (name or folder) whose entities extraction adds; "
        "never downloaded",
    ),
    Setting(
        "DADKHAH_PARSE_WORKERS",
        "",
        "parse worker processes; empty means one per CPU core, at most 4",
    ),
)


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry, no LOGNAME: still act as someone named
        return f"uid-{os.getuid()}"


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    database_schema: str = ""
    max_bytes: int = 2 * GIB
    parse_workers: int = 0  # 0: one per CPU core, at most 4

    @property
    def sqlite_path(self) -> Path:
        return self.home / "dadkhah.sqlite3"

    @property
    def blob_dir(self) -> Path:
        return self.home / "blobs"

    @property
    def head_path(self) -> Path:
        return self.home / "custody.head"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read settings from the environment (or the given mapping)."""
        env = dict(os.environ if env is None else env)
        home = Path(env.get("DADKHAH_HOME") or "./dadkhah-data").expanduser().absolute()
        url = env.get("DADKHAH_DATABASE_URL", "").strip()
        if not url:
            url = f"sqlite:///{home / 'dadkhah.sqlite3'}"
        elif not (url.startswith("sqlite") or url.startswith("postgresql")):
            raise ConfigError(
                "DADKHAH_DATABASE_URL must be a sqlite:// or postgresql+psycopg:// URL, "
                f"not {url!r}"
            )
        raw_max = env.get("DADKHAH_MAX_BYTES", "").strip() or str(2 * GIB)
        try:
            max_bytes = int(raw_max)
        except ValueError as err:
            raise ConfigError(f"DADKHAH_MAX_BYTES must be a whole number, not {raw_max!r}") from err
        raw_workers = env.get("DADKHAH_PARSE_WORKERS", "").strip() or "0"
        try:
            parse_workers = int(raw_workers)
            if parse_workers < 0:
                raise ValueError
        except ValueError as err:
            raise ConfigError(
                f"DADKHAH_PARSE_WORKERS must be a whole number of processes, not {raw_workers!r}"
            ) from err
        return cls(
            home=home,
            database_url=url,
            database_schema=env.get("DADKHAH_DATABASE_SCHEMA", "").strip(),
            max_bytes=max_bytes,
            parse_workers=parse_workers,
        )

    @property
    def worker_processes(self) -> int:
        """How many parse workers to run."""
        return self.parse_workers or max(1, min(4, os.cpu_count() or 1))


def acting_user(option: str | None, env: dict[str, str] | None = None) -> str:
    """The acting user: ``--user``, else ``DADKHAH_USER``, else the login name."""
    env = os.environ if env is None else env
    return option or env.get("DADKHAH_USER") or login_name()
