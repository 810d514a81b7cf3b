"""Paragraphs with offsets into the stored text."""

from __future__ import annotations

import re
import statistics

from dadkhah.parse.model import Paragraph


def _hard_wrapped(lines: list[str]) -> bool:
    lengths = [len(ln) for ln in lines if ln.strip()]
    if len(lengths) < 8:
        return False
    median = statistics.median(lengths)
    return 40 <= median <= 90 and sum(1 for n in lengths if n <= 100) > 0.9 * len(lengths)


def paragraphs(text: str) -> list[Paragraph]:
    """Blocks separated by blank lines when the text is hard-wrapped, else single lines."""
    if _hard_wrapped(text.split("\n")):
        pattern = re.compile(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", re.M)
    else:
        pattern = re.compile(r"[^\n]*\S[^\n]*")
    out = []
    for match in pattern.finditer(text):
        start, end = match.span()
        block = match.group()
        lead = len(block) - len(block.lstrip())
        trail = len(block) - len(block.rstrip())
        out.append(Paragraph(start + lead, end - trail))
    return out
