"""Import and export of what analysts know, as JSON lines or CSV, so existing databases can be
brought in and taken out.

One record per line (JSON lines) or row (CSV), with a ``type``: source, affiliation, event,
organization, person, posting, act, involvement, claim_link. A record can carry a ``ref`` (a
key local to the file) that later records use to point at it (``"person": "raisi"``); ids
and names of records already in the store work too. Citations are
``{"document": FILE NAME | doc- ID | SHA-256, "quote": "exact words"}`` (found in the
document's stored text) or ``{"reason": "why, when no document says it"}``; in CSV, the
columns ``cite_document``, ``cite_quote`` and ``cite_reason``.

A ``claim_link`` ties the claim whose figure is ``quote`` in ``document`` to an event, and can
set the claim's status and credibility: the decisions an analyst already made elsewhere.

The whole file is imported in one transaction: a bad line is reported by number and nothing
of the file is kept.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from dadkhah.errors import DadkhahError, InputError, StoreError
from dadkhah.know.citations import quote_citation
from dadkhah.store import Store

TYPES = (
    "source",
    "affiliation",
    "event",
    "organization",
    "person",
    "posting",
    "act",
    "involvement",
    "claim_link",
    "event_link",
    "org_parent",
)
_LISTS = ("aliases", "domains", "places", "names")
_BOOLS = ("real_start", "real_end", "accept")


def read_records(path: str | Path, type_: str | None = None) -> list[dict]:
    """The records of a JSON-lines or CSV file, each with its line number."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot be read: {err}") from err
    out = []
    if path.suffix.lower() == ".csv":
        for n, row in enumerate(csv.DictReader(raw.splitlines()), start=2):
            rec = {k.strip(): (v or "").strip() for k, v in row.items() if k and (v or "").strip()}
            for key in _LISTS:
                if key in rec:
                    rec[key] = [x.strip() for x in rec[key].split(";") if x.strip()]
            for key in _BOOLS:
                if key in rec:
                    rec[key] = rec[key].lower() in ("1", "true", "yes", "y")
            cite = {}
            for key in ("document", "quote", "reason"):
                if f"cite_{key}" in rec:
                    cite[key] = rec.pop(f"cite_{key}")
            if cite:
                rec["citations"] = [cite]
            rec.setdefault("type", type_)
            out.append((n, rec))
    else:
        for n, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(str(path), f"line {n}: not JSON ({err.msg})") from err
            if not isinstance(rec, dict):
                raise InputError(str(path), f"line {n}: a record is a JSON object")
            rec.setdefault("type", type_)
            out.append((n, rec))
    for n, rec in out:
        if rec.get("type") not in TYPES:
            raise InputError(
                str(path),
                f"line {n}: type must be one of {', '.join(TYPES)}, not {rec.get('type')!r}",
            )
    return out


def import_records(store: Store, path: str | Path, actor: str, type_: str | None = None) -> dict:
    """Import a file of records in one transaction; returns counts by type."""
    records = read_records(path, type_)
    refs: dict[str, str] = {}
    counts: dict[str, int] = {}
    # quotes are found in stored texts before the write transaction opens
    cites: dict[int, list[dict]] = {}
    for n, rec in records:
        try:
            cites[n] = [_citation(store, c) for c in rec.get("citations") or []]
        except DadkhahError as err:
            raise InputError(str(path), f"line {n}: {err}") from err
    with store.write(actor) as tx:
        for n, rec in records:
            try:
                made = _import_one(store, tx, rec, refs, cites[n])
            except (DadkhahError, KeyError, ValueError, TypeError) as err:
                problem = f"missing field {err}" if isinstance(err, KeyError) else str(err)
                raise InputError(str(path), f"line {n}: {problem}") from err
            if rec.get("ref") and made:
                refs[str(rec["ref"])] = made
            counts[rec["type"]] = counts.get(rec["type"], 0) + 1
    return counts


def _citation(store: Store, c: dict) -> dict:
    if c.get("reason") and not c.get("quote"):
        return {"reason": c["reason"]}
    if c.get("document") and c.get("quote"):
        return quote_citation(store, c["document"], c["quote"], int(c.get("occurrence", 1)))
    if c.get("document_id") and "start" in c:
        return {k: c[k] for k in ("document_id", "start", "end", "text") if k in c}
    raise StoreError("a citation needs a document and a quote, or a reason")


