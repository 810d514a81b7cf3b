"""Long work started from a page (a linkage run, adding material) run in a background thread,
one at a time per process, with progress a job page polls.

    Jobs.start(kind, owner, title, level, work) ──▶ Job (running in its thread)
    work(job) reports with job.step(key, **values) and job.item(outcome), returns a summary
    GET /jobs/<id> ──▶ the job as it stands: steps, n of m, each item's outcome, then the
                       summary, or the error

Jobs live in this process's memory, like sessions: a restart forgets them (what they stored
stays stored) and a job still running is lost with its thread. The last ``KEEP`` jobs are kept.
A job is shown only to the user who started it.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dadkhah.errors import DadkhahError

log = logging.getLogger("dadkhah.web.jobs")
KEEP = 50


class Busy(DadkhahError):
    """Another job is running in this process (HTTP 409)."""


@dataclass
class Job:
    id: str
    kind: str  # link, add
    owner: str
    title: str
    level: str  # the highest sensitivity of what the job shows
    total: int = 0  # items to do (0 when the job has steps, not items)
    done: int = 0
    current: str | None = None  # the item being worked on
    steps: list[tuple[str, dict]] = field(default_factory=list)  # (message key, its values)
    items: list[dict] = field(default_factory=list)  # one outcome per item done
    summary: dict | None = None
    error: str | None = None
    state: str = "running"  # running, done, failed
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def step(self, key: str, **values) -> None:
        """A step of the work is done: a message key (``step_<key>`` in the catalogues) and
        the values it names, shown in order in the reader's language."""
        self.steps.append((key, values))

    def working_on(self, item: str) -> None:
        """Work on the next item (of ``total``) has begun."""
        self.current = item

    def item(self, outcome: dict) -> None:
        """An outcome of the current item (name, status, message, links); one item may have
        several (an archive's files)."""
        self.items.append(outcome)

    def item_done(self) -> None:
        self.done += 1
        self.current = None

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def seconds(self) -> float:
        return (self.finished or time.time()) - self.started


class Jobs:
    """The jobs of this process; at most one runs at a time."""

    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(
        self,
        kind: str,
        owner: str,
        title: str,
        level: str,
        work: Callable[[Job], dict],
        total: int = 0,
        cleanup: Callable[[], None] | None = None,
    ) -> Job:
        """Run ``work(job)`` in a new thread; its answer is the job's summary, and a
        DadkhahError it raises the job's error. Busy when another job is running (``cleanup``
        then runs at once; otherwise after the work)."""
        with self._lock:
            running = next((j for j in self._jobs.values() if j.running), None)
            if running is not None:
                if cleanup is not None:
                    cleanup()
                raise Busy(f"another job is running ({running.title}); try again when it ends")
            job = Job(secrets.token_urlsafe(9), kind, owner, title, level, total=total)
            self._jobs[job.id] = job
            for old in list(self._jobs)[: max(0, len(self._jobs) - self.keep)]:
                if not self._jobs[old].running:
                    del self._jobs[old]
        thread = threading.Thread(
            target=self._run, args=(job, work, cleanup), name=f"dadkhah-job-{job.id}", daemon=True
        )
        thread.start()
        return job

    def _run(self, job: Job, work, cleanup) -> None:
        try:
            job.summary = work(job)
            job.state = "done"
        except DadkhahError as err:
            job.error, job.state = str(err), "failed"
        except Exception as err:  # a job's thread must not die silently: the page says so
            log.exception("job %s (%s) failed", job.id, job.kind)
            job.error, job.state = f"{type(err).__name__}: {err}", "failed"
        finally:
            job.current = None
            job.finished = time.time()
            if cleanup is not None:
                try:
                    cleanup()
                except OSError:
                    log.warning("job %s: could not clean up", job.id)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """The job once it has ended, or as it stands after ``timeout`` (tests, scripts)."""
        deadline = time.monotonic() + timeout
        job = self.get(job_id)
        while job is not None and job.running and time.monotonic() < deadline:
            time.sleep(0.05)
        return job
