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

import dataclasses
import re
from dataclasses import asdict, dataclass

from dadkhah.extract.attribution import nominative, sentence_source
from dadkhah.extract.context import (
    ACRONYM,
    ARTICLE_WORDS,
    CLAUSE,
    CONJUNCTION,
    PARENTHESISED,
    TOKEN,
    Context,
    Source,
    clause_end,
    long_form,
    search,
    sentences,
    separated,
    skip_space,
    to_folded,
)
from dadkhah.extract.exclusions import (
    RANGE_WORDS,
    counts_something,
    excluded,
    listed_after_thing,
    people_after,
)
from dadkhah.extract.lexicon import Lexicon, LexiconError, load, phrase_pattern
from dadkhah.extract.numbers import Figure, reader
from dadkhah.parse.dates import find_dates
from dadkhah.parse.persian import matching_form
from dadkhah.parse.structure import paragraphs as split_paragraphs

EXTRACTOR = "claims-rules-2"


WINDOW = 12  # tokens between a figure and its measure word, at most
# what ends a life: a part of the dead is counted among the dead, whatever else is said of
# it ("Of those executed, 256 had been convicted of drug offences")
FINAL = frozenset({"killed", "executed"})
# how far along what can befall a person each measure lies (arrest, then torture or
# disappearance, then a sentence, then death)
STAGE = {
    "arrested": 1,
    "detained": 1,
    "injured": 1,
    "disappeared": 2,
    "tortured": 2,
    "sentenced": 3,
    "executed": 4,
    "killed": 4,
}


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
    tokens = [m.span() for m in TOKEN.finditer(folded.text)]
    ctx = Context(
        text=text,
        folded=folded,
        tokens=tokens,
        starts=[t[0] for t in tokens],
        dates=[(*to_folded(folded, d.start, d.end), d) for d in find_dates(text)],
        entities=[(*to_folded(folded, e.start, e.end), e) for e in (entities or [])],
        publisher=publisher,
        published=published,
    )
    for m in ACRONYM.finditer(text):
        ctx.acronyms.setdefault(m.group(2), m.group(1))
    for m in PARENTHESISED.finditer(text):
        long = long_form(text, m.start(), m.group(1))
        if long is not None:
            ctx.acronyms[m.group(1)] = text[long : m.start()].strip()
            ctx.long_forms.append(
                (*to_folded(folded, long, m.start()), text[long : m.start()].strip())
            )
    if paragraphs:
        # a line too short to tell its language ("- 304 killed") is in the document's
        weight: dict[str, int] = {}
        for p in paragraphs:
            if p.language:
                weight[p.language] = weight.get(p.language, 0) + p.end - p.start
        main = max(weight, key=weight.get) if weight else _guess_language(text)
        blocks = [(p.start, p.end, language or p.language or main) for p in paragraphs]
    else:
        # the parse stage's paragraphs, so that a bare text reads as a stored one does
        lang = language or _guess_language(text)
        blocks = [(p.start, p.end, lang) for p in split_paragraphs(text)] or [(0, len(text), lang)]
    last_source: Source | None = None
    lexicons: dict[str, Lexicon | None] = {}
    for start, end, lang in blocks:
        if not lang:
            continue
        if lang not in lexicons:  # one look-up per language, a missing one included
            try:
                lexicons[lang] = load(lang)
            except LexiconError:
                lexicons[lang] = None
        lex = lexicons[lang]
        if lex is None:
            continue
        a, b = to_folded(folded, start, end)
        last_source = _paragraph(ctx, lex, a, b, last_source)
    return ctx.claims


def _guess_language(text: str) -> str | None:
    from dadkhah.parse import language

    return language.detect(text[:2000])


def _paragraph(ctx: Context, lex: Lexicon, start: int, end: int, last_source):
    figures = [f for f in reader(lex).find(ctx.folded.text[start:end])]
    for f in figures:
        f.start += start
        f.end += start
    in_paragraph: Source | None = None  # the last source named in this paragraph
    cues = _cues(ctx, lex, start, end)
    words = ctx.between(start, end)
    counts = [g for g in figures if not excluded(ctx, lex, g, start, end) and not g.year_like]
    if not counts:
        # a caption ("Reported fatalities by type of event") names what the rows below count
        # ("Kurdish prisoners executed in 2024": the verb, not the people it counts)
        people = lex.pattern("people")
        verbs = [c for c in cues if not (people and people.fullmatch(ctx.folded.text, c[0], c[1]))]
        chosen = (verbs or cues)[0][2] if cues else None
        ctx.caption = chosen if words <= 25 else None
    elif ctx.caption and words <= 12 and not cues and _ROW.match(ctx.folded.text, start, end):
        # a row under it: "Battles: 11,640", "- 304"
        for fig in figures:
            if not excluded(ctx, lex, fig, start, end):
                _emit(ctx, lex, fig, fig, fig.start, _row_qualifier(fig), ctx.caption,
                      start, end, last_source, False, None)  # fmt: skip
        return last_source
    elif words > 25:
        ctx.caption = None
    previous_claims = len(ctx.claims)  # where the last sentence's claims begin
    for s0, s1 in sentences(ctx, start, end):
        in_sentence = [f for f in figures if s0 <= f.start and f.end <= s1]
        source = sentence_source(ctx, lex, s0, s1, last_source)
        if source is not None and source.name and _points_back(ctx, lex, s0):
            # "... auf 318 gestiegen. Das berichtete die Organisation Reprieve.": the source
            # the next sentence names for what this one said
            for claim in ctx.claims[previous_claims:]:
                if claim.attribution in ("none", "publisher", "earlier"):
                    claim.claimed_by, claim.attribution = source.name, "stated"
        sentence_first_claim = len(ctx.claims)
        if in_sentence:
            # a figure without a source of its own is the last named source's, in a paragraph
            own = in_paragraph if source is None else source
            # "The UN says 300 were killed, while rights groups put the figure at 500": each
            # part of a contrast keeps its own source
            parts = [(a, b, sentence_source(ctx, lex, a, b, last_source)) for a, b in
                     _contrasts(ctx, lex, s0, s1)]  # fmt: skip
            _sentence(ctx, lex, s0, s1, in_sentence, own, last_source, parts)
        if source is not None and source.name:
            last_source = in_paragraph = source
        if len(ctx.claims) > sentence_first_claim:
            previous_claims = sentence_first_claim
    return last_source


