"""Choose a parser by media type, run it under size, time and memory limits, finish the result.

Readers register in ``PARSERS`` (media type -> function), the way a plugin would. Each runs in
a separate worker process with a memory ceiling and a deadline: a decompression bomb, a PDF
that loops or HTML nested a million deep costs that worker, never the caller, and becomes a
ParseError naming the document and the problem.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.connection
import queue
import resource
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def read_original(path: str, sha256: str, name: str) -> bytes:
    """A preserved original's bytes, checked against its hash; raises ParseError."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ParseError(name, f"its original cannot be read: {err.strerror or err}") from err
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ParseError(name, "its original no longer matches its hash; run `dadkhah verify`")
    return data


def _run(kind: str, args: tuple):
    if kind == "blob":
        path, sha256, media_type, name, url, limits, _ = args
        return parse_and_label(read_original(path, sha256, name), media_type, name, url, limits)
    return parse_and_label(*args)


def _serve(conn, memory_bytes: int) -> None:
    """The worker process: run what arrives in order, send back each result or ParseError.

    A second thread stores each text (write, fsync, rename) and sends the replies, in the
    order the jobs came, while the main thread already parses the next document.
    """
    from dadkhah.evidence.blobs import BlobStore

    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may already apply
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    outbox: queue.Queue = queue.Queue(maxsize=4)

    def reply_in_order() -> None:
        while (item := outbox.get()) is not None:
            reply, text_dir, name = item
            if text_dir and reply[0] == "ok":
                try:
                    text = BlobStore(Path(text_dir)).put_bytes(reply[1].text.encode("utf-8"))
                    reply = ("ok", (reply[1], text))
                except OSError as err:
                    reply = ("error", ParseError(name, f"its text could not be stored: {err}"))
            try:
                conn.send(reply)
            except (BrokenPipeError, ConnectionError):
                return
            except Exception as err:  # e.g. no memory left to send the result
                with contextlib.suppress(Exception):  # a dead pipe: the caller sees the worker die
                    conn.send(
                        ("error", ParseError(name, f"the result could not be returned: {err}"))
                    )

    # a reply over 16 KiB goes out in two writes; between them the replier must win the GIL
    # back from a parse, and the caller, already reading, waits on it: switch more often
    sys.setswitchinterval(0.0005)
    replier = threading.Thread(target=reply_in_order, daemon=True)
    replier.start()
    while True:
        try:
            kind, args = conn.recv()
        except (EOFError, OSError):
            break
        name = args[3] if kind == "blob" else args[2]
        try:
            reply = ("ok", _run(kind, args))
        except ParseError as err:
            reply = ("error", err)
        except BaseException as err:  # noqa: BLE001 - anything a reader throws becomes a ParseError
            reply = ("error", ParseError(name, f"the parser failed: {type(err).__name__}: {err}"))
        outbox.put((reply, args[6] if kind == "blob" else None, name))
    outbox.put(None)
    replier.join()


# what the fork server (one per process, started by the first worker) loads for every worker
FORK_SERVER_PRELOAD = ("dadkhah.parse.warm", "dadkhah.extract.warm")
SMALL_JOB = 16 * 1024  # bytes of a request that may queue behind another in a worker's pipe


@dataclass(eq=False)
class Job:
    kind: str  # "data" (bytes sent along) or "blob" (the worker reads the file itself)
    args: tuple
    name: str
    size: int
    reply: tuple | None = None


