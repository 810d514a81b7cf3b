"""Imported once by the workers' fork server: lexicons compiled before any worker forks."""

from __future__ import annotations

import contextlib

from dadkhah.extract import lexicon
from dadkhah.extract.numbers import reader

for _code in lexicon.available():
    with contextlib.suppress(lexicon.LexiconError):
        reader(lexicon.load(_code))
