"""Commands for what analysts know: review claims, events and their figures, people,
organisations and postings, search, import."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import fail, handles_errors, open_store, out, print_json, user
from dadkhah.corroborate import corroborate_event, draw_chart, to_json
from dadkhah.errors import InputError, StoreError
from dadkhah.know import (
    export_records,
    import_records,
    person_view,
    propose,
    quote_citation,
    reindex_search,
    write_records,
)
from dadkhah.know.timeline import when


class Format(StrEnum):
    table = "table"
    json = "json"


class CorroborateFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _figure(low: int, high: int) -> str:
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def _citations(
    store, document: str | None, quote: list[str] | None, reason: str | None
) -> list[dict]:
    """Citations from --cite-document/--cite-quote and --reason; a fact needs one."""
    cites = []
    if quote and not document:
        raise StoreError("--cite-quote needs --cite-document (the document it is in)")
    for q in quote or []:
        cites.append(quote_citation(store, document, q))
    if reason:
        cites.append({"reason": reason})
    if not cites:
        raise StoreError(
            "a fact needs a source: --cite-document DOC --cite-quote 'exact words', or --reason"
        )
    return cites


CITE_DOC = typer.Option(None, "--cite-document", help="Document (doc- id, SHA-256 or file name).")
CITE_QUOTE = typer.Option(None, "--cite-quote", help="Exact words of that document (repeatable).")
REASON = typer.Option(None, "--reason", help="Why, in writing (needed without a document).")


# ---- review ------------------------------------------------------------------------------


@handles_errors
def review_cmd(
    status: str = typer.Option("candidate", "--status", help="Which claims to list."),
    event: str | None = typer.Option(None, "--event", help="Only claims tied to this event."),
    limit: int = typer.Option(50, "--limit", min=1),
    fmt: Format = typer.Option(Format.table, "--format"),
) -> None:
    """The review queue: claims waiting for a decision, each with its sentence and the event
    matching proposes for it."""
    store = open_store()
    with store.read() as tx:
        claims = tx.claims(status=status, event_id=event)[:limit]
        links = {}
        for link in tx.claim_events():
            if link.status != "rejected":
                links.setdefault(link.claim_id, link)
        titles = {e.id: e.title for e in tx.events()}
    rows = [
        {
            "id": c.id,
            "measure": c.measure,
            "low": c.low,
            "high": c.high,
            "qualifier": c.qualifier,
            "claimed_by": c.claimed_by,
            "document_id": c.document_id,
            "text": c.span.text,
            "sentence": c.context.text if c.context else None,
            "event": links[c.id].event_id if c.id in links else None,
            "event_status": links[c.id].status if c.id in links else None,
            "status": c.status,
        }
        for c in claims
    ]
    if fmt is Format.json:
        print_json(rows)
        return
    table = Table("id", "figure", "measure", "claimed by", "event", "sentence", box=None)
    for r in rows:
        event_cell = ""
        if r["event"]:
            event_cell = f"{titles.get(r['event'], r['event'])} ({r['event_status']})"
        table.add_row(
            r["id"],
            Text(f"{r['qualifier']} {_figure(r['low'], r['high'])}"),
            r["measure"],
            Text(r["claimed_by"] or ""),
            Text(event_cell),
            Text((r["sentence"] or r["text"] or "")[:90]),
        )
    out.print(table)
    out.print(f"{len(rows)} claims with status {status}")


claim_app = typer.Typer(
    help="Decide on one claim: accept, reject, edit, link.", no_args_is_help=True
)


def _set_status(claim_id: str, status: str, reason: str, note: str | None = None) -> None:
    store = open_store()
    with store.write(user()) as tx:
        done = tx.set_claim_status(claim_id, status, reason, note)
    out.print(f"{claim_id}: {status}" + ("" if done else " (unchanged)"))


@claim_app.command("accept")
@handles_errors
def claim_accept(
    claim_id: str,
    reason: str = typer.Option(..., "--reason", help="Why, for the record."),
    credibility: int | None = typer.Option(None, "--credibility", min=1, max=6),
) -> None:
    """Accept a claim (and grade its credibility 1-6), in one transaction."""
    store = open_store()
    with store.write(user()) as tx:
        if credibility is not None:
            tx.edit_claim(claim_id, reason, credibility=credibility)
        tx.set_claim_status(claim_id, "accepted", reason)
    out.print(f"{claim_id}: accepted")


@claim_app.command("reject")
@handles_errors
def claim_reject(claim_id: str, reason: str = typer.Option(..., "--reason")) -> None:
    """Reject a claim: it stays in the store, marked rejected, and leaves every figure."""
    _set_status(claim_id, "rejected", reason)


@claim_app.command("conflict")
@handles_errors
def claim_conflict(
    claim_id: str,
    note: str = typer.Option(..., "--note", help="Why this claim loses (required)."),
    reason: str = typer.Option("conflict", "--reason"),
) -> None:
    """Mark the losing claim of a conflict, with a written note; it is kept."""
    _set_status(claim_id, "conflict", reason, note)


@claim_app.command("work")
@handles_errors
def claim_work(claim_id: str, reason: str = typer.Option(..., "--reason")) -> None:
    """Mark a claim as needing more work."""
    _set_status(claim_id, "work_needed", reason)


@claim_app.command("edit")
@handles_errors
def claim_edit(
    claim_id: str,
    reason: str = typer.Option(..., "--reason"),
    measure: str | None = typer.Option(None, "--measure"),
    low: int | None = typer.Option(None, "--low"),
    high: int | None = typer.Option(None, "--high"),
    qualifier: str | None = typer.Option(None, "--qualifier"),
    claimed_by: str | None = typer.Option(None, "--claimed-by"),
    source: str | None = typer.Option(None, "--source", help="Registered source it resolves to."),
    date_claimed: str | None = typer.Option(None, "--date-claimed"),
    credibility: int | None = typer.Option(None, "--credibility", min=1, max=6),
) -> None:
    """Correct a claim; each old value stays in its history."""
    changes = {
        k: v
        for k, v in {
            "measure": measure,
            "low": low,
            "high": high,
            "qualifier": qualifier,
            "claimed_by": claimed_by,
            "date_claimed": date_claimed,
            "credibility": credibility,
        }.items()
        if v is not None
    }
    store = open_store()
    with store.write(user()) as tx:
        if source is not None:
            found = tx.find_source(source)
            if found is None:
                raise StoreError(f"no registered source {source!r} (see dadkhah source list)")
            changes["claimed_by_source_id"] = found.id
        if not changes:
            raise StoreError("nothing to change: give at least one field")
        done = tx.edit_claim(claim_id, reason, **changes)
    for field, (old, new) in done.items():
        out.print(Text(f"{claim_id}: {field} {old!r} -> {new!r}"))
    if not done:
        out.print(f"{claim_id}: unchanged")


@claim_app.command("link")
@handles_errors
def claim_link(
    claim_id: str,
    event_id: str,
    reject: bool = typer.Option(False, "--reject", help="Say the claim is not about it."),
    reason: str = typer.Option("analyst decision", "--reason"),
) -> None:
    """Confirm (or reject) that a claim is about an event."""
    store = open_store()
    with store.write(user()) as tx:
        link = tx.link_claim_event(
            claim_id, event_id, "rejected" if reject else "confirmed", reason=reason
        )
    out.print(f"{claim_id} -> {event_id}: {link.status}")


@claim_app.command("show")
@handles_errors
def claim_show(claim_id: str, fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """One claim with its span, sentence, status and events."""
    store = open_store()
    with store.read() as tx:
        c = tx.get_claim(claim_id)
        links = tx.claim_events(claim_id=claim_id)
    data = c.__dict__ | {
        "span": c.span.__dict__,
        "context": c.context.__dict__ if c.context else None,
        "events": [link.__dict__ for link in links],
    }
    if fmt is Format.json:
        print_json(data)
        return
    for key in ("id", "measure", "low", "high", "qualifier", "claimed_by", "date_claimed",
                "status", "status_note", "credibility", "document_id"):  # fmt: skip
        out.print(Text(f"{key}: {data[key]}"))
    out.print(Text(f"figure [{c.span.start}:{c.span.end}]: {c.span.text}"))
    if c.context:
        out.print(Text(f"sentence: {c.context.text}"))
    for link in links:
        out.print(Text(f"event {link.event_id}: {link.status} {link.score or ''}"))


# ---- events ----------------------------------------------------------------------------------


@handles_errors
def events_cmd(fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """Events, in time order."""
    store = open_store()
    with store.read() as tx:
        events = tx.events()
    rows = [
        {
            "id": e.id,
            "type": e.type,
            "title": e.title,
            "start": e.start_date,
            "end": e.end_date,
            "places": [p["name"] for p in e.places],
            "parent": e.parent_id,
            "status": e.status,
        }
        for e in events
    ]
    if fmt is Format.json:
        print_json(rows)
        return
    table = Table("id", "type", "title", "start", "end", "places", "parent", box=None)
    for r in rows:
        table.add_row(
            r["id"], r["type"], Text(r["title"]), r["start"] or "", r["end"] or "",
            Text(", ".join(r["places"])), r["parent"] or "",
        )  # fmt: skip
    out.print(table)


event_app = typer.Typer(help="Events: show one, match claims to events.", no_args_is_help=True)


@event_app.command("show")
@handles_errors
def event_show(event_id: str, fmt: Format = typer.Option(Format.table, "--format")) -> None:
    """One event, its citations, acts and the claims tied to it."""
    store = open_store()
    with store.read() as tx:
        e = tx.get_event(event_id)
        cites = tx.citations(event_id)
        acts = tx.acts(event_id=event_id)
        links = tx.claim_events(event_id=event_id)
        related = tx.event_links(event_id)
        titles = {x.id: x.title for x in tx.events()}
    if fmt is Format.json:
        print_json(
            e.__dict__
            | {
                "citations": [c.__dict__ | {"span": c.span.__dict__ if c.span else None}
                              for c in cites],
                "acts": [a.__dict__ for a in acts],
                "claims": [link.__dict__ for link in links],
                "links": [r.__dict__ for r in related],
            }
        )  # fmt: skip
        return
    out.print(Text(f"{e.id}  {e.title}  ({e.type}, {e.status})"))
    out.print(
        Text(f"from {when(e.start_date, e.start_precision)} to {when(e.end_date, e.end_precision)}")
    )
    if e.places:
        out.print(Text("places: " + ", ".join(p["name"] for p in e.places)))
    for c in cites:
        out.print(
            Text("cited: " + (f"{c.span.document_id} “{c.span.text}”" if c.span else c.reason))
        )
    for a in acts:
        out.print(Text(f"act {a.id}: {a.act_type} {a.victim_description or ''} {a.date or ''}"))
    for r in related:
        if r.event_id == event_id:
            out.print(Text(f"{r.relation} {titles.get(r.related_id, r.related_id)}"))
        else:
            out.print(Text(f"{titles.get(r.event_id, r.event_id)} {r.relation} this event"))
    counts = {}
    for link in links:
        counts[link.status] = counts.get(link.status, 0) + 1
    out.print("claims: " + (", ".join(f"{n} {s}" for s, n in counts.items()) or "none"))


@event_app.command("match")
@handles_errors
def event_match(
    threshold: float = typer.Option(0.6, "--threshold", help="Score needed to propose a link."),
    fmt: Format = typer.Option(Format.table, "--format"),
) -> None:
    """Propose events for unlinked claims (by date, place, type and wording), and new events
    for claims that match none. Proposals wait for an analyst: dadkhah claim link."""
    store = open_store()
    proposals, new = propose(store, user(), threshold=threshold)
    if fmt is Format.json:
        print_json(
            {
                "proposals": [p.__dict__ for p in proposals],
                "new_events": [n.__dict__ for n in new],
            }
        )
        return
    table = Table("claim", "event", "score", "why", box=None)
    for p in proposals:
        table.add_row(p.claim_id, p.event_id, f"{p.score:.2f}", Text("; ".join(p.reasons)))
    out.print(table)
    out.print(f"{len(proposals)} links proposed")
    for n in new[:10]:
        out.print(
            Text(
                f"new event? {n.measure} in {n.place or 'unknown place'}, {n.month or 'undated'}: "
                f"{len(n.claim_ids)} claims ({', '.join(n.claim_ids[:3])}"
                f"{'…' if len(n.claim_ids) > 3 else ''})"
            )
        )


@handles_errors
def corroborate_cmd(
    event_id: str = typer.Argument(..., help="The event (evt-…)."),
    fmt: CorroborateFormat = typer.Option(CorroborateFormat.table, "--format"),
    proposed: bool = typer.Option(False, "--proposed", help="Count proposed links too."),
    chart: bool = typer.Option(True, "--chart/--no-chart", help="Write PNG and SVG charts."),
) -> None:
    """Every figure for an event, by measure and source: grade, revisions, conflicts, the
    number of independent sources, a conservative consensus and the full range."""
    store = open_store()
    result = corroborate_event(store, event_id, proposed=proposed)
    data = to_json(result)
    charts = []
    if chart:
        folder = Path(store.settings.home) / "charts"
        for m in result.measures:
            charts += draw_chart(m, result.event.title, folder, f"{event_id}-{m.measure}")
    if fmt is CorroborateFormat.json:
        print_json(data | {"charts": [str(p) for p in charts]})
        return
    if fmt is CorroborateFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(
            ["measure", "index", "source", "claimed_by", "low", "high", "qualifier",
             "date_claimed", "grade", "current", "revision_of", "document", "start", "end",
             "text"]
        )  # fmt: skip
        for m in data["measures"]:
            for i, f in enumerate(m["figures"]):
                writer.writerow(
                    [m["measure"], i, f["source"], f["claimed_by"], f["low"], f["high"],
                     f["qualifier"], f["date_claimed"], f["grade"], f["current"],
                     f["revision_of"], f["document"], f["start"], f["end"], f["text"]]
                )  # fmt: skip
        return
    print_corroboration(result, charts)


def print_corroboration(result, charts=()) -> None:
    """The corroboration tables: per measure, figures by source, conflicts, consensus."""
    e = result.event
    out.print(Text(f"{e.title} ({e.id})", style="bold"))
    if not result.measures:
        out.print("no figures: tie claims to this event first (dadkhah event match, claim link)")
    for m in result.measures:
        out.print(Text(f"\n{m.measure}", style="bold"))
        table = Table("#", "source", "figure", "given", "grade", "", "document [span]", box=None)
        for i, r in enumerate(m.rows):
            f = r.figure
            state = "current" if r.current else "revised"
            if r.revision_of is not None:
                state += f" (revises #{r.revision_of})"
            if f.status == "conflict":
                state += ", lost a conflict"
            table.add_row(
                str(i),
                Text(f.source or f"{f.claimed_by or 'unattributed'} (unregistered)"),
                Text(f"{f.qualifier} {_figure(f.low, f.high)}"),
                f.date_claimed or "",
                f.grade,
                state,
                Text(f"{f.document_id} [{f.start}:{f.end}] “{f.text}”"),
            )
        out.print(table)
        for a, b, note in m.conflicts:
            out.print(Text(f"CONFLICT #{a} and #{b}: {note}", style="red"))
        consensus = f"{m.consensus:,}" if m.consensus is not None else "none (no credible source)"
        out.print(
            Text(
                f"independent sources: {m.independent_sources}; consensus: {consensus}; "
                f"range: {_figure(m.range_low, m.range_high)}"
            )
        )
    for p in charts:
        out.print(Text(f"chart: {p}"))


# ---- people and organisations ------------------------------------------------------------------


def _person_id(tx, ref: str) -> str:
    if ref.startswith("per-"):
        return tx.get_person(ref).id
    found = tx.find_people(ref)
    if not found:
        raise StoreError(f"no person named {ref!r}")
    if len(found) > 1:
        raise StoreError(
            f"{ref!r} names {len(found)} people: " + ", ".join(f"{p.id} {p.name}" for p in found)
        )
    return found[0].id


@handles_errors
def person_cmd(
    ref: str = typer.Argument(..., help="A name (any spelling on record) or per- id."),
    fmt: Format = typer.Option(Format.table, "--format"),
) -> None:
    """A person: names, postings on a timeline with their sources, acts and events."""
    store = open_store()
    with store.read() as tx:
        person_id = _person_id(tx, ref)
    view = person_view(store, person_id)
    p = view.person
    if fmt is Format.json:
        print_json(
            {
                "person": p.__dict__,
                "postings": [
                    po.__dict__ | {"organization": org.name,
                                   "citations": [_cite_json(c) for c in cs]}
                    for po, org, cs in view.postings
                ],
                "involvements": [
                    inv.__dict__ | {"act": act.__dict__, "event": ev.__dict__ if ev else None,
                                    "citations": [_cite_json(c) for c in cs]}
                    for inv, act, ev, cs in view.involvements
                ],
            }
        )  # fmt: skip
        return
    out.print(Text(f"{p.name} ({p.id})", style="bold"))
    others = [n["name"] for n in p.names[1:]]
    if others:
        out.print(Text("also written: " + ", ".join(others)))
    out.print(Text("\npostings", style="bold"))
    table = Table("from", "to", "organisation", "title", "status", "source", box=None)
    for po, org, cs in view.postings:
        start = when(
            po.start_date or po.outer_start_date, po.start_precision or po.outer_start_precision
        )
        if po.start_context:
            start += f" {po.start_context}"
        end = when(po.end_date or po.outer_end_date, po.end_precision or po.outer_end_precision)
        if po.end_context:
            end += f" {po.end_context}"
        elif not po.real_end and po.end_date:
            end += " (last cited)"
        table.add_row(
            Text(start), Text(end), Text(org.name), Text(po.title or po.rank or ""), po.status,
            Text("; ".join(_cite_text(c, view.documents) for c in cs)),
        )  # fmt: skip
    out.print(table)
    if view.involvements:
        out.print(Text("\nacts", style="bold"))
        for inv, act, ev, cs in view.involvements:
            where = f" in {ev.title}" if ev else ""
            out.print(
                Text(f"{inv.degree.replace('_', ' ')}: {act.act_type} "
                     f"{act.victim_description or ''}{where} ({inv.status}); "
                     + "; ".join(_cite_text(c, view.documents) for c in cs))
            )  # fmt: skip


def _cite_json(c) -> dict:
    return {"span": c.span.__dict__ if c.span else None, "reason": c.reason}


def _cite_text(c, documents: dict) -> str:
    if c.span is None:
        return f"reason: {c.reason}"
    return f"{documents.get(c.span.document_id, c.span.document_id)} “{c.span.text}”"


@handles_errors
def org_cmd(
    ref: str = typer.Argument(..., help="A name, alias or org- id."),
    fmt: Format = typer.Option(Format.table, "--format"),
) -> None:
    """An organisation: who held which post when."""
    store = open_store()
    with store.read() as tx:
        if ref.startswith("org-"):
            org = tx.get_organization(ref)
        else:
            found = tx.find_organizations(ref)
            if len(found) != 1:
                raise StoreError(
                    f"{ref!r} names {len(found)} organisations"
                    + (": " + ", ".join(f"{o.id} {o.name}" for o in found) if found else "")
                )
            org = found[0]
        postings = tx.postings(organization_id=org.id)
        people = {p.id: p for p in tx.people()}
        chain = tx.org_parents(org.id)
        names = {o.id: o.name for o in tx.organizations()}
    if fmt is Format.json:
        print_json(
            org.__dict__ | {"postings": [po.__dict__ | {"person": people[po.person_id].name}
                                         for po in postings],
                            "chain": [c.__dict__ for c in chain]}
        )  # fmt: skip
        return
    out.print(Text(f"{org.name} ({org.id}, {org.kind})", style="bold"))
    for c in chain:
        span = f"{when(c.start_date, c.start_precision)} to {when(c.end_date, c.end_precision)}"
        if c.organization_id == org.id:
            out.print(Text(f"under {names[c.parent_id]}, {span} ({c.status})"))
        else:
            out.print(Text(f"above {names[c.organization_id]}, {span} ({c.status})"))
    table = Table("from", "to", "person", "title", "status", box=None)
    for po in postings:
        table.add_row(
            Text(when(po.start_date or po.outer_start_date, po.start_precision)),
            Text(when(po.end_date or po.outer_end_date, po.end_precision)),
            Text(people[po.person_id].name), Text(po.title or ""), po.status,
        )  # fmt: skip
    out.print(table)


# ---- adding facts by hand --------------------------------------------------------------------

add_app = typer.Typer(
    help="Record a fact by hand; each needs a source span (--cite-document and --cite-quote) "
    "or a written --reason.",
    no_args_is_help=True,
)


@add_app.command("event")
@handles_errors
def add_event(
    title: str = typer.Option(..., "--title"),
    type_: str = typer.Option(..., "--type", help="protests, mass_killing, execution, …"),
    start: str | None = typer.Option(None, "--start", help="YYYY, YYYY-MM or YYYY-MM-DD"),
    end: str | None = typer.Option(None, "--end"),
    place: list[str] | None = typer.Option(None, "--place", help="Repeatable."),
    parent: str | None = typer.Option(None, "--parent"),
    description: str | None = typer.Option(None, "--description"),
    cite_document: str | None = CITE_DOC,
    cite_quote: list[str] | None = CITE_QUOTE,
    reason: str | None = REASON,
) -> None:
    store = open_store()
    cites = _citations(store, cite_document, cite_quote, reason)
    with store.write(user()) as tx:
        e = tx.add_event(
            type_, title, cites, start_date=start, end_date=end,
            places=[{"name": p} for p in place or []], parent_id=parent, description=description,
        )  # fmt: skip
    out.print(e.id)


@add_app.command("person")
@handles_errors
def add_person(
    name: str = typer.Argument(...),
    also: list[str] | None = typer.Option(None, "--also", help="Another spelling (repeatable)."),
    sex: str | None = typer.Option(None, "--sex"),
    birth_year: int | None = typer.Option(None, "--birth-year"),
    sensitivity: str = typer.Option("public", "--sensitivity"),
    cite_document: str | None = CITE_DOC,
    cite_quote: list[str] | None = CITE_QUOTE,
    reason: str | None = REASON,
) -> None:
    store = open_store()
    cites = _citations(store, cite_document, cite_quote, reason)
    with store.write(user()) as tx:
        p = tx.add_person(
            name, cites, names=also or [], sex=sex, birth_year=birth_year, sensitivity=sensitivity
        )
    out.print(p.id)


@add_app.command("org")
@handles_errors
def add_org(
    name: str = typer.Argument(...),
    alias: list[str] | None = typer.Option(None, "--alias"),
    kind: str = typer.Option("state", "--kind"),
    parent: str | None = typer.Option(None, "--parent"),
    cite_document: str | None = CITE_DOC,
    cite_quote: list[str] | None = CITE_QUOTE,
    reason: str | None = REASON,
) -> None:
    store = open_store()
    cites = _citations(store, cite_document, cite_quote, reason)
    with store.write(user()) as tx:
        o = tx.add_organization(name, cites, aliases=alias or [], kind=kind, parent_id=parent)
    out.print(o.id)


@add_app.command("posting")
@handles_errors
def add_posting(
    person: str = typer.Option(..., "--person", help="Name or per- id."),
    org: str = typer.Option(..., "--org", help="Name, alias or org- id."),
    title: str | None = typer.Option(None, "--title"),
    rank: str | None = typer.Option(None, "--rank"),
    start: str | None = typer.Option(None, "--start", help="First date a source shows it."),
    end: str | None = typer.Option(None, "--end", help="Last date a source shows it."),
    outer_start: str | None = typer.Option(None, "--outer-start", help="Earliest it can start."),
    outer_end: str | None = typer.Option(None, "--outer-end", help="Latest it can end."),
    real_start: bool = typer.Option(False, "--real-start", help="The source shows the start."),
    real_end: bool = typer.Option(False, "--real-end", help="The source shows the end."),
    start_context: str | None = typer.Option(None, "--start-context", help="appointed, …"),
    end_context: str | None = typer.Option(None, "--end-context", help="dismissed, …"),
    status: str = typer.Option("work_needed", "--status"),
    cite_document: str | None = CITE_DOC,
    cite_quote: list[str] | None = CITE_QUOTE,
    reason: str | None = REASON,
) -> None:
    store = open_store()
    cites = _citations(store, cite_document, cite_quote, reason)
    dates = {
        k: v
        for k, v in {
            "start_date": start, "end_date": end, "outer_start_date": outer_start,
            "outer_end_date": outer_end, "start_context": start_context,
            "end_context": end_context,
        }.items()
        if v is not None
    }  # fmt: skip
    with store.write(user()) as tx:
        person_id = _person_id(tx, person)
        orgs = [tx.get_organization(org)] if org.startswith("org-") else tx.find_organizations(org)
        if len(orgs) != 1:
            raise StoreError(f"{org!r} names {len(orgs)} organisations")
        p = tx.add_posting(
            person_id, orgs[0].id, cites, title=title, rank=rank, status=status,
            real_start=real_start, real_end=real_end, **dates,
        )  # fmt: skip
    out.print(p.id)


@add_app.command("event-link")
@handles_errors
def add_event_link(
    event: str = typer.Option(..., "--event", help="The event (evt-…)."),
    relation: str = typer.Option(..., "--relation", help="precedes, encompasses or causes"),
    related: str = typer.Option(..., "--related", help="The other event (evt-…)."),
    cite_document: str | None = CITE_DOC,
    cite_quote: list[str] | None = CITE_QUOTE,
    reason: str | None = REASON,
) -> None:
    """One event precedes, encompasses or causes another."""
    store = open_store()
    cites = _citations(store, cite_document, cite_quote, reason)
    with store.write(user()) as tx:
        link = tx.add_event_link(event, related, relation, cites)
    out.print(link.id)


@add_app.command("org-parent")
@handles_errors
def add_org_parent(
    org: str = typer.Option(..., "--org", help="Name, alias or org- id."),
    parent: str = typer.Option(..., "--parent", help="The organisation above it."),
    start: str | None = typer.Option(None, "--start"),
    end: str | None = typer.Option(None, "--end"),
    status: str = typer.Option("work_needed", "--status"),
    cite_document: str | None = CITE_DOC,
    cite_quote: list[str] | None = CITE_QUOTE,
    reason: str | None = REASON,
) -> None:
    """The chain of command over time: an organisation under another, from when to when."""
    store = open_store()
    cites = _citations(store, cite_document, cite_quote, reason)
    with store.write(user()) as tx:
        ids = []
        for ref in (org, parent):
            found = (
                [tx.get_organization(ref)] if ref.startswith("org-") else tx.find_organizations(ref)
            )
            if len(found) != 1:
                raise StoreError(f"{ref!r} names {len(found)} organisations")
            ids.append(found[0].id)
        link = tx.add_org_parent(ids[0], ids[1], cites, start, end, status=status)
    out.print(link.id)


# ---- search, import, export --------------------------------------------------------------------


@handles_errors
def search_cmd(
    query: str = typer.Argument("", help="Words to find (all of them)."),
    reindex: bool = typer.Option(
        False, "--reindex", help="Rebuild the index from the store first (after an upgrade)."
    ),
    kind: list[str] | None = typer.Option(
        None, "--kind", help="document, claim, event, person, organization"
    ),
    limit: int = typer.Option(20, "--limit", min=1),
    fmt: Format = typer.Option(Format.table, "--format"),
) -> None:
    """Full-text search over documents, claims, events, people and organisations."""
    store = open_store()
    if reindex:
        out.print(f"indexed {reindex_search(store, user()):,} records")
    if not query.strip():
        if reindex:
            return
        raise fail("give words to search for", 2)
    with store.read() as tx:
        hits = tx.search(query, limit=limit, kinds=kind or ())
    if fmt is Format.json:
        print_json([h.__dict__ for h in hits])
        return
    table = Table("id", "kind", "title", "snippet", box=None)
    for h in hits:
        table.add_row(h.record_id, h.kind, Text(h.title or ""), Text(" ".join(h.snippet.split())))
    out.print(table)
    out.print(f"{len(hits)} results")


@handles_errors
def import_cmd(
    path: Path = typer.Argument(..., help="JSON lines (.jsonl) or CSV (.csv)."),
    type_: str | None = typer.Option(
        None, "--type", help="Record type of a CSV without a type column."
    ),
) -> None:
    """Import sources, events, organisations, people, postings, acts and decisions on claims.
    All of the file or nothing."""
    if not path.is_file():
        raise InputError(str(path), "no such file")
    store = open_store()
    counts = import_records(store, path, user(), type_)
    out.print("imported: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@handles_errors
def export_knowledge_cmd(
    target: Path = typer.Argument(..., help="A .jsonl file, or a folder for CSV."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv"),
) -> None:
    """Export what analysts recorded (sources, events, organisations, people, postings, acts),
    with citations by document hash and quote."""
    if fmt not in ("jsonl", "csv"):
        raise fail("--format is jsonl or csv", 2)
    store = open_store()
    paths = write_records(export_records(store), target, fmt)
    for p in paths:
        out.print(str(p))
