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
    r"(?<![\w.,:/])(?<![^\d\s][-–])"
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
    kind: str  # digits, words, vague, approximate ("une quinzaine")
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
        self.rest = (
            re.compile(rf"\s*(?:{joiners})\s*(?P<n>\d{{1,3}})(?![\w.,]\d|\w)") if joiners else None
        )
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
                factor = self.lex.scales[scaled.group("scale")]
                value *= factor
                end = scaled.end()
                # "18 هزار و 210", "2 thousand and 300": the rest after the scale
                rest = self.rest.match(text, end) if self.rest else None
                if rest and int(rest.group("n")) < factor:
                    value += int(rest.group("n"))
                    end = rest.end()
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
            # hyphens join the parts of one word ("quatre-vingt-dix", "twenty-five")
            pieces = [
                (p.start() + m.start(), p.end() + m.start(), p.group().replace("-", ""))
                for p in re.finditer(r"\S+", m.group())
                if p.group().strip("-")
            ]
            # a run that starts or ends with "and" ("5 and ten"): the joiner is not the number's
            while pieces and pieces[0][2] in self.lex.joiners:
                pieces.pop(0)
            while pieces and pieces[-1][2] in self.lex.joiners:
                pieces.pop()
            for group in self._split(pieces):
                value = _value([mor for _a, _b, _w, parts in group for mor in parts])
                if value is None:
                    continue
                weak = all(w in self.lex.weak for _a, _b, w, _p in group)
                out.append(Figure(group[0][0], group[-1][1], value, value, "words", weak=weak))
        return out

    def _split(self, pieces) -> list[list]:
        """Pieces with their morphemes, split where a new number begins: "two hundred and
        three hundred", "دویست و سیصد" (a unit after "and" no smaller than the last one)."""
        groups: list[list] = [[]]
        last_unit = None
        joined = False
        for a, b, word in pieces:
            if word in self.lex.one_before_scale and word not in self.morphemes:
                parts = [("unit", 1)]
            else:
                seg = _segment(word, self.ordered)
                if seg is None:
                    return []
                parts = [self.morphemes[x] for x in seg]
            kinds = [k for k, _v in parts if k != "join"]
            if not kinds:
                joined = True
                continue
            first_value = next(v for k, v in parts if k != "join")
            if joined and kinds[0] == "unit" and last_unit is not None and first_value >= last_unit:
                groups.append([])
            groups[-1].append((a, b, word, parts))
            units = [v for k, v in parts if k == "unit"]
            last_unit = units[-1] if units and parts[-1][0] == "unit" else None
            joined = False
        return [g for g in groups if g]

    def _vague(self, text: str) -> list[Figure]:
        pattern = self.lex.pattern("vague")
        if pattern is None:
            return []
        out = []
        for m in pattern.finditer(text):
            word = re.sub(r"\s+", " ", m.group())
            approximate = word in self.lex.approximate
            if approximate:
                low = high = self.lex.approximate[word]
            else:
                low, high = self.lex.vague[word]
            end = m.end()
            scaled = self.vague_scale.match(text, end) if self.vague_scale else None
            if scaled:
                factor = self.lex.vague_scales[scaled.group("scale")]
                low, high, end = low * factor, high * factor, scaled.end()
            if approximate:  # "une quinzaine": about 15, a figure, not a vague word
                out.append(Figure(m.start(), end, low, high, "approximate"))
                continue
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
