"""The sensitivity policy: which roles see which sensitivities, as data.

The default ships as ``policy.toml`` beside this module; a ``policy.toml`` in the store's home
replaces it for that store. A record derived from others (a claim from its document, a person
from the documents that cite them) carries the highest sensitivity of its sources.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dadkhah.errors import ConfigError
from dadkhah.store import SENSITIVITIES  # lowest to highest

ROLES = ("admin", "analyst", "viewer")
DEFAULT_POLICY = Path(__file__).with_name("policy.toml")


def highest(levels: Iterable[str | None]) -> str:
    """The highest of these sensitivities (``public`` when there are none); an unknown level
    counts as confidential, so that a typo hides rather than shows."""
    rank = 0
    for level in levels:
        if level is None:
            continue
        rank = max(rank, SENSITIVITIES.index(level) if level in SENSITIVITIES else 2)
    return SENSITIVITIES[rank]


@dataclass(frozen=True)
class Policy:
    roles: dict[str, frozenset[str]]
    path: Path

    def visible(self, role: str) -> tuple[str, ...]:
        """The sensitivities this role may see, lowest first (none for an unknown role)."""
        allowed = self.roles.get(role, frozenset())
        return tuple(s for s in SENSITIVITIES if s in allowed)

    def allows(self, role: str, sensitivity: str) -> bool:
        return sensitivity in self.roles.get(role, frozenset())


def read_policy(path: Path) -> Policy:
    """Read a policy file; raises ConfigError naming the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the policy file: {err}") from err
    table = data.get("roles")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: needs a [roles] table (role = [sensitivities])")
    roles = {}
    for role in ROLES:
        levels = table.get(role, [])
        if not isinstance(levels, list) or any(x not in SENSITIVITIES for x in levels):
            raise ConfigError(
                f"{path}: {role} must list sensitivities among {', '.join(SENSITIVITIES)}"
            )
        roles[role] = frozenset(levels)
    unknown = sorted(set(table) - set(ROLES))
    if unknown:
        raise ConfigError(f"{path}: unknown roles {', '.join(unknown)} (roles: {', '.join(ROLES)})")
    return Policy(roles, path)


def load_policy(home: Path | None = None) -> Policy:
    """The store's policy: ``home/policy.toml`` when present, else the default."""
    if home is not None and (Path(home) / "policy.toml").is_file():
        return read_policy(Path(home) / "policy.toml")
    return read_policy(DEFAULT_POLICY)
