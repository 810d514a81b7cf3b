"""Hierarchical log-linear models of a capture-history table: their terms, names and number.

A model is the set of its interaction terms, each a sorted tuple of list positions (0-based
here, 1-based wherever a user reads or writes them). Main effects are always in; a model is
hierarchical when every subset of a term (of two lists or more) is a term too.

Names follow Rcapture's notation so that results can be set beside its output: the terms at
the top of the hierarchy in brackets, each as the digits of its lists, e.g. ``[123,14,34]``
for ``1*2*3 + 1*4 + 3*4``; lists in no interaction appear alone (``[12,3]``). Users may write
a model either way, with list positions or list names: ``EXH*ABA*OSCE + EXH*HRW + OSCE*HRW``.

Errors: a model that cannot be read raises EstimateError saying which part and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import combinations

from dadkhah.errors import EstimateError

Term = tuple[int, ...]
Model = frozenset[Term]

INDEPENDENCE: Model = frozenset()
"""Main effects only: the lists are independent (Rcapture's Mt)."""


def closure(terms) -> Model:
    """Every interaction implied by ``terms``: each term with all its subsets of two or more."""
    out: set[Term] = set()
    for term in terms:
        term = tuple(sorted(set(term)))
        for size in range(2, len(term) + 1):
            out.update(combinations(term, size))
    return frozenset(out)


def generators(model: Model, k: int) -> list[Term]:
    """The terms at the top of the hierarchy, largest first; lists in no term appear alone."""
    top = [t for t in model if not any(set(t) < set(u) for u in model)]
    covered = {j for t in model for j in t}
    top += [(j,) for j in range(k) if j not in covered]
    return sorted(top, key=lambda t: (-len(t), t))


def bracket_name(model: Model, k: int) -> str:
    """Rcapture's name of a model, e.g. ``[123,14,34]`` (list positions from 1)."""
    digits = ("".join(str(j + 1) for j in t) for t in generators(model, k))
    return "[" + ",".join(digits) + "]"


def formula(model: Model, lists: Sequence[str]) -> str:
    """The model with list names, e.g. ``EXH*ABA*OSCE + EXH*HRW``; or ``independence``."""
    if not model:
        return "independence"
    return " + ".join("*".join(lists[j] for j in t) for t in generators(model, len(lists)))


def term_label(term: Term, lists: Sequence[str]) -> str:
    return ":".join(lists[j] for j in term)


def parse_model(text: str, lists: Sequence[str]) -> Model:
    """Read a hierarchical model written as a formula (``1*2*3+1*4``, ``EXH*ABA+OSCE:HRW``;
    ``*`` and ``:`` both mean the interaction with everything below it), in Rcapture's
    bracket notation (``[123,14,34]``), or as ``independence``.

    Raises EstimateError for an unknown list, a list repeated in a term, or a term of every
    list (the saturated model, which a table without its unobserved cell cannot identify)."""
    spec = text.strip()
    k = len(lists)
    if spec.lower() in (
        "independence",
        "main",
        "mt",
        "[" + ",".join(map(str, range(1, k + 1))) + "]",
    ):
        return INDEPENDENCE
    terms: list[Term] = []
    bracket = re.fullmatch(r"\[\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\]", spec)
    if bracket:
        if k > 9:
            raise EstimateError(f"--model {spec}: bracket names need nine lists or fewer")
        for part in bracket.group(1).split(","):
            digits = part.strip()
            terms.append(tuple(_position(d, lists, spec) for d in digits))
    else:
        if not spec:
            raise EstimateError("--model is empty")
        for part in spec.split("+"):
            factors = [f.strip() for f in re.split(r"[*:]", part)]
            if not all(factors):
                raise EstimateError(f"--model {spec}: {part.strip()!r} has an empty factor")
            terms.append(tuple(_list_index(f, lists, spec) for f in factors))
    for term in terms:
        if len(set(term)) != len(term):
            names = "*".join(lists[j] for j in term)
            raise EstimateError(f"--model {spec}: {names} names a list twice")
    model = closure(t for t in terms if len(t) > 1)
    if any(len(t) == k for t in model):
        raise EstimateError(
            f"--model {spec}: a term of all {k} lists makes the model saturated; with the "
            "unobserved cell missing it is not identifiable"
        )
    return model


def _position(digit: str, lists: Sequence[str], spec: str) -> int:
    j = int(digit) - 1
    if not 0 <= j < len(lists):
        raise EstimateError(f"--model {spec}: there is no list {digit} (lists 1 to {len(lists)})")
    return j


def _list_index(factor: str, lists: Sequence[str], spec: str) -> int:
    if factor in lists:
        return list(lists).index(factor)
    folded = [x.casefold() for x in lists]
    if folded.count(factor.casefold()) == 1:
        return folded.index(factor.casefold())
    if factor.isdigit():
        return _position(factor, lists, spec)
    raise EstimateError(
        f"--model {spec}: {factor!r} is neither a list name nor a position "
        f"(lists: {', '.join(f'{i + 1}={x}' for i, x in enumerate(lists))})"
    )


def all_models(k: int, max_order: int | None = None) -> Iterator[Model]:
    """Every hierarchical model of ``k`` lists with interactions up to ``max_order`` lists
    (default ``k - 1``, as Rcapture's closedpMS.t): 8 models for 3 lists, 113 for 4."""
    top = k - 1 if max_order is None else max_order
    candidates = [t for size in range(2, top + 1) for t in combinations(range(k), size)]

    def extend(i: int, chosen: frozenset) -> Iterator[Model]:
        if i == len(candidates):
            yield frozenset(chosen)
            return
        term = candidates[i]
        yield from extend(i + 1, chosen)
        below = [s for s in combinations(term, len(term) - 1)] if len(term) > 2 else []
        if all(s in chosen for s in below):
            yield from extend(i + 1, chosen | {term})

    # candidates run by size, so every subset of a term is decided before the term itself
    yield from extend(0, frozenset())


def pairs(k: int) -> list[Term]:
    """Every two-list term in SparseMSE's order: (1,2), (1,3), ..., (2,3), ..."""
    return list(combinations(range(k), 2))
