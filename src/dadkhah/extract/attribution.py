"""Who a figure is attributed to: "according to X", "X said", "said X", "X's toll", a name
earlier in the paragraph that "it" or "the group" points back to, an unnamed source
("activists"), an indefinite one ("a nurse"), or a source that opens a line ("Staatsmedien:").

Names are found among the entities when there are any, else as runs of capitalised words
(German capitalises every noun, so there a capital alone is not enough), else, in a script
without capitals, as the few words up to a comma.
"""

from __future__ import annotations

import bisect
import re

from dadkhah.extract.context import (
    ARTICLE_WORDS,
    CLAUSE,
    ELIDED,
    Context,
    Source,
    search,
    skip_space,
)
from dadkhah.extract.lexicon import Lexicon

_NOT_NAMES = {"i", "we", "it", "he", "she", "they", "on", "in", "the", "a", "but", "and"}


_NAME_LINK = {"of", "for", "in", "on", "and", "&", "de", "du", "des", "la", "le", "der", "die",
              "für", "di", "del", "della", "per", "y", "e", "et", "und", "-", "the"}  # fmt: skip


_STAMP = re.compile(r"[\s\W]*(?:\d{1,2}[.:h]\d{2}\s*(?:uhr|h|gmt|utc)?[\s\W]*)?")


def _after_verb(ctx: Context, lex: Lexicon, at: int, s1: int) -> int:
    """Where the subject after a speech verb starts: past whom it was said to ("a déclaré à
    l'AFP un responsable") and past a day ("a indiqué lundi le Réseau ...")."""
    f = ctx.folded.text
    at = skip_space(f, at)
    for _ in range(3):
        to_whom = _TO_WHOM.match(f, at)
        word = re.match(r"[\w'’]+", f[at:s1])
        if to_whom and to_whom.end() < s1:
            at = skip_space(f, to_whom.end())
        elif word and (word.group() in lex.not_names or any(a <= at < b for a, b, _ in ctx.dates)):
            at = skip_space(f, at + word.end())
        else:
            break
    return at


def _after_stamp(f: str, s0: int, s1: int) -> int:
    """Past a live blog's time stamp or a bullet at the start of a sentence."""
    m = _STAMP.match(f, s0, s1)
    return m.end() if m else s0


def _tight(f: str, a: int, b: int) -> bool:
    """A hyphen inside a word ("Sistan-Baluchestan"), not a dash between words."""
    return a > 0 and b < len(f) and not f[a - 1].isspace() and not f[b].isspace()


def _capitalised_run(ctx: Context, start: int, end: int, forward: bool) -> Source | None:
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
    while len(run) > 1 and f[slice(*ctx.tokens[run[0]])] in ARTICLE_WORDS:
        run.pop(0)  # "The UN" is the UN
    a, b = ctx.tokens[run[0]][0], ctx.tokens[run[-1]][1]
    if f[a : a + 2] in ELIDED:
        a += 2
    o = ctx.original(a, b)
    return Source(ctx.text[o[0] : o[1]], a, b)


def _not_a_source(ctx: Context, lex: Lexicon, a: int, b: int) -> bool:
    """A place, a date, a weekday or a month: capitalised, but nobody who speaks."""
    if ctx.folded.text[a:b] in _NOT_NAMES or ctx.folded.text[a:b] in lex.not_names:
        return True
    back = lex.pattern("back_reference")
    if back is not None and back.fullmatch(ctx.folded.text, a, b):
        return True  # "Das berichtete ...": what was said, not who said it
    if any(x < b and a < y for x, y, _ in ctx.dates):
        return True
    return any(x <= a and b <= y and e.kind == "place" for x, y, e in ctx.entities)


def _lexicon_word(lex: Lexicon, f: str, a: int, b: int) -> bool:
    """A word the lexicon knows as people or a measure: a noun, not a name."""
    return any(
        (p := lex.pattern(name)) is not None and p.fullmatch(f, a, b) is not None
        for name in ("people", *(f"measure:{m}" for m in lex.measures))
    )