def _points_back(ctx: Context, lex: Lexicon, s0: int) -> bool:
    """Whether a sentence opens with a word for what was just said ("Das berichtete ...",
    "This was reported by ...", "C'est ce qu'a annoncé ...")."""
    pattern = lex.pattern("back_reference")
    return bool(pattern and pattern.match(ctx.folded.text, skip_space(ctx.folded.text, s0)))


# a table row or list item: "Battles: 11,640", "- 304", "Total | 22,568"
_ROW = re.compile(r"\s*(?:[-•*·]\s*)?(?:[^\d\n:|]{1,60}[:|\t]\s*)?[\d(]")


def _row_qualifier(fig: Figure) -> str:
    return "vague" if fig.kind == "vague" else "exact"


def _cues(ctx: Context, lex: Lexicon, s0: int, s1: int) -> list[tuple[int, int, str]]:
    found = []
    for measure in lex.measures:
        for m in search(lex, f"measure:{measure}", ctx.folded.text, s0, s1):
            found.append((m.start(), m.end(), measure))
    found.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    kept: list[tuple[int, int, str]] = []
    for cue in found:
        if kept and cue[0] < kept[-1][1]:
            continue
        kept.append(cue)
    # "the Assistance Association for Political Prisoners says ...": words of a name
    names = [(a, b) for a, b, e in ctx.entities if e.kind == "organisation" and a < s1 and b > s0]
    if names:
        kept = [c for c in kept if not any(a <= c[0] and c[1] <= b for a, b in names)]
    ignored = search(lex, "not_measures", ctx.folded.text, s0, s1)
    if ignored:  # "death commissions", "death row": a measure word naming something else
        kept = [c for c in kept if not any(i.start() <= c[0] < i.end() for i in ignored)]
    # "sentenced 7 men to death and 4 others to prison": with a sentence in the sentence,
    # its "to death" says what the sentence was, not that anyone was killed
    objects = search(lex, "sentence_objects", ctx.folded.text, s0, s1)
    if objects and any(c[2] == "sentenced" for c in kept):
        kept = [c for c in kept if not any(o.start() <= c[0] and c[1] <= o.end() for o in objects)]
    return kept


# "could be as high as 150,000", "may be higher": an estimate now, not a future
_ESTIMATE = re.compile(
    r"\s+be\s+(?:as\s+(?:high|many)|higher|more|over|close|around|about|in\s+the)\b"
)


@dataclass
class _Group:
    first: Figure
    last: Figure
    revises_previous: bool = False  # "from 208 to 304" after "raised": this is the 304
    between: bool = False  # "between 200 and 300": the phrase starts at "between"
    revision_pair: bool = False  # either figure of "from 208 to 304" after a revision word