class _Process:
    """One worker process with the jobs sent to it, answered in the order sent."""

    def __init__(self, limits: Limits):
        # forkserver, not fork: the caller may run threads (lingua's pool, a web server)
        # that a forked child would inherit half-dead; the server process has none
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(FORK_SERVER_PRELOAD))
        self.conn, there = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(there, limits.memory_bytes), daemon=True)
        self.proc.start()
        there.close()
        self.sent: deque[Job] = deque()
        self.started = 0.0  # when the oldest unanswered job began, as far as we can tell

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Worker:
    """Parse worker processes, each killed and replaced when a parse overruns or dies.

    Jobs queue here and go out to the least busy process, a few at a time, so the processes
    keep working while the caller records earlier results. A request that is large (the bytes
    themselves) is only sent to an idle process: two processes each blocked writing to the
    other is the deadlock this avoids. Plain processes and pipes (not multiprocessing.Pool):
    killing a Pool worker mid-task can leave the pool's queue lock held and hang the caller.
    """

    def __init__(self, limits: Limits = Limits(), processes: int = 1, depth: int = 16):
        self.limits = limits
        self.processes = max(1, processes)
        self.depth = max(1, depth)
        self._procs: list[_Process | None] = [None] * self.processes
        self._queue: deque[Job] = deque()

    # ---- submitting ----------------------------------------------------------------------
    def submit(self, data: bytes, media_type: str, name: str, url: str | None = None) -> Job:
        """Queue a parse of these bytes; collect it with ``result`` (work on meanwhile)."""
        return self._add(Job("data", (data, media_type, name, url, self.limits), name, len(data)))

    def submit_blob(
        self,
        path,
        sha256: str,
        media_type: str,
        name: str,
        url: str | None = None,
        text_dir=None,
    ) -> Job:
        """Queue a parse of a stored original the worker reads (and hash-checks) itself.

        With ``text_dir`` (a blob store folder) the worker also stores the text there; the
        result is then ``(document, StoredBlob)``.
        """
        args = (str(path), sha256, media_type, name, url, self.limits, text_dir and str(text_dir))
        return self._add(Job("blob", args, name, 0))

    def _add(self, job: Job) -> Job:
        self._queue.append(job)
        self._fill()
        return job

    def _fill(self) -> None:
        while self._queue:
            job = self._queue[0]
            slots = [
                i
                for i, p in enumerate(self._procs)
                if p is None or (len(p.sent) < self.depth and (not p.sent or job.size <= SMALL_JOB))
            ]
            if not slots:
                return
            i = min(slots, key=lambda i: len(self._procs[i].sent) if self._procs[i] else 0)
            if self._procs[i] is None:
                self._procs[i] = _Process(self.limits)
            proc = self._procs[i]
            self._queue.popleft()
            try:
                proc.conn.send((job.kind, job.args))
            except (BrokenPipeError, ConnectionError, OSError):
                self._lost(i, "the parse worker died: it ran out of memory or crashed", job)
                continue
            except Exception as err:  # e.g. the document is too large to hand over
                job.reply = (
                    "error",
                    ParseError(job.name, f"could not be sent to the parser: {err}"),
                )
                continue
            if not proc.sent:
                proc.started = time.monotonic()
            proc.sent.append(job)

    # ---- collecting ----------------------------------------------------------------------
    def pump(self, timeout: float = 0.0) -> None:
        """Collect whatever results are ready (waiting up to ``timeout``), keep work flowing."""
        self._fill()
        busy = {p.conn: i for i, p in enumerate(self._procs) if p is not None and p.sent}
        if not busy:
            return
        # wake up no later than the first deadline
        first = min(self._procs[i].started for i in busy.values()) + self.limits.seconds
        timeout = max(0.0, min(timeout, first - time.monotonic()))
        ready = multiprocessing.connection.wait(list(busy), timeout)
        now = time.monotonic()
        for conn, i in busy.items():
            proc = self._procs[i]
            if conn in ready:
                try:
                    while proc.sent and proc.conn.poll(0):
                        proc.sent.popleft().reply = proc.conn.recv()
                        proc.started = now
                except (EOFError, OSError):
                    pass
            if not proc.sent:
                continue
            if now - proc.started > self.limits.seconds:
                self._lost(i, f"parsing took longer than {self.limits.seconds:g} s and was stopped")
            elif not proc.proc.is_alive() and not proc.conn.poll(0):
                self._lost(i, "the parse worker died: it ran out of memory or crashed")
        self._fill()

    def _lost(self, i: int, problem: str, job: Job | None = None) -> None:
        """Kill process ``i``: its current job fails; the ones behind it go out again."""
        proc = self._procs[i]
        self._procs[i] = None
        proc.kill()
        failed = job or proc.sent.popleft()
        failed.reply = ("error", ParseError(failed.name, problem))
        self._queue.extendleft(reversed(proc.sent))

    def result(self, job: Job):
        """The result of a submitted job; raises ParseError, also when it overran or died."""
        while job.reply is None:
            if job not in self._queue and not any(p and job in p.sent for p in self._procs):
                raise ValueError("this job was not submitted to this worker")
            self.pump(0.5)
        kind, value = job.reply
        if kind == "ok":
            return value
        raise value

    def parse(
        self, data: bytes, media_type: str, name: str, url: str | None = None
    ) -> ParsedDocument:
        """Parse in a worker and wait for it."""
        return self.result(self.submit(data, media_type, name, url))

    def close(self) -> None:
        self._queue.clear()
        for i, proc in enumerate(self._procs):
            if proc is not None:
                proc.kill()
            self._procs[i] = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
