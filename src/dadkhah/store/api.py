"""The store's one door: open it, then read or write through a transaction object.

    store = Store.open(settings)
    with store.write(actor="ana") as tx:
        src = tx.ensure_source("Amnesty International")
        tx.log("created", src.id, None, {"name": src.name})
    with store.read() as tx:
        docs = tx.documents()

Every ``tx.log`` appends one hash-chained custody entry; after a write transaction commits,
the new head is written to ``$DADKHAH_HOME/custody.head`` (never moving backwards).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dadkhah.config import Settings
from dadkhah.errors import NotFound, StoreError
from dadkhah.ids import new_id
from dadkhah.store import db
from dadkhah.store.custody import GENESIS, Head, entry_hash, now_iso
from dadkhah.store.knowledge import _KnowledgeMixin
from dadkhah.store.models import (
    Blob,
    Claim,
    ClaimEvent,
    CustodyEntry,
    Document,
    DocumentPage,
    Paragraph,
    SocialPost,
    Source,
    SourceAffiliation,
    Span,
)
from dadkhah.store.records import (
    AffiliationRecord,
    BlobRecord,
    ClaimRecord,
    CustodyRecord,
    DocumentRecord,
    PageRecord,
    ParagraphRecord,
    SocialPostRecord,
    SourceRecord,
    SpanRecord,
)
from dadkhah.store.users import _UsersMixin
from dadkhah.store.victims import _VictimsMixin

RELIABILITY = ("A", "B", "C", "D", "E", "F")
# document fields the parse stage (and later, analysts) may set; everything else is fixed
DOCUMENT_EDITABLE = (
    "title",
    "author",
    "publisher",
    "publisher_id",
    "published_date",
    "published_precision",
    "language",
    "languages",
    "republished_from",
    "origin_source_id",
    "text_blob_sha256",
    "encoding",
    "page_count",
    "parser",
    "parse_status",
    "parse_error",
    "parse_warnings",
    "extractor",
)

SENSITIVITIES = ("public", "restricted", "confidential")


def _source_rec(row: Source) -> SourceRecord:
    return SourceRecord(
        id=row.id,
        name=row.name,
        aliases=tuple(row.aliases or ()),
        kind=row.kind,
        url=row.url,
        reliability=row.reliability,
        created_at=row.created_at,
        created_by=row.created_by,
        domains=tuple(row.domains or ()),
        notes=row.notes,
    )


def _blob_rec(row: Blob) -> BlobRecord:
    return BlobRecord(
        sha256=row.sha256,
        size=row.size,
        media_type=row.media_type,
        role=row.role,
        parent_sha256=row.parent_sha256,
        created_at=row.created_at,
        purged_at=row.purged_at,
        purge_reason=row.purge_reason,
    )


def _doc_rec(row: Document) -> DocumentRecord:
    return DocumentRecord(
        id=row.id,
        source_id=row.source_id,
        blob_sha256=row.blob_sha256,
        origin=row.origin,
        origin_kind=row.origin_kind,
        original_filename=row.original_filename,
        media_type=row.media_type,
        size=row.size,
        file_mtime=row.file_mtime,
        captured_at=row.captured_at,
        capture=row.capture,
        title=row.title,
        published_date=row.published_date,
        published_precision=row.published_precision,
        language=row.language,
        publisher=row.publisher,
        sensitivity=row.sensitivity,
        text_blob_sha256=row.text_blob_sha256,
        status=row.status,
        created_by=row.created_by,
        author=row.author,
        republished_from=row.republished_from,
        publisher_id=row.publisher_id,
        origin_source_id=row.origin_source_id,
        languages=tuple(row.languages or ()),
        encoding=row.encoding,
        page_count=row.page_count,
        parser=row.parser,
        parse_status=row.parse_status,
        parse_error=row.parse_error,
        parse_warnings=tuple(row.parse_warnings or ()),
        extractor=row.extractor,
    )


def _custody_rec(row: CustodyEntry) -> CustodyRecord:
    return CustodyRecord(
        seq=row.seq,
        time=row.time,
        actor=row.actor,
        action=row.action,
        object_id=row.object_id,
        object_hash=row.object_hash,
        details=dict(row.details or {}),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def origin_key(source_id: str | None, origin: str) -> str:
    return hashlib.sha256(f"{source_id or '-'}|{origin}".encode()).hexdigest()


def blob_relpath(sha256: str) -> str:
    """Where a blob lives below the blob folder: ``ab/cd/abcd…``."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _span_rec(r: Span | None) -> SpanRecord | None:
    return SpanRecord(r.id, r.document_id, r.start, r.end, r.text, r.page) if r else None