def _contrasts(ctx: Context, lex: Lexicon, s0: int, s1: int) -> list[tuple[int, int]]:
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
    counted = search(lex, "count_nouns", ctx.folded.text, s0, s1)
    # "Of the 92, twelve were children": a figure the last claims gave ties this sentence to them
    echoed = _echoed_measure(ctx, figures, s0) if not cues else None
    # "Rund 400 von ihnen ...": part of a claim made before, in a sentence with no measure word
    parted = not cues and any(_part_of_earlier(ctx, lex, g, s0, s1) for g in figures)
    if (
        not cues
        and echoed is None
        and not parted
        and not (counted and ctx.claims and ctx.claims[-1].sentence_end <= s0)
    ):
        return
    kept = [g for g in figures if not excluded(ctx, lex, g, s0, s1)]
    # "between four and 12 years": the first end of a range whose second is not a count
    gone = [g for g in figures if g not in kept]
    figures = [
        g
        for g in kept
        if not any(
            o.start > g.end and ctx.folded.text[g.end : o.start].strip() in RANGE_WORDS
            for o in gone
        )
    ]
    figures = [
        g
        for g in figures
        if not ((g.weak or g.year_like) and not counts_something(ctx, lex, g, s1))
        and not listed_after_thing(ctx, lex, g, gone, s0)
    ]
    sentence_measure = None  # the measure of the sentence's first claim
    last_measure = None  # and of its latest claim that is not a subgroup of another
    previous: int | None = None  # index of the claim the last group gave
    previous_subgroup, previous_end = False, s0
    for group in _ranges(ctx, lex, figures, s0, s1):
        first, last = group.first, group.last
        if first is last and first.low == first.high == 1:
            continue  # "a prisoner was hanged", "یک زندانی": one person is not a count
        hedge_start, qualifier = _qualifier(ctx, lex, first, s0, is_range=first is not last)
        if group.between:
            hedge_start = _between_start(ctx, lex, first, s0)
        subgroup = _is_subgroup(ctx, lex, hedge_start, s0) or bool(
            previous_subgroup and _joined(_gap(ctx, lex, previous_end, hedge_start))
        )
        usable = _not_the_noun(ctx, lex, cues, last, s1)
        usable = _not_the_group(ctx, lex, usable, last, s1)
        cue = _nearest_cue(
            ctx, usable, first.start, last.end, lex.window, hedge_start, lex.verb_final
        )
        if cue is not None and _hypothetical(ctx, lex, cue, s0):
            # "at imminent risk of execution after the court upheld their death sentences"
            others = [c for c in usable if c[2] != cue[2] and not _hypothetical(ctx, lex, c, s0)]
            cue = (
                _nearest_cue(ctx, others, first.start, last.end, 2 * lex.window, hedge_start) or cue
            )
        changed = _subject_of_change(ctx, lex, cues, hedge_start, s0)
        if cue is None or (
            changed is not None
            and cue[0] >= last.end
            and CLAUSE.search(ctx.folded.text, last.end, cue[0])
        ):
            # "the number of dead ... has risen to 87, most of them with gunshot wounds"
            cue = changed or cue or _value_of_count(ctx, lex, cues, counted, figures, first)
        if cue is not None:
            cue = _predicate(ctx, lex, cues, cue, last, s1)
        if group.revision_pair:
            # "raised its toll ... from 163 to 168": the toll that was revised says what
            before = [c for c in cues if c[1] <= group.first.start and c[1] <= first.start]
            if before and (cue is None or cue[0] >= last.end):
                cue = before[-1]
        part = _part_of_earlier(ctx, lex, first, s0, s1)
        if part is not None and last_measure:
            part = last_measure  # "6,400 were killed ..., 690 of them children"
        if part in FINAL and cue is not None and cue[2] not in FINAL and cue[1] > first.start:
            cue = None  # "Of those executed, 256 had been convicted": still executed
        # "Nine of them have been identified", "690 of them children": part of a claim made
        # before, unless a measure word after the figure says what happened to them
        if part is not None and (
            cue is None
            or (
                cue[2] != part
                and cue[1] <= first.start
                # "the bodies of three of them", "the whereabouts of five of the detainees";
                # but "the bodies of 40 of them" (of those executed) are of the executed
                and (
                    part in FINAL
                    or (
                        cue[2] not in FINAL
                        and not (
                            ctx.between(cue[1], hedge_start) <= 1
                            and not CLAUSE.search(ctx.folded.text, cue[1], hedge_start)
                        )
                    )
                )
            )
        ):
            cue, subgroup = None, True
            sentence_measure = sentence_measure or part
            last_measure = part
        if cue is None:
            # "Other sources put the figure at 30,000": the measure of the claim before
            earlier = _carried_measure(ctx, counted, first.start, s0)
            if sentence_measure and any(c.end() <= first.start for c in counted):
                earlier = sentence_measure  # "..., while rights groups put the figure at 500"
            if earlier is None and echoed is not None:
                if any((first.low, first.high) == (c.low, c.high) for c in ctx.claims[-4:]):
                    continue  # "Of the 92, ...": the 92 is the claim already made
                earlier, subgroup = echoed, True
            if earlier is None and sentence_measure and _after_earlier(ctx, lex, hedge_start, s0):
                earlier = sentence_measure  # "..., up from 256 the previous year"
            if not (subgroup and sentence_measure) and earlier is None:
                previous = None
                continue
            measure = last_measure if subgroup and last_measure else earlier
        elif sentence_measure and _after_earlier(ctx, lex, hedge_start, s0):
            measure = sentence_measure  # "189 ... were slain, down from 215 in 2022"
        else:
            measure = cue[2]
            lo, hi = _order(last, cue)
            if subgroup and last_measure in FINAL and measure not in FINAL and cue[0] >= last.end:
                # "345 were executed, including more than 100 foreigners convicted of ..."
                measure = last_measure
            elif subgroup and last_measure and CLAUSE.search(ctx.folded.text, lo, hi):
                measure = last_measure  # "..., tra cui 64 minorenni, mentre gli arresti"
            if _negated(ctx, lex, hedge_start, last.end, cue, s0) or _hypothetical(
                ctx, lex, cue, s0, hedge_start
            ):
                previous = None
                continue
            distance = ctx.between(*_order(last, cue))
            said_what = subgroup or people_after(ctx, lex, last, s1)
            # "upwards of 4,000 of those who passed through the centre remain disappeared"
            said_what = said_what or bool(_part_phrase(ctx, lex, last, s1) is not None)
            # "the number of those arrested ... does not exceed 1,000"; "raised the death toll
            # from two months of protests to 67": a count noun is its own measure word
            said_what = said_what or any(
                (c.end() <= cue[0] and ctx.between(c.end(), cue[0]) <= 3)
                or (c.start() <= cue[0] < c.end() and cue[1] <= first.start)
                for c in counted
            )
            # "..., while rights groups put the figure at more than 500": the value of a count
            said_what = said_what or any(
                cue[1] <= c.start()
                and c.end() <= hedge_start
                and ctx.between(c.end(), hedge_start) <= 2
                for c in counted
            )
            # "put the overall toll, including deaths from hunger and disease, at 371,000": a
            # toll before the figure, of the same measure, is what the figure is the value of
            said_what = said_what or any(
                c[2] == cue[2]
                and c[1] <= first.start
                and ctx.between(c[1], first.start) <= 2 * lex.window
                and any(n.start() <= c[0] < n.end() for n in counted)
                for c in cues
            )
            # "Executions ... more than doubled to 471": the measure noun, then how it changed
            lo, hi = _order(last, cue)
            said_what = said_what or (
                hi <= first.start and bool(search(lex, "revision", ctx.folded.text, lo, hi))
            )
            if distance > 6 and not said_what and not group.revision_pair:
                # far from its measure word, only when a word for people says what it counts
                previous = None
                continue
        sentence_measure = sentence_measure or measure
        if not subgroup or last_measure is None:
            last_measure = measure
        previous_subgroup, previous_end = subgroup, last.end
        revises = previous if group.revises_previous else None
        speaker = next(
            (p for a, b, p in parts if a <= first.start < b and p is not None and p.name), source
        )
        before_emit = len(ctx.claims)
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
        if (
            len(ctx.claims) > before_emit
            and previous is not None
            and _after_earlier(ctx, lex, hedge_start, s0)
        ):
            # "at least 208 people had been killed, up from the 106": the claim before
            # revises this earlier value, which comes after it in the text
            later = ctx.claims[previous]
            if later.revision_of is None and later.measure == measure:
                later.revision_of = len(ctx.claims) - 1
        previous = len(ctx.claims) - 1


