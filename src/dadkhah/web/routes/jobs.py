"""A background job's page (``web.jobs``): its steps, n of m with the item being worked on,
each item's outcome, then the summary or the error. While the job runs the page asks htmx to
fetch it again every second; without JavaScript, reloading the page does the same."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from dadkhah.errors import NotFound
from dadkhah.web.context import Reader, check_csrf, is_htmx, reader, render, state

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


def own_job(request: Request, who: Reader, job_id: str):
    job = state(request).jobs.get(job_id)
    if job is None or job.owner != who.user.name or not who.sees(job.level):
        raise NotFound(f"no job {job_id}")
    return job


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str, who: Reader = Depends(reader)):
    job = own_job(request, who, job_id)
    template = "_job.html" if is_htmx(request) else "job.html"
    return render(request, template, who, job=job)
