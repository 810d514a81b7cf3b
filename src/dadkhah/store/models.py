"""SQLAlchemy models of the store. Only store/ imports this module.

Times are kept as ISO-8601 UTC strings ("2026-11-26T22:17:47.123456Z"): they hash the same way
on every engine, which the custody chain depends on.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Source(Base):
    """A publisher or account that information comes from (NGO, outlet, ministry, person)."""

    __tablename__ = "source"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(40), default="unknown")
    url: Mapped[str | None] = mapped_column(Text)
    reliability: Mapped[str | None] = mapped_column(String(1))
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))
    domains: Mapped[list | None] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)


class SourceAffiliation(Base):
    """A typed link between two sources ("is the political wing of", "is the state broadcaster
    of"); two sources joined this way are not independent lines of evidence."""

    __tablename__ = "source_affiliation"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    source_id: Mapped[str] = mapped_column(String(40), ForeignKey("source.id"), index=True)
    related_id: Mapped[str] = mapped_column(String(40), ForeignKey("source.id"), index=True)
    relation: Mapped[str] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class Blob(Base):
    """Content-addressed bytes. A derived blob (WARC, text) names the blob it came from."""

    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    parent_sha256: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("blob.sha256"), index=True
    )
    created_at: Mapped[str] = mapped_column(String(40))
    purged_at: Mapped[str | None] = mapped_column(String(40))
    purge_reason: Mapped[str | None] = mapped_column(Text)


class Document(Base):
    """One preserved item: its original blob plus what we know of where it came from."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("blob_sha256", "origin_key"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    source_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("source.id"), index=True)
    blob_sha256: Mapped[str] = mapped_column(String(64), ForeignKey("blob.sha256"), index=True)
    origin: Mapped[str] = mapped_column(Text)
    origin_kind: Mapped[str] = mapped_column(String(10))
    # sha256 of "source id | origin": the same bytes from the same origin are one document
    origin_key: Mapped[str] = mapped_column(String(64))
    original_filename: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    file_mtime: Mapped[str | None] = mapped_column(String(40))
    captured_at: Mapped[str] = mapped_column(String(40))
    capture: Mapped[dict | None] = mapped_column(JSON)
    title: Mapped[str | None] = mapped_column(Text)
    published_date: Mapped[str | None] = mapped_column(String(10))
    published_precision: Mapped[str | None] = mapped_column(String(5))
    language: Mapped[str | None] = mapped_column(String(35))
    publisher: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(20))
    text_blob_sha256: Mapped[str | None] = mapped_column(String(64), ForeignKey("blob.sha256"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_by: Mapped[str] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(Text)
    republished_from: Mapped[str | None] = mapped_column(Text)
    publisher_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("source.id"))
    origin_source_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("source.id"))
    languages: Mapped[list | None] = mapped_column(JSON)
    encoding: Mapped[str | None] = mapped_column(String(40))
    page_count: Mapped[int | None] = mapped_column(Integer)
    parser: Mapped[str | None] = mapped_column(String(80))
    parse_status: Mapped[str | None] = mapped_column(String(20))
    parse_error: Mapped[str | None] = mapped_column(Text)
    parse_warnings: Mapped[list | None] = mapped_column(JSON)
    extractor: Mapped[str | None] = mapped_column(String(80))  # last claim extraction run


class Paragraph(Base):
    """A paragraph of a document's stored text: offsets, page and language."""

    __tablename__ = "paragraph"
    document_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("document.id"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(12))


class DocumentPage(Base):
    """Where each page of a paged document (PDF) lies in its stored text."""

    __tablename__ = "document_page"
    document_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("document.id"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class SocialPost(Base):
    """A social-media post found in a document, tied to the span where it appears."""

    __tablename__ = "social_post"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(40), ForeignKey("document.id"), index=True)
    span_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("span.id"))
    platform: Mapped[str] = mapped_column(String(40))
    handle: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(Text)
    posted_date: Mapped[str | None] = mapped_column(String(10))
    posted_precision: Mapped[str | None] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text)
    urls: Mapped[list] = mapped_column(JSON)
    post_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class Span(Base):
    """A stretch of a document's stored text: [start, end) in characters, and its page."""

    __tablename__ = "span"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(40), ForeignKey("document.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(40))


class Claim(Base):
    """An assertion in a span: who says how many people suffered what, with its hedge.

    ``status`` starts as candidate (from an extractor); analysts accept, reject or mark a
    conflict in the review issue. ``span_id`` is the figure as written ("at least 304"),
    ``context_span_id`` the sentence around it.
    """

    __tablename__ = "claim"
    # the review queue: one status, in document order, a page at a time (migration 0007)
    __table_args__ = (Index("ix_claim_status_document_id_seq", "status", "document_id", "seq"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(40), ForeignKey("document.id"), index=True)
    span_id: Mapped[str] = mapped_column(String(40), ForeignKey("span.id"))
    context_span_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("span.id"))
    seq: Mapped[int] = mapped_column(Integer)  # order in the document
    measure: Mapped[str] = mapped_column(String(20), index=True)
    low: Mapped[int] = mapped_column(BigInteger)
    high: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(20))
    vague_word: Mapped[str | None] = mapped_column(String(100))
    claimed_by: Mapped[str | None] = mapped_column(Text)
    claimed_by_source_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("source.id"))
    attribution: Mapped[str] = mapped_column(String(20))
    reported_by_source_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("source.id"))
    event_date: Mapped[str | None] = mapped_column(String(10))
    place: Mapped[str | None] = mapped_column(Text)
    date_claimed: Mapped[str | None] = mapped_column(String(10))
    revision_of: Mapped[str | None] = mapped_column(String(40), ForeignKey("claim.id"))
    subgroup: Mapped[bool] = mapped_column(Boolean, default=False)
    event_hint: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(20), index=True)
    extractor: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))
    credibility: Mapped[int | None] = mapped_column(Integer)  # Admiralty 1-6
    status_note: Mapped[str | None] = mapped_column(Text)  # why: required for a conflict