def _after_earlier(ctx: Context, lex: Lexicon, at: int, s0: int) -> bool:
    """Whether the figure at ``at`` follows "up from" / "down from" (an earlier value)."""
    hits = search(lex, "earlier_figure", ctx.folded.text, max(s0, at - 24), at)
    # "up from 106", "up from the 106": an article at most between
    return any(
        len(words := ctx.folded.text[h.end() : at].split()) == 0
        or (len(words) == 1 and len(words[0]) <= 4 and words[0].isalpha())
        for h in hits
    )


def _echoed_measure(ctx: Context, figures, s0: int) -> str | None:
    """The measure of a recent claim whose figure this sentence repeats ("Of the 92, ...")."""
    recent = [c for c in ctx.claims[-4:] if c.sentence_end <= ctx.folded.source[s0]]
    # only a figure that opens the sentence ("Of the 92, ..."), not one anywhere in it
    for fig in [g for g in figures if ctx.between(s0, g.start) <= 2]:
        for claim in reversed(recent):
            if fig.kind != "vague" and (fig.low, fig.high) == (claim.low, claim.high):
                return claim.measure
    return None


def _carried_measure(ctx: Context, counted, at: int, s0: int) -> str | None:
    """The measure of the previous sentence's last claim, for a figure that a count noun
    ("the figure", "la cifra", "die Zahl") just before it ties to that claim."""
    if not ctx.claims or ctx.claims[-1].sentence_end > s0:
        return None
    near = [c for c in counted if c.end() <= at and ctx.between(c.end(), at) <= 6]
    if not near or ctx.folded.source[s0] - ctx.claims[-1].sentence_end > 3:
        return None  # only straight after the sentence with that claim
    return ctx.claims[-1].measure


