"""What analysts know: events, people, organisations, postings, acts and involvements, each
resting on citations; the review of claims; the links from claims to events; the search index.

Every change is a custody entry: ``created`` with the new record, ``edited`` with each changed
field's old and new value and the reason. Nothing is deleted: a rejected claim keeps its row
and its status says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from dadkhah.errors import NotFound, StoreError
from dadkhah.ids import new_id
from dadkhah.store.custody import now_iso
from dadkhah.store.models import (
    Act,
    Citation,
    Claim,
    ClaimEvent,
    Document,
    Event,
    EventLink,
    Involvement,
    Organization,
    OrganizationParent,
    Person,
    Posting,
    Span,
)
from dadkhah.store.records import (
    ActRecord,
    CitationRecord,
    ClaimEventRecord,
    EventLinkRecord,
    EventRecord,
    InvolvementRecord,
    OrganizationParentRecord,
    OrganizationRecord,
    PersonRecord,
    PostingRecord,
    SearchHit,
    SpanRecord,
)

# ACLED's event types, then the violation types documentation groups use
EVENT_TYPES = (
    "battles",
    "explosions_remote_violence",
    "violence_against_civilians",
    "protests",
    "riots",
    "strategic_developments",
    "mass_killing",
    "arbitrary_arrest",
    "execution",
    "torture",
    "enforced_disappearance",
    "crackdown",
    "other",
)
ACT_TYPES = (
    "killing",
    "injury",
    "arrest",
    "detention",
    "execution",
    "enforced_disappearance",
    "torture",
    "sentence",
    "other",
)
DEGREES = ("directly_carried_out", "gave_orders", "planned", "passive_accomplice", "suspected")
# how an analyst judges a fact, as Security Force Monitor keeps it; claims also start as
# candidates (from an extractor) and can be rejected
FACT_STATUSES = ("accepted", "conflict", "work_needed")
CLAIM_STATUSES = ("candidate", "rejected", *FACT_STATUSES)
LINK_STATUSES = ("proposed", "confirmed", "rejected")
EVENT_RELATIONS = ("precedes", "encompasses", "causes")
PRECISIONS = ("day", "month", "year")
SEXES = ("female", "male", "other")
CLAIM_EDITABLE = (
    "measure",
    "low",
    "high",
    "qualifier",
    "claimed_by",
    "claimed_by_source_id",
    "date_claimed",
    "event_date",
    "place",
    "credibility",
)
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def check_date(value: str | None, precision: str | None, what: str) -> None:
    if value is None:
        return
    if not _DATE.match(value):
        raise StoreError(f"{what} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    if precision is not None and precision not in PRECISIONS:
        raise StoreError(f"{what} precision must be one of {', '.join(PRECISIONS)}")


def _span_rec(r: Span | None) -> SpanRecord | None:
    return SpanRecord(r.id, r.document_id, r.start, r.end, r.text, r.page) if r else None


def _event_rec(r: Event) -> EventRecord:
    return EventRecord(
        r.id,
        r.type,
        r.title,
        r.description,
        r.start_date,
        r.start_precision,
        r.end_date,
        r.end_precision,
        tuple(r.places or ()),
        r.parent_id,
        r.status,
        r.status_note,
        r.sensitivity,
        r.created_at,
        r.created_by,
    )


def _person_rec(r: Person) -> PersonRecord:
    return PersonRecord(
        r.id,
        r.name,
        tuple(r.names or ()),
        r.sex,
        r.birth_year,
        r.notes,
        r.sensitivity,
        r.created_at,
        r.created_by,
    )


def _org_rec(r: Organization) -> OrganizationRecord:
    return OrganizationRecord(
        r.id, r.name, tuple(r.aliases or ()), r.kind, r.parent_id, r.notes, r.created_at,
        r.created_by,
    )  # fmt: skip


def _posting_rec(r: Posting) -> PostingRecord:
    return PostingRecord(
        **{c: getattr(r, c) for c in PostingRecord.__dataclass_fields__}  # same names
    )


def _act_rec(r: Act) -> ActRecord:
    return ActRecord(**{c: getattr(r, c) for c in ActRecord.__dataclass_fields__})


def _involvement_rec(r: Involvement) -> InvolvementRecord:
    return InvolvementRecord(**{c: getattr(r, c) for c in InvolvementRecord.__dataclass_fields__})


def _event_link_rec(r: EventLink) -> EventLinkRecord:
    return EventLinkRecord(**{c: getattr(r, c) for c in EventLinkRecord.__dataclass_fields__})


def _org_parent_rec(r: OrganizationParent) -> OrganizationParentRecord:
    return OrganizationParentRecord(
        **{c: getattr(r, c) for c in OrganizationParentRecord.__dataclass_fields__}
    )


def _link_rec(r: ClaimEvent) -> ClaimEventRecord:
    return ClaimEventRecord(
        r.claim_id, r.event_id, r.status, r.score, tuple(r.reasons or ()), r.created_at,
        r.created_by,
    )  # fmt: skip


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


class _KnowledgeMixin:
    """The knowledge half of ``Tx`` (see ``dadkhah.store.api``)."""

    _s: Session

    # ---- citations ------------------------------------------------------------------------
    def _cite(self, record_id: str, citations: Iterable[dict], required: bool = True) -> list:
        """Attach citations to a record. Each is ``{"span_id"}``, ``{"document_id", "start",
        "end", "text", "page"}`` (a new span) or ``{"reason"}`` (a manual entry: the user's
        written reason). A fact needs at least one unless ``required`` is False."""
        actor = self._need_writer()
        made = []
        for c in citations:
            span_id, reason = c.get("span_id"), (c.get("reason") or "").strip() or None
            if span_id is None and c.get("document_id"):
                doc = self._s.get(Document, c["document_id"])
                if doc is None:
                    raise NotFound(f"no document {c['document_id']}")
                start, end = int(c["start"]), int(c["end"])
                if not 0 <= start < end:
                    raise StoreError(f"a cited span needs 0 <= start < end, not {start}..{end}")
                span_id = new_id("spn")
                self._s.add(
                    Span(
                        id=span_id,
                        document_id=doc.id,
                        start=start,
                        end=end,
                        text=c.get("text"),
                        page=c.get("page"),
                        created_at=now_iso(),
                    )
                )
                self._s.flush()  # the span before the citation that points at it
            elif span_id is not None and self._s.get(Span, span_id) is None:
                raise NotFound(f"no span {span_id}")
            if span_id is None and reason is None:
                raise StoreError("a citation needs a source span or a written reason")
            row = Citation(
                id=new_id("cit"),
                record_id=record_id,
                span_id=span_id,
                reason=reason,
                created_at=now_iso(),
                created_by=actor,
            )
            self._s.add(row)
            made.append(row)
        if required and not made:
            raise StoreError(
                f"{record_id}: a fact needs a source span or a written reason (no citation given)"
            )
        self._s.flush()
        return [{"id": r.id, "span_id": r.span_id, "reason": r.reason} for r in made]

    def _created(self, row, record: str, citations: Iterable[dict], to_record):
        """Insert a new fact with its citations and log it; returns its frozen record."""
        self._s.add(row)
        self._s.flush()
        cited = self._cite(row.id, citations)
        rec = to_record(row)
        self.log("created", row.id, None, {"record": record, **_fields(rec), "citations": cited})
        return rec

    def add_citations(self, record_id: str, citations: Iterable[dict]) -> list[dict]:
        """More citations for an existing record (logged)."""
        made = self._cite(record_id, citations)
        self.log("edited", record_id, None, {"record": "citation", "added": made})
        return made

    def citations(self, record_id: str) -> list[CitationRecord]:
        rows = self._s.execute(
            select(Citation).where(Citation.record_id == record_id).order_by(Citation.created_at)
        ).scalars()
        out = []
        for r in rows:
            span = self._s.get(Span, r.span_id) if r.span_id else None
            out.append(
                CitationRecord(
                    r.id, r.record_id, _span_rec(span), r.reason, r.created_at, r.created_by
                )  # fmt: skip
            )
        return out

    def _edit(self, row, record: str, allowed: Iterable[str], changes: dict, reason: str | None):
        """Apply field changes to a row, logging each old and new value; returns them."""
        self._need_writer()
        if not (reason or "").strip():
            raise StoreError(f"{row.id}: an edit needs a reason")
        done = {}
        allowed = set(allowed)
        for field, new in changes.items():
            if field not in allowed:
                raise StoreError(f"{record} field {field!r} cannot be changed")
            new = _plain(new)
            old = getattr(row, field)
            if old != new:
                setattr(row, field, new)
                done[field] = [old, new]
        if done:
            self._s.flush()
            self.log("edited", row.id, None, {"record": record, "changes": done, "reason": reason})
        return done

    # ---- events ---------------------------------------------------------------------------
    def add_event(
        self,
        type: str,
        title: str,
        citations: Iterable[dict],
        start_date: str | None = None,
        start_precision: str | None = None,
        end_date: str | None = None,
        end_precision: str | None = None,
        places: Iterable[dict] = (),
        parent_id: str | None = None,
        description: str | None = None,
        status: str = "work_needed",
        sensitivity: str = "public",
    ) -> EventRecord:
        actor = self._need_writer()
        if type not in EVENT_TYPES:
            raise StoreError(f"event type must be one of {', '.join(EVENT_TYPES)}, not {type!r}")
        if not title.strip():
            raise StoreError("an event needs a title")
        check_date(start_date, start_precision, "start")
        check_date(end_date, end_precision, "end")
        if start_date and end_date and end_date < start_date[: len(end_date)]:
            raise StoreError(f"an event cannot end ({end_date}) before it starts ({start_date})")
        if status not in FACT_STATUSES:
            raise StoreError(f"status must be one of {', '.join(FACT_STATUSES)}")
        if parent_id is not None and self._s.get(Event, parent_id) is None:
            raise NotFound(f"no event {parent_id}")
        place_list = []
        for p in places:
            name = (p.get("name") or "").strip()
            if not name:
                raise StoreError("a place needs a name")
            place_list.append({"name": name, "precision": p.get("precision") or "city"})
        row = Event(
            id=new_id("evt"),
            type=type,
            title=title.strip(),
            description=description,
            start_date=start_date,
            start_precision=start_precision or _precision_of(start_date),
            end_date=end_date,
            end_precision=end_precision or _precision_of(end_date),
            places=place_list,
            parent_id=parent_id,
            status=status,
            sensitivity=sensitivity,
            created_at=now_iso(),
            created_by=actor,
        )
        rec = self._created(row, "event", citations, _event_rec)
        self.index_search(row.id, "event", row.title, " ".join(
            [row.description or "", *(p["name"] for p in place_list)]
        ))  # fmt: skip
        return rec

    def update_event(self, event_id: str, reason: str, **changes) -> dict:
        row = self._s.get(Event, event_id)
        if row is None:
            raise NotFound(f"no event {event_id}")
        if "type" in changes and changes["type"] not in EVENT_TYPES:
            raise StoreError(f"event type must be one of {', '.join(EVENT_TYPES)}")
        if "status" in changes and changes["status"] not in FACT_STATUSES:
            raise StoreError(f"status must be one of {', '.join(FACT_STATUSES)}")
        if changes.get("status") == "conflict" and not (changes.get("status_note") or "").strip():
            raise StoreError("a conflict needs a written note (--note)")
        return self._edit(
            row,
            "event",
            (
                "type", "title", "description", "start_date", "start_precision", "end_date",
                "end_precision", "places", "parent_id", "status", "status_note", "sensitivity",
            ),
            changes,
            reason,
        )  # fmt: skip

    def get_event(self, event_id: str) -> EventRecord:
        row = self._s.get(Event, event_id)
        if row is None:
            raise NotFound(f"no event {event_id}")
        return _event_rec(row)

    def events(self) -> list[EventRecord]:
        rows = self._s.execute(select(Event).order_by(Event.start_date, Event.title)).scalars()
        return [_event_rec(r) for r in rows]

    def sub_events(self, event_id: str) -> list[EventRecord]:
        """The events whose parent this one is."""
        rows = self._s.execute(
            select(Event).where(Event.parent_id == event_id).order_by(Event.start_date)
        ).scalars()
        return [_event_rec(r) for r in rows]

    def find_events(self, title: str) -> list[EventRecord]:
        """Events whose title contains ``title`` (case-insensitive)."""
        rows = self._s.execute(
            select(Event).where(func.lower(Event.title).contains(title.strip().lower()))
        ).scalars()
        return [_event_rec(r) for r in rows]

    def add_event_link(
        self, event_id: str, related_id: str, relation: str, citations: Iterable[dict]
    ) -> EventLinkRecord:
        """One event precedes, encompasses or causes another."""
        actor = self._need_writer()
        if relation not in EVENT_RELATIONS:
            raise StoreError(f"relation must be one of {', '.join(EVENT_RELATIONS)}")
        if event_id == related_id:
            raise StoreError("an event cannot be linked to itself")
        for eid in (event_id, related_id):
            if self._s.get(Event, eid) is None:
                raise NotFound(f"no event {eid}")
        row = EventLink(
            id=new_id("lnk"),
            event_id=event_id,
            related_id=related_id,
            relation=relation,
            created_at=now_iso(),
            created_by=actor,
        )
        return self._created(row, "event_link", citations, _event_link_rec)

    def event_links(self, event_id: str) -> list[EventLinkRecord]:
        """Links in which the event takes part, on either side."""
        rows = self._s.execute(
            select(EventLink).where(
                (EventLink.event_id == event_id) | (EventLink.related_id == event_id)
            )
        ).scalars()
        return [_event_link_rec(r) for r in rows]

    # ---- claims: review and links to events -----------------------------------------------
    def get_claim(self, claim_id: str):
        found = [c for c in self.claims(ids=[claim_id])]
        if not found:
            raise NotFound(f"no claim {claim_id}")
        return found[0]

    def set_claim_status(
        self, claim_id: str, status: str, reason: str, note: str | None = None
    ) -> dict:
        """Accept, reject, mark in conflict (a note is required) or as needing work."""
        row = self._s.get(Claim, claim_id)
        if row is None:
            raise NotFound(f"no claim {claim_id}")
        if status not in CLAIM_STATUSES or status == "candidate":
            raise StoreError(f"a reviewed claim's status is one of {', '.join(CLAIM_STATUSES[1:])}")
        if status == "conflict" and not (note or "").strip():
            raise StoreError("a conflict needs a written note (--note): why this claim loses")
        changes = {"status": status}
        if note is not None:
            changes["status_note"] = note
        return self._edit(row, "claim", ("status", "status_note"), changes, reason)

    def reopen_claim(self, claim_id: str, reason: str) -> dict:
        """Put a reviewed claim back in the queue as a candidate (an analyst's undo); the
        decision it replaces stays in the custody log."""
        row = self._s.get(Claim, claim_id)
        if row is None:
            raise NotFound(f"no claim {claim_id}")
        return self._edit(
            row, "claim", ("status", "status_note"), {"status": "candidate", "status_note": None},
            reason,
        )  # fmt: skip

    def edit_claim(self, claim_id: str, reason: str, **changes) -> dict:
        """Correct a claim's fields; the old values stay in the custody log."""
        row = self._s.get(Claim, claim_id)
        if row is None:
            raise NotFound(f"no claim {claim_id}")
        low, high = changes.get("low", row.low), changes.get("high", row.high)
        if low is not None and high is not None and int(low) > int(high):
            raise StoreError(f"low ({low}) cannot be above high ({high})")
        credibility = changes.get("credibility")
        if credibility is not None and credibility not in range(1, 7):
            raise StoreError("credibility is 1 to 6 (the Admiralty scale)")
        done = self._edit(row, "claim", CLAIM_EDITABLE, changes, reason)
        if done and row.status == "candidate":
            # an analyst's correction is a review: the extractor must not replace it
            self._edit(row, "claim", ("status",), {"status": "work_needed"}, reason)
        return done

    def link_claim_event(
        self,
        claim_id: str,
        event_id: str,
        status: str = "confirmed",
        score: float | None = None,
        reasons: Iterable[str] = (),
        reason: str | None = None,
    ) -> ClaimEventRecord:
        """Tie a claim to an event (proposed by matching, or confirmed by an analyst)."""
        actor = self._need_writer()
        if status not in LINK_STATUSES:
            raise StoreError(f"link status must be one of {', '.join(LINK_STATUSES)}")
        if self._s.get(Claim, claim_id) is None:
            raise NotFound(f"no claim {claim_id}")
        if self._s.get(Event, event_id) is None:
            raise NotFound(f"no event {event_id}")
        row = self._s.get(ClaimEvent, (claim_id, event_id))
        if row is None:
            row = ClaimEvent(
                claim_id=claim_id,
                event_id=event_id,
                status=status,
                score=score,
                reasons=list(reasons),
                created_at=now_iso(),
                created_by=actor,
            )
            self._s.add(row)
            self._s.flush()
            self.log(
                "created",
                claim_id,
                None,
                {
                    "record": "claim_event",
                    "event_id": event_id,
                    "status": status,
                    "score": score,
                    "reasons": list(reasons),
                    "reason": reason,
                },
            )
        elif row.status != status:
            old = row.status
            row.status = status
            self._s.flush()
            self.log(
                "edited",
                claim_id,
                None,
                {
                    "record": "claim_event",
                    "event_id": event_id,
                    "changes": {"status": [old, status]},
                    "reason": reason,
                },
            )
        return _link_rec(row)

    def claim_events(
        self, event_id: str | None = None, claim_id: str | None = None
    ) -> list[ClaimEventRecord]:
        q = select(ClaimEvent)
        if event_id is not None:
            q = q.where(ClaimEvent.event_id == event_id)
        if claim_id is not None:
            q = q.where(ClaimEvent.claim_id == claim_id)
        return [_link_rec(r) for r in self._s.execute(q.order_by(ClaimEvent.created_at)).scalars()]

    # ---- people, organisations, postings --------------------------------------------------
    def add_person(
        self,
        name: str,
        citations: Iterable[dict],
        names: Iterable[dict | str] = (),
        sex: str | None = None,
        birth_year: int | None = None,
        notes: str | None = None,
        sensitivity: str = "public",
    ) -> PersonRecord:
        actor = self._need_writer()
        name = name.strip()
        if not name:
            raise StoreError("a person needs a name")
        if sex is not None and sex not in SEXES:
            raise StoreError(f"sex must be one of {', '.join(SEXES)}")
        variants = [{"name": name, "script": _script(name), "kind": "primary"}]
        for n in names:
            n = {"name": n} if isinstance(n, str) else dict(n)
            value = (n.get("name") or "").strip()
            if value and all(v["name"] != value for v in variants):
                variants.append(
                    {"name": value, "script": n.get("script") or _script(value),
                     "kind": n.get("kind") or "variant"}
                )  # fmt: skip
        row = Person(
            id=new_id("per"),
            name=name,
            names=variants,
            sex=sex,
            birth_year=birth_year,
            notes=notes,
            sensitivity=sensitivity,
            created_at=now_iso(),
            created_by=actor,
        )
        rec = self._created(row, "person", citations, _person_rec)
        self.index_search(row.id, "person", name, " ".join(v["name"] for v in variants))
        return rec

    def get_person(self, person_id: str) -> PersonRecord:
        row = self._s.get(Person, person_id)
        if row is None:
            raise NotFound(f"no person {person_id}")
        return _person_rec(row)

    def people(self) -> list[PersonRecord]:
        return [
            _person_rec(r) for r in self._s.execute(select(Person).order_by(Person.name)).scalars()
        ]

    def find_people(self, name: str) -> list[PersonRecord]:
        """People with a name or variant equal to ``name``, else containing it (any case)."""
        key = " ".join(name.split()).casefold()
        people = self.people()
        exact = [p for p in people if any(n["name"].casefold() == key for n in p.names)]
        return exact or [p for p in people if any(key in n["name"].casefold() for n in p.names)]

    def add_organization(
        self,
        name: str,
        citations: Iterable[dict],
        aliases: Iterable[str] = (),
        kind: str = "state",
        parent_id: str | None = None,
        notes: str | None = None,
    ) -> OrganizationRecord:
        actor = self._need_writer()
        name = name.strip()
        if not name:
            raise StoreError("an organisation needs a name")
        if self.find_organizations(name, exact=True):
            raise StoreError(f"an organisation named {name!r} already exists")
        if parent_id is not None and self._s.get(Organization, parent_id) is None:
            raise NotFound(f"no organisation {parent_id}")
        row = Organization(
            id=new_id("org"),
            name=name,
            aliases=sorted({a.strip() for a in aliases if a.strip()}),
            kind=kind,
            parent_id=parent_id,
            notes=notes,
            created_at=now_iso(),
            created_by=actor,
        )
        rec = self._created(row, "organization", citations, _org_rec)
        self.index_search(row.id, "organization", name, " ".join(rec.aliases))
        return rec

    def add_org_parent(
        self,
        organization_id: str,
        parent_id: str,
        citations: Iterable[dict],
        start_date: str | None = None,
        end_date: str | None = None,
        start_precision: str | None = None,
        end_precision: str | None = None,
        status: str = "work_needed",
    ) -> OrganizationParentRecord:
        """The chain of command over time: ``organization_id`` under ``parent_id``."""
        actor = self._need_writer()
        if organization_id == parent_id:
            raise StoreError("an organisation cannot be its own parent")
        for oid in (organization_id, parent_id):
            if self._s.get(Organization, oid) is None:
                raise NotFound(f"no organisation {oid}")
        check_date(start_date, start_precision, "start")
        check_date(end_date, end_precision, "end")
        if status not in FACT_STATUSES:
            raise StoreError(f"status must be one of {', '.join(FACT_STATUSES)}")
        row = OrganizationParent(
            id=new_id("opr"),
            organization_id=organization_id,
            parent_id=parent_id,
            start_date=start_date,
            start_precision=start_precision or _precision_of(start_date),
            end_date=end_date,
            end_precision=end_precision or _precision_of(end_date),
            status=status,
            created_at=now_iso(),
            created_by=actor,
        )
        return self._created(row, "org_parent", citations, _org_parent_rec)

    def org_parents(self, organization_id: str) -> list[OrganizationParentRecord]:
        """What the organisation was under, and what was under it, over time."""
        rows = self._s.execute(
            select(OrganizationParent).where(
                (OrganizationParent.organization_id == organization_id)
                | (OrganizationParent.parent_id == organization_id)
            )
        ).scalars()
        recs = [_org_parent_rec(r) for r in rows]
        return sorted(recs, key=lambda r: (r.start_date or "", r.id))

    def get_organization(self, org_id: str) -> OrganizationRecord:
        row = self._s.get(Organization, org_id)
        if row is None:
            raise NotFound(f"no organisation {org_id}")
        return _org_rec(row)

    def organizations(self) -> list[OrganizationRecord]:
        rows = self._s.execute(select(Organization).order_by(Organization.name)).scalars()
        return [_org_rec(r) for r in rows]

    def find_organizations(self, name: str, exact: bool = False) -> list[OrganizationRecord]:
        key = " ".join(name.split()).casefold()
        orgs = self.organizations()
        hit = [o for o in orgs if key in (o.name.casefold(), *(a.casefold() for a in o.aliases))]
        if hit or exact:
            return hit
        return [o for o in orgs if any(key in n.casefold() for n in (o.name, *o.aliases))]

    def add_posting(
        self,
        person_id: str,
        organization_id: str,
        citations: Iterable[dict],
        title: str | None = None,
        rank: str | None = None,
        status: str = "work_needed",
        status_note: str | None = None,
        **dates,
    ) -> PostingRecord:
        """A person in a post. ``dates``: start_date, start_precision, end_date,
        end_precision (the precise range), outer_start_date, outer_start_precision,
        outer_end_date, outer_end_precision (the outer range), real_start, real_end (the
        source evidences the real start or end), start_context, end_context ("appointed")."""
        actor = self._need_writer()
        if self._s.get(Person, person_id) is None:
            raise NotFound(f"no person {person_id}")
        if self._s.get(Organization, organization_id) is None:
            raise NotFound(f"no organisation {organization_id}")
        if status not in FACT_STATUSES:
            raise StoreError(f"status must be one of {', '.join(FACT_STATUSES)}")
        if status == "conflict" and not (status_note or "").strip():
            raise StoreError("a conflict needs a written note")
        allowed = {
            "start_date", "start_precision", "end_date", "end_precision", "outer_start_date",
            "outer_start_precision", "outer_end_date", "outer_end_precision", "real_start",
            "real_end", "start_context", "end_context",
        }  # fmt: skip
        unknown = set(dates) - allowed
        if unknown:
            raise StoreError(f"unknown posting fields {sorted(unknown)}")
        for key in ("start", "end", "outer_start", "outer_end"):
            value = dates.get(f"{key}_date")
            check_date(value, dates.get(f"{key}_precision"), key.replace("_", " "))
            if value and not dates.get(f"{key}_precision"):
                dates[f"{key}_precision"] = _precision_of(value)
        s, e = dates.get("start_date"), dates.get("end_date")
        if s and e and e < s[: len(e)]:
            raise StoreError(f"a posting cannot end ({e}) before it starts ({s})")
        row = Posting(
            id=new_id("pos"),
            person_id=person_id,
            organization_id=organization_id,
            title=title,
            rank=rank,
            status=status,
            status_note=status_note,
            real_start=bool(dates.pop("real_start", False)),
            real_end=bool(dates.pop("real_end", False)),
            created_at=now_iso(),
            created_by=actor,
            **dates,
        )
        rec = self._created(row, "posting", citations, _posting_rec)
        return rec

    def update_posting(self, posting_id: str, reason: str, **changes) -> dict:
        row = self._s.get(Posting, posting_id)
        if row is None:
            raise NotFound(f"no posting {posting_id}")
        if changes.get("status") == "conflict" and not (changes.get("status_note") or "").strip():
            raise StoreError("a conflict needs a written note")
        fields = set(PostingRecord.__dataclass_fields__) - {"id", "created_at", "created_by"}
        return self._edit(row, "posting", fields, changes, reason)

    def postings(
        self, person_id: str | None = None, organization_id: str | None = None
    ) -> list[PostingRecord]:
        q = select(Posting)
        if person_id is not None:
            q = q.where(Posting.person_id == person_id)
        if organization_id is not None:
            q = q.where(Posting.organization_id == organization_id)
        rows = self._s.execute(q).scalars()
        recs = [_posting_rec(r) for r in rows]
        return sorted(recs, key=lambda p: (p.start_date or p.outer_start_date or "9999", p.id))

    # ---- acts and involvements ------------------------------------------------------------
    def add_act(
        self,
        act_type: str,
        citations: Iterable[dict],
        event_id: str | None = None,
        victim_person_id: str | None = None,
        victim_count: int | None = None,
        victim_description: str | None = None,
        date: str | None = None,
        date_precision: str | None = None,
        place: str | None = None,
        method: str | None = None,
        status: str = "work_needed",
    ) -> ActRecord:
        actor = self._need_writer()
        if act_type not in ACT_TYPES:
            raise StoreError(f"act type must be one of {', '.join(ACT_TYPES)}")
        if event_id is not None and self._s.get(Event, event_id) is None:
            raise NotFound(f"no event {event_id}")
        if victim_person_id is not None and self._s.get(Person, victim_person_id) is None:
            raise NotFound(f"no person {victim_person_id}")
        check_date(date, date_precision, "date")
        row = Act(
            id=new_id("act"),
            event_id=event_id,
            act_type=act_type,
            victim_person_id=victim_person_id,
            victim_count=victim_count,
            victim_description=victim_description,
            date=date,
            date_precision=date_precision or _precision_of(date),
            place=place,
            method=method,
            status=status,
            created_at=now_iso(),
            created_by=actor,
        )
        rec = self._created(row, "act", citations, _act_rec)
        return rec

    def acts(self, event_id: str | None = None) -> list[ActRecord]:
        q = select(Act)
        if event_id is not None:
            q = q.where(Act.event_id == event_id)
        return [_act_rec(r) for r in self._s.execute(q.order_by(Act.date, Act.id)).scalars()]

    def get_act(self, act_id: str) -> ActRecord:
        row = self._s.get(Act, act_id)
        if row is None:
            raise NotFound(f"no act {act_id}")
        return _act_rec(row)

    def add_involvement(
        self,
        act_id: str,
        degree: str,
        citations: Iterable[dict],
        person_id: str | None = None,
        organization_id: str | None = None,
        status: str = "work_needed",
    ) -> InvolvementRecord:
        actor = self._need_writer()
        if degree not in DEGREES:
            raise StoreError(f"degree must be one of {', '.join(DEGREES)}")
        if self._s.get(Act, act_id) is None:
            raise NotFound(f"no act {act_id}")
        if (person_id is None) == (organization_id is None):
            raise StoreError("an involvement names one perpetrator: a person or an organisation")
        if person_id is not None and self._s.get(Person, person_id) is None:
            raise NotFound(f"no person {person_id}")
        if organization_id is not None and self._s.get(Organization, organization_id) is None:
            raise NotFound(f"no organisation {organization_id}")
        row = Involvement(
            id=new_id("inv"),
            act_id=act_id,
            person_id=person_id,
            organization_id=organization_id,
            degree=degree,
            status=status,
            created_at=now_iso(),
            created_by=actor,
        )
        rec = self._created(row, "involvement", citations, _involvement_rec)
        return rec

    def involvements(
        self, person_id: str | None = None, act_id: str | None = None
    ) -> list[InvolvementRecord]:
        q = select(Involvement)
        if person_id is not None:
            q = q.where(Involvement.person_id == person_id)
        if act_id is not None:
            q = q.where(Involvement.act_id == act_id)
        return [_involvement_rec(r) for r in self._s.execute(q).scalars()]

    # ---- search ---------------------------------------------------------------------------
    def index_search(self, record_id: str, kind: str, title: str | None, body: str | None):
        """Put a record in the full-text index (replacing what it held for it)."""
        self.index_search_many([(record_id, kind, title, body)])

    def index_search_many(self, rows: list[tuple[str, str, str | None, str | None]]) -> None:
        """Many records at once: (record_id, kind, title, body)."""
        if not rows:
            return
        params = [{"r": r, "k": k, "t": t or "", "b": b or ""} for r, k, t, b in rows]
        if self._s.get_bind().dialect.name == "sqlite":
            # a changed record is deleted first, so that the triggers take its words out
            self.unindex_search([p["r"] for p in params])
            self._s.execute(
                text(
                    "INSERT INTO search_entry (record_id, kind, title, body) VALUES (:r,:k,:t,:b)"
                ),
                params,
            )
        else:
            self._s.execute(
                text(
                    "INSERT INTO search_entry (record_id, kind, title, body) VALUES (:r,:k,:t,:b) "
                    "ON CONFLICT (record_id) DO UPDATE SET kind = EXCLUDED.kind, "
                    "title = EXCLUDED.title, body = EXCLUDED.body"
                ),
                params,
            )

    def unindex_search(self, record_ids: Iterable[str]) -> None:
        ids = sorted(set(record_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join(f":i{j}" for j in range(len(chunk)))
            self._s.execute(
                text(f"DELETE FROM search_entry WHERE record_id IN ({marks})"),
                {f"i{j}": v for j, v in enumerate(chunk)},
            )

    def search(self, query: str, limit: int = 20, kinds: Iterable[str] = ()) -> list[SearchHit]:
        """Records matching every word of ``query``, best first, with a snippet."""
        words = re.findall(r"\w+", query.casefold())
        if not words:
            return []
        kinds = list(kinds)
        if self._s.get_bind().dialect.name == "sqlite":
            match = " ".join('"' + w.replace('"', "") + '"' for w in words)
            where = (
                " AND e.kind IN (" + ",".join(f":k{i}" for i in range(len(kinds))) + ")"
                if kinds
                else ""
            )
            rows = self._s.execute(
                text(
                    "SELECT e.record_id, e.kind, e.title, "
                    "snippet(search_fts, 1, '[', ']', ' … ', 12), "
                    "bm25(search_fts, 4.0, 1.0) AS rank FROM search_fts "
                    "JOIN search_entry e ON e.rowid = search_fts.rowid "
                    f"WHERE search_fts MATCH :q{where} ORDER BY rank LIMIT :n"
                ),
                {"q": match, "n": limit, **{f"k{i}": k for i, k in enumerate(kinds)}},
            ).all()
            return [SearchHit(r[0], r[1], r[2] or None, r[3], -float(r[4])) for r in rows]
        where = " AND kind = ANY(:kinds)" if kinds else ""
        rows = self._s.execute(
            text(
                "SELECT record_id, kind, title, ts_headline('simple', body, q, "
                "'StartSel=[, StopSel=], MaxWords=25, MinWords=8, MaxFragments=1'), "
                "ts_rank(tsv, q) AS rank FROM search_entry, plainto_tsquery('simple', :q) q "
                f"WHERE tsv @@ q{where} ORDER BY rank DESC LIMIT :n"
            ),
            {"q": " ".join(words), "n": limit, "kinds": kinds},
        ).all()
        return [SearchHit(r[0], r[1], r[2] or None, r[3], float(r[4])) for r in rows]


def _precision_of(value: str | None) -> str | None:
    if value is None:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(value))


def _script(name: str) -> str:
    if re.search(r"[\u0600-\u06ff]", name):
        return "arabic"
    return "latin"


def _fields(rec) -> dict:
    return {k: _plain(v) for k, v in rec.__dict__.items() if k not in ("created_at", "created_by")}


__all__ = [
    "ACT_TYPES",
    "EVENT_RELATIONS",
    "CLAIM_STATUSES",
    "DEGREES",
    "EVENT_TYPES",
    "FACT_STATUSES",
    "LINK_STATUSES",
    "PRECISIONS",
]