def _lookup(tx, refs: dict, value, kind: str) -> str | None:
    if value in (None, ""):
        return None
    value = str(value)
    if value in refs:
        return refs[value]
    prefix = {"event": "evt-", "person": "per-", "organization": "org-", "act": "act-"}[kind]
    if value.startswith(prefix):
        return value
    if kind == "person":
        found = tx.find_people(value)
    elif kind == "organization":
        found = tx.find_organizations(value, exact=True)
    elif kind == "event":
        found = tx.find_events(value)
    else:
        found = []
    if len(found) != 1:
        raise StoreError(f"{kind} {value!r} is {'ambiguous' if found else 'unknown'}")
    return found[0].id


def _dates(rec: dict, *keys: str) -> dict:
    out = {}
    for key in keys:
        if rec.get(key):
            out[f"{key}_date"] = str(rec[key])
            if rec.get(f"{key}_precision"):
                out[f"{key}_precision"] = rec[f"{key}_precision"]
    return out


def _import_one(store: Store, tx, rec: dict, refs: dict, cites: list[dict]) -> str | None:
    t = rec["type"]
    if t == "source":
        found = tx.find_source(rec["name"], by_id=False)
        if found is not None:
            changes = {}
            if rec.get("reliability") and rec["reliability"] != found.reliability:
                changes["reliability"] = rec["reliability"]
            if rec.get("kind") and found.kind == "unknown":
                changes["kind"] = rec["kind"]
            aliases = sorted(set(found.aliases) | set(rec.get("aliases", [])))
            if aliases != sorted(found.aliases):
                changes["aliases"] = aliases
            if changes:
                tx.update_source(found.id, reason="import", **changes)
            return found.id
        return tx.add_source(
            rec["name"],
            kind=rec.get("kind", "unknown"),
            aliases=rec.get("aliases", []),
            domains=rec.get("domains", []),
            reliability=rec.get("reliability", "F"),
            url=rec.get("url"),
            notes=rec.get("notes"),
        ).id
    if t == "affiliation":
        a, b = (tx.find_source(rec[k], by_id=True) for k in ("source", "related"))
        if a is None or b is None:
            raise StoreError(f"unknown source {rec['source'] if a is None else rec['related']!r}")
        if any({x.source_id, x.related_id} == {a.id, b.id} for x in tx.affiliations(a.id)):
            return None
        return tx.add_affiliation(a.id, b.id, rec.get("relation", "affiliated"), rec.get("note")).id
    if t == "event":
        places = [p if isinstance(p, dict) else {"name": p} for p in rec.get("places", [])]
        return tx.add_event(
            rec.get("event_type") or rec.get("kind") or "other",
            rec["title"],
            cites,
            places=places,
            parent_id=_lookup(tx, refs, rec.get("parent"), "event"),
            description=rec.get("description"),
            status=rec.get("status", "work_needed"),
            sensitivity=rec.get("sensitivity", "public"),
            **_dates(rec, "start", "end"),
        ).id
    if t == "organization":
        return tx.add_organization(
            rec["name"],
            cites,
            aliases=rec.get("aliases", []),
            kind=rec.get("kind", "state"),
            parent_id=_lookup(tx, refs, rec.get("parent"), "organization"),
            notes=rec.get("notes"),
        ).id
    if t == "person":
        return tx.add_person(
            rec["name"],
            cites,
            names=rec.get("names", []),
            sex=rec.get("sex"),
            birth_year=int(rec["birth_year"]) if rec.get("birth_year") else None,
            notes=rec.get("notes"),
            sensitivity=rec.get("sensitivity", "public"),
        ).id
    if t == "posting":
        extra = {k: rec[k] for k in ("real_start", "real_end", "start_context", "end_context")
                 if k in rec}  # fmt: skip
        return tx.add_posting(
            _lookup(tx, refs, rec["person"], "person"),
            _lookup(tx, refs, rec["organization"], "organization"),
            cites,
            title=rec.get("title"),
            rank=rec.get("rank"),
            status=rec.get("status", "work_needed"),
            status_note=rec.get("status_note"),
            **_dates(rec, "start", "end", "outer_start", "outer_end"),
            **extra,
        ).id
    if t == "act":
        return tx.add_act(
            rec["act_type"],
            cites,
            event_id=_lookup(tx, refs, rec.get("event"), "event"),
            victim_person_id=_lookup(tx, refs, rec.get("victim_person"), "person"),
            victim_count=int(rec["victim_count"]) if rec.get("victim_count") else None,
            victim_description=rec.get("victim_description"),
            date=rec.get("date"),
            place=rec.get("place"),
            method=rec.get("method"),
            status=rec.get("status", "work_needed"),
        ).id
    if t == "involvement":
        return tx.add_involvement(
            _lookup(tx, refs, rec["act"], "act"),
            rec["degree"],
            cites,
            person_id=_lookup(tx, refs, rec.get("person"), "person"),
            organization_id=_lookup(tx, refs, rec.get("organization"), "organization"),
            status=rec.get("status", "work_needed"),
        ).id
    if t == "claim_link":
        claim = _claim_at(tx, rec)
        event_id = _lookup(tx, refs, rec["event"], "event")
        reason = rec.get("reason") or "imported analyst decision"
        tx.link_claim_event(claim.id, event_id, rec.get("status", "confirmed"), reason=reason)
        changes = {}
        if rec.get("credibility"):
            changes["credibility"] = int(rec["credibility"])
        if rec.get("source"):
            # "the spokeswoman speaks for the Observatory": who the figure is really from
            src = tx.find_source(rec["source"])
            if src is None:
                raise StoreError(f"unknown source {rec['source']!r}")
            changes["claimed_by_source_id"] = src.id
        if changes:
            tx.edit_claim(claim.id, reason, **changes)
        if rec.get("claim_status"):
            tx.set_claim_status(claim.id, rec["claim_status"], reason, rec.get("note"))
        return claim.id
    if t == "event_link":
        return tx.add_event_link(
            _lookup(tx, refs, rec["event"], "event"),
            _lookup(tx, refs, rec["related"], "event"),
            rec["relation"],
            cites,
        ).id
    if t == "org_parent":
        return tx.add_org_parent(
            _lookup(tx, refs, rec["organization"], "organization"),
            _lookup(tx, refs, rec["parent"], "organization"),
            cites,
            start_date=rec.get("start"),
            end_date=rec.get("end"),
            start_precision=rec.get("start_precision"),
            end_precision=rec.get("end_precision"),
            status=rec.get("status", "work_needed"),
        ).id
    raise StoreError(f"unknown record type {t!r}")


