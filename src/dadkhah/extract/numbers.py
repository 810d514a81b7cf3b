"""Figures in text: digits with any grouping, number words, vague quantities.

Works on the folded text (``dadkhah.parse.persian.matching_form``): Persian and Arabic-Indic
digits are ASCII there and letters are lower case. Number words are segmented into the
lexicon's units and scales, so glued forms ("dreihundertvier", "trecentoquattro",
"quatre-vingt-dix") are read like separate ones ("three hundred and four").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from dadkhah.extract.lexicon import Lexicon

# 1,500 / 1.500 / 1 500 / 1'500 (one separator throughout) or plain digits, then decimals
_DIGITS = re.compile(
    r"(?<![\w.,:/\-–])"
    r"(?P<int>\d{1,3}(?:(?P<sep>[,.'’\u202f\u00a0 ])\d{3})(?:(?P=sep)\d{3})*|\d+)"
    r"(?:(?P<dsep>[.,])(?P<dec>\d{1,2}))?"
    r"(?!\w|[.,:/]\d)"
)


@dataclass
class Figure:
    """A figure in the folded text: [start, end) there, its bounds, and how it was written."""

    start: int
    end: int
    low: int
    high: int
    kind: str  # digits, words, vague
    vague_word: str | None = None
    weak: bool = False  # a lone "one": a count only right before a word for people
    year_like: bool = False  # four plain digits that may be a year


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


class NumberReader:
    """Finds figures for one language."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.morphemes: dict[str, tuple[str, int]] = {}
        for word, value in lex.units.items():
            self.morphemes[word.replace("-", "").replace(" ", "")] = ("unit", value)
        for word, value in lex.scales.items():
            self.morphemes[word.replace("-", "").replace(" ", "")] = ("scale", value)
        for word in lex.joiners:
            self.morphemes.setdefault(word, ("join", 0))
        self.ordered = tuple(sorted(self.morphemes, key=len, reverse=True))
        morph = _alternation(self.morphemes)
        word = rf"(?:{morph})(?:-?(?:{morph}))*"
        sep = r"(?:\s+|\s*-\s*)"
        joiners = _alternation(lex.joiners)
        ones = _alternation(lex.one_before_scale)
        scales = _alternation(lex.scales)
        lead = rf"(?:(?:{ones})\s+(?=(?:{scales})(?!\w)))?" if ones and scales else ""
        join = rf"(?:{sep}(?:(?:{joiners}){sep})?)" if joiners else sep
        self.words = re.compile(rf"(?<!\w){lead}{word}(?:{join}{word})*(?!\w)") if morph else None
        big = {w: v for w, v in lex.scales.items() if v >= 1000}
        self.big_scale = re.compile(rf"\s*(?P<scale>{_alternation(big)})(?!\w)") if big else None
        vague_scales = _alternation(lex.vague_scales)
        self.vague_scale = (
            re.compile(rf"\s+(?:(?:of|de|di|d')\s+)?(?P<scale>{vague_scales})(?!\w)")
            if vague_scales
            else None
        )

    def find(self, text: str) -> list[Figure]:
        """Every figure in folded ``text``, in order, none overlapping (longest kept)."""
        found = self._digits(text) + self._words(text) + self._vague(text)
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        kept: list[Figure] = []
        for fig in found:
            if kept and fig.start < kept[-1].end:
                continue
            kept.append(fig)
        return kept

    def _digits(self, text: str) -> list[Figure]:
        out = []
        for m in _DIGITS.finditer(text):
            whole = m.group("int")
            sep = m.group("sep")
            value = float(whole.replace(sep, "") if sep else whole)
            if m.group("dec") is not None:
                value += float(f"0.{m.group('dec')}")
            end = m.end()
            scaled = self.big_scale.match(text, end) if self.big_scale else None
            if scaled:
                value *= self.lex.scales[scaled.group("scale")]
                end = scaled.end()
            elif m.group("dec") is not None:
                continue  # 3.5 of something is a measurement, not a count of people
            n = int(round(value))
            year_like = not scaled and sep is None and len(whole) == 4
            out.append(Figure(m.start(), end, n, n, "digits", year_like=year_like))
        return out

    def _words(self, text: str) -> list[Figure]:
        if self.words is None:
            return []
        out = []
        for m in self.words.finditer(text):
            pieces = [p for p in re.split(r"[\s-]+", m.group()) if p]
            morphemes: list[tuple[str, int]] = []
            for piece in pieces:
                if piece in self.lex.one_before_scale and piece not in self.morphemes:
                    morphemes.append(("unit", 1))
                    continue
                seg = _segment(piece, self.ordered)
                if seg is None:
                    morphemes = []
                    break
                morphemes.extend(self.morphemes[s] for s in seg)
            value = _value(morphemes)
            if value is None:
                continue
            weak = all(p in self.lex.weak for p in pieces)
            out.append(Figure(m.start(), m.end(), value, value, "words", weak=weak))
        return out

    def _vague(self, text: str) -> list[Figure]:
        pattern = self.lex.pattern("vague")
        if pattern is None:
            return []
        out = []
        for m in pattern.finditer(text):
            word = re.sub(r"\s+", " ", m.group())
            low, high = self.lex.vague[word]
            end = m.end()
            scaled = self.vague_scale.match(text, end) if self.vague_scale else None
            if scaled:
                factor = self.lex.vague_scales[scaled.group("scale")]
                low, high, end = low * factor, high * factor, scaled.end()
            out.append(Figure(m.start(), end, low, high, "vague", vague_word=text[m.start() : end]))
        return out


def _segment(word: str, morphemes: tuple[str, ...]) -> list[str] | None:
    """Split a glued number word into the fewest morphemes, or None when it is not one."""
    if word in morphemes:
        return [word]
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        if best[i] is None:
            continue
        for m in morphemes:
            if word.startswith(m, i):
                cand = best[i] + [m]
                j = i + len(m)
                if best[j] is None or len(cand) < len(best[j]):
                    best[j] = cand
    return best[len(word)]


def _value(morphemes: list[tuple[str, int]]) -> int | None:
    """The value of units and scales: scales multiply what precedes them."""
    total = current = 0
    seen = False
    for kind, value in morphemes:
        if kind == "join":
            continue
        seen = True
        if kind == "unit":
            current += value
        elif value < 1000:
            current = max(current, 1) * value
        else:
            total += max(current, 1) * value
            current = 0
    return total + current if seen else None


@functools.cache
def reader(lex: Lexicon) -> NumberReader:
    return NumberReader(lex)