class _ClaimsMixin:
    """Claims: candidates from an extractor, replaced when it runs again; reviewed ones stay."""

    _s: Session

    def replace_candidate_claims(
        self, doc_id: str, extractor: str, claims: list[dict], fresh: bool = False
    ) -> tuple[list[str], list[str]]:
        """Replace the document's candidate claims with ``claims``; returns (new, removed) ids.

        Each claim dict has the Claim fields plus ``start``, ``end``, ``text``, ``page`` (the
        figure), ``context`` (start, end, text, page of the sentence) and ``revision_index``
        (the position in ``claims`` of the claim it revises). Claims an analyst has reviewed
        (any status but candidate) are kept as they are. ``fresh`` says the document never had
        claims extracted, which spares the query for old ones.
        """
        actor = self._need_writer()
        # an analyst's decision on a link to an event makes a candidate claim reviewed too
        decided = select(ClaimEvent.claim_id).where(ClaimEvent.status != "proposed")
        old = (
            []
            if fresh
            else self._s.execute(
                select(Claim).where(
                    Claim.document_id == doc_id,
                    Claim.status == "candidate",
                    Claim.id.not_in(decided),
                )
            )
            .scalars()
            .all()
        )
        removed = [c.id for c in old]
        if removed:
            spans = {c.span_id for c in old} | {c.context_span_id for c in old if c.context_span_id}
            self._s.execute(
                update(Claim).where(Claim.revision_of.in_(removed)).values(revision_of=None)
            )
            # links to events that matching proposed go with the candidates; a confirmed or
            # rejected link made the claim reviewed, so it is not among them
            self._s.execute(delete(ClaimEvent).where(ClaimEvent.claim_id.in_(removed)))
            self.unindex_search(removed)
            self._s.execute(delete(Claim).where(Claim.id.in_(removed)))
            still = set(
                self._s.execute(select(Claim.span_id).where(Claim.span_id.in_(spans))).scalars()
            ) | set(
                self._s.execute(
                    select(Claim.context_span_id).where(Claim.context_span_id.in_(spans))
                ).scalars()
            )
            self._s.execute(delete(Span).where(Span.id.in_(spans - still)))
        now = now_iso()
        spans, rows = [], []
        # ids first: a claim can revise one that comes later in the text ("208, up from 106")
        ids = [new_id("clm") for _ in claims]
        for seq, claim in enumerate(claims):
            claim = dict(claim)
            figure = {k: claim.pop(k) for k in ("start", "end", "text", "page")}
            context = claim.pop("context", None)
            index = claim.pop("revision_index", None)
            _check_span(figure["start"], figure["end"])
            span_id, context_id, claim_id = new_id("spn"), None, ids[seq]
            spans.append({"id": span_id, "document_id": doc_id, "created_at": now, **figure})
            if context:
                context_id = new_id("spn")
                spans.append(
                    {"id": context_id, "document_id": doc_id, "created_at": now, **context}
                )
            rows.append(
                {
                    "id": claim_id,
                    "document_id": doc_id,
                    "span_id": span_id,
                    "context_span_id": context_id,
                    "seq": seq,
                    "revision_of": ids[index]
                    if index is not None and 0 <= index < len(ids) and index != seq
                    else None,
                    "status": "candidate",
                    "extractor": extractor,
                    "created_at": now,
                    "created_by": actor,
                    **claim,
                }
            )
        # spans before the claims citing them, and a revised claim before the claim revising
        # it, which can come first in the text ("208, up from 106")
        self._insert(Span, spans)
        self._insert(Claim, _revised_first(rows))
        figures = {s["id"]: s for s in spans}
        self.index_search_many(
            [
                (
                    r["id"],
                    "claim",
                    f"{r['measure']} {r['low']}"
                    + (f"–{r['high']}" if r["high"] != r["low"] else "")
                    + (f" ({r['claimed_by']})" if r.get("claimed_by") else ""),
                    (figures.get(r["context_span_id"]) or figures[r["span_id"]]).get("text"),
                )
                for r in rows
            ]
        )
        return ids, removed

    def claims(
        self,
        document_id: str | None = None,
        status: str | None = None,
        ids: Iterable[str] | None = None,
        event_id: str | None = None,
        sensitivities: Iterable[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ClaimRecord]:
        """Claims (of one document, of an event, these ids, or all), in document order;
        ``sensitivities`` keeps those of documents with these sensitivities, ``limit`` and
        ``offset`` give one page of them."""
        q = self._claims_query(document_id, status, ids, event_id, sensitivities)
        q = q.order_by(Claim.document_id, Claim.seq)
        if limit is not None:
            q = q.limit(limit).offset(offset)
        rows = self._s.execute(q).scalars().all()
        return self._claim_recs(rows)

    def claim_count(
        self, status: str | None = None, sensitivities: Iterable[str] | None = None
    ) -> int:
        """How many claims (with this status, of documents with these sensitivities)."""
        q = self._claims_query(None, status, None, None, sensitivities).subquery()
        return self._s.scalar(select(func.count()).select_from(q)) or 0

    def claim_status_counts(self, sensitivities: Iterable[str] | None = None) -> dict[str, int]:
        """Claims by status (of documents with these sensitivities)."""
        q = select(Claim.status, func.count()).group_by(Claim.status)
        if sensitivities is not None and not set(SENSITIVITIES) <= set(sensitivities):
            q = q.where(
                Claim.document_id.in_(
                    select(Document.id).where(Document.sensitivity.in_(list(sensitivities)))
                )
            )
        return {status: n for status, n in self._s.execute(q)}

    def _claims_query(self, document_id, status, ids, event_id, sensitivities):
        q = select(Claim)
        if sensitivities is not None and not set(SENSITIVITIES) <= set(sensitivities):
            q = q.where(
                Claim.document_id.in_(
                    select(Document.id).where(Document.sensitivity.in_(list(sensitivities)))
                )
            )
        if document_id is not None:
            q = q.where(Claim.document_id == document_id)
        if status is not None:
            q = q.where(Claim.status == status)
        if ids is not None:
            q = q.where(Claim.id.in_(list(ids)))
        if event_id is not None:
            q = q.where(
                Claim.id.in_(
                    select(ClaimEvent.claim_id).where(
                        ClaimEvent.event_id == event_id, ClaimEvent.status != "rejected"
                    )
                )
            )
        return q

    def _claim_recs(self, rows) -> list[ClaimRecord]:
        span_ids = {r.span_id for r in rows} | {
            r.context_span_id for r in rows if r.context_span_id
        }
        spans: dict[str, Span] = {}
        ordered = sorted(span_ids)
        for i in range(0, len(ordered), 500):
            for sp in self._s.execute(
                select(Span).where(Span.id.in_(ordered[i : i + 500]))
            ).scalars():
                spans[sp.id] = sp
        return [
            ClaimRecord(
                id=r.id,
                document_id=r.document_id,
                seq=r.seq,
                measure=r.measure,
                low=r.low,
                high=r.high,
                qualifier=r.qualifier,
                vague_word=r.vague_word,
                claimed_by=r.claimed_by,
                claimed_by_source_id=r.claimed_by_source_id,
                attribution=r.attribution,
                reported_by_source_id=r.reported_by_source_id,
                event_date=r.event_date,
                place=r.place,
                date_claimed=r.date_claimed,
                revision_of=r.revision_of,
                subgroup=bool(r.subgroup),
                event_hint=r.event_hint,
                language=r.language,
                status=r.status,
                extractor=r.extractor,
                span=_span_rec(spans.get(r.span_id)),
                context=_span_rec(spans.get(r.context_span_id)) if r.context_span_id else None,
                created_at=r.created_at,
                created_by=r.created_by,
                credibility=r.credibility,
                status_note=r.status_note,
            )
            for r in rows
        ]


def _revised_first(rows: list[dict]) -> list[dict]:
    """Rows reordered so that each claim comes after the one its revision_of names."""
    by_id = {r["id"]: r for r in rows}
    done: set[str] = set()
    out: list[dict] = []
    for r in rows:
        chain = []
        while r is not None and r["id"] not in done and r not in chain:
            chain.append(r)
            r = by_id.get(r["revision_of"]) if r["revision_of"] else None
        for x in reversed(chain):
            done.add(x["id"])
            out.append(x)
    return out


def _check_span(start: int, end: int) -> None:
    if not 0 <= start <= end:
        raise StoreError(f"a span needs 0 <= start <= end, not {start}..{end}")


class Tx(_ClaimsMixin, _KnowledgeMixin, _VictimsMixin, _UsersMixin):
    """One transaction. Read methods work in any; write methods need ``store.write``."""

    def __init__(self, session: Session, actor: str | None):
        self._s = session
        self.actor = actor
        self._last: tuple[int, str] | None = None
        self.appended: list[CustodyRecord] = []
        self._new_blobs: dict[str, Blob] = {}  # added, maybe not flushed yet
        self._pinned: list = []  # rows kept loaded for a batch of changes
        self._blobs_absent: set[str] = set()  # hashes get_blobs found unrecorded
        self._deferred: dict | None = None  # model -> rows to insert when the batch ends

    def _need_writer(self) -> str:
        if self.actor is None:
            raise StoreError("this change needs a write transaction (store.write)")
        return self.actor

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many changes at once, written together when the batch ends.

        Queries inside do not flush each pending change first, and the paragraphs, pages,
        spans and posts added inside are inserted in bulk at the end: a query inside the
        batch does not see them.
        """
        self._deferred = {Span: [], SocialPost: [], Claim: [], Paragraph: [], DocumentPage: []}
        try:
            with self._s.no_autoflush:
                yield
            self._s.flush()
            for model, rows in self._deferred.items():  # spans before the posts citing them
                if rows:
                    self._s.execute(insert(model), rows)
        finally:
            self._deferred = None

    def _insert(self, model, rows: list[dict]) -> None:
        if not rows:
            return
        if self._deferred is not None:
            self._deferred[model].extend(rows)
        else:
            self._s.execute(insert(model), rows)

    def preload_documents(self, ids: Iterable[str]) -> None:
        """Load these documents once, so that changing each one costs no query."""
        ids = sorted(set(ids))
        for i in range(0, len(ids), 500):
            self._pinned.extend(
                self._s.execute(select(Document).where(Document.id.in_(ids[i : i + 500])))
                .scalars()
                .all()
            )

    def get_blobs(self, shas: Iterable[str]) -> dict[str, BlobRecord]:
        """The blobs among ``shas`` that are recorded, by hash."""
        shas = sorted(set(shas))
        found = {}
        for i in range(0, len(shas), 500):
            rows = self._s.execute(select(Blob).where(Blob.sha256.in_(shas[i : i + 500])))
            rows = rows.scalars().all()
            self._pinned.extend(rows)
            found.update((r.sha256, _blob_rec(r)) for r in rows)
        found.update((sha, _blob_rec(r)) for sha, r in self._new_blobs.items() if sha in shas)
        self._blobs_absent.update(sha for sha in shas if sha not in found)
        return found

    # ---- custody --------------------------------------------------------------------------
    def log(
        self, action: str, object_id: str, object_hash: str | None, details: dict | None = None
    ) -> CustodyRecord:
        """Append one custody entry to the chain."""
        actor = self._need_writer()
        if self._last is None:
            db.lock_custody(self._s.connection())
            row = self._s.execute(
                select(CustodyEntry.seq, CustodyEntry.hash)
                .order_by(CustodyEntry.seq.desc())
                .limit(1)
            ).first()
            self._last = (row.seq, row.hash) if row else (0, GENESIS)
        prev_seq, prev_hash = self._last
        seq, time, details = prev_seq + 1, now_iso(), dict(details or {})
        digest = entry_hash(prev_hash, seq, time, actor, action, object_id, object_hash, details)
        row = CustodyEntry(
            seq=seq,
            time=time,
            actor=actor,
            action=action,
            object_id=object_id,
            object_hash=object_hash,
            details=details,
            prev_hash=prev_hash,
            hash=digest,
        )
        self._s.add(row)
        self._last = (seq, digest)
        rec = _custody_rec(row)
        self.appended.append(rec)
        return rec

    def custody(self, since_seq: int = 0, batch: int = 2000) -> Iterator[CustodyRecord]:
        """Every custody entry in order of seq, read in batches."""
        last = since_seq
        while True:
            rows = (
                self._s.execute(
                    select(CustodyEntry)
                    .where(CustodyEntry.seq > last)
                    .order_by(CustodyEntry.seq)
                    .limit(batch)
                )
                .scalars()
                .all()
            )
            if not rows:
                return
            for row in rows:
                yield _custody_rec(row)
            last = rows[-1].seq

    def custody_entry(self, seq: int) -> CustodyRecord | None:
        row = self._s.get(CustodyEntry, seq)
        return _custody_rec(row) if row else None

    def custody_count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(CustodyEntry)) or 0

    def head(self) -> Head:
        """The chain's head as the database holds it."""
        row = self._s.execute(
            select(CustodyEntry.seq, CustodyEntry.hash).order_by(CustodyEntry.seq.desc()).limit(1)
        ).first()
        return Head(self.custody_count(), row.hash) if row else Head(0, GENESIS)

    def custody_for(
        self, object_ids: Iterable[str], hashes: Iterable[str] = ()
    ) -> list[CustodyRecord]:
        """Entries about these ids, or whose object hash is one of ``hashes``, oldest first."""
        found: dict[int, CustodyRecord] = {}
        for column, values in (
            (CustodyEntry.object_id, object_ids),
            (CustodyEntry.object_hash, hashes),
        ):
            values = sorted(set(values))
            for i in range(0, len(values), 500):
                rows = self._s.execute(
                    select(CustodyEntry).where(column.in_(values[i : i + 500]))
                ).scalars()
                found.update((r.seq, _custody_rec(r)) for r in rows)
        return [found[seq] for seq in sorted(found)]

    # ---- sources --------------------------------------------------------------------------
    def find_source(self, name_or_alias: str, by_id: bool = True) -> SourceRecord | None:
        """A source by id (unless ``by_id`` is False), name or alias (case-insensitive)."""
        key = name_or_alias.strip()
        row = self._s.get(Source, key) if by_id else None
        if row is None:
            row = self._s.execute(
                select(Source).where(func.lower(Source.name) == key.lower())
            ).scalar_one_or_none()
        if row is None:
            for cand in self._s.execute(select(Source)).scalars():
                if any(a.lower() == key.lower() for a in cand.aliases or ()):
                    row = cand
                    break
        return _source_rec(row) if row else None

    def ensure_source(self, name: str, kind: str = "unknown", url: str | None = None):
        """The source with this name or alias, created (and logged) when unknown."""
        actor = self._need_writer()
        found = self.find_source(name)
        if found:
            return found
        row = Source(
            id=new_id("src"),
            name=name.strip(),
            aliases=[],
            kind=kind,
            url=url,
            reliability="F",
            domains=[],
            created_at=now_iso(),
            created_by=actor,
        )
        self._s.add(row)
        self._s.flush()
        self.log("created", row.id, None, {"record": "source", "name": row.name, "kind": kind})
        return _source_rec(row)

    def add_source(
        self,
        name: str,
        kind: str = "unknown",
        aliases: Iterable[str] = (),
        domains: Iterable[str] = (),
        reliability: str = "F",
        url: str | None = None,
        notes: str | None = None,
    ) -> SourceRecord:
        """Register a new source; raises StoreError when the name or an alias is taken."""
        actor = self._need_writer()
        name = name.strip()
        if not name:
            raise StoreError("a source needs a name")
        if reliability not in RELIABILITY:
            raise StoreError(f"reliability must be one of A-F, not {reliability!r}")
        for key in (name, *aliases):
            if self.find_source(key):
                raise StoreError(f"a source named {key!r} already exists")
        row = Source(
            id=new_id("src"),
            name=name,
            aliases=sorted({a.strip() for a in aliases if a.strip()}),
            kind=kind,
            url=url,
            reliability=reliability,
            domains=sorted({d.strip().lower().removeprefix("www.") for d in domains if d.strip()}),
            notes=notes,
            created_at=now_iso(),
            created_by=actor,
        )
        self._s.add(row)
        self._s.flush()
        rec = _source_rec(row)
        self.log(
            "created",
            row.id,
            None,
            {
                "record": "source",
                "name": name,
                "kind": kind,
                "aliases": list(rec.aliases),
                "domains": list(rec.domains),
                "reliability": reliability,
            },
        )
        return rec

    def update_source(self, source_id: str, reason: str | None = None, **changes) -> dict:
        """Change source fields, logging old and new values; returns the changes made."""
        self._need_writer()
        row = self._s.get(Source, source_id)
        if row is None:
            raise NotFound(f"no source {source_id}")
        if "reliability" in changes and changes["reliability"] not in RELIABILITY:
            raise StoreError(f"reliability must be one of A-F, not {changes['reliability']!r}")
        done = {}
        for field, new in changes.items():
            if field not in ("name", "aliases", "kind", "url", "reliability", "domains", "notes"):
                raise StoreError(f"source field {field!r} cannot be changed")
            old = getattr(row, field)
            if isinstance(new, tuple):
                new = list(new)
            if old != new:
                setattr(row, field, new)
                done[field] = [old, new]
        if done:
            self.log(
                "edited", source_id, None, {"record": "source", "changes": done, "reason": reason}
            )
        return done

    def add_affiliation(
        self, source_id: str, related_id: str, relation: str, note: str | None = None
    ):
        actor = self._need_writer()
        if source_id == related_id:
            raise StoreError("a source cannot be affiliated with itself")
        for sid in (source_id, related_id):
            if self._s.get(Source, sid) is None:
                raise NotFound(f"no source {sid}")
        row = SourceAffiliation(
            id=new_id("aff"),
            source_id=source_id,
            related_id=related_id,
            relation=relation.strip(),
            note=note,
            created_at=now_iso(),
            created_by=actor,
        )
        self._s.add(row)
        self._s.flush()
        self.log(
            "created",
            row.id,
            None,
            {
                "record": "affiliation",
                "source_id": source_id,
                "related_id": related_id,
                "relation": row.relation,
            },
        )
        return AffiliationRecord(
            row.id, source_id, related_id, row.relation, note, row.created_at, actor
        )

    def affiliations(self, source_id: str) -> list[AffiliationRecord]:
        """Affiliations in which the source takes part, on either side."""
        rows = self._s.execute(
            select(SourceAffiliation)
            .where(
                or_(
                    SourceAffiliation.source_id == source_id,
                    SourceAffiliation.related_id == source_id,
                )
            )
            .order_by(SourceAffiliation.created_at)
        ).scalars()
        return [
            AffiliationRecord(
                r.id, r.source_id, r.related_id, r.relation, r.note, r.created_at, r.created_by
            )
            for r in rows
        ]

    def affiliation_pairs(self) -> list[tuple[str, str]]:
        """Every affiliation as (source id, related id), in one query."""
        return [
            (r.source_id, r.related_id)
            for r in self._s.execute(
                select(SourceAffiliation.source_id, SourceAffiliation.related_id)
            )
        ]

    def sources(self) -> list[SourceRecord]:
        return [
            _source_rec(r) for r in self._s.execute(select(Source).order_by(Source.name)).scalars()
        ]

    def get_source(self, source_id: str) -> SourceRecord:
        row = self._s.get(Source, source_id)
        if row is None:
            raise NotFound(f"no source {source_id}")
        return _source_rec(row)

    # ---- blobs ----------------------------------------------------------------------------
    def get_blob(self, sha256: str) -> BlobRecord | None:
        row = self._s.get(Blob, sha256)
        return _blob_rec(row) if row else None

    def add_blob(
        self, sha256: str, size: int, media_type: str, role: str, parent_sha256: str | None = None
    ) -> tuple[BlobRecord, bool]:
        """Record a blob; returns (record, created). Existing blobs are left as they are."""
        self._need_writer()
        row = self._new_blobs.get(sha256)
        if row is None and sha256 not in self._blobs_absent:
            row = self._s.get(Blob, sha256)  # no query when get_blobs loaded it
        if row is not None:
            return _blob_rec(row), False
        row = Blob(
            sha256=sha256,
            size=size,
            media_type=media_type,
            role=role,
            parent_sha256=parent_sha256,
            created_at=now_iso(),
        )
        self._s.add(row)
        self._new_blobs[sha256] = row
        return _blob_rec(row), True

    def blobs(self) -> Iterator[BlobRecord]:
        for row in self._s.execute(select(Blob).order_by(Blob.sha256)).scalars():
            yield _blob_rec(row)

    def blob_count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(Blob)) or 0

    def derived_blobs(self, sha256: str) -> list[BlobRecord]:
        """Every blob made from this one, directly or through others."""
        out, frontier = [], [sha256]
        while frontier:
            rows = self._s.execute(select(Blob).where(Blob.parent_sha256.in_(frontier))).scalars()
            found = [_blob_rec(r) for r in rows]
            out.extend(found)
            frontier = [b.sha256 for b in found]
        return out

    def mark_blob_purged(self, sha256: str, reason: str) -> None:
        self._need_writer()
        self._s.execute(
            update(Blob)
            .where(Blob.sha256 == sha256, Blob.purged_at.is_(None))
            .values(purged_at=now_iso(), purge_reason=reason)
        )

    # ---- documents ------------------------------------------------------------------------
    def find_document(self, blob_sha256: str, source_id: str | None, origin: str):
        row = self._s.execute(
            select(Document).where(
                Document.blob_sha256 == blob_sha256,
                Document.origin_key == origin_key(source_id, origin),
            )
        ).scalar_one_or_none()
        return _doc_rec(row) if row else None

    def add_document(self, **fields) -> DocumentRecord:
        """Insert a document; ``fields`` are DocumentRecord's, less id, status and created_by."""
        actor = self._need_writer()
        if fields.get("sensitivity") not in SENSITIVITIES:
            raise StoreError(f"sensitivity must be one of {', '.join(SENSITIVITIES)}")
        row = Document(
            id=new_id("doc"),
            origin_key=origin_key(fields.get("source_id"), fields["origin"]),
            status="active",
            created_by=actor,
            **fields,
        )
        self._s.add(row)
        try:
            self._s.flush()
        except SAIntegrityError as err:
            raise StoreError(f"cannot record document for {fields['origin']}: {err.orig}") from err
        return _doc_rec(row)

    def get_document(self, doc_id: str) -> DocumentRecord:
        row = self._s.get(Document, doc_id)
        if row is None:
            raise NotFound(f"no document {doc_id}")
        return _doc_rec(row)

    def documents(self, ids: Iterable[str] | None = None) -> list[DocumentRecord]:
        q = select(Document).order_by(Document.captured_at, Document.id)
        if ids is not None:
            wanted = list(ids)
            q = q.where(Document.id.in_(wanted))
        return [_doc_rec(r) for r in self._s.execute(q).scalars()]

    def documents_on_blobs(self, shas: Iterable[str]) -> list[DocumentRecord]:
        shas = list(shas)
        q = select(Document).where(
            or_(Document.blob_sha256.in_(shas), Document.text_blob_sha256.in_(shas))
        )
        return [_doc_rec(r) for r in self._s.execute(q.order_by(Document.id)).scalars()]

    def document_count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(Document)) or 0

    def update_document(self, doc_id: str, changes: dict) -> dict:
        """Set document fields; returns {field: [old, new]} for those that changed."""
        self._need_writer()
        row = self._s.get(Document, doc_id)
        if row is None:
            raise NotFound(f"no document {doc_id}")
        done = {}
        for field, new in changes.items():
            if field not in DOCUMENT_EDITABLE:
                raise StoreError(f"document field {field!r} cannot be changed")
            if isinstance(new, tuple):
                new = list(new)
            old = getattr(row, field)
            if old != new:
                setattr(row, field, new)
                done[field] = [old, new]
        return done

    def replace_structure(
        self, doc_id: str, paragraphs: list[dict], pages: list[dict], fresh: bool = False
    ) -> None:
        """Replace a document's paragraphs and pages (they describe its current text).

        ``fresh`` says the document has none yet (its first parse), which spares two queries.
        """
        self._need_writer()
        if not fresh:
            self._s.execute(delete(Paragraph).where(Paragraph.document_id == doc_id))
            self._s.execute(delete(DocumentPage).where(DocumentPage.document_id == doc_id))
        # bulk inserts: a long report has thousands of paragraphs
        self._insert(
            Paragraph, [{"document_id": doc_id, "seq": i, **p} for i, p in enumerate(paragraphs)]
        )
        self._insert(DocumentPage, [{"document_id": doc_id, **p} for p in pages])

    def paragraphs(self, doc_id: str) -> list[ParagraphRecord]:
        rows = self._s.execute(
            select(Paragraph).where(Paragraph.document_id == doc_id).order_by(Paragraph.seq)
        ).scalars()
        return [ParagraphRecord(r.seq, r.start, r.end, r.page, r.language) for r in rows]

    def pages(self, doc_id: str) -> list[PageRecord]:
        rows = self._s.execute(
            select(DocumentPage)
            .where(DocumentPage.document_id == doc_id)
            .order_by(DocumentPage.number)
        ).scalars()
        return [PageRecord(r.number, r.start, r.end) for r in rows]

    def replace_posts(
        self, doc_id: str, posts: list[dict], fresh: bool = False
    ) -> list[SocialPostRecord]:
        """Replace a document's social posts; a post with start/end gets a span of its own.

        ``fresh`` says the document has no posts yet (its first parse).
        """
        self._need_writer()
        if not fresh:
            # the old posts' spans indexed the old text: they go with the posts
            old_spans = [
                s
                for s in self._s.execute(
                    select(SocialPost.span_id).where(SocialPost.document_id == doc_id)
                ).scalars()
                if s
            ]
            self._s.execute(delete(SocialPost).where(SocialPost.document_id == doc_id))
            if old_spans:
                self._s.execute(delete(Span).where(Span.id.in_(old_spans)))
        if not posts:
            return []
        spans, rows = [], []
        for post in posts:
            post = dict(post)
            start, end, quoted, page = (
                post.pop(k, None) for k in ("start", "end", "quote", "page")
            )
            span_id = None
            if start is not None and end is not None:
                _check_span(start, end)
                span_id = new_id("spn")
                spans.append(
                    {
                        "id": span_id,
                        "document_id": doc_id,
                        "start": start,
                        "end": end,
                        "text": quoted,
                        "page": page,
                        "created_at": now_iso(),
                    }
                )
            rows.append(
                {
                    "id": new_id("pst"),
                    "document_id": doc_id,
                    "span_id": span_id,
                    "created_at": now_iso(),
                    **post,
                }
            )
        self._insert(Span, spans)  # spans first: the posts point at them
        self._insert(SocialPost, rows)
        return [
            SocialPostRecord(
                r["id"],
                doc_id,
                r["span_id"],
                r["platform"],
                r.get("handle"),
                r.get("display_name"),
                r.get("posted_date"),
                r.get("posted_precision"),
                r["text"],
                tuple(r.get("urls") or ()),
                r.get("post_url"),
            )
            for r in rows
        ]

    @staticmethod
    def _post_rec(r: SocialPost) -> SocialPostRecord:
        return SocialPostRecord(
            r.id,
            r.document_id,
            r.span_id,
            r.platform,
            r.handle,
            r.display_name,
            r.posted_date,
            r.posted_precision,
            r.text,
            tuple(r.urls or ()),
            r.post_url,
        )

    def social_posts(self, doc_id: str) -> list[SocialPostRecord]:
        rows = self._s.execute(
            select(SocialPost)
            .where(SocialPost.document_id == doc_id)
            .order_by(SocialPost.created_at, SocialPost.id)
        ).scalars()
        return [self._post_rec(r) for r in rows]

    def get_span(self, span_id: str) -> SpanRecord:
        r = self._s.get(Span, span_id)
        if r is None:
            raise NotFound(f"no span {span_id}")
        return SpanRecord(r.id, r.document_id, r.start, r.end, r.text, r.page)

    def mark_document_purged(self, doc_id: str) -> int:
        """Mark a document purged and blank its spans' text; returns spans blanked."""
        self._need_writer()
        self._s.execute(update(Document).where(Document.id == doc_id).values(status="purged"))
        result = self._s.execute(
            update(Span).where(Span.document_id == doc_id, Span.text.is_not(None)).values(text=None)
        )
        self._s.execute(
            update(SocialPost)
            .where(SocialPost.document_id == doc_id)
            .values(text="", display_name=None)
        )
        # nothing of its text may stay findable: the document and the sentences of its claims
        claims = self._s.execute(select(Claim.id).where(Claim.document_id == doc_id)).scalars()
        self.unindex_search([doc_id, *claims])
        return result.rowcount or 0

    # ---- spans ----------------------------------------------------------------------------
    def add_span(self, document_id: str, start: int, end: int, text: str, page: int | None = None):
        self._need_writer()
        _check_span(start, end)
        row = Span(
            id=new_id("spn"),
            document_id=document_id,
            start=start,
            end=end,
            text=text,
            page=page,
            created_at=now_iso(),
        )
        self._s.add(row)
        self._s.flush()
        return SpanRecord(row.id, document_id, start, end, text, page)

    def spans(self, document_id: str) -> list[SpanRecord]:
        rows = self._s.execute(
            select(Span).where(Span.document_id == document_id).order_by(Span.start)
        ).scalars()
        return [SpanRecord(r.id, r.document_id, r.start, r.end, r.text, r.page) for r in rows]