def _claim_at(tx, rec: dict):
    """The claim whose figure reads ``quote`` in ``document`` (its ``occurrence``-th one)."""
    from dadkhah.know.citations import find_document_in

    doc = find_document_in(tx.documents(), rec["document"])
    quote = " ".join(str(rec["quote"]).split())
    hits = [
        c for c in tx.claims(document_id=doc.id) if " ".join((c.span.text or "").split()) == quote
    ]
    if rec.get("measure"):
        hits = [c for c in hits if c.measure == rec["measure"]]
    n = int(rec.get("occurrence", 1))
    if len(hits) < n:
        raise StoreError(f"{doc.id} has no claim whose figure reads {quote!r}")
    return hits[n - 1]


def export_records(store: Store) -> list[dict]:
    """Everything analysts recorded, as import records (citations by original SHA-256 and
    quote, so they import into another store holding the same documents)."""
    out: list[dict] = []
    with store.read() as tx:
        docs = {d.id: d for d in tx.documents()}

        def cites(record_id: str) -> list[dict]:
            found = []
            for c in tx.citations(record_id):
                if c.span is not None:
                    found.append(
                        {"document": docs[c.span.document_id].blob_sha256, "quote": c.span.text}
                    )
                else:
                    found.append({"reason": c.reason})
            return found

        for s in tx.sources():
            out.append({"type": "source", "ref": s.id, "name": s.name, "kind": s.kind,
                        "aliases": list(s.aliases), "domains": list(s.domains or ()),
                        "reliability": s.reliability})  # fmt: skip
            for a in tx.affiliations(s.id):
                if a.source_id == s.id:
                    out.append({"type": "affiliation", "source": a.source_id,
                                "related": a.related_id, "relation": a.relation})  # fmt: skip
        events = tx.events()
        for e in sorted(events, key=lambda e: e.parent_id is not None):
            out.append({"type": "event", "ref": e.id, "event_type": e.type, "title": e.title,
                        "start": e.start_date, "start_precision": e.start_precision,
                        "end": e.end_date, "end_precision": e.end_precision,
                        "places": [p["name"] for p in e.places], "parent": e.parent_id,
                        "description": e.description, "status": e.status,
                        "sensitivity": e.sensitivity, "citations": cites(e.id)})  # fmt: skip
        for e in events:
            for link in tx.event_links(e.id):
                if link.event_id == e.id:
                    out.append({"type": "event_link", "event": link.event_id,
                                "related": link.related_id, "relation": link.relation,
                                "citations": cites(link.id)})  # fmt: skip
        orgs = tx.organizations()
        for o in sorted(orgs, key=lambda o: o.parent_id is not None):
            out.append({"type": "organization", "ref": o.id, "name": o.name,
                        "aliases": list(o.aliases), "kind": o.kind, "parent": o.parent_id,
                        "citations": cites(o.id)})  # fmt: skip
        for o in orgs:
            for op in tx.org_parents(o.id):
                if op.organization_id == o.id:
                    out.append({"type": "org_parent", "organization": o.id, "parent": op.parent_id,
                                "start": op.start_date, "start_precision": op.start_precision,
                                "end": op.end_date, "end_precision": op.end_precision,
                                "status": op.status, "citations": cites(op.id)})  # fmt: skip
        for p in tx.people():
            out.append({"type": "person", "ref": p.id, "name": p.name,
                        "names": [n["name"] for n in p.names[1:]], "sex": p.sex,
                        "birth_year": p.birth_year, "sensitivity": p.sensitivity,
                        "citations": cites(p.id)})  # fmt: skip
        for p in tx.postings():
            rec = {"type": "posting", "ref": p.id, "person": p.person_id,
                   "organization": p.organization_id, "title": p.title, "rank": p.rank,
                   "status": p.status, "real_start": p.real_start, "real_end": p.real_end,
                   "start_context": p.start_context, "end_context": p.end_context}  # fmt: skip
            for key in ("start", "end", "outer_start", "outer_end"):
                rec[key] = getattr(p, f"{key}_date")
                rec[f"{key}_precision"] = getattr(p, f"{key}_precision")
            rec["citations"] = cites(p.id)
            out.append(rec)
        for a in tx.acts():
            out.append({"type": "act", "ref": a.id, "act_type": a.act_type, "event": a.event_id,
                        "victim_person": a.victim_person_id, "victim_count": a.victim_count,
                        "victim_description": a.victim_description, "date": a.date,
                        "place": a.place, "method": a.method, "status": a.status,
                        "citations": cites(a.id)})  # fmt: skip
            for i in tx.involvements(act_id=a.id):
                out.append({"type": "involvement", "act": a.id, "person": i.person_id,
                            "organization": i.organization_id, "degree": i.degree,
                            "status": i.status, "citations": cites(i.id)})  # fmt: skip
    return [{k: v for k, v in r.items() if v not in (None, [], "")} for r in out]


def write_records(records: list[dict], out: str | Path, fmt: str = "jsonl") -> list[Path]:
    """JSON lines in one file, or CSV: one file per type in the folder ``out``."""
    out = Path(out)
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for t in TYPES:
        rows = [dict(r) for r in records if r["type"] == t]
        if not rows:
            continue
        for r in rows:
            for key in _LISTS:
                if key in r:
                    r[key] = "; ".join(
                        x if isinstance(x, str) else x.get("name", "") for x in r[key]
                    )
            cs = r.pop("citations", [])
            if cs:
                first = cs[0]
                r["cite_document"] = first.get("document", "")
                r["cite_quote"] = first.get("quote", "")
                r["cite_reason"] = first.get("reason", "")
        columns = list(dict.fromkeys(k for r in rows for k in r))
        path = out / f"{t}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written
