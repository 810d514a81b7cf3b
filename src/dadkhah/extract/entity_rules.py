"""Entities found by rule, where no gazetteer knows them.

  organisations  a run of capitalised words holding a head word ("... Committee", "Ministerio
                 del ..."), a German compound ("Revolutionsgericht"), a Persian head word and
                 the words after it ("سازمان ...")
  people         a name after a title ("Judge X", "آقای X"), before a speech verb ("X said",
                 "X, a researcher at Y, said"), after a quote and its verb ('", said X'), or
                 after a Persian role and whom it serves ("سخنگوی قوه قضاییه X")

The words per language are data, in the ``[entities]`` section of ``lexicons/<code>.toml``, read
by ``entity_words``. Latin-script rules run for the text's language and English (``langs``);
Persian rules for any text in Arabic script. Any text gives a list; nothing here raises.
"""

from __future__ import annotations

import re
from functools import cache

from dadkhah.extract.entity_spans import (
    TOKEN,
    Entity,
    Token,
    joinable,
    latin_capital,
    name_key,
)
from dadkhah.extract.entity_words import (
    CONNECTORS,
    FA_HONORIFICS,
    FA_ORG_HEADS,
    FA_ROLES,
    FA_STOP,
    FUNCTION_WORDS,
    HEADS_BEFORE_OF,
    NAME_PARTICLES,
    NAME_PREFIXES,
    NOT_NAMES,
    PARTICLES,
    ROLE_WORDS,
    latin_script,
    words,
)
from dadkhah.parse.persian import fold

