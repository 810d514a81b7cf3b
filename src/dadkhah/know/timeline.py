"""A person's record as analysts read it: names, postings on a timeline with their sources,
and the acts and events they are tied to."""

from __future__ import annotations

from dataclasses import dataclass

from dadkhah.store import Store


@dataclass
class PersonView:
    person: object
    postings: list  # (posting, organisation, citations), in time order
    involvements: list  # (involvement, act, event or None, citations)
    victim_of: list  # acts in which the person is the victim
    documents: dict  # document id -> title


def person_view(store: Store, person_id: str) -> PersonView:
    with store.read() as tx:
        person = tx.get_person(person_id)
        orgs = {o.id: o for o in tx.organizations()}
        postings = [
            (p, orgs[p.organization_id], tx.citations(p.id))
            for p in tx.postings(person_id=person_id)
        ]
        involvements = []
        for inv in tx.involvements(person_id=person_id):
            act = tx.get_act(inv.act_id)
            event = tx.get_event(act.event_id) if act.event_id else None
            involvements.append((inv, act, event, tx.citations(inv.id)))
        victim_of = [a for a in tx.acts() if a.victim_person_id == person_id]
        cited = {c.span.document_id for _, _, cs in postings for c in cs if c.span}
        cited |= {c.span.document_id for *_, cs in involvements for c in cs if c.span}
        documents = {
            d.id: d.title or d.original_filename or d.origin for d in tx.documents(ids=cited)
        }
    return PersonView(person, postings, involvements, victim_of, documents)


def when(date: str | None, precision: str | None) -> str:
    """A date as precise as it is known: "2019-03 (month)"."""
    if not date:
        return "?"
    return date if precision in (None, "day") else f"{date} ({precision})"
