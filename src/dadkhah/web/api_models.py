"""The JSON API's shapes: strict pydantic models, so that the schema says exactly what is
accepted (no coercion of ``false`` into a number) and what comes back."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Sensitivity = Literal["public", "restricted", "confidential"]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Problem(BaseModel):
    detail: str


class SignIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    name: str
    role: str
    language: str
    sees: list[Sensitivity]
    csrf_token: str = Field(description="send it as X-CSRF-Token with every POST")


class DocumentOut(BaseModel):
    id: str
    title: str | None
    origin: str
    media_type: str
    sensitivity: Sensitivity
    published_date: str | None
    language: str | None
    publisher: str | None
    status: str
    captured_at: str


class ClaimOut(BaseModel):
    id: str
    document_id: str
    measure: str
    low: int
    high: int
    qualifier: str
    claimed_by: str | None
    date_claimed: str | None
    status: str
    status_note: str | None
    credibility: int | None
    start: int
    end: int
    text: str | None
    sentence: str | None
    sensitivity: Sensitivity


class DocumentDetail(BaseModel):
    document: DocumentOut
    text: str | None
    claims: list[ClaimOut]


class ClaimPage(BaseModel):
    total: int
    offset: int
    limit: int
    claims: list[ClaimOut]


class Review(Strict):
    status: Literal["accepted", "rejected", "work_needed", "conflict"]
    note: str | None = Field(default=None, max_length=5000)
    reason: str = Field(default="web API review", min_length=1, max_length=2000)


class EventOut(BaseModel):
    id: str
    type: str
    title: str
    start: str | None
    end: str | None
    places: list[str]
    parent_id: str | None
    sensitivity: Sensitivity


class FigureOut(BaseModel):
    claim_id: str
    source: str | None
    source_id: str | None
    claimed_by: str | None
    low: int
    high: int
    qualifier: str
    date_claimed: str | None
    document: str
    start: int
    end: int
    text: str | None
    grade: str
    status: str
    revision_of: int | None
    current: bool


class ConflictOut(BaseModel):
    figures: list[int]
    note: str


class MeasureOut(BaseModel):
    measure: str
    figures: list[FigureOut]
    conflicts: list[ConflictOut]
    independent_sources: int
    consensus: int | None
    range_low: int | None
    range_high: int | None


class EventDetail(BaseModel):
    event: EventOut
    measures: list[MeasureOut]


class NameOut(BaseModel):
    name: str
    script: str | None = None
    kind: str | None = None


class PostingOut(BaseModel):
    id: str
    organization: str
    title: str | None
    rank: str | None
    start_date: str | None
    end_date: str | None
    status: str


class PersonOut(BaseModel):
    id: str
    name: str
    names: list[NameOut]
    sensitivity: Sensitivity


class PersonDetail(PersonOut):
    postings: list[PostingOut]
    events: list[str]


class SourceOut(BaseModel):
    id: str
    name: str
    kind: str
    reliability: str | None
    aliases: list[str]
    affiliations: list[str]


class HitOut(BaseModel):
    record_id: str
    kind: str
    title: str | None
    snippet: str
    sensitivity: Sensitivity


class VictimListOut(BaseModel):
    id: str
    name: str
    filename: str
    records: int
    script: str
    sensitivity: Sensitivity


class VictimOut(BaseModel):
    id: str
    name: str
    name_fa: str | None
    sex: str | None
    age: int | None
    date: str | None
    place: str | None
    lists: list[str]
    sensitivity: Sensitivity
