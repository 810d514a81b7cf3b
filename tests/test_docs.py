"""Documentation that cannot drift: every setting and command is described for users."""

from dadkhah.cli import app
from dadkhah.config import SETTINGS
from testing import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
ARCH = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme():
    missing = [s.env for s in SETTINGS if s.env not in README]
    assert missing == []


def test_every_command_is_in_the_readme_tour():
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    missing = [n for n in names if f"dadkhah {n}" not in README]
    assert missing == []


def test_every_runtime_dependency_has_a_reason_in_architecture():
    import tomllib

    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    names = [d.split(">")[0].split("[")[0].split("=")[0].split("<")[0].strip() for d in deps]
    missing = [n for n in names if n.lower() not in ARCH.lower()]
    assert missing == []
