"""SQLAlchemy models of the store. Only store/ imports this module.

Times are kept as ISO-8601 UTC strings ("2026-11-26T22:17:47.123456Z"): they hash the same way
on every engine, which the custody chain depends on.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
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
