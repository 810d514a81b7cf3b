"""Layering: only store/ touches the database; the CLI is a face, never imported by the core."""

import ast
from pathlib import Path

from testing import REPO

SRC = REPO / "src" / "dadkhah"
DATABASE_LIBS = ("sqlalchemy", "alembic", "psycopg", "sqlite3")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules():
    for path in SRC.rglob("*.py"):
        yield path.relative_to(SRC).parts, _imports(path)


def test_only_the_store_talks_to_the_database():
    offenders = [
        "/".join(parts)
        for parts, names in _modules()
        if parts[0] != "store" and any(n.split(".")[0] in DATABASE_LIBS for n in names)
    ]
    assert offenders == []


def test_nobody_reaches_into_the_store_internals():
    offenders = [
        "/".join(parts)
        for parts, names in _modules()
        if parts[0] != "store"
        and any(
            n.startswith(("dadkhah.store.models", "dadkhah.store.db", "dadkhah.store.api"))
            for n in names
        )
    ]
    assert offenders == []


def test_core_never_imports_the_cli_or_web():
    offenders = [
        "/".join(parts)
        for parts, names in _modules()
        if parts[0] not in ("cli", "web", "__main__.py")
        and any(n.startswith(("dadkhah.cli", "dadkhah.web")) for n in names)
    ]
    assert offenders == []


def test_the_layering_test_sees_the_package():
    assert any(parts[0] == "store" for parts, _ in _modules())
