import os

import pytest

from testing import drop_schema, new_schema_name, open_store, postgres_problem

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
_PG_STATE: dict[str, str | None] = {}


def _postgres_or_skip() -> None:
    if "problem" not in _PG_STATE:
        _PG_STATE["problem"] = postgres_problem()
    problem = _PG_STATE["problem"]
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must be tested in CI but does not answer: {problem}")
        pytest.skip(f"PostgreSQL does not answer ({problem}); set DADKHAH_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("DADKHAH_") and name != "DADKHAH_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)


@pytest.fixture(params=BACKENDS)
def env(request, tmp_path, monkeypatch):
    """Environment of a fresh store on each backend (SQLite file; PostgreSQL schema)."""
    values = {"DADKHAH_HOME": str(tmp_path / "home"), "DADKHAH_USER": "tester"}
    schema = None
    if request.param == "postgres":
        _postgres_or_skip()
        from testing import PG_URL

        schema = new_schema_name()
        values |= {"DADKHAH_DATABASE_URL": PG_URL, "DADKHAH_DATABASE_SCHEMA": schema}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    yield values
    if schema:
        drop_schema(schema)


@pytest.fixture
def sqlite_env(tmp_path, monkeypatch):
    values = {"DADKHAH_HOME": str(tmp_path / "home"), "DADKHAH_USER": "tester"}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


@pytest.fixture
def store(env):
    s = open_store(env)
    yield s
    s.close()
