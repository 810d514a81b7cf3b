"""The reading context the claim rules share: the folded text, its words, sentences, dates,
entities, and the names an article defines with an acronym.

Offsets here are in the folded text (``dadkhah.parse.persian.matching_form``);
``Context.original`` maps them back to the text the caller gave.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from dadkhah.extract.lexicon import Lexicon
from dadkhah.parse.persian import Folded

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "gen", "lt", "col", "sgt", "capt", "gov", "sen",
    "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "approx", "ca", "art", "abs", "nr", "bzw", "vgl", "sig", "sr", "sra", "av",
}  # fmt: skip


# "Iran Human Rights (IHR)", "Assistance Association for Political Prisoners (AAPP)"
ACRONYM = re.compile(
    r"\b([A-Z][\w'’-]*(?:\s+(?:of|for|and|the|de|des|du|der|für|di|del|[A-Z][\w'’-]*)){1,7})"
    r"\s*\(([A-Z][A-Z0-9&-]{1,9})\)"
)


PARENTHESISED = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")


_ELISION = re.compile(r"^(?:[ldLD]|qu|Qu)['’]")


def long_form(text: str, at: int, acronym: str) -> int | None:
    """Where the name that ``acronym`` abbreviates starts, in the words before ``at``: its
    letters are the initials of those words, read backwards, small words skipped
    ("Association d'assistance aux prisonniers politiques (AAPP)")."""
    words = list(re.finditer(r"[^\s()]+", text[max(0, at - 200) : at]))[-12:]
    offset = max(0, at - 200)
    letters = [c.lower() for c in acronym if c.isalpha()]
    i = len(letters) - 1
    start = None
    for w in reversed(words):
        word = _ELISION.sub("", w.group())
        if not word[:1].isalpha():
            return None
        if len(word) <= 3 and word.islower():
            continue  # "aux", "des", "of": small words are skipped, never matched
        if i >= 0 and word[0].lower() == letters[i]:
            i -= 1
            start = offset + w.start()
            if i < 0:
                return start
        elif len(word) > 4 and word[0].isupper():
            return None  # a capitalised word that is not part of it
    return None


_BOUNDARY = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s)|\n+|;(?=\s)")


@dataclass
class Source:
    name: str
    start: int  # folded offsets of the name
    end: int


@dataclass
class Context:
    text: str
    folded: Folded
    tokens: list[tuple[int, int]]
    starts: list[int]
    dates: list  # (folded start, end, DateMention)
    entities: list  # (folded start, end, entity)
    publisher: str | None
    published: str | None
    claims: list = field(default_factory=list)  # the claims found so far, in order

    acronyms: dict = field(default_factory=dict)
    long_forms: list = field(default_factory=list)  # (start, end, name) in folded offsets
    caption: str | None = None  # the measure a caption line gives the rows below it
    mentioned: Source | None = None  # the last organisation a sentence opened with

    def long_form_at(self, start: int, slack: int = 2, cue: int | None = None) -> Source | None:
        """A name defined with its acronym ("... (AAPP)") starting within a few tokens of
        ``start``, or inside the cue that ends there (which may have taken the name's first
        words with it: "selon l'Association ...")."""
        lowest = start - 2 if cue is None else cue
        for a, b, name in self.long_forms:
            if b > start and a >= lowest and self.between(start, a) <= slack:
                return Source(_ELISION.sub("", name), a, b)
        return None

    def expand(self, source: Source) -> Source:
        """An acronym defined in the text ("Iran Human Rights (IHR)") as its full name."""
        full = self.acronyms.get(source.name)
        return Source(full, source.start, source.end) if full else source

    def token_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def between(self, a_end: int, b_start: int) -> int:
        """Tokens strictly between two spans (a before b)."""
        if b_start <= a_end:
            return 0
        return max(
            0, bisect.bisect_left(self.starts, b_start) - bisect.bisect_left(self.starts, a_end)
        )

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.folded.span(start, end)

    def capitalised(self, start: int) -> bool:
        """Whether the word at ``start`` begins with a capital (after l' or d', "l'ONU")."""
        f = self.folded.text
        if f[start : start + 2] in ELIDED:
            start += 2
        o = self.folded.source[start] if start < len(self.folded.source) - 1 else None
        return o is not None and self.text[o].isupper()


def to_folded(folded: Folded, start: int, end: int) -> tuple[int, int]:
    a = bisect.bisect_left(folded.source, start, 0, len(folded.text))
    b = bisect.bisect_left(folded.source, end, 0, len(folded.text))
    return a, b


def sentences(ctx: Context, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (folded offsets) of a paragraph."""
    out, begin = [], start
    f = ctx.folded.text
    for m in _BOUNDARY.finditer(f, start, end):
        if m.group().startswith("."):
            word = re.search(r"(\w+)$", f[begin : m.start()])
            if word and (word.group(1) in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        if f[begin : m.end()].strip():
            out.append((begin, m.end()))
        begin = m.end()
    if f[begin:end].strip():
        out.append((begin, end))
    return out


def search(lex: Lexicon, name: str, text: str, start: int, end: int):
    pattern = lex.pattern(name)
    return list(pattern.finditer(text, start, end)) if pattern else []


CONJUNCTION = re.compile(r"(?<!\w)(?:and|und|et|e|y|ed|و)(?!\w)")


CLAUSE = re.compile(r"[,;:()\[\]–—]")


def separated(f: str, a: int, b: int) -> bool:
    """Whether a clause boundary lies between: a semicolon, colon, dash or bracket, or an odd
    number of commas (two commas around an aside, ", including a 12-year-old boy,", are not)."""
    marks = CLAUSE.findall(f, a, b)
    return bool(marks) and (any(m != "," for m in marks) or len(marks) % 2 == 1)


def clause_end(ctx: Context, at: int) -> int:
    """The end of the clause around ``at``."""
    m = CLAUSE.search(ctx.folded.text, at, min(len(ctx.folded.text), at + 80))
    return m.start() if m else min(len(ctx.folded.text), at + 80)


# ---- attribution ------------------------------------------------------------------------------
ELIDED = {"l'", "d'", "l’", "d’"}


ARTICLE_WORDS = {
    "the",
    "a",
    "an",
    "die",
    "der",
    "das",
    "le",
    "la",
    "les",
    "il",
    "lo",
    "el",
    "los",
    "las",
}


def skip_space(f: str, at: int) -> int:
    while at < len(f) and f[at].isspace():
        at += 1
    return at