@dataclass
class Store:
    """An opened store: settings, engines, and the schema brought up to date."""

    settings: Settings

    def __post_init__(self):
        self._writer, self._reader = db.make_engines(self.settings)

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """Open (creating on first use) the store; raises StoreError when it cannot."""
        try:
            settings.home.mkdir(parents=True, exist_ok=True)
            settings.blob_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create the store folder {settings.home}: {err}") from err
        store = cls(settings)
        db.migrate(settings, store._writer)
        return store

    def close(self) -> None:
        self._writer.dispose()
        if self._reader is not self._writer:
            self._reader.dispose()

    @property
    def dialect(self) -> str:
        return self._writer.dialect.name

    def blob_path(self, sha256: str):
        return self.settings.blob_dir / blob_relpath(sha256)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        try:
            with Session(self._reader, expire_on_commit=False) as session, session.begin():
                yield Tx(session, None)
        except SQLAlchemyError as err:
            raise StoreError(f"database read failed: {err}") from err

    @contextmanager
    def write(self, actor: str) -> Iterator[Tx]:
        """A write transaction: all or nothing; custody head file updated after commit."""
        if not actor:
            raise StoreError("every change needs an acting user")
        tx = None
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                tx = Tx(session, actor)
                yield tx
        except SQLAlchemyError as err:
            raise StoreError(f"database write failed: {err}") from err
        if tx is not None and tx.appended:
            last = tx.appended[-1]
            self.write_head_file(Head(last.seq, last.hash))

    # ---- the head kept outside the database ---------------------------------------------------
    def read_head_file(self) -> Head | None:
        """The head recorded in custody.head; None when there is none; ValueError if garbled."""
        try:
            text = self.settings.head_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return Head.parse(text)

    def write_head_file(self, head: Head) -> None:
        """Record the head outside the database, atomically, never moving it backwards."""
        path = self.settings.head_path
        with open(path.with_suffix(".lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                current = self.read_head_file()
            except ValueError:
                current = None
            if current is not None and current.count >= head.count:
                return
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(f"{head}\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


__all__ = ["RELIABILITY", "SENSITIVITIES", "Store", "Tx", "blob_relpath", "origin_key"]