class CustodyEntry(Base):
    """One link of the append-only, hash-chained custody log."""

    __tablename__ = "custody_entry"
    __table_args__ = (
        Index("ix_custody_entry_object_id", "object_id"),
        Index("ix_custody_entry_object_hash", "object_hash"),
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    time: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(100))
    object_hash: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# ---- knowledge: events, acts, people, organisations, postings, citations ---------------------
# A fact that holds over time keeps two ranges, after Security Force Monitor: the precise range
# (true on every day in it: from the first to the last date a source cites it) and the outer
# range (true on some day in it); each date has a precision (day, month, year), and flags say
# whether a source evidences the real start or end ("appointed on", "dismissed on").


class Event(Base):
    """Something that happened: a crackdown, a massacre, a wave of executions."""

    __tablename__ = "event"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[str | None] = mapped_column(String(10))
    start_precision: Mapped[str | None] = mapped_column(String(5))
    end_date: Mapped[str | None] = mapped_column(String(10))
    end_precision: Mapped[str | None] = mapped_column(String(5))
    places: Mapped[list] = mapped_column(JSON, default=list)  # [{"name", "precision"}]
    parent_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("event.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    status_note: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class ClaimEvent(Base):
    """A claim tied to an event: proposed by matching, then confirmed or rejected."""

    __tablename__ = "claim_event"
    claim_id: Mapped[str] = mapped_column(String(40), ForeignKey("claim.id"), primary_key=True)
    event_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("event.id"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(20))  # proposed, confirmed, rejected
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class Person(Base):
    """A person, under every name and spelling the sources use."""

    __tablename__ = "person"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # the name shown
    names: Mapped[list] = mapped_column(JSON, default=list)  # [{"name", "script", "kind"}]
    sex: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class Organization(Base):
    """An organisation that acts (a ministry, a court, a force, a commission)."""

    __tablename__ = "organization"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("organization.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class Posting(Base):
    """A person in a post: organisation, title or rank, over time."""

    __tablename__ = "posting"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(40), ForeignKey("person.id"), index=True)
    organization_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("organization.id"), index=True
    )
    title: Mapped[str | None] = mapped_column(Text)
    rank: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[str | None] = mapped_column(String(10))
    start_precision: Mapped[str | None] = mapped_column(String(5))
    end_date: Mapped[str | None] = mapped_column(String(10))
    end_precision: Mapped[str | None] = mapped_column(String(5))
    outer_start_date: Mapped[str | None] = mapped_column(String(10))
    outer_start_precision: Mapped[str | None] = mapped_column(String(5))
    outer_end_date: Mapped[str | None] = mapped_column(String(10))
    outer_end_precision: Mapped[str | None] = mapped_column(String(5))
    real_start: Mapped[bool] = mapped_column(Boolean, default=False)
    real_end: Mapped[bool] = mapped_column(Boolean, default=False)
    start_context: Mapped[str | None] = mapped_column(String(40))
    end_context: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    status_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class Act(Base):
    """Victims (a person or a counted group) x act type x event, with date, place and method."""

    __tablename__ = "act"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("event.id"), index=True)
    act_type: Mapped[str] = mapped_column(String(40))
    victim_person_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("person.id"))
    victim_count: Mapped[int | None] = mapped_column(Integer)
    victim_description: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    status_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class Involvement(Base):
    """A perpetrator (person or organisation) in an act, and to what degree."""

    __tablename__ = "involvement"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    act_id: Mapped[str] = mapped_column(String(40), ForeignKey("act.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("person.id"), index=True)
    organization_id: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("organization.id"), index=True
    )
    degree: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    status_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class Citation(Base):
    """What a fact rests on: a span of a preserved document, or a user's written reason."""

    __tablename__ = "citation"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(40), index=True)
    span_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("span.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class EventLink(Base):
    """How two events relate: one precedes, encompasses or causes the other."""

    __tablename__ = "event_link"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("event.id"), index=True)
    related_id: Mapped[str] = mapped_column(String(40), ForeignKey("event.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class OrganizationParent(Base):
    """The chain of command over time: an organisation under another, from when to when."""

    __tablename__ = "organization_parent"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("organization.id"), index=True
    )
    parent_id: Mapped[str] = mapped_column(String(40), ForeignKey("organization.id"), index=True)
    start_date: Mapped[str | None] = mapped_column(String(10))
    start_precision: Mapped[str | None] = mapped_column(String(5))
    end_date: Mapped[str | None] = mapped_column(String(10))
    end_precision: Mapped[str | None] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


# ---- victim lists --------------------------------------------------------------------------


class VictimList(Base):
    """An imported list of victims; its original file is a preserved document."""

    __tablename__ = "victim_list"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    document_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("document.id"))
    filename: Mapped[str] = mapped_column(Text)
    columns: Mapped[dict] = mapped_column(JSON)  # header -> field
    script: Mapped[str] = mapped_column(String(10))  # persian, latin, mixed
    sensitivity: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class VictimRecord(Base):
    """One row of a list: as imported (``raw``) and normalised, with its name keys."""

    __tablename__ = "victim_record"
    __table_args__ = (UniqueConstraint("list_id", "record_id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    list_id: Mapped[str] = mapped_column(String(40), ForeignKey("victim_list.id"), index=True)
    row: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str] = mapped_column(String(100))
    raw: Mapped[dict] = mapped_column(JSON)
    given_name: Mapped[str | None] = mapped_column(Text)
    family_name: Mapped[str | None] = mapped_column(Text)
    father_name: Mapped[str | None] = mapped_column(Text)
    honorifics: Mapped[list] = mapped_column(JSON, default=list)
    sex: Mapped[str | None] = mapped_column(String(10))
    age: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    given_key: Mapped[str] = mapped_column(String(100))
    family_key: Mapped[str] = mapped_column(String(100), index=True)
    father_key: Mapped[str] = mapped_column(String(100))
    full_key: Mapped[str] = mapped_column(String(200))
    phonetic_key: Mapped[str] = mapped_column(String(200))
    script: Mapped[str] = mapped_column(String(10))


class LinkRun(Base):
    """One linkage run over lists: its settings, the trained model, when and by whom."""

    __tablename__ = "link_run"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    lists: Mapped[list] = mapped_column(JSON)  # list ids
    threshold: Mapped[float] = mapped_column(Float)
    backend: Mapped[str] = mapped_column(String(20))
    parameters: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


class VictimClusterMember(Base):
    """A record's cluster in a run: records in one cluster are judged to be one person."""

    __tablename__ = "victim_cluster_member"
    run_id: Mapped[str] = mapped_column(String(40), ForeignKey("link_run.id"), primary_key=True)
    record_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("victim_record.id"), primary_key=True
    )
    cluster_id: Mapped[str] = mapped_column(String(100), index=True)
    probability: Mapped[float] = mapped_column(Float)