# ---- regular expressions from word lists ----------------------------------------------


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _trie(words) -> str:
    """One regex for many words with shared prefixes factored out: much faster to run than
    an alternation, which ``re`` tries branch by branch at every position."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(root)


def _both_cases(words) -> set[str]:
    return {w[0].upper() + w[1:] for w in words} | {w[0].lower() + w[1:] for w in words}


# ---- rules: Latin script --------------------------------------------------------------

_UP = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper() and c.isalpha())
_LOW = "".join(c for c in map(chr, range(0x61, 0x250)) if c.islower() and c.isalpha())
_NAME_WORD = rf"[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)*"
_SP = r"[ \u00a0]"
_PARTICLE = rf"(?:{alternation(NAME_PREFIXES)})-|(?:{alternation(NAME_PARTICLES)}) "
_CONNECTOR = alternation(CONNECTORS)
_NAME = rf"{_NAME_WORD}(?:{_SP}(?:{_PARTICLE})?{_NAME_WORD}){{0,3}}"
_NAME2 = rf"{_NAME_WORD}(?:{_SP}(?:{_PARTICLE})?{_NAME_WORD}){{1,3}}"
_CAP_WORD = rf"[{_UP}][^\W_]*(?:[-'’][^\W_]+)*"
_ELIDED = r"(?:de[ \u00a0]l|dell|d|l)['’]"
_SEQUENCE = re.compile(
    rf"(?<![\w'’-]){_CAP_WORD}(?:(?:{_SP}+(?:{_CONNECTOR}){_SP}+|{_SP}+{_ELIDED}|{_SP}+)"
    rf"{_CAP_WORD})*"
)
_PART = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@cache
def _latin_rules(langs: tuple[str, ...]) -> dict:
    langs = tuple(lang for lang in langs if latin_script(lang))
    titles = _trie(_both_cases(words("titles", langs)))
    verbs = _trie(words("speech_verbs", langs))
    heads = words("organisation_heads", langs)
    compounds = tuple(fold(w) for w in words("compound_heads", langs))
    romance = None
    if words("heads_before_of", langs):
        romance = re.compile(
            rf"(?<![\w])(?:{alternation(HEADS_BEFORE_OF)}){_SP}+"
            rf"(?:(?:de(?:{_SP}la)?|del|della|dello|degli|dei|des|du|di|de{_SP}los|de{_SP}las)"
            rf"{_SP}+|{_ELIDED}){_CAP_WORD}(?:{_SP}+(?:(?:{_CONNECTOR}){_SP}+)?{_CAP_WORD})*"
        )
    return {
        "title": re.compile(rf"(?<![\w])(?:{titles}\.?|M\.),?{_SP}+(?P<name>{_NAME})(?![\w])"),
        "verb": re.compile(rf"(?<![\w]){verbs}(?![\w\u200c])"),
        "said": re.compile(rf"(?<![\w-])(?P<name>{_NAME2}){_SP}*,?{_SP}+$"),
        # "X Y, a researcher at Z, said"
        "apposed": re.compile(
            rf"(?<![\w-])(?P<name>{_NAME2}),{_SP}+(?:[{_LOW}]|{_trie(_both_cases(ROLE_WORDS))})"
            rf"[^.;:!?\"“”«»„\n]{{0,100}},{_SP}*$"
        ),
        "said_after": re.compile(
            rf"(?:[\"”»“’]{_SP}*,?|,){_SP}*(?:{verbs}){_SP}+(?P<name>{_NAME2})(?![\w])"
        ),
        "heads": frozenset(fold(w) for w in heads),
        # a quick test that a run of capitalised words may hold a head word at all
        "any_head": re.compile(_trie(_both_cases(heads + list(compounds)))),
        "romance": romance,
        "compounds": compounds,
    }


def _name_words(span: str) -> list[str]:
    return [fold(w) for w in re.split(rf"{_SP}+|-", span) if w]


def _clean_person(text, start, end, minimum, heads, covered) -> tuple[int, int] | None:
    """Trim openers, roles and known places or organisations from the front of a name; None
    when too little of a name is left."""
    while True:
        m = re.match(rf"({_NAME_WORD}){_SP}+", text[start:end])
        if not m or (fold(m.group(1)) not in NOT_NAMES | ROLE_WORDS and not covered[start]):
            break
        start += m.end()
    words = _name_words(text[start:end])
    if len([w for w in words if w not in PARTICLES]) < minimum:
        return None
    if any(w in NOT_NAMES or w in heads or w in ROLE_WORDS for w in words):
        return None
    return start, end


def latin_persons(text: str, langs, known: list[Entity]) -> list[Entity]:
    rules = _latin_rules(langs)
    covered = bytearray(len(text) + 1)
    for e in known:
        if e.kind != "person":
            covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    spans = [(m.span("name"), 1) for m in rules["title"].finditer(text)]
    spans += [(m.span("name"), 2) for m in rules["said_after"].finditer(text)]
    for verb in rules["verb"].finditer(text):  # the name just before: "X said"
        window = max(0, verb.start() - 120)
        for m in (
            rules["said"].search(text, window, verb.start()),
            rules["apposed"].search(text, max(0, verb.start() - 160), verb.start()),
        ):
            if m:
                spans.append((m.span("name"), 2))
    found = []
    for (start, end), minimum in spans:
        span = _clean_person(text, start, end, minimum, rules["heads"], covered)
        if span:
            s, e = span
            found.append(Entity("person", s, e, text[s:e], text[s:e], "rule"))
    return found


def _unelided(word: str) -> str:
    return re.sub(r"^(?:l|d|dell)['’]", "", word)


def _capitalised_word(word: str) -> bool:
    """ "Court", "l'Intérieur", "dell'Interno" """
    return latin_capital(_unelided(word)[:1] or "x")


def _is_head(word: str, heads, compounds: tuple[str, ...]) -> bool:
    w = fold(_unelided(word))
    return w in heads or (bool(compounds) and len(w) > 8 and w.endswith(compounds))


def _organisation_in(text: str, parts, heads, compounds: tuple[str, ...]) -> list[Entity]:
    """The organisation a run of capitalised words names, if a head word is among them."""
    while parts and fold(parts[0][2]) in FUNCTION_WORDS:
        parts = parts[1:]
    while parts and not _capitalised_word(parts[-1][2]):
        parts = parts[:-1]
    capitals = [p for p in parts if _capitalised_word(p[2])]
    if not any(_is_head(p[2], heads, compounds) for p in capitals):
        return []
    compound = len(capitals) == 1 and bool(compounds) and fold(capitals[0][2]) not in heads
    if len(capitals) < 2 and not compound:
        return []
    s, e = parts[0][0], parts[-1][1]
    return [Entity("organisation", s, e, text[s:e], text[s:e], "rule")]


def latin_organisations(text: str, langs) -> list[Entity]:
    rules = _latin_rules(langs)
    heads, compounds = rules["heads"], rules["compounds"]
    found = []
    any_head = rules["any_head"]
    for m in _SEQUENCE.finditer(text):
        if not any_head.search(m[0]):
            continue
        offset = m.start()
        parts = [(p.start() + offset, p.end() + offset, p.group()) for p in _PART.finditer(m[0])]
        # a role word ends one name and may start another ("Ministry Spokesman X")
        segment: list[tuple[int, int, str]] = []
        for part in [*parts, None]:
            if part is not None and fold(part[2]) not in ROLE_WORDS:
                segment.append(part)
                continue
            found += _organisation_in(text, segment, heads, compounds)
            segment = []
    if rules["romance"] is not None:
        for m in rules["romance"].finditer(text):
            s, e = m.span()
            found.append(Entity("organisation", s, e, text[s:e], text[s:e], "rule"))
    return found


# ---- rules: Persian -------------------------------------------------------------------


def _fa_keys(ws) -> frozenset[str]:
    return frozenset(name_key(w) for w in ws)


_FA_HONORIFIC_KEYS = _fa_keys(FA_HONORIFICS)
_FA_ROLE_KEYS = _fa_keys(FA_ROLES)
_FA_HEAD_KEYS = _fa_keys(FA_ORG_HEADS)
_FA_STOP_KEYS = _fa_keys(FA_STOP)
_FA_TITLE_FIRST = _FA_HONORIFIC_KEYS | frozenset(TOKEN.findall(fold(w))[0] for w in FA_HONORIFICS)
_ARABIC_LETTERS = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]+")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def _fa_word(token: str) -> bool:
    return bool(_ARABIC_LETTERS.fullmatch(token)) and token not in _FA_STOP_KEYS


def _fa_title_at(ftext: str, tokens: list[Token], i: int, keys) -> int | None:
    """The last token of the longest title (one of ``keys``) starting at token ``i``."""
    acc, best = "", None
    for j in range(i, min(i + 5, len(tokens))):
        if j > i and not joinable(ftext, tokens[j - 1], tokens[j]):
            break
        acc += tokens[j][2]
        if acc in keys:
            best = j
    return best


def _fa_run(ftext: str, tokens: list[Token], i: int, most: int) -> int:
    """How many name-like Persian tokens follow from token ``i`` (at most ``most``)."""
    n = 0
    while i + n < len(tokens) and n < most and _fa_word(tokens[i + n][2]):
        if n and not joinable(ftext, tokens[i + n - 1], tokens[i + n]):
            break
        n += 1
    return n


def persian_rules(text, folded, tokens, known: list[Entity]) -> list[Entity]:
    """Organisations after head words (سازمان، وزارت ...) and people after honorifics
    (آقای، قاضی ...) or after a role and whom it serves (سخنگوی قوه قضاییه X); none when
    the text has no Arabic script."""
    if not _ARABIC_SCRIPT.search(text):
        return []
    ftext = folded.text
    found = []

    def entity(kind: str, i: int, j: int) -> Entity:
        s, e = folded.span(tokens[i][0], tokens[j][1])
        return Entity(kind, s, e, text[s:e], text[s:e], "rule")

    for i, token in enumerate(tokens):
        if token[2] in _FA_HEAD_KEYS:
            n = _fa_run(ftext, tokens, i + 1, 3)
            if n:
                found.append(entity("organisation", i, i + n))
    served = {e.start: e for e in [*known, *found] if e.kind in ("organisation", "place")}
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in _FA_TITLE_FIRST and tokens[i][2] not in _FA_ROLE_KEYS:
            i += 1
            continue
        title_end = _fa_title_at(ftext, tokens, i, _FA_HONORIFIC_KEYS)
        if title_end is not None:
            k = title_end + 1
            while k < len(tokens) and (more := _fa_title_at(ftext, tokens, k, _FA_HONORIFIC_KEYS)):
                k = more + 1
            n = _fa_run(ftext, tokens, k, 3)
            if n:
                found.append(entity("person", k, k + n - 1))
            i = k + n
            continue
        if tokens[i][2] in _FA_ROLE_KEYS and i + 1 < len(tokens):
            whom = served.get(folded.source[tokens[i + 1][0]])
            if whom is not None:
                k = i + 1
                while k < len(tokens) and folded.source[tokens[k][0]] < whom.end:
                    k += 1
                n = _fa_run(ftext, tokens, k, 3)
                if n >= 2:
                    found.append(entity("person", k, k + n - 1))
            if i >= 2 and ftext[tokens[i - 1][1] : tokens[i][0]].strip() == ",":
                n = _fa_run_back(ftext, tokens, i - 1, 4)
                if 2 <= n <= 3:  # "X Y، سخنگوی ...": two or three words, then the comma
                    found.append(entity("person", i - n, i - 1))
        i += 1
    return found


def _fa_run_back(ftext: str, tokens: list[Token], i: int, most: int) -> int:
    """How many name-like Persian tokens end at token ``i`` (at most ``most``)."""
    n = 0
    while i - n >= 0 and n < most and _fa_word(tokens[i - n][2]):
        if n and not joinable(ftext, tokens[i - n], tokens[i - n + 1]):
            break
        n += 1
    return n
