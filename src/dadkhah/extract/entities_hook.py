"""Entities for the claim rules: places and the organisations and people figures come from.

A spaCy pipeline the user has installed adds its entities when ``DADKHAH_SPACY_MODEL`` names it
(a package name or a folder); nothing is ever downloaded, and without it the rules and
gazetteers work alone.
"""

from __future__ import annotations

import functools
import logging
import os

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4)
def _pipeline(name: str):
    from dadkhah.extract.entities import load_spacy

    nlp = load_spacy(name)
    if nlp is None:
        log.warning("DADKHAH_SPACY_MODEL=%s: no such spaCy pipeline installed; not used", name)
    return nlp


def entities_for(text: str, language: str | None):
    """Entities of ``text`` (see ``dadkhah.extract.entities``)."""
    from dadkhah.extract.entities import find_entities

    name = os.environ.get("DADKHAH_SPACY_MODEL", "").strip()
    return find_entities(text, language, nlp=_pipeline(name) if name else None)
