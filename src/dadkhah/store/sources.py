"""Finding registered sources in memory, for stages that link many documents in one go.

Built once from ``Tx.sources()``; the same rules as ``Tx.find_source`` (a name before an alias,
case and spacing ignored) and web domains matched with their parents.
"""

from __future__ import annotations

from collections.abc import Iterable

from dadkhah.store.records import SourceRecord


def _key(name: str) -> str:
    return " ".join(name.lower().split())


class SourceIndex:
    def __init__(self, sources: Iterable[SourceRecord]):
        self._sources = sorted(sources, key=lambda s: s.name)
        self._by_name: dict[str, SourceRecord] = {}
        for source in self._sources:
            for alias in source.aliases:
                self._by_name.setdefault(_key(alias), source)
        for source in self._sources:  # a name wins over another source's alias
            self._by_name[_key(source.name)] = source
        self._by_domain: dict[str, SourceRecord] = {}
        for source in self._sources:
            for domain in source.domains:
                self._by_domain.setdefault(domain.lower(), source)

    def by_name(self, name: str | None) -> SourceRecord | None:
        """A source by name, else by alias, ignoring case and spacing."""
        return self._by_name.get(_key(name)) if name else None

    def by_domain(self, domain: str) -> SourceRecord | None:
        """The source whose web domains include ``domain`` or a parent of it."""
        parts = domain.lower().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            found = self._by_domain.get(".".join(parts[i:]))
            if found is not None:
                return found
        return None