def _not_the_noun(ctx: Context, lex: Lexicon, cues, fig: Figure, s1: int):
    """Cues less the one that is just the noun the figure counts ("12 prisoners were
    executed": prisoners say who, executed says what), when another cue is there."""
    pattern = lex.pattern("people")
    if pattern is None or len(cues) < 2:
        return cues
    f = ctx.folded.text
    m = pattern.match(f, skip_space(f, fig.end))
    if not m or m.end() > s1:
        # "450 cases of detainees being tortured": a noun cue a few words on, a verb after it
        nouns = [
            c
            for c in cues
            if c[0] >= fig.end
            and ctx.between(fig.end, c[0]) <= 3
            and (pattern.fullmatch(f, c[0], c[1]) or _after_article(f, c[0]))
        ]
        if nouns:
            later = [
                c
                for c in cues
                if c[0] >= nouns[0][1]
                and ctx.between(nouns[0][1], c[0]) <= 4
                and not CLAUSE.search(f, nouns[0][1], c[0])
                and not CONJUNCTION.search(f, nouns[0][1], c[0])
                and not pattern.fullmatch(f, c[0], c[1])
            ]
            if later:
                return [c for c in cues if c not in nouns]
        return cues
    rest = [c for c in cues if not (c[0] < m.end() and m.start() < c[1])]
    # another measure word in the same clause says what happened to them; one across a
    # comma ("507 muertos, ... y cerca de 19.000 detenidos") does not
    near = []
    subgroup = lex.pattern("subgroup")
    for c in rest:
        lo, hi = (m.end(), c[0]) if c[0] >= m.end() else (c[1], fig.start)
        gap = f[lo:hi]
        # "11 prisoners, including a woman, were executed", "Decine di migliaia di detenuti,
        # secondo la stessa organizzazione, sono morti": an aside is no clause break
        aside = re.match(r"\s*,\s*", gap)
        according = lex.pattern("according_to")
        if aside and any(
            p is not None and p.match(gap, aside.end()) for p in (subgroup, according)
        ):
            gap = gap[gap.find(",", aside.end()) + 1 :] if "," in gap[aside.end() :] else gap
        if not CLAUSE.search(gap) and ctx.between(lo, hi) <= WINDOW:
            near.append(c)
    return near or cues


def _joined(gap: str) -> bool:
    """Whether the words between two figures join them as one list: "and", or a short
    phrase ending in "and" ("in Moscow and"), with no clause break."""
    words = gap.split()
    return (
        bool(words)
        and len(words) <= 5
        and bool(CONJUNCTION.fullmatch(words[-1]))
        and not (CLAUSE.search(gap))
    )


def _after_article(f: str, at: int) -> bool:
    """Whether an article comes right before ``at``: "five of the wounded died" uses a
    measure word as a noun for people."""
    words = f[max(0, at - 7) : at].split()
    return bool(words) and (words[-1] in ARTICLE_WORDS or words[-1] in ("those", "these"))


def _gap(ctx: Context, lex: Lexicon, a: int, b: int) -> str:
    """The words between two figures, less the people noun after the first ("23 children
    and 10 women" gives "and") and the commas and spaces around."""
    people = lex.pattern("people")
    m = people.match(ctx.folded.text, skip_space(ctx.folded.text, a)) if people else None
    if m and m.end() <= b:
        a = m.end()
    return " ".join(ctx.folded.text[a:b].split()).strip(" ,")


def _order(fig: Figure, cue) -> tuple[int, int]:
    return (fig.end, cue[0]) if cue[0] >= fig.end else (cue[1], fig.start)


def _nearest_cue(
    ctx: Context,
    cues,
    start: int,
    end: int,
    window: int = WINDOW,
    hedge_start: int | None = None,
    verb_final: bool = False,
):
    """The measure word nearest the figure; one across a comma or a dash counts as farther.
    A measure word that governs the figure's hedge ("killed at least 31 people and wounded
    ...") is measured from the hedge, which belongs to the figure."""
    best, best_d = None, None
    f = ctx.folded.text
    for cue in cues:
        if (
            hedge_start is not None
            and cue[1] <= hedge_start < start
            and not separated(f, cue[1], hedge_start)
            and not CONJUNCTION.search(f, cue[1], hedge_start)
        ):
            d = ctx.between(cue[1], hedge_start) + 0.5
            if d <= window and (best_d is None or d < best_d):
                best, best_d = cue, d
            continue
        if cue[0] >= end:
            d = ctx.between(end, cue[0]) + 3 * separated(f, end, cue[0])
            # "killed 31 people and wounded 170": a verb after "and" has a figure of its own
            # (not the Italian "e", which folding makes of "è" too)
            d += 3 * bool(re.search(r"(?<!\w)(?:and|und|et|y|ed)\s+$", f[end : cue[0]]))
        elif cue[1] <= start:
            # after the figure wins a tie; "... wounded and dozens were killed": not across "and"
            d = ctx.between(cue[1], start) + 0.5 + 3 * separated(f, cue[1], start)
            # in a verb-final language the verb before "و" closed the clause before
            d += (window if verb_final else 3) * bool(CONJUNCTION.search(f, cue[1], start))
        else:
            continue
        if d <= window and (best_d is None or d < best_d):
            best, best_d = cue, d
    return best


_RELATIVE = re.compile(r"\s*(?:who|which|that|qui|que|che|cui|quienes|welche|die|که)\b")


def _part_phrase(ctx: Context, lex: Lexicon, fig: Figure, s1: int):
    """The "of the" (der, dei, de los, تن از) right after a figure that counts part of a
    group, unless a relative clause follows ("of those who passed through the centre"
    names a group of its own)."""
    pattern = lex.pattern("part_of")
    f = ctx.folded.text
    m = pattern.match(f, skip_space(f, fig.end)) if pattern else None
    if m is None or m.end() > s1 or m.start() - fig.end > 2 or _RELATIVE.match(f, m.end()):
        return None
    return m


