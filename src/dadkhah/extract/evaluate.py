"""Scoring claim extraction against a gold set of passages, per language.

A gold file holds one passage per line: ``{"id", "language", "text", "publisher",
"claims": [{"measure", "low", "high", "qualifier", "vague_word", "claimed_by"}]}``.
A predicted claim is found when its measure, low and high agree with a gold claim's
(arrested and detained count as one measure; vague figures agree when their bounds overlap),
each gold claim matched once. Qualifier and claimed_by are scored on top of that: a claim
counts for them only when it is found and the field agrees too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from dadkhah.errors import InputError
from dadkhah.extract.claims import extract_claims
from dadkhah.extract.entities_hook import entities_for
from dadkhah.parse.persian import fold

SAME_MEASURE = {"detained": "arrested"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class LanguageScores:
    passages: int = 0
    claims: Score = field(default_factory=Score)
    qualifier: Score = field(default_factory=Score)
    claimed_by: Score = field(default_factory=Score)
    misses: list = field(default_factory=list)


def read_gold(path: str | Path) -> list[dict]:
    """The passages of a gold file; raises InputError naming the line that is wrong."""
    passages = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot be read: {err}") from err
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item.get("text"), str) or not isinstance(item.get("claims"), list):
                raise ValueError("each line needs a text and a list of claims")
            for c in item["claims"]:
                int(c["low"]), int(c["high"]), str(c["measure"])
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(str(path), f"line {n}: {err}") from err
        passages.append(item)
    return passages


def _measure(m: str) -> str:
    return SAME_MEASURE.get(m, m)


def _same_figure(pred, gold: dict) -> bool:
    if _measure(pred.measure) != _measure(gold["measure"]):
        return False
    if pred.qualifier == "vague" or gold.get("qualifier") == "vague":
        return pred.low <= int(gold["high"]) and int(gold["low"]) <= pred.high
    return (pred.low, pred.high) == (int(gold["low"]), int(gold["high"]))


_ARTICLES = re.compile(r"^(?:the|die|der|das|le|la|les|l'|il|lo|el|los|las)\s+")


def same_source(predicted: str | None, gold: str | None) -> bool:
    """Whether two ways of naming who made a claim name the same one."""
    if not predicted or not gold:
        return not predicted and not gold
    a, b = (
        _ARTICLES.sub("", " ".join(fold(x).replace("\u200c", " ").split()))
        for x in (predicted, gold)
    )
    a, b = a.strip(" .,:;'\"«»“”"), b.strip(" .,:;'\"«»“”")
    if a == b or (len(a) > 3 and a in b) or (len(b) > 3 and b in a):
        return True
    try:
        from dadkhah.extract.entities import find_organisation
    except ImportError:
        return False
    x, y = find_organisation(predicted), find_organisation(gold)
    return x is not None and y is not None and x.name == y.name


def evaluate(passages: list[dict]) -> dict[str, LanguageScores]:
    """Scores per language (and "all") for claim detection, qualifier and claimed_by."""
    scores: dict[str, LanguageScores] = {}
    for item in passages:
        lang = item.get("language") or "?"
        s = scores.setdefault(lang, LanguageScores())
        s.passages += 1
        text = item["text"]
        predicted = extract_claims(
            text,
            language=lang,
            publisher=item.get("publisher"),
            entities=entities_for(text, lang),
        )
        gold = list(item["claims"])
        unmatched = list(range(len(gold)))
        for pred in predicted:
            hit = next((g for g in unmatched if _same_figure(pred, gold[g])), None)
            if hit is None:
                s.claims.fp += 1
                s.qualifier.fp += 1
                s.claimed_by.fp += 1
                s.misses.append({"id": item.get("id"), "extra": _show(pred)})
                continue
            unmatched.remove(hit)
            g = gold[hit]
            s.claims.tp += 1
            for score, ok in (
                (s.qualifier, pred.qualifier == g.get("qualifier")),
                (s.claimed_by, same_source(pred.claimed_by, g.get("claimed_by"))),
            ):
                if ok:
                    score.tp += 1
                else:
                    score.fp += 1
                    score.fn += 1
            if pred.qualifier != g.get("qualifier") or not same_source(
                pred.claimed_by, g.get("claimed_by")
            ):
                s.misses.append({"id": item.get("id"), "field": _show(pred), "gold": g})
        for g in unmatched:
            s.claims.fn += 1
            s.qualifier.fn += 1
            s.claimed_by.fn += 1
            s.misses.append({"id": item.get("id"), "missed": g})
    total = LanguageScores()
    for s in scores.values():
        total.passages += s.passages
        for name in ("claims", "qualifier", "claimed_by"):
            t, x = getattr(total, name), getattr(s, name)
            t.tp, t.fp, t.fn = t.tp + x.tp, t.fp + x.fp, t.fn + x.fn
    scores["all"] = total
    return scores


def _show(c) -> dict:
    return {
        "measure": c.measure,
        "low": c.low,
        "high": c.high,
        "qualifier": c.qualifier,
        "claimed_by": c.claimed_by,
        "text": c.text,
    }
