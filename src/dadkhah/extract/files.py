"""Stateless extraction from files: the parse stage's text, then claims, as plain dicts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dadkhah.errors import InputError
from dadkhah.evidence.sniff import sniff
from dadkhah.extract.claims import extract_claims
from dadkhah.extract.entities_hook import entities_for
from dadkhah.parse import Worker

BY_SUFFIX = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".pdf": "application/pdf",
}
FIELDS = (
    "measure",
    "low",
    "high",
    "qualifier",
    "vague_word",
    "claimed_by",
    "date",
    "place",
    "date_claimed",
    "revision_of",
    "event_hint",
    "language",
    "start",
    "end",
    "text",
)


def extract_files(
    paths: list[str], language: str | None = None, with_entities: bool = False
) -> Iterator[dict | InputError]:
    """Claims of each file in turn, as dicts; a file that cannot be read yields an InputError.

    ``revision_of`` is the index, in the whole output, of the claim a figure revises. With
    ``with_entities``, each file's entities and quotes follow its claims, as dicts whose
    ``type`` is "entity" or "quote" (claims have "claim").
    """
    emitted = 0
    with Worker() as worker:
        for name in paths:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as err:
                yield InputError(name, err.strerror or str(err))
                continue
            media = BY_SUFFIX.get(path.suffix.lower()) or sniff(data[:8192], name)
            try:
                doc = worker.parse(data, media, name)
            except InputError as err:
                yield err
                continue
            published = doc.published.start.isoformat() if doc.published else None
            entities = entities_for(doc.text, language or _main_language(doc))
            claims = extract_claims(
                doc.text,
                language=language,
                paragraphs=doc.paragraphs,
                publisher=doc.publisher,
                published=published,
                entities=entities,
            )
            for c in claims:
                row = {"file": name, "type": "claim"} | {k: getattr(c, k) for k in FIELDS}
                if row["revision_of"] is not None:
                    row["revision_of"] += emitted
                row |= {
                    "sentence_start": c.sentence_start,
                    "sentence_end": c.sentence_end,
                    "subgroup": c.subgroup,
                    "attribution": c.attribution,
                }
                yield row
            emitted += len(claims)
            if with_entities:
                yield from _entities_and_quotes(name, doc.text, language, entities)


def _entities_and_quotes(name: str, text: str, language, entities) -> Iterator[dict]:
    from dadkhah.extract.quotes import find_quotes

    for e in entities:
        yield {
            "file": name,
            "type": "entity",
            "kind": e.kind,
            "name": e.name,
            "source": e.source,
            "ref": e.ref,
            "country": e.country,
            "start": e.start,
            "end": e.end,
            "text": e.text,
        }
    for q in find_quotes(text, language, entities):
        yield {
            "file": name,
            "type": "quote",
            "speaker": q.speaker,
            "speaker_start": q.speaker_start,
            "speaker_end": q.speaker_end,
            "start": q.start,
            "end": q.end,
            "text": q.text,
        }


def _main_language(doc) -> str | None:
    langs = doc.languages()
    return langs[0] if langs else None