def _not_the_group(ctx: Context, lex: Lexicon, cues, fig: Figure, s1: int):
    """Cues less one inside "of those detained" right after the figure, which names the
    group the figure is part of, when another cue says what befell the part: "A dozen of
    those detained later said they had been tortured"."""
    f = ctx.folded.text
    m = _part_phrase(ctx, lex, fig, s1)
    if m is None:
        return cues
    at = skip_space(f, m.end())
    inside = [c for c in cues if at <= c[0] and ctx.between(at, c[0]) == 0]
    rest = [
        c
        for c in cues
        if c not in inside
        and c[0] >= at
        and ctx.between(at, c[0]) <= WINDOW
        and not CLAUSE.search(f, at, c[0])
        and not CONJUNCTION.search(f, at, c[0])
    ]
    return [c for c in cues if c not in inside] if inside and rest else cues


def _predicate(ctx: Context, lex: Lexicon, cues, cue, fig: Figure, s1: int):
    """The measure word that is the verb of the figure's clause, when the one chosen only
    describes the people counted: "seven people wounded in clashes died in hospital",
    "30 men seized by the group were still missing", and the sentence of "five others to
    life imprisonment"."""
    f = ctx.folded.text
    people = lex.pattern("people")
    m = people.match(f, skip_space(f, fig.end)) if people else None
    if m is None or m.end() > s1:
        return cue
    objects = lex.pattern("sentence_objects")
    o = objects.match(f, skip_space(f, m.end())) if objects else None
    if o is not None:
        sentenced = [c for c in cues if c[2] == "sentenced" and c[1] <= fig.start]
        if sentenced:
            return sentenced[-1]
    # "hanged two men convicted of killing a guard": a measure word governing the figure
    # says what befell them; a participle after the noun only describes them
    breaks = [b.end() for b in CLAUSE.finditer(f, 0, fig.start)]
    clause_start = breaks[-1] if breaks else 0
    governing = [c for c in cues if c[1] <= fig.start and c[0] >= clause_start]
    g = governing[-1] if governing else None
    # not across "and": "صدها نفر کشته و هزاران نفر زخمی شدند" has a verb per figure
    if g is not None and (
        ctx.between(g[1], fig.start) > 3 or CONJUNCTION.search(f, g[1], fig.start)
    ):
        g = None
    right_after_noun = cue[0] >= m.end() and ctx.between(m.end(), cue[0]) == 0
    if g is not None and right_after_noun:
        return g
    # the cue right after the noun ("people wounded"), then another later in the clause,
    # for a figure that is the clause's subject (no measure word governing it: "hanged two
    # men convicted of killing a guard" counts the hanged), and only one that goes further
    # ("tortured after their arrest" stays tortured)
    if g is not None or not right_after_noun:
        return cue
    for later in cues:
        if (
            later[0] >= cue[1]
            and STAGE.get(later[2], 0) > STAGE.get(cue[2], 0)
            and ctx.between(cue[1], later[0]) <= lex.window
            and not CLAUSE.search(f, cue[1], later[0])
            and not CONJUNCTION.search(f, cue[1], later[0])
        ):
            return later
    return cue


def _subject_of_change(ctx: Context, lex: Lexicon, cues, at: int, s0: int):
    """The measure noun that a verb of change just before the figure has for its subject,
    however long the subject is: "Detentions linked to the protests over the jailing of the
    mayor have climbed to nearly 1,700"."""
    f = ctx.folded.text
    for verb in search(lex, "revision", f, max(s0, at - 40), at):
        if ctx.between(verb.end(), at) > 3 or CLAUSE.search(f, verb.end(), at):
            continue
        before = [
            c for c in cues if c[1] <= verb.start() and not CLAUSE.search(f, c[1], verb.start())
        ]
        if before:
            return before[0]
    return None


def _value_of_count(ctx: Context, lex: Lexicon, cues, counted, figures, fig: Figure):
    """A toll before the figure, with no other figure between, that the figure is the value
    of however far apart they are: "put the overall toll, including deaths from hunger and
    disease, at an estimated 371,000"."""
    for c in reversed(cues):
        # the toll itself, or "the number of people killed"
        of_count = any(
            n.start() <= c[0] < n.end() or (n.end() <= c[0] and ctx.between(n.end(), c[0]) <= 3)
            for n in counted
        )
        if (
            of_count
            and c[1] <= fig.start
            and ctx.between(c[1], fig.start) <= 2 * lex.window
            and not any(c[1] <= g.start < fig.start and not g.year_like for g in figures)
        ):
            return c
    return None


def _words_before(f: str, s0: int, at: int) -> list[str]:
    return re.sub(r"[^\w\s']", " ", f[max(s0, at - 40) : at]).split()


def _ranges(ctx: Context, lex: Lexicon, figures: list[Figure], s0: int, s1: int) -> list[_Group]:
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
            revision = last_word in froms and bool(search(lex, "revision", f, s0, s1))
            joined = gap in connectors or is_between or (revision and gap in revision_to)
            if joined and revision:
                out += [
                    _Group(a, a, revision_pair=True),
                    _Group(b, b, revises_previous=True, revision_pair=True),
                ]
                i += 2
                continue
            plain = gap not in between_and or is_between or gap in connectors
            if joined and plain:
                a = _shared_scale(f, a, b)
            if joined and plain and a.low <= b.high:
                out.append(_Group(a, b, between=is_between))
                i += 2
                continue
        out.append(_Group(a, a))
        i += 1
    return out


