"""Imported once by the parse workers' fork server: everything workers share, loaded up front.

Each worker is forked from that server, so the language models and the HTML extractor loaded
here are in every worker from its first document, instead of costing each worker about a
second (lingua reads its models lazily, on the first detection). Detection here is the
one-at-a-time kind, which starts no threads: a server holding threads must not fork.
"""

from __future__ import annotations

import contextlib

from dadkhah.parse import core, language


def _warm() -> None:
    with contextlib.suppress(Exception):  # a bad setting is reported by the parse itself
        detector = language._detector(language.configured())
        if detector is not None:
            detector.detect_language_of("the detector reads its models on first use")
    with contextlib.suppress(core.ParseError):
        core.parse_bytes(
            b"<html><body><article><p>A first page warms the extractor.</p></article></body>"
            b"</html>",
            "text/html",
            "warm-up.html",
        )


_warm()
