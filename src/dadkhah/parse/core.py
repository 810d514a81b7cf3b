"""Choose a parser by media type, run it under size, time and memory limits, finish the result.

Readers register in ``PARSERS`` (media type -> function), the way a plugin would. Each runs in
a separate worker process with a memory ceiling and a deadline: a decompression bomb, a PDF
that loops or HTML nested a million deep costs that worker, never the caller, and becomes a
ParseError naming the document and the problem.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
from collections.abc import Callable
from dataclasses import dataclass

from dadkhah.parse import social
from dadkhah.parse.html import parse_html
from dadkhah.parse.model import ParsedDocument, ParseError
from dadkhah.parse.pdf import parse_pdf
from dadkhah.parse.plain import parse_data_text, parse_text
from dadkhah.parse.structure import paragraphs

PARSERS: dict[str, Callable[..., ParsedDocument]] = {
    "text/html": parse_html,
    "application/xhtml+xml": parse_html,
    "application/pdf": parse_pdf,
    "text/plain": parse_text,
    "text/markdown": parse_text,
    "text/csv": parse_data_text,
    "text/tab-separated-values": parse_data_text,
    "application/json": parse_data_text,
    "application/xml": parse_data_text,
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * 1024 * 1024
    max_chars: int = 50_000_000
    seconds: float = 120.0
    memory_bytes: int = 4 * 1024**3


def parse_bytes(
    data: bytes, media_type: str, name: str, url: str | None = None, limits: Limits = Limits()
) -> ParsedDocument:
    """Parse in this process (no time limit); raises ParseError."""
    base = media_type.split(";")[0].strip().lower()
    parser = PARSERS.get(base)
    if parser is None:
        raise ParseError(
            name, f"no parser for {base} (text can be read from HTML, PDF and plain text)"
        )
    if len(data) > limits.max_bytes:
        raise ParseError(
            name, f"{len(data):,} bytes is above the parse limit of {limits.max_bytes:,}"
        )
    try:
        result = parser(data, name, url) if parser is parse_html else parser(data, name)
    except ParseError:
        raise
    except RecursionError as err:
        raise ParseError(name, "nested too deeply to parse") from err
    except MemoryError as err:
        raise ParseError(name, "needs more memory than a parse may use") from err
    except Exception as err:  # a parser library's own bug must not take the batch down
        raise ParseError(name, f"the {base} parser failed: {type(err).__name__}: {err}") from err
    if len(result.text) > limits.max_chars:
        raise ParseError(
            name,
            f"{len(result.text):,} characters of text is above the limit of {limits.max_chars:,}",
        )
    return finish(result)


def finish(result: ParsedDocument) -> ParsedDocument:
    """Paragraphs (with pages) and posts found in the text itself."""
    result.paragraphs = paragraphs(result.text)
    if result.pages:
        for p in result.paragraphs:
            p.page = result.page_of(p.start)
    result.posts, warnings = social.merge(
        result.text, social.posts_in_text(result.text), result.posts
    )
    result.warnings.extend(warnings)
    return result


def _init_worker(memory_bytes: int) -> None:
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may already apply
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


class Worker:
    """One parse worker process, replaced when a parse overruns its deadline."""

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits
        self._pool = None

    def _get(self):
        if self._pool is None:
            ctx = multiprocessing.get_context("fork")
            self._pool = ctx.Pool(1, initializer=_init_worker, initargs=(self.limits.memory_bytes,))
        return self._pool

    def parse(
        self, data: bytes, media_type: str, name: str, url: str | None = None
    ) -> ParsedDocument:
        """Parse in the worker; raises ParseError, also when it takes too long or dies."""
        job = self._get().apply_async(parse_bytes, (data, media_type, name, url, self.limits))
        try:
            return job.get(timeout=self.limits.seconds)
        except multiprocessing.TimeoutError as err:
            self.close()
            raise ParseError(
                name, f"parsing took longer than {self.limits.seconds:g} s and was stopped"
            ) from err
        except ParseError:
            raise
        except Exception as err:
            self.close()
            raise ParseError(name, f"the parse worker failed: {type(err).__name__}: {err}") from err

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