def _after_article(ctx: Context, s0: int) -> int:
    at = skip_space(ctx.folded.text, s0)
    m = re.match(r"(?:the|die|der|das|le|la|les|l'|il|lo|el|los|las)\s+", ctx.folded.text[at:])
    return at + m.end() if m else at


def _caseless_name(ctx: Context, start: int, s1: int) -> Source | None:
    """In a script without capitals (Persian), the words up to the next comma, five at most."""
    f = ctx.folded.text
    at = skip_space(f, start)
    if at >= s1 or not ("\u0600" <= f[at] <= "\u06ff"):
        return None
    stop = CLAUSE.search(f, at, s1)
    end = stop.start() if stop else s1
    words = list(re.finditer(r"\S+", f[at:end]))
    if not words or len(words) > 5:
        return None
    b = at + words[-1].end()
    o = ctx.original(at, b)
    return Source(ctx.text[o[0] : o[1]], at, b)


_SUBJECT_STOP = {
    *("at", "of", "in", "from", "with", "who", "that", "for", "on", "near", "and", ","),
    *("de", "du", "des", "di", "del", "der", "von", "aus", "im", "am", "en", "a"),
}


def _indefinite_subject(ctx: Context, lex: Lexicon, s0: int, verb: int) -> Source | None:
    """The noun after the indefinite article that opens the sentence, when it is the subject
    of the speech verb ("A nurse at the city's hospital said" gives "nurse")."""
    f = ctx.folded.text
    first = bisect.bisect_left(ctx.starts, skip_space(f, s0))
    if first >= len(ctx.tokens) or f[slice(*ctx.tokens[first])] not in lex.indefinite_articles:
        return None
    words = []
    for i in range(first + 1, min(first + 4, len(ctx.tokens))):
        a, b = ctx.tokens[i]
        if a >= verb or f[a:b] in _SUBJECT_STOP or not f[a:b][:1].isalpha():
            break
        words.append((a, b))
    if not words or ctx.capitalised(words[0][0]) or any(ch.isdigit() for ch in f[s0:verb]):
        return None  # "A further 70 to 90 deaths have been reported": no one is named
    a, b = words[0][0], words[-1][1]  # "A police source said": "police source"
    o = ctx.original(a, b)
    return Source(ctx.text[o[0] : o[1]], a, b)


_TO_WHOM = re.compile(
    r"(?:a|à|au|aux|al|ai|alla|all'|to|gegenüber)\s+(?:(?:l'|l’|la|le|les|the|der|dem|den|il|lo|el)\s*)?[^\W\d][\w'’-]*(?:\s+[A-Z][\w-]*)?\s*,?"
)
_LABELS = {
    *("note", "notes", "update", "updated", "photo", "correction", "editor's note", "breaking"),
    *("live", "watch", "read more", "related", "anmerkung", "hinweis", "nota", "mise à jour"),
}
_SEPARABLE = {"mit", "an", "bekannt", "fest", "zu"}  # "teilte Wjasna mit"


def _ends_clause(ctx: Context, at: int, s1: int) -> bool:
    """Whether a name right after a speech verb closes its clause ("..., teilte Wjasna mit.",
    "..., sagte Karimi."): then it is the subject, not a noun the sentence goes on about."""
    f = ctx.folded.text
    rest = f[at:s1].split()
    return not rest or rest[0].strip(".,;:") in _SEPARABLE or rest[0][:1] in ".,;:"


def _name_up_to_break(ctx: Context, lex: Lexicon, a: int, s1: int) -> Source | None:
    """A name in sentence case after a reporting verb: from its capital up to a bracket,
    comma, full stop or relative pronoun, eight words at most."""
    f = ctx.folded.text
    if lex.capitalised_nouns or a >= s1 or not ctx.capitalised(a) or not f[a : a + 1].isalpha():
        return None
    stop = re.search(r"\s*(?:[(,.;:]|\s(?:qui|que|which|who|che|der|die)\b)", f[a:s1])
    end = a + (stop.start() if stop else len(f[a:s1].rstrip()))
    if not 1 <= len(f[a:end].split()) <= 8 or _not_a_source(ctx, lex, a, end):
        return None
    o = ctx.original(a, end)
    return Source(ctx.text[o[0] : o[1]], a, end)


