"""Entities for the claim rules: places and the organisations and people figures come from."""

from __future__ import annotations


def entities_for(text: str, language: str | None):
    """Entities of ``text`` (see ``dadkhah.extract.entities``); none when it is unavailable."""
    try:
        from dadkhah.extract.entities import find_entities
    except ImportError:  # the entity module is optional for the claim rules
        return []
    return find_entities(text, language)
