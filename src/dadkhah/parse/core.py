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
import time
from collections.abc import Callable
from dataclasses import dataclass

from dadkhah.parse import language, social
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


def parse_and_label(
    data: bytes, media_type: str, name: str, url: str | None = None, limits: Limits = Limits()
) -> ParsedDocument:
    """What the worker runs: parse, then the language of every paragraph."""
    doc = parse_bytes(data, media_type, name, url, limits)
    language.label(doc.text, doc.paragraphs)
    return doc


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


@dataclass
class Job:
    args: tuple
    generation: int
    handle: object


class Worker:
    """One parse worker process, replaced when a parse overruns its deadline or dies."""

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits
        self._pool = None
        self._generation = 0

    def _get(self):
        if self._pool is None:
            # forkserver, not fork: the caller may run threads (lingua's pool, a web server)
            # that a forked child would inherit half-dead; the server process has none
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["dadkhah.parse.core"])
            self._pool = ctx.Pool(1, initializer=_init_worker, initargs=(self.limits.memory_bytes,))
        return self._pool

    def submit(self, data: bytes, media_type: str, name: str, url: str | None = None) -> Job:
        """Start parsing in the worker; collect with ``result`` (the caller may work meanwhile)."""
        args = (data, media_type, name, url, self.limits)
        return Job(args, self._generation, self._get().apply_async(parse_and_label, args))

    def result(self, job: Job) -> ParsedDocument:
        """The parse of a submitted job; raises ParseError, also when it overran or died."""
        name = job.args[2]
        if job.generation != self._generation:  # its worker was replaced meanwhile: start again
            job = self.submit(*job.args[:4])
        deadline = time.monotonic() + self.limits.seconds
        workers = self._worker_pids()
        try:
            while not job.handle.ready():
                if time.monotonic() >= deadline:
                    raise multiprocessing.TimeoutError
                job.handle.wait(min(0.2, max(0.0, deadline - time.monotonic())))
                if not job.handle.ready() and self._worker_pids() != workers:
                    # the pool replaced a worker that died under this job (out of memory, crash)
                    self.close()
                    raise ParseError(name, "the parse worker died: it ran out of memory or crashed")
            return job.handle.get()
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

    def _worker_pids(self) -> set[int]:
        # Pool keeps its processes in _pool and silently replaces dead ones; their pids tell
        return {p.pid for p in getattr(self._pool, "_pool", [])} if self._pool else set()

    def parse(
        self, data: bytes, media_type: str, name: str, url: str | None = None
    ) -> ParsedDocument:
        """Parse in the worker and wait for it."""
        return self.result(self.submit(data, media_type, name, url))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
            self._generation += 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