def _sentence_case_name(ctx: Context, lex: Lexicon, a: int, verb: int) -> Source | None:
    """A name written in sentence case that opens the sentence and runs up to its verb
    ("Le Mécanisme pour la reconnaissance des prisonniers politiques recense ...")."""
    f = ctx.folded.text
    words = f[a:verb].split()
    if not 2 <= len(words) <= 8 or re.search(r"[,;:()\d]", f[a:verb]):
        return None
    if lex.capitalised_nouns:
        return None
    end = a + len(f[a:verb].rstrip())
    o = ctx.original(a, end)
    return Source(ctx.text[o[0] : o[1]], a, end)


def _lexicon_free(ctx: Context, lex: Lexicon, run: Source) -> bool:
    """Whether no word of a capitalised run is one the lexicon knows (German "Die Zahl der
    Hinrichtungen" is nouns of the sentence, "Iran Human Rights" a name)."""
    f = ctx.folded.text
    known = ("people", "count_nouns", *(f"measure:{m}" for m in lex.measures))
    return not any(
        (p := lex.pattern(k)) is not None and p.search(f, run.start, run.end) for k in known
    )


def _digits_in(f: str, a: int, b: int) -> bool:
    return any(ch.isdigit() for ch in f[a:b])


def _known_name(ctx: Context, run: Source, s0: int) -> bool:
    """An entity, an acronym, or a name that opens the sentence (the subject's place)."""
    o = ctx.original(run.start, run.end)
    original = ctx.text[o[0] : o[1]]
    if original.isupper() and len(original) > 1:
        return True
    if any(a <= run.start < b for a, b, e in ctx.entities if e.kind != "place"):
        return True
    return run.start <= _after_article(ctx, s0)


def _name_like(ctx: Context, run: Source, s0: int) -> bool:
    """A run of one capitalised word at the start of a sentence ("When", "Residents") is
    just a sentence's first word, unless it is an acronym ("HRANA") or a known name."""
    words = ctx.folded.text[run.start : run.end].split()
    if len(words) > 1 or run.start > skip_space(ctx.folded.text, s0):
        return True
    o = ctx.original(run.start, run.end)
    original = ctx.text[o[0] : o[1]]
    return (
        original.isupper()
        and len(original) > 1
        or any(a == run.start and e.kind in ("organisation", "person") for a, _b, e in ctx.entities)
    )


def _entity_source(ctx: Context, start: int, end: int, nearest_to_end: bool) -> Source | None:
    best = None
    for a, b, e in ctx.entities:
        if e.kind not in ("organisation", "person") or not (start <= a and b <= end):
            continue
        if best is None or (b > best.end if nearest_to_end else a < best.start):
            o = ctx.original(a, b)
            best = Source(ctx.text[o[0] : o[1]], a, b)
    return best


def sentence_source(ctx: Context, lex: Lexicon, s0: int, s1: int, last_source) -> Source | None:
    """The source a sentence's figures are attributed to, None when it names none, or a
    nameless Source when it quotes someone we cannot name."""
    last_source = last_source or ctx.mentioned
    found = _sentence_source(ctx, lex, s0, s1, last_source)
    if found is None:
        # "The Assistance Association ... released its monthly update.": named, though it
        # says nothing yet; a later "the group said" points back to it
        opening = _opening_name(ctx, lex, s0, s1)
        if opening is not None:
            ctx.mentioned = opening
    return found


