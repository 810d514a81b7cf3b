"""The sensitivity a reader meets: a record's own, raised to the highest of its sources.

A claim, a span or a search snippet is as sensitive as its document; an event, a person or an
organisation as the most sensitive of its own level and the documents its citations (and, for
a person, their postings' and involvements' citations) point into; a canonical victim as the
most sensitive of the lists that record them.
"""

from __future__ import annotations

from collections.abc import Iterable

from dadkhah.access.policy import highest
from dadkhah.store import Tx


class Levels:
    """Derived sensitivities read through one transaction, each document read once."""

    def __init__(self, tx: Tx):
        self.tx = tx
        self._docs: dict[str, str] = {}
        self._lists: dict[str, str] | None = None

    def documents(self, ids: Iterable[str]) -> dict[str, str]:
        """Document id -> sensitivity; an id the store does not hold counts as confidential."""
        ids = set(ids)
        missing = [i for i in ids if i not in self._docs]
        if missing:
            for d in self.tx.documents(ids=missing):
                self._docs[d.id] = d.sensitivity
        return {i: self._docs.get(i, "confidential") for i in ids}

    def cited(self, record_ids: Iterable[str]) -> str:
        """The highest sensitivity among the documents these records' citations point into."""
        docs = [c.span.document_id for r in record_ids for c in self.tx.citations(r) if c.span]
        return highest(self.documents(docs).values())

    def claims(self, claims) -> dict[str, str]:
        levels = self.documents(c.document_id for c in claims)
        return {c.id: levels[c.document_id] for c in claims}

    def event(self, event) -> str:
        return highest([event.sensitivity, self.cited([event.id])])

    def person(self, person) -> str:
        records = [person.id]
        records += [p.id for p in self.tx.postings(person_id=person.id)]
        records += [i.id for i in self.tx.involvements(person_id=person.id)]
        return highest([person.sensitivity, self.cited(records)])

    def organization(self, org) -> str:
        return self.cited([org.id])

    def victim_lists(self) -> dict[str, str]:
        if self._lists is None:
            self._lists = {v.id: v.sensitivity for v in self.tx.victim_lists()}
        return self._lists

    def victim(self, victim) -> str:
        lists = self.victim_lists()
        return highest(lists.get(x, "confidential") for x in victim.lists)

    def hits(self, hits) -> dict[str, str]:
        """Search hit record id -> sensitivity (an unknown kind counts as confidential)."""
        out: dict[str, str] = {}
        by_kind: dict[str, list[str]] = {}
        for h in hits:
            by_kind.setdefault(h.kind, []).append(h.record_id)
        out.update(self.documents(by_kind.pop("document", [])))
        claim_ids = by_kind.pop("claim", [])
        if claim_ids:
            out.update(self.claims(self.tx.claims(ids=claim_ids)))
        for rid in by_kind.pop("event", []):
            out[rid] = self.event(self.tx.get_event(rid))
        for rid in by_kind.pop("person", []):
            out[rid] = self.person(self.tx.get_person(rid))
        for rid in by_kind.pop("organization", []):
            out[rid] = self.organization(self.tx.get_organization(rid))
        for ids in by_kind.values():
            out.update(dict.fromkeys(ids, "confidential"))
        for h in hits:  # a hit whose record is gone (an index behind the store)
            out.setdefault(h.record_id, "confidential")
        return out
