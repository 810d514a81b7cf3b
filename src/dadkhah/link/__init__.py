"""Linkage of victim lists: import and normalise lists (names keyed across Persian and Latin
script, dates from either calendar), then link the records that are one person."""

from dadkhah.link.fields import FIELDS, HEADERS, Record
from dadkhah.link.lists import import_list, prepare, read_table
from dadkhah.link.names import PersonName, key, phonetic_key, split_full_name, split_honorifics

__all__ = [
    "FIELDS",
    "HEADERS",
    "PersonName",
    "Record",
    "import_list",
    "key",
    "phonetic_key",
    "prepare",
    "read_table",
    "split_full_name",
    "split_honorifics",
]