def _opening_name(ctx: Context, lex: Lexicon, s0: int, s1: int) -> Source | None:
    entity = _entity_source(ctx, s0, min(s1, s0 + 120), nearest_to_end=False)
    if entity is not None and ctx.between(s0, entity.start) <= 1:
        return ctx.expand(entity)
    run = _capitalised_run(ctx, _after_article(ctx, s0), s1, forward=True)
    if (
        run is not None
        and len(run.name.split()) > 2
        and not _not_a_source(ctx, lex, run.start, run.end)
        and (not lex.capitalised_nouns or _lexicon_free(ctx, lex, run))
    ):
        return ctx.expand(run)
    return None


def _sentence_source(ctx: Context, lex: Lexicon, s0: int, s1: int, last_source) -> Source | None:
    f = ctx.folded.text
    unnamed = lex.pattern("unnamed")
    start = _after_stamp(f, s0, s1)
    lead = unnamed.match(f, start) if unnamed else None
    if lead:
        # "Des sources hospitalières": the longest name, less its article
        nxt = re.match(r"\S+\s+", f[lead.start() : s1])
        longer = unnamed.match(f, lead.start() + nxt.end()) if nxt else None
        if longer is not None and longer.end() > lead.end():
            lead = longer
    if lead and search(lex, "speech_verbs", f, lead.end(), s1):
        # "Paramedics at Kenyatta National Hospital say ...": the sentence's subject
        o = ctx.original(lead.start(), lead.end())
        return Source(ctx.text[o[0] : o[1]], lead.start(), lead.end())
    # "according to X": the name right after the cue
    anaphora = lex.pattern("anaphora")
    for m in search(lex, "according_to", f, s0, s1):
        long = ctx.long_form_at(m.end(), cue=m.start())
        if long is not None:
            return long
        clause = CLAUSE.search(f, m.end(), s1)
        stop = clause.start() if clause else s1
        found = _entity_source(ctx, m.end(), stop, nearest_to_end=False)
        if found and ctx.between(m.end(), found.start) <= 5:
            return ctx.expand(found)
        back = anaphora.match(f, skip_space(f, m.end())) if anaphora else None
        if back and last_source:
            return Source(last_source.name, last_source.start, last_source.end)
        unnamed = lex.pattern("unnamed")
        u = (
            unnamed.match(f, m.end() + len(f[m.end() :]) - len(f[m.end() :].lstrip()))
            if unnamed
            else None
        )
        if u and u.end() <= s1:
            o = ctx.original(u.start(), u.end())
            return Source(ctx.text[o[0] : o[1]], u.start(), u.end())
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
    # (after a live blog's time stamp or a bullet: "+++ 17.15 Uhr +++ Staatsmedien: ...")
    opening = re.match(
        r"[\s\W]*(?:\d{1,2}[.:h]\d{2}\s*(?:uhr|h|gmt|utc)?[\s\W]*)?([^\W\d][^:,\n]{1,49}?)\s*:\s",
        f[s0:s1],
    )
    if opening and len(opening.group(1).split()) <= 4:
        a, b = s0 + opening.start(1), s0 + opening.end(1)
        unnamed = lex.pattern("unnamed")
        words = [w for w in re.finditer(r"\S+", f[a:b])]
        named = all(ctx.capitalised(a + w.start()) for w in words)
        label = f[a:b].strip() in _LABELS  # "Note: ...", "Update: ..." name no one
        if (unnamed and unnamed.fullmatch(f, a, b)) or (
            named and not label and not _not_a_source(ctx, lex, a, b) and not _digits_in(f, a, b)
        ):
            o = ctx.original(a, b)
            return Source(ctx.text[o[0] : o[1]], a, b)
    verbs = search(lex, "speech_verbs", f, s0, s1) + search(lex, "revision", f, s0, s1)
    # "an estimated 52", "the reported 167": a hedge, not someone estimating or reporting
    verbs = [
        v
        for v in verbs
        if not re.search(r"(?:^|\s)(?:an?|the)\s+$", f[max(s0, v.start() - 5) : v.start()])
    ]

    def reporting(v) -> bool:  # ", a indiqué le Réseau ...", ", said Amnesty": after a comma
        return bool(re.search(r",\s*$", f[max(s0, v.start() - 3) : v.start()]))

    for m in sorted(verbs, key=lambda v: (not reporting(v), v.start())):
        if reporting(m):
            behind = _after_verb(ctx, lex, m.end(), s1)
            long = ctx.long_form_at(behind, slack=2, cue=behind)
            if long is not None:
                return long
            after = _entity_source(ctx, behind, min(s1, behind + 80), nearest_to_end=False)
            if after is not None and ctx.between(behind, after.start) <= 1:
                return ctx.expand(after)
            # "..., a affirmé jeudi la Commission des droits de l'homme du Pakistan (HRCP)"
            named = _name_up_to_break(ctx, lex, _after_article(ctx, behind), s1)
            if named is not None:
                return named
        long = next((x for x in ctx.long_forms if s0 <= x[0] and x[1] <= m.start()), None)
        if long is not None and ctx.between(s0, long[0]) <= 6:
            return Source(long[2], long[0], long[1])
        found = _entity_source(ctx, max(s0, m.start() - 80), m.start(), nearest_to_end=True)
        if found and ctx.between(found.end, m.start()) <= 4:
            return ctx.expand(found)
        if anaphora and last_source:
            hits = list(anaphora.finditer(f, max(s0, m.start() - 60), m.start()))
            if hits and ctx.between(hits[-1].end(), m.start()) <= 2:
                return Source(last_source.name, last_source.start, last_source.end)
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
            return Source(last_source.name, last_source.start, last_source.end)
        unnamed = lex.pattern("unnamed")
        if unnamed:
            hits = [u for u in unnamed.finditer(f, max(s0, m.start() - 40), m.start())]
            if hits and ctx.between(hits[-1].end(), m.start()) <= 2:
                u = hits[-1]
                o = ctx.original(u.start(), u.end())
                return Source(ctx.text[o[0] : o[1]], u.start(), u.end())
        # the subject: the nearest capitalised name in the few words before the verb
        # ("the exiled opposition National Council of Resistance of Iran had claimed")
        first = bisect.bisect_left(ctx.starts, max(s0, m.start() - 60))
        last = bisect.bisect_left(ctx.starts, m.start()) - 1
        for i in range(last, max(first, last - 4) - 1, -1):
            a, b = ctx.tokens[i]
            if CLAUSE.fullmatch(f[a:b]) or f[a:b] in ".!?":
                break  # "..., sagte ein Sprecher": the subject is not across a comma
            if _not_a_source(ctx, lex, a, b) or _lexicon_word(lex, f, a, b):
                continue  # "in Myanmar", "in February", "on Sunday", "Menschen"
            if ctx.capitalised(a) and f[a:b][:1].isalpha() and a <= _after_article(ctx, s0):
                phrase = _sentence_case_name(ctx, lex, a, m.start())
                if phrase is not None:
                    return phrase
            if ctx.capitalised(a) and f[a:b][:1].isalpha():
                pron = lex.pattern("pronouns")
                if pron and pron.fullmatch(f, a, b):
                    break  # "Elle a recensé ...": a pronoun, with no name before it
                run = _capitalised_run(ctx, s0, b, forward=False)
                if (
                    lex.capitalised_nouns
                    and run
                    and not (_known_name(ctx, run, s0) and _lexicon_free(ctx, lex, run))
                ):
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
            and not (lex.capitalised_nouns and not _lexicon_free(ctx, lex, opening))
        ):
            return ctx.expand(opening)
        after = _entity_source(ctx, m.end(), min(s1, m.end() + 60), nearest_to_end=False)
        listener = f[m.start() : m.end()].startswith(("told", "tells"))
        if after and ctx.between(m.end(), after.start) <= 1 and not listener:
            return after
        # the subject after its verb ("teilte die Gruppe mit", "ha dichiarato Amnesty
        # International", "informaron fuentes locales")
        behind = _after_verb(ctx, lex, m.end(), s1)
        back = anaphora.match(f, behind) if anaphora and not listener else None
        if back and back.end() <= s1:
            # "die Menschenrechtsorganisation Hengaw", "La ONG Hengaw": a descriptor and a name
            named = _entity_source(ctx, back.end(), min(s1, back.end() + 60), nearest_to_end=False)
            if named is not None and ctx.between(back.end(), named.start) == 0:
                return ctx.expand(named)
            # "teilte die Gruppe mit": the last named source, or nobody we can name
            if last_source:
                return Source(last_source.name, last_source.start, last_source.end)
            return Source("", s0, s0)
        if not listener and (u := unnamed.match(f, behind) if unnamed else None) and u.end() <= s1:
            o = ctx.original(u.start(), u.end())
            return Source(ctx.text[o[0] : o[1]], u.start(), u.end())
        run = None
        if not listener and behind < s1:
            run = _capitalised_run(ctx, _after_article(ctx, behind), s1, forward=True)
        if (
            run
            and run.start - behind < 6
            and not _not_a_source(ctx, lex, run.start, run.end)
            and (
                not lex.capitalised_nouns
                or _known_name(ctx, run, s0)
                or len(run.name.split()) > 1
                or _ends_clause(ctx, run.end, s1)
            )
        ):
            return ctx.expand(run)
    # "Amnesty's toll"
    for a, b, e in ctx.entities:
        if s0 <= a < s1 and e.kind == "organisation" and re.match(r"['’]s?\b", f[b : b + 2]):
            o = ctx.original(a, b)
            return Source(ctx.text[o[0] : o[1]], a, b)
    if search(lex, "speech_verbs", f, s0, s1) or search(lex, "according_to", f, s0, s1):
        # someone is quoted, but we cannot tell who: not the paragraph's earlier source
        return Source("", s0, s0)
    return None