class Victim(Base):
    """A canonical victim of a run: one cluster, its values agreed from its source records
    (the records themselves are the cluster's members). The id is derived from the member
    records, so the same cluster keeps its id across runs."""

    __tablename__ = "victim"
    run_id: Mapped[str] = mapped_column(String(40), ForeignKey("link_run.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    cluster_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    name_fa: Mapped[str | None] = mapped_column(Text, nullable=True)
    sex: Mapped[str | None] = mapped_column(String(10), nullable=True)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lists: Mapped[list] = mapped_column(JSON)  # list ids the victim appears on
    records: Mapped[int] = mapped_column(Integer)
    conflicts: Mapped[dict] = mapped_column(JSON)  # field -> the differing values


class LinkDecision(Base):
    """An analyst's decision on a pair of records: the same person or not. Later runs apply it."""

    __tablename__ = "link_decision"
    record_l: Mapped[str] = mapped_column(
        String(40), ForeignKey("victim_record.id"), primary_key=True
    )
    record_r: Mapped[str] = mapped_column(
        String(40), ForeignKey("victim_record.id"), primary_key=True
    )
    same: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))


# ---- users ---------------------------------------------------------------------------------


class UserAccount(Base):
    """Someone who signs in to the web UI. Deactivated, never deleted: custody entries name
    users, and a name must keep meaning the same person."""

    __tablename__ = "user_account"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # admin, analyst, viewer
    password_hash: Mapped[str] = mapped_column(Text)  # argon2id, with its parameters
    language: Mapped[str] = mapped_column(String(12))  # the UI language: en, fa
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[str] = mapped_column(String(40))
    deactivated_at: Mapped[str | None] = mapped_column(String(40))
