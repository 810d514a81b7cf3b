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
from collections import deque
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


def _serve(conn, memory_bytes: int) -> None:
    """The worker process: parse what arrives, send back the document or the ParseError."""
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may already apply
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            return
        name = args[2]
        try:
            reply = ("ok", parse_and_label(*args))
        except ParseError as err:
            reply = ("error", err)
        except BaseException as err:  # noqa: BLE001 - anything a reader throws becomes a ParseError
            reply = ("error", ParseError(name, f"the parser failed: {type(err).__name__}: {err}"))
        try:
            conn.send(reply)
        except Exception as err:  # e.g. no memory left to send the result
            conn.send(("error", ParseError(name, f"the result could not be returned: {err}")))


@dataclass
class Job:
    args: tuple
    reply: tuple | None = None


class Worker:
    """One parse worker process, killed and replaced when a parse overruns or dies.

    Jobs queue here; one is in the worker at a time, and the next is sent the moment a result
    comes back, so the worker keeps busy while the caller records the previous document.
    A plain process and pipe (not multiprocessing.Pool): killing a Pool worker mid-task can
    leave the pool's queue lock held and hang the caller.
    """

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits
        self._proc = None
        self._conn = None
        self._queue: deque[Job] = deque()
        self._busy: Job | None = None
        self._sent_at = 0.0

    def _ensure(self):
        if self._proc is None:
            # forkserver, not fork: the caller may run threads (lingua's pool, a web server)
            # that a forked child would inherit half-dead; the server process has none
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["dadkhah.parse.core"])
            here, there = ctx.Pipe()
            self._proc = ctx.Process(
                target=_serve, args=(there, self.limits.memory_bytes), daemon=True
            )
            self._proc.start()
            there.close()
            self._conn = here

    def _send_next(self) -> None:
        if self._busy is None and self._queue:
            self._ensure()
            job = self._queue.popleft()
            try:
                self._conn.send(job.args)
            except (BrokenPipeError, ConnectionError, OSError):
                self._kill()
                job.reply = (
                    "error",
                    ParseError(
                        job.args[2], "the parse worker died: it ran out of memory or crashed"
                    ),
                )
                return
            except Exception as err:  # e.g. the document is too large to hand over
                job.reply = (
                    "error",
                    ParseError(job.args[2], f"could not be sent to the parser: {err}"),
                )
                return
            self._busy = job
            self._sent_at = time.monotonic()

    def submit(self, data: bytes, media_type: str, name: str, url: str | None = None) -> Job:
        """Queue a parse; collect it with ``result`` (the caller may work meanwhile)."""
        job = Job((data, media_type, name, url, self.limits))
        self._queue.append(job)
        self._send_next()
        return job

    def result(self, job: Job) -> ParsedDocument:
        """The parse of a queued job; raises ParseError, also when it overran or died."""
        while job.reply is None:
            if self._busy is None:
                if job not in self._queue:
                    raise ValueError("this job was not submitted to this worker")
                self._send_next()
            if self._busy is not None:
                self._wait_busy()
        kind, value = job.reply
        if kind == "ok":
            return value
        raise value

    def _wait_busy(self) -> None:
        busy, name = self._busy, self._busy.args[2]
        deadline = self._sent_at + self.limits.seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._kill()
                busy.reply = (
                    "error",
                    ParseError(
                        name, f"parsing took longer than {self.limits.seconds:g} s and was stopped"
                    ),
                )
                break
            try:
                if self._conn.poll(min(left, 0.5)):
                    busy.reply = self._conn.recv()
                    self._busy = None
                    self._send_next()
                    return
            except (EOFError, OSError):
                pass
            if not self._proc.is_alive() and not self._conn.poll(0):
                self._kill()
                busy.reply = (
                    "error",
                    ParseError(name, "the parse worker died: it ran out of memory or crashed"),
                )
                break
        self._busy = None
        self._send_next()

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
            self._conn.close()
        self._proc = self._conn = None

    def parse(
        self, data: bytes, media_type: str, name: str, url: str | None = None
    ) -> ParsedDocument:
        """Parse in the worker and wait for it."""
        return self.result(self.submit(data, media_type, name, url))

    def close(self) -> None:
        self._queue.clear()
        self._busy = None
        self._kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
