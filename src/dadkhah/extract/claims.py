"""Quantitative claims: who says how many people were killed, arrested, executed, where, when.

The reading is by rules over the lexicon of each language (``lexicons/<code>.toml``):

1. Figures (``numbers.py``) in the folded text, less what is not a count of people: dates,
   years, ages, citation markers, money, measurements, things ("304 banks").
2. Each figure takes the measure whose word is nearest to it in its sentence ("304 people were
   killed", "the death toll rose to 304", "the identities of 41 of the dead"); a figure with
   no measure near it is no claim, nor is one that a negation cancels.
3. The hedge just before it gives the qualifier; two figures joined by "to", "-" or
   "between ... and" are one range; "from 208 to 304" after "raised" is a revision: two claims.
4. Attribution: "according to X", "X said", "X's toll", in the sentence or, failing that, in
   the sentences before it in the paragraph ("It said ..." points back); else the publisher.

Offsets are worked out in the folded text and mapped back, so every claim's ``text`` is exactly
``text[start:end]`` of the text it was given.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field

from dadkhah.extract.lexicon import Lexicon, LexiconError, load, phrase_pattern
from dadkhah.extract.numbers import Figure, reader
from dadkhah.parse.dates import find_dates
from dadkhah.parse.persian import Folded, matching_form

EXTRACTOR = "claims-rules-1"
WINDOW = 12  # tokens between a figure and its measure word, at most
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "gen", "lt", "col", "sgt", "capt", "gov", "sen",
    "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "approx", "ca", "art", "abs", "nr", "bzw", "vgl", "sig", "sr", "sra", "av",
}  # fmt: skip
# "Iran Human Rights (IHR)", "Assistance Association for Political Prisoners (AAPP)"
_ACRONYM = re.compile(
    r"\b([A-Z][\w'’-]*(?:\s+(?:of|for|and|the|de|des|du|der|für|di|del|[A-Z][\w'’-]*)){1,7})"
    r"\s*\(([A-Z][A-Z0-9&-]{1,9})\)"
)
_PARENTHESISED = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")
_ELISION = re.compile(r"^(?:[ldLD]|qu|Qu)['’]")


def _long_form(text: str, at: int, acronym: str) -> int | None:
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
class Claim:
    measure: str
    low: int
    high: int
    qualifier: str
    vague_word: str | None
    claimed_by: str | None
    date: str | None
    place: str | None
    date_claimed: str | None
    revision_of: int | None
    event_hint: str | None
    language: str
    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    subgroup: bool = False
    attribution: str = "none"  # stated, earlier, publisher, none
    extractor: str = EXTRACTOR

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Source:
    name: str
    start: int  # folded offsets of the name
    end: int


@dataclass
class _Context:
    text: str
    folded: Folded
    tokens: list[tuple[int, int]]
    starts: list[int]
    dates: list  # (folded start, end, DateMention)
    entities: list  # (folded start, end, entity)
    publisher: str | None
    published: str | None
    claims: list[Claim] = field(default_factory=list)

    acronyms: dict = field(default_factory=dict)
    long_forms: list = field(default_factory=list)  # (start, end, name) in folded offsets

    def long_form_at(self, start: int, slack: int = 2) -> _Source | None:
        """A name defined with its acronym ("... (AAPP)") starting within a few tokens."""
        for a, b, name in self.long_forms:
            if a >= start and self.between(start, a) <= slack:
                return _Source(name, a, b)
        return None

    def expand(self, source: _Source) -> _Source:
        """An acronym defined in the text ("Iran Human Rights (IHR)") as its full name."""
        full = self.acronyms.get(source.name)
        return _Source(full, source.start, source.end) if full else source

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
        if f[start : start + 2] in _ELIDED:
            start += 2
        o = self.folded.source[start] if start < len(self.folded.source) - 1 else None
        return o is not None and self.text[o].isupper()


def _to_folded(folded: Folded, start: int, end: int) -> tuple[int, int]:
    a = bisect.bisect_left(folded.source, start, 0, len(folded.text))
    b = bisect.bisect_left(folded.source, end, 0, len(folded.text))
    return a, b


def extract_claims(
    text: str,
    language: str | None = None,
    paragraphs=None,
    publisher: str | None = None,
    published: str | None = None,
    entities=None,
) -> list[Claim]:
    """Candidate claims in ``text`` (a document's stored text), in reading order.

    ``language`` forces one language; otherwise each paragraph's (``paragraphs`` from the parse
    stage) is used, and paragraphs in a language without a lexicon are skipped.
    ``entities`` (with kind, start, end, text, name) supply places and sources.
    """
    folded = matching_form(text)
    tokens = [m.span() for m in _TOKEN.finditer(folded.text)]
    ctx = _Context(
        text=text,
        folded=folded,
        tokens=tokens,
        starts=[t[0] for t in tokens],
        dates=[(*_to_folded(folded, d.start, d.end), d) for d in find_dates(text)],
        entities=[(*_to_folded(folded, e.start, e.end), e) for e in (entities or [])],
        publisher=publisher,
        published=published,
    )
    for m in _ACRONYM.finditer(text):
        ctx.acronyms.setdefault(m.group(2), m.group(1))
    for m in _PARENTHESISED.finditer(text):
        long = _long_form(text, m.start(), m.group(1))
        if long is not None:
            ctx.acronyms[m.group(1)] = text[long : m.start()].strip()
            ctx.long_forms.append(
                (*_to_folded(folded, long, m.start()), text[long : m.start()].strip())
            )
    if paragraphs:
        blocks = [(p.start, p.end, language or p.language) for p in paragraphs]
    else:
        blocks = [(0, len(text), language or _guess_language(text))]
    last_source: _Source | None = None
    for start, end, lang in blocks:
        if not lang:
            continue
        try:
            lex = load(lang)
        except LexiconError:
            continue
        a, b = _to_folded(folded, start, end)
        last_source = _paragraph(ctx, lex, a, b, last_source)
    return ctx.claims


def _guess_language(text: str) -> str | None:
    from dadkhah.parse import language

    return language.detect(text[:2000])


def sentences(ctx: _Context, start: int, end: int) -> list[tuple[int, int]]:
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


def _paragraph(ctx: _Context, lex: Lexicon, start: int, end: int, last_source):
    figures = [f for f in reader(lex).find(ctx.folded.text[start:end])]
    for f in figures:
        f.start += start
        f.end += start
    in_paragraph: _Source | None = None  # the last source named in this paragraph
    for s0, s1 in sentences(ctx, start, end):
        in_sentence = [f for f in figures if s0 <= f.start and f.end <= s1]
        source = _attribution(ctx, lex, s0, s1, last_source)
        if in_sentence:
            # a figure without a source of its own is the last named source's, in a paragraph
            own = in_paragraph if source is None else source
            # "The UN says 300 were killed, while rights groups put the figure at 500": each
            # part of a contrast keeps its own source
            parts = [(a, b, _attribution(ctx, lex, a, b, last_source)) for a, b in
                     _contrasts(ctx, lex, s0, s1)]  # fmt: skip
            _sentence(ctx, lex, s0, s1, in_sentence, own, last_source, parts)
        if source is not None and source.name:
            last_source = in_paragraph = source
    return last_source


def _search(lex: Lexicon, name: str, text: str, start: int, end: int):
    pattern = lex.pattern(name)
    return list(pattern.finditer(text, start, end)) if pattern else []


def _cues(ctx: _Context, lex: Lexicon, s0: int, s1: int) -> list[tuple[int, int, str]]:
    found = []
    for measure in lex.measures:
        for m in _search(lex, f"measure:{measure}", ctx.folded.text, s0, s1):
            found.append((m.start(), m.end(), measure))
    found.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    kept: list[tuple[int, int, str]] = []
    for cue in found:
        if kept and cue[0] < kept[-1][1]:
            continue
        kept.append(cue)
    # "sentenced 7 men to death and 4 others to prison": with a sentence in the sentence,
    # its "to death" says what the sentence was, not that anyone was killed
    objects = _search(lex, "sentence_objects", ctx.folded.text, s0, s1)
    if objects and any(c[2] == "sentenced" for c in kept):
        kept = [c for c in kept if not any(o.start() <= c[0] and c[1] <= o.end() for o in objects)]
    return kept


def _excluded(ctx: _Context, lex: Lexicon, fig: Figure, s0: int, s1: int) -> bool:
    f = ctx.folded.text
    if any(a < fig.end and fig.start < b for a, b, _ in ctx.dates):
        return True
    before, after = f[max(s0, fig.start - 30) : fig.start], f[fig.end : min(s1, fig.end + 30)]
    if re.search(r"[\[(#№]\s*$", before) and re.match(r"\s*[\])]", after):
        return True  # citation markers [59], (3)
    if re.match(r"\s*(?:%|٪|-?\s*(?:th|st|nd|rd)\b)", after) or re.search(r"[$€£¥]\s*$", before):
        return True
    if re.match(r"-[^\W\d]", after):
        return True  # "three-day sessions", "a five-member panel": a compound, not a count
    for name, where in (("age_after", "after"), ("not_after", "after")):
        m = lex.pattern(name).match(after.lstrip(" -")) if lex.pattern(name) else None
        if m and where == "after":
            return True
    for name in ("age_before", "not_before"):
        pattern = lex.pattern(name)
        if (
            pattern
            and (m := list(pattern.finditer(before)))
            and not before[m[-1].end() :].strip(" .:")
        ):
            return True
    return False


def _people_after(ctx: _Context, lex: Lexicon, fig: Figure, s1: int, gap: int = 2) -> bool:
    """Whether a word for people follows the figure, ``gap`` words between at most."""
    pattern = lex.pattern("people")
    if pattern is None:
        return False
    window = ctx.folded.text[fig.end : min(s1, fig.end + 40)]
    m = pattern.search(window)
    return bool(m) and len(_TOKEN.findall(window[: m.start()])) <= gap


def _counts_something(ctx: _Context, lex: Lexicon, fig: Figure, s1: int) -> bool:
    """For a figure that may be a year or a lone "one": a word for people right after it
    ("1988 prisoners", "one protester"), not a few words on ("1988 of Iranian prisoners")."""
    return _people_after(ctx, lex, fig, s1, gap=0 if fig.year_like else 2)


@dataclass
class _Group:
    first: Figure
    last: Figure
    revises_previous: bool = False  # "from 208 to 304" after "raised": this is the 304
    between: bool = False  # "between 200 and 300": the phrase starts at "between"


def _contrasts(ctx: _Context, lex: Lexicon, s0: int, s1: int) -> list[tuple[int, int]]:
    """The parts of a sentence that a contrast word ("while", "whereas") separates."""
    pattern = lex.pattern("contrast")
    if pattern is None:
        return []
    cuts = [m.start() for m in pattern.finditer(ctx.folded.text, s0, s1)]
    if not cuts:
        return []
    bounds = [s0, *cuts, s1]
    return list(zip(bounds, bounds[1:], strict=False))


def _sentence(ctx, lex, s0, s1, figures, source, last_source, parts=()) -> None:
    cues = _cues(ctx, lex, s0, s1)
    counted = _search(lex, "count_nouns", ctx.folded.text, s0, s1)
    if not cues and not (counted and ctx.claims and ctx.claims[-1].sentence_end <= s0):
        return
    figures = [g for g in figures if not _excluded(ctx, lex, g, s0, s1)]
    figures = [
        g
        for g in figures
        if not ((g.weak or g.year_like) and not _counts_something(ctx, lex, g, s1))
    ]
    sentence_measure = None
    previous: int | None = None  # index of the claim the last group gave
    previous_subgroup, previous_end = False, s0
    for group in _ranges(ctx, lex, figures, s0, s1):
        first, last = group.first, group.last
        hedge_start, qualifier = _qualifier(ctx, lex, first, s0, is_range=first is not last)
        if group.between:
            hedge_start = _between_start(ctx, lex, first, s0)
        subgroup = _is_subgroup(ctx, lex, hedge_start, s0) or bool(
            previous_subgroup and _CONJUNCTION.fullmatch(_gap(ctx, lex, previous_end, hedge_start))
        )
        cue = _nearest_cue(
            ctx, _not_the_noun(ctx, lex, cues, last, s1), first.start, last.end, lex.window
        )
        if cue is None:
            # "Other sources put the figure at 30,000": the measure of the claim before
            earlier = _carried_measure(ctx, counted, first.start, s0)
            if sentence_measure and any(c.end() <= first.start for c in counted):
                earlier = sentence_measure  # "..., while rights groups put the figure at 500"
            if not (subgroup and sentence_measure) and earlier is None:
                previous = None
                continue
            measure = sentence_measure if subgroup and sentence_measure else earlier
        else:
            measure = cue[2]
            lo, hi = _order(last, cue)
            if subgroup and sentence_measure and _CLAUSE.search(ctx.folded.text, lo, hi):
                measure = sentence_measure  # "..., tra cui 64 minorenni, mentre gli arresti"
            if _negated(ctx, lex, hedge_start, last.end, cue, s0):
                previous = None
                continue
            distance = ctx.between(*_order(last, cue))
            said_what = subgroup or _people_after(ctx, lex, last, s1)
            # "the number of those arrested ... does not exceed 1,000"
            said_what = said_what or any(
                c.end() <= cue[0] and ctx.between(c.end(), cue[0]) <= 3 for c in counted
            )
            if distance > 6 and not said_what:
                # far from its measure word, only when a word for people says what it counts
                previous = None
                continue
        sentence_measure = sentence_measure or measure
        previous_subgroup, previous_end = subgroup, last.end
        revises = previous if group.revises_previous else None
        speaker = next(
            (p for a, b, p in parts if a <= first.start < b and p is not None and p.name), source
        )
        _emit(
            ctx,
            lex,
            first,
            last,
            hedge_start,
            qualifier,
            measure,
            s0,
            s1,
            speaker,
            subgroup,
            revises,
        )
        previous = len(ctx.claims) - 1


def _carried_measure(ctx: _Context, counted, at: int, s0: int) -> str | None:
    """The measure of the previous sentence's last claim, for a figure that a count noun
    ("the figure", "la cifra", "die Zahl") just before it ties to that claim."""
    if not ctx.claims or ctx.claims[-1].sentence_end > s0:
        return None
    near = [c for c in counted if c.end() <= at and ctx.between(c.end(), at) <= 6]
    if not near or ctx.folded.source[s0] - ctx.claims[-1].sentence_end > 3:
        return None  # only straight after the sentence with that claim
    return ctx.claims[-1].measure


def _not_the_noun(ctx: _Context, lex: Lexicon, cues, fig: Figure, s1: int):
    """Cues less the one that is just the noun the figure counts ("12 prisoners were
    executed": prisoners say who, executed says what), when another cue is there."""
    pattern = lex.pattern("people")
    if pattern is None or len(cues) < 2:
        return cues
    f = ctx.folded.text
    m = pattern.match(f, _skip_space(f, fig.end))
    if not m or m.end() > s1:
        # "450 cases of detainees being tortured": a noun cue a few words on, a verb after it
        nouns = [
            c
            for c in cues
            if c[0] >= fig.end
            and ctx.between(fig.end, c[0]) <= 3
            and pattern.fullmatch(f, c[0], c[1])
        ]
        if nouns:
            later = [
                c
                for c in cues
                if c[0] >= nouns[0][1]
                and ctx.between(nouns[0][1], c[0]) <= 4
                and not _CLAUSE.search(f, nouns[0][1], c[0])
                and not _CONJUNCTION.search(f, nouns[0][1], c[0])
                and not pattern.fullmatch(f, c[0], c[1])
            ]
            if later:
                return [c for c in cues if c not in nouns]
        return cues
    rest = [c for c in cues if not (c[0] < m.end() and m.start() < c[1])]
    # another measure word in the same clause says what happened to them; one across a
    # comma ("507 muertos, ... y cerca de 19.000 detenidos") does not
    near = [
        c
        for c in rest
        if not _CLAUSE.search(f, min(c[1], fig.start), max(c[0], m.end()))
        and ctx.between(*((m.end(), c[0]) if c[0] >= m.end() else (c[1], fig.start))) <= WINDOW
    ]
    return near or cues


def _gap(ctx: _Context, lex: Lexicon, a: int, b: int) -> str:
    """The words between two figures, less the people noun after the first ("23 children
    and 10 women" gives "and") and the commas and spaces around."""
    people = lex.pattern("people")
    m = people.match(ctx.folded.text, _skip_space(ctx.folded.text, a)) if people else None
    if m and m.end() <= b:
        a = m.end()
    return " ".join(ctx.folded.text[a:b].split()).strip(" ,")


def _order(fig: Figure, cue) -> tuple[int, int]:
    return (fig.end, cue[0]) if cue[0] >= fig.end else (cue[1], fig.start)


_CONJUNCTION = re.compile(r"(?<!\w)(?:and|und|et|e|y|ed|و)(?!\w)")
_CLAUSE = re.compile(r"[,;:()\[\]–—]")


def _nearest_cue(ctx: _Context, cues, start: int, end: int, window: int = WINDOW):
    """The measure word nearest the figure; one across a comma or a dash counts as farther."""
    best, best_d = None, None
    f = ctx.folded.text
    for cue in cues:
        if cue[0] >= end:
            d = ctx.between(end, cue[0]) + 3 * _separated(f, end, cue[0])
        elif cue[1] <= start:
            # after the figure wins a tie; "... wounded and dozens were killed": not across "and"
            d = ctx.between(cue[1], start) + 0.5 + 3 * _separated(f, cue[1], start)
            d += 3 * bool(_CONJUNCTION.search(f, cue[1], start))
        else:
            continue
        if d <= window and (best_d is None or d < best_d):
            best, best_d = cue, d
    return best


def _separated(f: str, a: int, b: int) -> bool:
    """Whether a clause boundary lies between: a semicolon, colon, dash or bracket, or an odd
    number of commas (two commas around an aside, ", including a 12-year-old boy,", are not)."""
    marks = _CLAUSE.findall(f, a, b)
    return bool(marks) and (any(m != "," for m in marks) or len(marks) % 2 == 1)


def _words_before(f: str, s0: int, at: int) -> list[str]:
    return re.sub(r"[^\w\s']", " ", f[max(s0, at - 40) : at]).split()


def _ranges(ctx: _Context, lex: Lexicon, figures: list[Figure], s0: int, s1: int) -> list[_Group]:
    """Figures grouped: alone, two as a range, or two as a revision (two groups)."""
    f = ctx.folded.text
    connectors = set(lex.ranges.get("connectors", []))
    between = set(lex.ranges.get("between", []))
    between_and = set(lex.ranges.get("between_and", []))
    froms = set(lex.ranges.get("from", []))
    revision_to = set(lex.ranges.get("revision_to", []))
    out: list[_Group] = []
    i = 0
    while i < len(figures):
        a = figures[i]
        b = figures[i + 1] if i + 1 < len(figures) else None
        if b is not None and a.kind != "vague" and b.kind != "vague":
            gap = " ".join(f[a.end : b.start].split())
            before = _words_before(f, s0, a.start)
            last_word = before[-1] if before else ""
            is_between = any(w in between for w in before[-3:]) and gap in between_and
            revision = last_word in froms and bool(_search(lex, "revision", f, s0, s1))
            joined = gap in connectors or is_between or (revision and gap in revision_to)
            if joined and revision:
                out += [_Group(a, a), _Group(b, b, revises_previous=True)]
                i += 2
                continue
            plain = gap not in between_and or is_between or gap in connectors
            if joined and plain and a.low <= b.high:
                out.append(_Group(a, b, between=is_between))
                i += 2
                continue
        out.append(_Group(a, a))
        i += 1
    return out


def _between_start(ctx: _Context, lex: Lexicon, fig: Figure, s0: int) -> int:
    pattern = phrase_pattern(lex.ranges.get("between", []))
    hits = list(pattern.finditer(ctx.folded.text, max(s0, fig.start - 40), fig.start))
    return hits[-1].start() if hits else fig.start


def _qualifier(ctx, lex, fig: Figure, s0: int, is_range: bool) -> tuple[int, str]:
    """Where the figure's phrase starts (its hedge included) and its qualifier."""
    if fig.kind == "vague":
        return fig.start, "vague"
    offset = max(s0, fig.start - 40)
    window = ctx.folded.text[offset : fig.start]
    best = None
    for hedge in ("at_least", "more_than", "about", "up_to", "estimated"):
        for m in _search(lex, f"hedge:{hedge}", window, 0, len(window)):
            if _HEDGE_GAP.fullmatch(window[m.end() :]) and (best is None or m.start() < best[0]):
                best = (m.start(), hedge)
    if best is None:
        if not is_range and _estimate_frames(ctx, lex, fig.start, s0):
            return fig.start, "estimated"
        return fig.start, "range" if is_range else "exact"
    return offset + best[0], "range" if is_range else best[1]


def _estimate_frames(ctx: _Context, lex: Lexicon, at: int, s0: int) -> bool:
    """ "a crackdown estimated to have killed 30,000": an estimate a few words before,
    in the same clause, qualifies a figure that has no hedge of its own."""
    f = ctx.folded.text
    back = max(s0, at - 60)
    clause = [c.end() for c in _CLAUSE.finditer(f, back, at)]
    back = clause[-1] if clause else back
    hits = _search(lex, "hedge:estimated", f, back, at)
    return any(ctx.between(h.end(), at) <= 5 for h in hits)


_HEDGE_GAP = re.compile(
    r"[\s,]*(?:(?:an?|the|of|some|de|d'|di|del|la|le|les|los|las|il|el|die|der|den|von|ان)\s+)?"
)


def s1_of(ctx: _Context, at: int) -> int:
    """The end of the clause around ``at``."""
    m = _CLAUSE.search(ctx.folded.text, at, min(len(ctx.folded.text), at + 80))
    return m.start() if m else min(len(ctx.folded.text), at + 80)


def _is_subgroup(ctx: _Context, lex: Lexicon, start: int, s0: int) -> bool:
    window = ctx.folded.text[max(s0, start - 25) : start]
    pattern = lex.pattern("subgroup")
    if pattern is None:
        return False
    return any(not window[m.end() :].strip(" ,:") for m in pattern.finditer(window))


def _negated(ctx: _Context, lex: Lexicon, fig_start: int, fig_end: int, cue, s0: int) -> bool:
    pattern = lex.pattern("negations")
    if pattern is None:
        return False
    f = ctx.folded.text
    lo, hi = (fig_end, cue[0]) if cue[0] >= fig_end else (cue[1], fig_start)
    if pattern.search(f, lo, hi):
        return True
    # "denied that 50 people were killed": a negation a few words before, in the same clause
    back = max(s0, fig_start - 40)
    clause = [c.end() for c in _CLAUSE.finditer(f, back, fig_start)]
    back = clause[-1] if clause else back
    if any(ctx.between(n.end(), fig_start) <= 3 for n in pattern.finditer(f, back, fig_start)):
        return True
    # "were not killed": a negation just before the measure word
    if pattern.search(f, max(s0, cue[0] - 12), cue[0]):
        return True
    if cue[0] >= fig_end:
        # a negation right after the measure word ("کشته نشدند": verb-final languages negate
        # there), not one further on ("murieron no lejos de la frontera")
        after = pattern.match(f, _skip_space(f, cue[1]))
        return bool(after) and after.end() <= s1_of(ctx, cue[1])
    return False


def _emit(
    ctx, lex, first, last, hedge_start, qualifier, measure, s0, s1, source, subgroup, revises
):
    start, end = ctx.original(hedge_start, last.end)
    sentence = ctx.original(s0, s1)
    claimed_by, how = None, "none"
    if source is not None and source.name:
        claimed_by, how = source.name, "stated" if s0 <= source.start < s1 else "earlier"
    elif ctx.publisher:
        claimed_by, how = ctx.publisher, "publisher"
    low, high = first.low, last.high
    if revises is None and _search(lex, "revision", ctx.folded.text, s0, first.start):
        # "raised its toll to 304": revises the same source's last figure for this measure
        for i in range(len(ctx.claims) - 1, -1, -1):
            prior = ctx.claims[i]
            if prior.measure == measure and prior.claimed_by == claimed_by and not prior.subgroup:
                revises = i if (prior.low, prior.high) != (low, high) else None
                break
    vague = None
    if first.kind == "vague":
        vague = ctx.text[slice(*ctx.original(first.start, first.end))]
    for prior in ctx.claims:
        if (
            (prior.measure, prior.low, prior.high, prior.qualifier)
            == (measure, low, high, qualifier)
            and prior.claimed_by in (claimed_by, None)
            and not subgroup
        ):
            # the same figure again (a headline and its story): one claim, with the source
            # the story names
            if prior.claimed_by is None and claimed_by:
                prior.claimed_by, prior.attribution = claimed_by, how
            return
    ctx.claims.append(
        Claim(
            measure=measure,
            low=low,
            high=high,
            qualifier=qualifier,
            vague_word=vague,
            claimed_by=claimed_by,
            date=_date_in(ctx, s0, s1),
            place=_place_in(ctx, s0, s1),
            date_claimed=ctx.published,
            revision_of=revises,
            event_hint=_event_hint(ctx, lex, s0, s1, measure),
            language=lex.language,
            start=start,
            end=end,
            text=ctx.text[start:end],
            sentence_start=sentence[0],
            sentence_end=sentence[1],
            subgroup=subgroup,
            attribution=how,
        )
    )


def _date_in(ctx: _Context, s0: int, s1: int) -> str | None:
    for a, _b, mention in ctx.dates:
        if s0 <= a < s1:
            value = mention.value
            return (
                value.start.isoformat()
                if value.precision == "day"
                else value.start.isoformat()[: 7 if value.precision == "month" else 4]
            )
    return None


def _place_in(ctx: _Context, s0: int, s1: int) -> str | None:
    for a, _b, e in ctx.entities:
        if s0 <= a < s1 and e.kind == "place":
            return e.name
    return None


def _event_hint(ctx, lex, s0, s1, measure) -> str | None:
    found = _search(lex, "event", ctx.folded.text, s0, s1)
    place = _place_in(ctx, s0, s1)
    noun = ctx.text[slice(*ctx.original(found[0].start(), found[0].end()))] if found else None
    if noun and place:
        return f"{noun} · {place}"
    return noun or (f"{measure} · {place}" if place else None)


# ---- attribution ------------------------------------------------------------------------------
_ELIDED = {"l'", "d'", "l’", "d’"}
_ARTICLE_WORDS = {
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
_NOT_NAMES = {"i", "we", "it", "he", "she", "they", "on", "in", "the", "a", "but", "and"}
_NAME_LINK = {"of", "for", "in", "on", "and", "&", "de", "du", "des", "la", "le", "der", "die",
              "für", "di", "del", "della", "per", "y", "e", "et", "und", "-"}  # fmt: skip


def _tight(f: str, a: int, b: int) -> bool:
    """A hyphen inside a word ("Sistan-Baluchestan"), not a dash between words."""
    return a > 0 and b < len(f) and not f[a - 1].isspace() and not f[b].isspace()


def _capitalised_run(ctx: _Context, start: int, end: int, forward: bool) -> _Source | None:
    """A name: capitalised words (with "of", "for", "de"... inside) right after ``start``
    (forward) or right before ``end`` (backward), within [start, end)."""
    f = ctx.folded.text
    first = bisect.bisect_left(ctx.starts, start)
    last = bisect.bisect_left(ctx.starts, end) - 1
    order = range(first, last + 1) if forward else range(last, first - 1, -1)
    run: list[int] = []
    for i in order:
        a, b = ctx.tokens[i]
        if b > end:
            continue
        word = f[a:b]
        if (ctx.capitalised(a) and word[:1].isalpha()) or (
            run and word in _NAME_LINK and (word != "-" or _tight(f, a, b))
        ):
            run.append(i)
        elif not run and word == "the" and forward:
            continue
        else:
            break
        if len(run) >= 8:
            break
    run.sort()
    while run and f[slice(*ctx.tokens[run[-1]])] in _NAME_LINK:
        run.pop()
    while run and f[slice(*ctx.tokens[run[0]])] in _NAME_LINK:
        run.pop(0)
    if not run:
        return None
    while len(run) > 1 and f[slice(*ctx.tokens[run[0]])] in _ARTICLE_WORDS:
        run.pop(0)  # "The UN" is the UN
    a, b = ctx.tokens[run[0]][0], ctx.tokens[run[-1]][1]
    if f[a : a + 2] in _ELIDED:
        a += 2
    o = ctx.original(a, b)
    return _Source(ctx.text[o[0] : o[1]], a, b)


def _not_a_source(ctx: _Context, lex: Lexicon, a: int, b: int) -> bool:
    """A place, a date, a weekday or a month: capitalised, but nobody who speaks."""
    if ctx.folded.text[a:b] in _NOT_NAMES or ctx.folded.text[a:b] in lex.not_names:
        return True
    if any(x < b and a < y for x, y, _ in ctx.dates):
        return True
    return any(x <= a and b <= y and e.kind == "place" for x, y, e in ctx.entities)


def _lexicon_word(lex: Lexicon, f: str, a: int, b: int) -> bool:
    """A word the lexicon knows as people or a measure: a noun, not a name."""
    return any(
        (p := lex.pattern(name)) is not None and p.fullmatch(f, a, b) is not None
        for name in ("people", *(f"measure:{m}" for m in lex.measures))
    )


def _after_article(ctx: _Context, s0: int) -> int:
    at = _skip_space(ctx.folded.text, s0)
    m = re.match(r"(?:the|die|der|das|le|la|les|l'|il|lo|el|los|las)\s+", ctx.folded.text[at:])
    return at + m.end() if m else at


def _caseless_name(ctx: _Context, start: int, s1: int) -> _Source | None:
    """In a script without capitals (Persian), the words up to the next comma, five at most."""
    f = ctx.folded.text
    at = _skip_space(f, start)
    if at >= s1 or not ("\u0600" <= f[at] <= "\u06ff"):
        return None
    stop = _CLAUSE.search(f, at, s1)
    end = stop.start() if stop else s1
    words = list(re.finditer(r"\S+", f[at:end]))
    if not words or len(words) > 5:
        return None
    b = at + words[-1].end()
    o = ctx.original(at, b)
    return _Source(ctx.text[o[0] : o[1]], at, b)


def _skip_space(f: str, at: int) -> int:
    while at < len(f) and f[at].isspace():
        at += 1
    return at


_SUBJECT_STOP = {
    *("at", "of", "in", "from", "with", "who", "that", "for", "on", "near", "and", ","),
    *("de", "du", "des", "di", "del", "der", "von", "aus", "im", "am", "en", "a"),
}


def _indefinite_subject(ctx: _Context, lex: Lexicon, s0: int, verb: int) -> _Source | None:
    """The noun after the indefinite article that opens the sentence, when it is the subject
    of the speech verb ("A nurse at the city's hospital said" gives "nurse")."""
    f = ctx.folded.text
    first = bisect.bisect_left(ctx.starts, _skip_space(f, s0))
    if first >= len(ctx.tokens) or f[slice(*ctx.tokens[first])] not in lex.indefinite_articles:
        return None
    words = []
    for i in range(first + 1, min(first + 4, len(ctx.tokens))):
        a, b = ctx.tokens[i]
        if a >= verb or f[a:b] in _SUBJECT_STOP or not f[a:b][:1].isalpha():
            break
        words.append((a, b))
    if not words or ctx.capitalised(words[0][0]):
        return None
    a, b = words[-1]
    o = ctx.original(a, b)
    return _Source(ctx.text[o[0] : o[1]], a, b)


def _digits_in(f: str, a: int, b: int) -> bool:
    return any(ch.isdigit() for ch in f[a:b])


def _known_name(ctx: _Context, run: _Source, s0: int) -> bool:
    """An entity, an acronym, or a name that opens the sentence (the subject's place)."""
    o = ctx.original(run.start, run.end)
    original = ctx.text[o[0] : o[1]]
    if original.isupper() and len(original) > 1:
        return True
    if any(a <= run.start < b for a, b, e in ctx.entities if e.kind != "place"):
        return True
    return run.start <= _after_article(ctx, s0)


def _name_like(ctx: _Context, run: _Source, s0: int) -> bool:
    """A run of one capitalised word at the start of a sentence ("When", "Residents") is
    just a sentence's first word, unless it is an acronym ("HRANA") or a known name."""
    words = ctx.folded.text[run.start : run.end].split()
    if len(words) > 1 or run.start > _skip_space(ctx.folded.text, s0):
        return True
    o = ctx.original(run.start, run.end)
    original = ctx.text[o[0] : o[1]]
    return (
        original.isupper()
        and len(original) > 1
        or any(a == run.start and e.kind in ("organisation", "person") for a, _b, e in ctx.entities)
    )


def _entity_source(ctx: _Context, start: int, end: int, nearest_to_end: bool) -> _Source | None:
    best = None
    for a, b, e in ctx.entities:
        if e.kind not in ("organisation", "person") or not (start <= a and b <= end):
            continue
        if best is None or (b > best.end if nearest_to_end else a < best.start):
            o = ctx.original(a, b)
            best = _Source(ctx.text[o[0] : o[1]], a, b)
    return best


def _attribution(ctx: _Context, lex: Lexicon, s0: int, s1: int, last_source) -> _Source | None:
    f = ctx.folded.text
    # "according to X": the name right after the cue
    anaphora = lex.pattern("anaphora")
    for m in _search(lex, "according_to", f, s0, s1):
        long = ctx.long_form_at(m.end())
        if long is not None:
            return long
        clause = _CLAUSE.search(f, m.end(), s1)
        stop = clause.start() if clause else s1
        found = _entity_source(ctx, m.end(), stop, nearest_to_end=False)
        if found and ctx.between(m.end(), found.start) <= 5:
            return ctx.expand(found)
        back = anaphora.match(f, _skip_space(f, m.end())) if anaphora else None
        if back and last_source:
            return _Source(last_source.name, last_source.start, last_source.end)
        unnamed = lex.pattern("unnamed")
        u = (
            unnamed.match(f, m.end() + len(f[m.end() :]) - len(f[m.end() :].lstrip()))
            if unnamed
            else None
        )
        if u and u.end() <= s1:
            o = ctx.original(u.start(), u.end())
            return _Source(ctx.text[o[0] : o[1]], u.start(), u.end())
        run = _capitalised_run(ctx, m.end(), s1, forward=True)
        if run:
            return ctx.expand(run)
        # "selon l'agence de presse militante HRANA": a name a few words in
        for i in range(bisect.bisect_left(ctx.starts, m.end()), len(ctx.tokens)):
            a, b = ctx.tokens[i]
            if a >= stop or ctx.between(m.end(), a) > 5:
                break
            if ctx.capitalised(a) and not _not_a_source(ctx, lex, a, b):
                run = _capitalised_run(ctx, a, stop, forward=True)
                if run:
                    return ctx.expand(run)
                break
        caseless = _caseless_name(ctx, m.end(), s1)
        if caseless:
            return caseless
    # "X said" / "said X"
    # "Staatsmedien: 27 ...", "Amnesty: 304 killed": a source and a colon open the sentence
    opening = re.match(r"\s*([^:,\n]{2,50}?)\s*:\s", f[s0:s1])
    if opening and len(opening.group(1).split()) <= 4:
        a, b = s0 + opening.start(1), s0 + opening.end(1)
        unnamed = lex.pattern("unnamed")
        words = [w for w in re.finditer(r"\S+", f[a:b])]
        named = all(ctx.capitalised(a + w.start()) for w in words)
        if (unnamed and unnamed.fullmatch(f, a, b)) or (
            named and not _not_a_source(ctx, lex, a, b) and not _digits_in(f, a, b)
        ):
            o = ctx.original(a, b)
            return _Source(ctx.text[o[0] : o[1]], a, b)
    verbs = _search(lex, "speech_verbs", f, s0, s1) + _search(lex, "revision", f, s0, s1)
    for m in sorted(verbs, key=lambda v: v.start()):
        long = next((x for x in ctx.long_forms if s0 <= x[0] and x[1] <= m.start()), None)
        if long is not None and ctx.between(s0, long[0]) <= 6:
            return _Source(long[2], long[0], long[1])
        found = _entity_source(ctx, max(s0, m.start() - 80), m.start(), nearest_to_end=True)
        if found and ctx.between(found.end, m.start()) <= 4:
            return ctx.expand(found)
        if anaphora and last_source:
            hits = list(anaphora.finditer(f, max(s0, m.start() - 60), m.start()))
            if hits and ctx.between(hits[-1].end(), m.start()) <= 2:
                return _Source(last_source.name, last_source.start, last_source.end)
        pron = lex.pattern("pronouns")
        window = f[max(s0, m.start() - 30) : m.start()]
        here = last_source
        if here is None and pron and any(True for _ in pron.finditer(window)):
            # "When the judiciary announced an amnesty, it said ...": the name earlier on
            here = _entity_source(ctx, s0, max(s0, m.start() - 30), nearest_to_end=True)
        last_source = here
        if (
            pron
            and last_source
            and any(
                not re.sub(r"[\s,]", "", window[p.end() :])
                or ctx.between(max(s0, m.start() - 30) + p.end(), m.start()) <= 2
                for p in pron.finditer(window)
            )
        ):
            return _Source(last_source.name, last_source.start, last_source.end)
        unnamed = lex.pattern("unnamed")
        if unnamed:
            hits = [u for u in unnamed.finditer(f, max(s0, m.start() - 40), m.start())]
            if hits and ctx.between(hits[-1].end(), m.start()) <= 2:
                u = hits[-1]
                o = ctx.original(u.start(), u.end())
                return _Source(ctx.text[o[0] : o[1]], u.start(), u.end())
        # the subject: the nearest capitalised name in the few words before the verb
        # ("the exiled opposition National Council of Resistance of Iran had claimed")
        first = bisect.bisect_left(ctx.starts, max(s0, m.start() - 60))
        last = bisect.bisect_left(ctx.starts, m.start()) - 1
        for i in range(last, max(first, last - 4) - 1, -1):
            a, b = ctx.tokens[i]
            if _CLAUSE.fullmatch(f[a:b]) or f[a:b] in ".!?":
                break  # "..., sagte ein Sprecher": the subject is not across a comma
            if _not_a_source(ctx, lex, a, b) or _lexicon_word(lex, f, a, b):
                continue  # "in Myanmar", "in February", "on Sunday", "Menschen"
            if ctx.capitalised(a) and f[a:b][:1].isalpha():
                run = _capitalised_run(ctx, s0, b, forward=False)
                if lex.capitalised_nouns and run and not _known_name(ctx, run, s0):
                    break  # German capitalises every noun: "nach eigenen Angaben ... Fälle"
                if run and (_name_like(ctx, run, s0) or ctx.between(run.end, m.start()) == 0):
                    return ctx.expand(run)
                break
        # "A nurse at the city's hospital said": an unnamed person, by what they are
        person = _indefinite_subject(ctx, lex, s0, m.start())
        if person is not None:
            return person
        # a source that opens the sentence, its verb at the end ("سازمان ... اعلام کرد")
        opening_entity = _entity_source(ctx, s0, min(s1, s0 + 80), nearest_to_end=False)
        if opening_entity and ctx.between(s0, opening_entity.start) <= 1:
            return ctx.expand(opening_entity)
        # "The Assistance Association for Political Prisoners (AAPP), which tracks ..., said"
        opening = _capitalised_run(ctx, _after_article(ctx, s0), m.start(), forward=True)
        if (
            opening
            and len(opening.name.split()) > 1
            and not _not_a_source(ctx, lex, opening.start, opening.end)
        ):
            return ctx.expand(opening)
        after = _entity_source(ctx, m.end(), min(s1, m.end() + 60), nearest_to_end=False)
        listener = f[m.start() : m.end()].startswith(("told", "tells"))
        if after and ctx.between(m.end(), after.start) <= 1 and not listener:
            return after
        # the subject after its verb ("teilte die Gruppe mit", "ha dichiarato Amnesty
        # International", "informaron fuentes locales")
        behind = _skip_space(f, m.end())
        back = anaphora.match(f, behind) if anaphora and not listener else None
        if back and last_source and back.end() <= s1:
            return _Source(last_source.name, last_source.start, last_source.end)
        if not listener and (u := unnamed.match(f, behind) if unnamed else None) and u.end() <= s1:
            o = ctx.original(u.start(), u.end())
            return _Source(ctx.text[o[0] : o[1]], u.start(), u.end())
        run = None
        if not listener and behind < s1:
            run = _capitalised_run(ctx, _after_article(ctx, behind), s1, forward=True)
        if (
            run
            and run.start - behind < 6
            and not _not_a_source(ctx, lex, run.start, run.end)
            and (
                not lex.capitalised_nouns or _known_name(ctx, run, s0) or len(run.name.split()) > 1
            )
        ):
            return ctx.expand(run)
    # "Amnesty's toll"
    for a, b, e in ctx.entities:
        if s0 <= a < s1 and e.kind == "organisation" and re.match(r"['’]s?\b", f[b : b + 2]):
            o = ctx.original(a, b)
            return _Source(ctx.text[o[0] : o[1]], a, b)
    if _search(lex, "speech_verbs", f, s0, s1) or _search(lex, "according_to", f, s0, s1):
        # someone is quoted, but we cannot tell who: not the paragraph's earlier source
        return _Source("", s0, s0)
    return None
