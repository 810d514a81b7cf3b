"""The event dossier: what happened, when and where, who gave which figure, where sources
conflict and what they agree on, the acts with their victims and perpetrators, and, where
victim lists are linked, how many people are documented and how many the overlap implies."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dadkhah.access import highest
from dadkhah.corroborate import CREDIBLE, EventCorroboration, corroborate_event, draw_chart
from dadkhah.errors import InputError, NotFound
from dadkhah.report.cite import Citations
from dadkhah.report.dossier import (
    Dossier,
    ReportOptions,
    figure_text,
    finish,
    first_day,
    image_uri,
    last_day,
    new_redactor,
    period,
    protect_claimants,
    protect_lists,
    protect_people,
    when,
)
from dadkhah.report.lists import (
    choose_lists,
    estimate_charts,
    estimation_methods,
    list_labels,
    run_settings,
    victims_section,
)
from dadkhah.report.redact import Redactor
from dadkhah.store import Store, Tx

CORROBORATION_RULES = (
    "A figure's grade is its source's reliability letter (A–F) and the claim's credibility "
    "digit (1–6), as B2; a figure whose source is not registered is graded F, an ungraded "
    "claim 6.",
    f"Credible means reliability {', '.join(CREDIBLE)}.",
    "Sources linked by an affiliation, directly or through others, count as one independent "
    "source.",
    "A figure its source later revised (explicitly, or by a figure given on a later date) is "
    "shown but is not current and leaves the consensus.",
    "For overlap, 'at least' and 'more than' extend upward without bound; vague figures use "
    "their conventional bounds.",
    "A conflict is two credible, independent sources whose current ranges do not overlap.",
    "The consensus is the lowest current figure among credible independent sources; the range "
    "runs from the lowest to the highest current figure of any source.",
    "Claims rejected in review and subgroup figures are left out; a claim marked as the losing "
    "side of a conflict is shown and leaves the consensus.",
    "Only figures an analyst tied to the event (confirmed links) are counted.",
)
DEGREES = {
    "directly_carried_out": "directly carried out",
    "gave_orders": "gave orders",
    "planned": "planned",
    "passive_accomplice": "passive accomplice",
    "suspected": "suspected",
}


def find_event(store: Store, ref: str):
    """An event by id, or by a title fragment that names exactly one."""
    with store.read() as tx:
        try:
            return tx.get_event(ref)
        except NotFound:
            found = tx.find_events(ref)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no event {ref!r} (see dadkhah events)")
    raise InputError(ref, f"names {len(found)} events; give an evt- id")


def event_dossier(store: Store, ref: str, options: ReportOptions | None = None) -> Dossier:
    """The dossier of one event (id or unique title fragment).

    Raises NotFound for an unknown event, InputError for an ambiguous one or lists that are
    not in the latest linkage run."""
    options = options or ReportOptions()
    event = find_event(store, ref)
    corr = corroborate_event(store, event.id)
    redactor = new_redactor(store, options)
    with store.read() as tx:
        cites = Citations(tx, redactor)
        run = tx.latest_link_run()
        protect_people(tx, cites, redactor)
        protect_lists(tx, cites, redactor, run)
        figures = [r.figure for m in corr.measures for r in m.rows]
        protect_claimants(redactor, cites, figures)
        gathered = _Gather(tx, cites, redactor, event, corr)
        summary = gathered.summary()
        measures = gathered.measures()
        acts, perpetrators = gathered.acts()
        victims, est, span, chosen = None, None, period(event.start_date, event.end_date), None
        if run is not None:
            lists, shares = choose_lists(tx, run, span, options.lists)
            labels = list_labels(cites, redactor, [tx.get_victim_list(i) for i in run["lists"]])
            if lists:
                victims, est = victims_section(tx, cites, redactor, run, lists, span, labels)
                chosen = {
                    "settings": run_settings(tx, run),
                    "rule": "named by the user" if options.lists else
                    f"the lists of the latest linkage run more than half of whose dated records "
                    f"fall between {span[0]} and {span[1]}",
                    "shares": [{"list": labels[i], "share": f"{s:.0%}"}
                               for i, s in shares.items()],
                }  # fmt: skip
        sections = {
            "summary": summary,
            "timeline": gathered.timeline(measures, acts),
            "places": gathered.places(acts, measures),
            "measures": measures,
            "acts": acts,
            "perpetrators": perpetrators,
            "victims": victims,
        }
        methods = {"corroboration": list(CORROBORATION_RULES), "linkage": chosen,
                   "estimation": estimation_methods() if victims else None}  # fmt: skip
        dossier = Dossier(
            kind="event",
            subject_id=event.id,
            title=event.title,
            public=options.public,
            sections=sections,
            methods=methods,
        )

        def charts(folder: Path, red: Redactor) -> dict:
            if not options.charts:
                return {}
            out = {}
            for m in corr.measures:
                shown = _scrubbed_measure(m, red)
                paths = draw_chart(shown, red.scrub(event.title, "charts"), folder, m.measure)
                out[m.measure] = image_uri(next(p for p in paths if p.suffix == ".png"))
            return out | estimate_charts(est, folder, red)

        return finish(dossier, tx, cites, redactor, charts)


def _scrubbed_measure(m, redactor: Redactor):
    """The measure with every source name as the dossier shows it (for its chart)."""
    rows = []
    for r in m.rows:
        f = r.figure
        claimed = f.claimed_by
        if claimed and f.source_id is None:
            key = "name:" + " ".join(claimed.casefold().split())
            claimed = redactor.protected(key) or redactor.scrub(claimed, "charts")
        shown = dataclasses.replace(
            f, claimed_by=claimed, source=redactor.scrub(f.source, "charts")
        )
        rows.append(dataclasses.replace(r, figure=shown))
    return dataclasses.replace(m, rows=rows)


class _Gather:
    """Reads one event's records and turns them into the dossier's sections."""

    def __init__(self, tx: Tx, cites: Citations, redactor: Redactor, event, corr):
        self.tx, self.cites, self.red, self.event = tx, cites, redactor, event
        self.corr: EventCorroboration = corr
        self.events = {e.id: e for e in tx.events()}
        self.children = self._descendants(event.id)
        self.event_cites = cites.records(event.id)

    def _descendants(self, event_id: str) -> list:
        out, frontier = [], [event_id]
        while frontier:
            found = [e for e in self.events.values() if e.parent_id in frontier]
            out += found
            frontier = [e.id for e in found]
        return out

    def _level(self, numbers, own: str | None = None) -> str:
        return highest([self.cites.level(numbers), own])

    # ---- summary ------------------------------------------------------------------------------
    def summary(self) -> dict:
        e = self.event
        parent = self.events.get(e.parent_id) if e.parent_id else None
        related = []
        for link in self.tx.event_links(e.id):
            other = self.events.get(link.related_id if link.event_id == e.id else link.event_id)
            if other is None:
                continue
            relation = link.relation if link.event_id == e.id else f"{link.relation} (by)"
            n = self.cites.records(link.id)
            related.append({"relation": relation, "title": other.title, "id": other.id,
                            "cites": n, "level": self._level(n)})  # fmt: skip
        for child in self.children:
            n = self.cites.records(child.id)
            related.append({"relation": "encompasses", "title": child.title, "id": child.id,
                            "cites": n, "level": self._level(n, child.sensitivity)})  # fmt: skip
        description = e.description
        if self.red.public and e.sensitivity != "public" and description:
            self.red.note("description", e.id, "summary", f"the event is marked {e.sensitivity}")
            description = "(withheld: the event record is not public)"
        return {
            "cites": self.event_cites,
            "title": e.title,
            "id": e.id,
            "type": e.type.replace("_", " "),
            "status": e.status.replace("_", " "),
            "start": when(e.start_date, e.start_precision),
            "end": when(e.end_date, e.end_precision),
            "places": [p["name"] for p in e.places],
            "description": description,
            "parent": {"title": parent.title, "id": parent.id} if parent else None,
            "related": related,
            "level": self._level(self.event_cites, e.sensitivity),
        }

    # ---- figures ------------------------------------------------------------------------------
    def measures(self) -> list[dict]:
        figures = [r.figure for m in self.corr.measures for r in m.rows]
        claims = {c.id: c for c in self.tx.claims(ids=[f.claim_id for f in figures])}
        out = []
        for m in self.corr.measures:
            rows = []
            for i, r in enumerate(m.rows):
                f = r.figure
                claim = claims.get(f.claim_id)
                n = [self.cites.span(claim.span, claim.context)] if claim else []
                rows.append({
                    "n": i + 1, "source": self._source_name(f), "grade": f.grade,
                    "figure": figure_text(f.low, f.high, f.qualifier,
                                          claim.vague_word if claim else None),
                    "date": f.date_claimed or "", "current": r.current,
                    "revises": r.revision_of + 1 if r.revision_of is not None else None,
                    "status": f.status, "consensus": i == m.consensus_row,
                    "place": claim.place if claim else None, "event_date": claim.event_date
                    if claim else None, "cites": n, "level": self._level(n),
                })  # fmt: skip
            conflicts = [
                {"note": note, "rows": [a + 1, b + 1],
                 "cites": sorted({*rows[a]["cites"], *rows[b]["cites"]})}
                for a, b, note in m.conflicts
            ]  # fmt: skip
            for c in conflicts:  # the note names the sources as the rows show them
                c["note"] = self._conflict_note(m, c["rows"], rows, c["note"])
            consensus = None
            if m.consensus is not None:
                row = rows[m.consensus_row]
                consensus = {"value": f"{m.consensus:,}", "row": m.consensus_row + 1,
                             "cites": row["cites"], "level": row["level"]}  # fmt: skip
            bounds = [r for r in rows if r["current"] and r["status"] != "conflict"]
            ends = [x for x in bounds if x["figure"]]
            out.append({
                "measure": m.measure, "rows": rows, "conflicts": conflicts,
                "consensus": consensus, "independent_sources": m.independent_sources,
                "range": None if m.range_low is None else
                f"{m.range_low:,}" + (f"–{m.range_high:,}" if m.range_high != m.range_low else ""),
                "range_cites": sorted({n for x in ends for n in x["cites"]}),
            })  # fmt: skip
        return out

    def _source_name(self, f) -> str:
        if f.source:
            return f.source
        if not f.claimed_by:
            return "(unattributed)"
        key = "name:" + " ".join(f.claimed_by.casefold().split())
        return self.red.name(key, f.claimed_by, "figures") + " (not a registered source)"

    @staticmethod
    def _conflict_note(m, pair, rows, note) -> str:
        a, b = (rows[i - 1] for i in pair)
        fa, fb = (m.rows[i - 1].figure for i in pair)
        if fa.source and fb.source:
            return note
        return (f"row {pair[0]} ({a['source']}: {a['figure']}) and row {pair[1]} "
                f"({b['source']}: {b['figure']}): the ranges do not overlap")  # fmt: skip

    # ---- acts, victims, perpetrators --------------------------------------------------------
    def acts(self) -> tuple[list[dict], list[dict]]:
        people = {p.id: p for p in self.tx.people()}
        orgs = {o.id: o for o in self.tx.organizations()}
        acts, perpetrators = [], {}
        for event in [self.event, *self.children]:
            for act in self.tx.acts(event.id):
                n = self.cites.records(act.id)
                if act.victim_person_id:
                    person = people[act.victim_person_id]
                    victim = self.red.name(person.id, person.name, "acts")
                else:
                    victim = f"{act.victim_count:,} people" if act.victim_count else "people"
                    victim += f" ({act.victim_description})" if act.victim_description else ""
                involved = []
                for inv in self.tx.involvements(act_id=act.id):
                    m = self.cites.records(inv.id)
                    if inv.person_id:
                        who = self.red.name(inv.person_id, people[inv.person_id].name, "acts")
                        kind = "person"
                    else:
                        who, kind = orgs[inv.organization_id].name, "organisation"
                    row = {"name": who, "kind": kind, "degree": DEGREES.get(inv.degree, inv.degree),
                           "status": inv.status.replace("_", " "), "act": act.id, "cites": m,
                           "level": self._level(m)}  # fmt: skip
                    involved.append(row)
                    key = inv.person_id or inv.organization_id
                    agg = perpetrators.setdefault(key, {"name": who, "kind": kind, "degrees": [],
                                                        "acts": [], "cites": []})  # fmt: skip
                    agg["degrees"] = sorted({*agg["degrees"], row["degree"]})
                    agg["acts"] = sorted({*agg["acts"], act.id})
                    agg["cites"] = sorted({*agg["cites"], *m})
                acts.append({
                    "id": act.id, "event": event.title, "type": act.act_type.replace("_", " "),
                    "victim": victim, "date": when(act.date, act.date_precision),
                    "sort": act.date or "", "place": act.place or "", "method": act.method or "",
                    "status": act.status.replace("_", " "), "perpetrators": involved, "cites": n,
                    "level": self._level(n),
                })  # fmt: skip
        for agg in perpetrators.values():
            agg["level"] = self._level(agg["cites"])
            agg["acts"] = len(agg["acts"])
        return acts, sorted(perpetrators.values(), key=lambda p: p["name"])

    # ---- timeline and places ----------------------------------------------------------------
    def timeline(self, measures: list[dict], acts: list[dict]) -> list[dict]:
        e = self.event
        items = []
        if e.start_date:
            items.append((e.start_date, f"{e.title} begins", self.event_cites))
        if e.end_date:
            items.append((e.end_date, f"{e.title} ends (as far as known)", self.event_cites, True))
        for child in self.children:
            if child.start_date:
                n = self.cites.records(child.id)
                items.append((child.start_date, f"{child.title} ({child.type.replace('_', ' ')})",
                              n))  # fmt: skip
        for a in acts:
            if a["sort"]:
                what = f"{a['type']}: {a['victim']}" + (f" in {a['place']}" if a["place"] else "")
                items.append((a["sort"], what, a["cites"]))
        for m in measures:
            for r in m["rows"]:
                if r["date"]:
                    items.append((r["date"], f"{r['source']} gives {r['figure']} {m['measure']}",
                                  r["cites"]))  # fmt: skip
        # a date of month or year precision sorts by its first day, an end by its last
        items.sort(key=lambda x: last_day(x[0]) if len(x) > 3 else first_day(x[0]))
        return [{"date": x[0], "text": x[1], "cites": x[2], "level": self._level(x[2])}
                for x in items]  # fmt: skip

    def places(self, acts: list[dict], measures: list[dict]) -> list[dict]:
        found: dict[str, dict] = {}

        def add(name: str | None, what: str, numbers: list[int], precision: str = "") -> None:
            if not name:
                return
            p = found.setdefault(name, {"name": name, "precision": precision, "what": [],
                                        "cites": []})  # fmt: skip
            p["what"] = list(dict.fromkeys([*p["what"], what]))
            p["cites"] = sorted({*p["cites"], *numbers})
            p["precision"] = p["precision"] or precision

        for p in self.event.places:
            add(p["name"], "where the event took place", self.event_cites, p.get("precision", ""))
        for child in self.children:
            n = self.cites.records(child.id)
            for p in child.places:
                add(p["name"], child.title, n, p.get("precision", ""))
        for a in acts:
            add(a["place"], a["type"], a["cites"])
        for m in measures:
            for r in m["rows"]:
                add(r["place"], f"figure for {m['measure']}", r["cites"])
        for p in found.values():
            p["level"] = self._level(p["cites"])
        return list(found.values())