def _shared_scale(f: str, a: Figure, b: Figure) -> Figure:
    """The first end of a range that shares the second's scale word: "four to five thousand",
    "چهار تا پنج هزار", "zwei bis drei Millionen" run from 4,000 (not 4) to 5,000."""
    if a.kind == "vague" or not re.search(r"[^\W\d]", f[b.start : b.end]):
        return a
    for scale in (1_000_000_000, 1_000_000, 1000):
        if b.low % scale == 0 and 0 < b.low // scale < 1000:
            if a.high * scale <= b.high:
                return dataclasses.replace(a, low=a.low * scale, high=a.high * scale)
            return a
    return a


def _between_start(ctx: Context, lex: Lexicon, fig: Figure, s0: int) -> int:
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
        for m in search(lex, f"hedge:{hedge}", window, 0, len(window)):
            if _HEDGE_GAP.fullmatch(window[m.end() :]) and (best is None or m.start() < best[0]):
                best = (m.start(), hedge)
    if best is None:
        if not is_range and _estimate_frames(ctx, lex, fig.start, s0):
            return fig.start, "estimated"
        if fig.kind == "approximate" and not is_range:
            return fig.start, "about"  # "une quinzaine de blessés"
        return fig.start, "range" if is_range else "exact"
    return offset + best[0], "range" if is_range else best[1]


def _estimate_frames(ctx: Context, lex: Lexicon, at: int, s0: int) -> bool:
    """ "a crackdown estimated to have killed 30,000": an estimate a few words before,
    in the same clause, qualifies a figure that has no hedge of its own."""
    f = ctx.folded.text
    back = max(s0, at - 60)
    clause = [c.end() for c in CLAUSE.finditer(f, back, at)]
    back = clause[-1] if clause else back
    hits = search(lex, "hedge:estimated", f, back, at)
    return any(ctx.between(h.end(), at) <= 5 for h in hits)


_HEDGE_GAP = re.compile(
    r"[\s,]*(?:(?:an?|the|of|some|de|d'|di|del|la|le|les|los|las|il|el|die|der|den|von|ان)\s+)?"
)


def _is_subgroup(ctx: Context, lex: Lexicon, start: int, s0: int) -> bool:
    window = ctx.folded.text[max(s0, start - 25) : start]
    pattern = lex.pattern("subgroup")
    if pattern is None:
        return False
    return any(not window[m.end() :].strip(" ,:") for m in pattern.finditer(window))


def _part_of_earlier(ctx: Context, lex: Lexicon, fig: Figure, s0: int, s1: int) -> str | None:
    """The measure of the paragraph's last claim, for a figure that counts part of it:
    "Nine of them", "31 of the victims", "Of those still in prison, 12 are women"."""
    if not ctx.claims:
        return None
    pattern = lex.pattern("subgroup")
    if pattern is None:
        return None
    f = ctx.folded.text
    after = pattern.match(f, skip_space(f, fig.end))
    opening = pattern.match(
        f, skip_space(f, s0) + len(re.match(r"[\"'“”«„‘’]*", f[skip_space(f, s0) :]).group())
    )
    of_the = _part_phrase(ctx, lex, fig, s1)
    if after or of_the is not None or (opening and ctx.between(opening.end(), fig.start) <= 6):
        return ctx.claims[-1].measure
    if opening:
        # "Of those executed, 256 had been convicted ... and 16 were women": a fronted
        # phrase makes every figure of the sentence a part of the group it names
        comma = f.find(",", opening.end(), fig.start)
        if comma != -1 and ctx.between(opening.end(), comma) <= 4:
            return ctx.claims[-1].measure
    return None


def _hypothetical(ctx: Context, lex: Lexicon, cue, s0: int, fig_start: int | None = None) -> bool:
    """ "could cost thousands of lives", "hundreds more could be sentenced": what may yet
    happen is not a claim; "may have been killed" (a past that is uncertain) is."""
    pattern = lex.pattern("hypothetical")
    if pattern is None:
        return False
    f = ctx.folded.text
    anchors = [cue[0]] + ([fig_start] if fig_start is not None else [])
    for at in anchors:
        for m in pattern.finditer(f, max(s0, at - 30), at):
            near = ctx.between(m.end(), at) <= 2
            rest = f[m.end() : m.end() + 40]
            if re.match(r"\s*\d", rest) or any(a <= m.start() < b for a, b, _ in ctx.dates):
                continue  # "between July 2016 and May 2022": a month
            counts = search(lex, "count_nouns", f, max(s0, m.start() - 30), m.start())
            if any(ctx.between(c.end(), m.start()) <= 1 for c in counts):
                continue  # "le bilan pourrait atteindre 450 morts": an estimate of the toll
            if (
                near
                and not re.match(r"\s+(?:have|haben|avoir)\b", rest)
                and not _ESTIMATE.match(rest)
            ):
                return True
    return False


def _negations(lex: Lexicon, f: str, lo: int, hi: int):
    """Negation words in ``f[lo:hi]``, less those inside a hedge ("no fewer than 975")."""
    negations, hedges = lex.pattern("negations"), lex.pattern("hedges")
    if negations is None:
        return
    inside = [(h.start(), h.end()) for h in hedges.finditer(f, lo, hi)] if hedges else []
    for n in negations.finditer(f, lo, hi):
        if not any(a <= n.start() < b for a, b in inside):
            yield n


