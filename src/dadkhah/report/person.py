"""The person dossier: names and their variants, postings over time with the precision of
each date, involvement in acts and events, acts the person suffered, each with its sources."""

from __future__ import annotations

from dadkhah.access import highest
from dadkhah.errors import InputError, NotFound
from dadkhah.know import person_view
from dadkhah.report.cite import Citations
from dadkhah.report.dossier import (
    Dossier,
    ReportOptions,
    finish,
    new_redactor,
    protect_lists,
    protect_people,
    when,
)
from dadkhah.report.event import DEGREES
from dadkhah.store import Store


def find_person(store: Store, ref: str):
    """A person by id, or by a name or variant that names exactly one."""
    with store.read() as tx:
        try:
            return tx.get_person(ref)
        except NotFound:
            found = tx.find_people(ref)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no person {ref!r} (see dadkhah person)")
    raise InputError(ref, f"names {len(found)} people; give a per- id")


def _range(date, precision, end_date, end_precision) -> str:
    start, end = when(date, precision), when(end_date, end_precision)
    if not start and not end:
        return ""
    return f"{start or '?'} – {end or '?'}"


def person_dossier(store: Store, ref: str, options: ReportOptions | None = None) -> Dossier:
    """The dossier of one person (id or unique name). Raises NotFound or InputError."""
    options = options or ReportOptions()
    person = find_person(store, ref)
    view = person_view(store, person.id)
    redactor = new_redactor(store, options)
    with store.read() as tx:
        cites = Citations(tx, redactor)
        protect_people(tx, cites, redactor)
        protect_lists(tx, cites, redactor, tx.latest_link_run())
        own = cites.records(person.id)
        pseud = redactor.protected(person.id)
        names = [{"name": n["name"], "script": n.get("script") or "", "kind": n.get("kind") or "",
                  "cites": own} for n in person.names]  # fmt: skip
        if pseud:
            redactor.note("names", person.id, "names", "protected person: names withheld",
                          pseudonym=pseud, original=[n["name"] for n in names])  # fmt: skip
            names = []
        identity = {
            "name": redactor.name(person.id, person.name, "title"), "id": person.id,
            "protected": bool(pseud), "names": names, "sex": person.sex or "",
            "birth_year": "" if person.birth_year is None else str(person.birth_year),
            "notes": None if pseud else person.notes, "cites": own,
            "level": highest([cites.level(own), person.sensitivity]),
        }  # fmt: skip
        postings = []
        for p, org, records in view.postings:
            n = [cites.record(c) for c in records]
            postings.append({
                "organisation": org.name, "title": p.title or "", "rank": p.rank or "",
                "start": when(p.start_date, p.start_precision),
                "end": when(p.end_date, p.end_precision),
                "outer": _range(p.outer_start_date, p.outer_start_precision, p.outer_end_date,
                                p.outer_end_precision),
                "real_start": p.real_start, "real_end": p.real_end,
                "start_context": p.start_context or "", "end_context": p.end_context or "",
                "status": p.status.replace("_", " "), "note": p.status_note or "", "cites": n,
                "level": cites.level(n),
            })  # fmt: skip
        people = {p.id: p for p in tx.people()}
        involvements, events = [], {}
        for inv, act, event, records in view.involvements:
            n = [cites.record(c) for c in records]
            act_n = cites.records(act.id)
            victim = (redactor.name(act.victim_person_id, people[act.victim_person_id].name,
                                    "involvements") if act.victim_person_id else
                      f"{act.victim_count:,} people" if act.victim_count else
                      act.victim_description or "")  # fmt: skip
            involvements.append({
                "degree": DEGREES.get(inv.degree, inv.degree),
                "status": inv.status.replace("_", " "),
                "act": act.act_type.replace("_", " "), "act_id": act.id, "victim": victim,
                "date": when(act.date, act.date_precision), "place": act.place or "",
                "event": event.title if event else "", "cites": n, "act_cites": act_n,
                "level": cites.level([*n, *act_n]),
            })  # fmt: skip
            if event is not None:
                events.setdefault(event.id, event)
        suffered = []
        for act in view.victim_of:
            n = cites.records(act.id)
            event = tx.get_event(act.event_id) if act.event_id else None
            if event is not None:
                events.setdefault(event.id, event)
            suffered.append({
                "act": act.act_type.replace("_", " "), "date": when(act.date, act.date_precision),
                "place": act.place or "", "method": act.method or "",
                "event": event.title if event else "", "cites": n, "level": cites.level(n),
            })  # fmt: skip
        event_rows = []
        for e in events.values():
            n = cites.records(e.id)
            event_rows.append({"title": e.title, "id": e.id, "type": e.type.replace("_", " "),
                               "start": when(e.start_date, e.start_precision),
                               "end": when(e.end_date, e.end_precision), "cites": n,
                               "level": cites.level(n)})  # fmt: skip
        sections = {"identity": identity, "postings": postings, "involvements": involvements,
                    "suffered": suffered, "events": event_rows}  # fmt: skip
        dossier = Dossier(
            kind="person",
            subject_id=person.id,
            title=identity["name"],
            public=options.public,
            sections=sections,
            methods={"postings": POSTING_RULES},
        )
        return finish(dossier, tx, cites, redactor, None)


POSTING_RULES = [
    "A posting has a precise range (from the first to the last date a source shows the person "
    "in the post) and an outer range (the widest the sources allow); each date carries its "
    "precision (day, month or year).",
    "'Real start' or 'real end' means a source evidences the appointment or the departure "
    "itself (its words are given), not only that the person held the post then.",
    "Status: accepted, work needed (not yet confirmed by an analyst) or conflict (sources "
    "disagree; the note says how).",
]
