"""Plain, frozen records that the store hands to the rest of dadkhah.

Other packages never see ORM objects or sessions: they get these, detached and immutable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dadkhah.ids import blob_id, custody_id


@dataclass(frozen=True)
class SourceRecord:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    url: str | None
    reliability: str | None
    created_at: str
    created_by: str
    domains: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class AffiliationRecord:
    id: str
    source_id: str
    related_id: str
    relation: str
    note: str | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class ParagraphRecord:
    seq: int
    start: int
    end: int
    page: int | None
    language: str | None


@dataclass(frozen=True)
class PageRecord:
    number: int
    start: int
    end: int


@dataclass(frozen=True)
class SocialPostRecord:
    id: str
    document_id: str
    span_id: str | None
    platform: str
    handle: str | None
    display_name: str | None
    posted_date: str | None
    posted_precision: str | None
    text: str
    urls: tuple[str, ...]
    post_url: str | None


@dataclass(frozen=True)
class BlobRecord:
    sha256: str
    size: int
    media_type: str
    role: str
    parent_sha256: str | None
    created_at: str
    purged_at: str | None
    purge_reason: str | None

    @property
    def id(self) -> str:
        return blob_id(self.sha256)

    @property
    def purged(self) -> bool:
        return self.purged_at is not None


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    source_id: str | None
    blob_sha256: str
    origin: str
    origin_kind: str
    original_filename: str | None
    media_type: str
    size: int
    file_mtime: str | None
    captured_at: str
    capture: dict | None
    title: str | None
    published_date: str | None
    published_precision: str | None
    language: str | None
    publisher: str | None
    sensitivity: str
    text_blob_sha256: str | None
    status: str
    created_by: str
    author: str | None = None
    republished_from: str | None = None
    publisher_id: str | None = None
    origin_source_id: str | None = None
    languages: tuple[str, ...] = ()
    encoding: str | None = None
    page_count: int | None = None
    parser: str | None = None
    parse_status: str | None = None
    parse_error: str | None = None
    parse_warnings: tuple[str, ...] = ()
    extractor: str | None = None

    @property
    def purged(self) -> bool:
        return self.status == "purged"


@dataclass(frozen=True)
class SpanRecord:
    id: str
    document_id: str
    start: int
    end: int
    text: str | None
    page: int | None


@dataclass(frozen=True)
class CustodyRecord:
    seq: int
    time: str
    actor: str
    action: str
    object_id: str
    object_hash: str | None
    details: dict = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""

    @property
    def id(self) -> str:
        return custody_id(self.seq)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "seq": self.seq,
            "time": self.time,
            "actor": self.actor,
            "action": self.action,
            "object_id": self.object_id,
            "object_hash": self.object_hash,
            "details": self.details,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class ClaimRecord:
    id: str
    document_id: str
    seq: int
    measure: str
    low: int
    high: int
    qualifier: str
    vague_word: str | None
    claimed_by: str | None
    claimed_by_source_id: str | None
    attribution: str
    reported_by_source_id: str | None
    event_date: str | None
    place: str | None
    date_claimed: str | None
    revision_of: str | None
    subgroup: bool
    event_hint: str | None
    language: str | None
    status: str
    extractor: str
    span: SpanRecord
    context: SpanRecord | None
    created_at: str
    created_by: str
    credibility: int | None = None
    status_note: str | None = None


# ---- knowledge ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitationRecord:
    """What a fact rests on: a span (with its document) or a user's written reason."""

    id: str
    record_id: str
    span: SpanRecord | None
    reason: str | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class EventRecord:
    id: str
    type: str
    title: str
    description: str | None
    start_date: str | None
    start_precision: str | None
    end_date: str | None
    end_precision: str | None
    places: tuple[dict, ...]
    parent_id: str | None
    status: str
    status_note: str | None
    sensitivity: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class ClaimEventRecord:
    claim_id: str
    event_id: str
    status: str  # proposed, confirmed, rejected
    score: float | None
    reasons: tuple[str, ...]
    created_at: str
    created_by: str


@dataclass(frozen=True)
class PersonRecord:
    id: str
    name: str
    names: tuple[dict, ...]
    sex: str | None
    birth_year: int | None
    notes: str | None
    sensitivity: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class OrganizationRecord:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    parent_id: str | None
    notes: str | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class PostingRecord:
    id: str
    person_id: str
    organization_id: str
    title: str | None
    rank: str | None
    start_date: str | None
    start_precision: str | None
    end_date: str | None
    end_precision: str | None
    outer_start_date: str | None
    outer_start_precision: str | None
    outer_end_date: str | None
    outer_end_precision: str | None
    real_start: bool
    real_end: bool
    start_context: str | None
    end_context: str | None
    status: str
    status_note: str | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class ActRecord:
    id: str
    event_id: str | None
    act_type: str
    victim_person_id: str | None
    victim_count: int | None
    victim_description: str | None
    date: str | None
    date_precision: str | None
    place: str | None
    method: str | None
    status: str
    status_note: str | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class InvolvementRecord:
    id: str
    act_id: str
    person_id: str | None
    organization_id: str | None
    degree: str
    status: str
    status_note: str | None
    created_at: str
    created_by: str


@dataclass(frozen=True)
class SearchHit:
    record_id: str
    kind: str
    title: str | None
    snippet: str
    rank: float


@dataclass(frozen=True)
class EventLinkRecord:
    id: str
    event_id: str
    related_id: str
    relation: str  # precedes, encompasses, causes
    created_at: str
    created_by: str


@dataclass(frozen=True)
class OrganizationParentRecord:
    id: str
    organization_id: str
    parent_id: str
    start_date: str | None
    start_precision: str | None
    end_date: str | None
    end_precision: str | None
    status: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class VictimListRecord:
    id: str
    name: str
    document_id: str | None
    filename: str
    columns: dict
    script: str
    sensitivity: str
    created_at: str
    created_by: str
    records: int = 0


@dataclass(frozen=True)
class VictimRecordRecord:
    id: str
    list_id: str
    row: int
    record_id: str
    raw: dict
    given_name: str | None
    family_name: str | None
    father_name: str | None
    honorifics: tuple[str, ...]
    sex: str | None
    age: int | None
    birth_year: int | None
    date: str | None
    date_precision: str | None
    place: str | None
    notes: str | None
    given_key: str
    family_key: str
    father_key: str
    full_key: str
    phonetic_key: str
    script: str


@dataclass(frozen=True)
class VictimRec:
    """A canonical victim of a linkage run; its source records are the run's cluster."""

    id: str
    run_id: str
    cluster_id: str
    name: str
    name_fa: str | None
    sex: str | None
    age: int | None
    birth_year: int | None
    date: str | None
    place: str | None
    lists: tuple[str, ...]
    records: int
    conflicts: dict


@dataclass(frozen=True)
class UserRecord:
    """A web UI account. ``password_hash`` is argon2id's encoded string (never the password)."""

    id: str
    name: str
    role: str
    password_hash: str = field(repr=False)
    language: str
    active: bool
    created_at: str
    created_by: str
    password_changed_at: str
    deactivated_at: str | None = None