# German declension of a source named after a genitive or dative article ("nach Zahlen der
# Nationalen Suchkommission", "nach Angaben des Syrischen Netzwerks"): claimed_by is given
# in the nominative, without the article ("Nationale Suchkommission")
_FEMININE = (
    "ung",
    "heit",
    "keit",
    "schaft",
    "ion",
    "stelle",
    "gruppe",
    "behörde",
    "agentur",
    "organisation",
    "kommission",
    "mission",
    "regierung",
    "polizei",
    "armee",
    "miliz",
    "justiz",
    "initiative",
    "vereinigung",
    "liga",
    "front",
    "partei",
    "zeitung",
)
_NEUTER = (
    "werk",
    "büro",
    "komitee",
    "zentrum",
    "institut",
    "amt",
    "ministerium",
    "gericht",
    "kollektiv",
    "bündnis",
    "observatorium",
    "kommando",
    "regime",
    "hilfswerk",
)


def nominative(ctx: Context, lex: Lexicon, source: Source) -> str:
    """The name of ``source`` as claimed_by gives it: for German, in the nominative and
    without a descriptor before a name ("Justiz-Nachrichtenagentur Misan" is "Misan")."""
    name = source.name
    if lex.language != "de" or not name:
        return name
    words = name.split()
    heads = tuple(h.lower() for h in lex.anaphora_heads)
    if len(words) > 1 and words[0].lower().endswith(heads) and words[1][:1].isupper():
        return " ".join(words[1:])  # "Gefangenenhilfsorganisation AAPP"
    before = ctx.folded.text[max(0, source.start - 6) : source.start].split()
    article = before[-1] if before else ""
    if article not in ("der", "des", "dem", "den") or len(words) < 2:
        return name
    adjective, noun = words[0], words[1]
    if not (adjective[:1].isupper() and adjective.endswith("en") and noun[:1].isupper()):
        return name
    stem = adjective[:-2]
    low = noun.lower()
    if article == "des" and low.endswith("s") and not low.endswith(("ss", "us")):
        noun = noun[:-2] if low.endswith("es") and len(noun) > 5 else noun[:-1]
        low = noun.lower()
    if low.endswith(_FEMININE):
        adjective = stem + "e"
    elif low.endswith(_NEUTER):
        adjective = stem + "es"
    else:
        adjective = stem + "er"
    return " ".join([adjective, noun, *words[2:]])