def _negated(ctx: Context, lex: Lexicon, fig_start: int, fig_end: int, cue, s0: int) -> bool:
    if lex.pattern("negations") is None:
        return False
    f = ctx.folded.text
    lo, hi = (fig_end, cue[0]) if cue[0] >= fig_end else (cue[1], fig_start)
    if next(_negations(lex, f, lo, hi), None):
        return True
    # "denied that 50 people were killed": a negation a few words before, in the same clause
    back = max(s0, fig_start - 40)
    clause = [c.end() for c in CLAUSE.finditer(f, back, fig_start)]
    back = clause[-1] if clause else back
    if any(ctx.between(n.end(), fig_start) <= 3 for n in _negations(lex, f, back, fig_start)):
        return True
    # "were not killed": a negation just before the measure word
    if next(_negations(lex, f, max(s0, cue[0] - 12), cue[0]), None):
        return True
    if cue[0] >= fig_end:
        # a negation right after the measure word ("کشته نشدند": verb-final languages negate
        # there), not one further on ("murieron no lejos de la frontera")
        at = skip_space(f, cue[1])
        after = next(_negations(lex, f, at, min(len(f), at + 40)), None)
        return after is not None and after.start() == at and after.end() <= clause_end(ctx, cue[1])
    return False


def _emit(
    ctx, lex, first, last, hedge_start, qualifier, measure, s0, s1, source, subgroup, revises
):
    start, end = ctx.original(hedge_start, last.end)
    sentence = ctx.original(s0, s1)
    claimed_by, how = None, "none"
    if source is not None and source.name:
        claimed_by = nominative(ctx, lex, source)
        how = "stated" if s0 <= source.start < s1 else "earlier"
    elif ctx.publisher:
        claimed_by, how = ctx.publisher, "publisher"
    low, high = first.low, last.high
    if revises is None and search(lex, "revision", ctx.folded.text, s0, first.start):
        # "raised its toll to 304": revises the same source's last figure for this measure
        for i in range(len(ctx.claims) - 1, -1, -1):
            prior = ctx.claims[i]
            if prior.measure == measure and prior.claimed_by == claimed_by and not prior.subgroup:
                revises = i if (prior.low, prior.high) != (low, high) else None
                break
    event_date, claim_date = _dates(ctx, lex, s0, s1, source)
    vague = None
    if first.kind == "vague":
        vague = ctx.text[slice(*ctx.original(first.start, first.end))]
    for prior in ctx.claims:
        if (
            (prior.measure, prior.low, prior.high, prior.qualifier)
            == (measure, low, high, qualifier)
            and (prior.claimed_by in (claimed_by, None) or _in_headline(ctx, prior))
            and not subgroup
        ):
            # the same figure again (a headline and its story): one claim, with the source
            # the story names
            if claimed_by and (prior.claimed_by is None or _in_headline(ctx, prior)):
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
            date=event_date,
            place=_place_in(ctx, s0, s1),
            date_claimed=claim_date or ctx.published,
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


def _in_headline(ctx: Context, claim: Claim) -> bool:
    """Whether a claim was read from the text's first line when that line is a headline."""
    first = ctx.text.split("\n", 1)[0]
    return claim.sentence_end <= len(first) and len(first.split()) <= 20 and "\n" in ctx.text


def _dates(ctx: Context, lex: Lexicon, s0: int, s1: int, source) -> tuple:
    """(event date, date of the claim) as the sentence states them: a date right after the
    speech verb ("said on 16 December") or right before the source ("On 16 December Amnesty
    said") is when the figure was given; another is when the events happened."""
    f = ctx.folded.text
    verbs = search(lex, "speech_verbs", f, s0, s1)
    event = claimed = None
    for a, b, mention in ctx.dates:
        if not s0 <= a < s1:
            continue
        value = mention.value
        iso = value.start.isoformat()
        iso = {"day": iso, "month": iso[:7]}.get(value.precision, iso[:4])
        said = any(a >= v.end() and ctx.between(v.end(), a) <= 2 for v in verbs) or bool(
            source is not None
            and s0 <= source.start < s1
            and b <= source.start
            and ctx.between(b, source.start) <= 2
            and ctx.between(s0, a) <= 1  # "On 16 December, Amnesty said ..." opens the sentence
        )
        if said and claimed is None:
            claimed = iso
        elif not said and event is None:
            event = iso
    return event, claimed


def _place_in(ctx: Context, s0: int, s1: int) -> str | None:
    for a, _b, e in ctx.entities:
        if s0 <= a < s1 and e.kind == "place":
            return e.name
    return None


def _event_hint(ctx, lex, s0, s1, measure) -> str | None:
    found = search(lex, "event", ctx.folded.text, s0, s1)
    place = _place_in(ctx, s0, s1)
    noun = ctx.text[slice(*ctx.original(found[0].start(), found[0].end()))] if found else None
    if noun and place:
        return f"{noun} · {place}"
    return noun or (f"{measure} · {place}" if place else None)
