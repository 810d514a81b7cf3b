"""The ``dadkhah`` command line: one module per domain, each a thin wrapper over the core."""

from __future__ import annotations

import logging

import typer

from dadkhah import __version__
from dadkhah.cli import (
    common,
    demo,
    estimate,
    evidence,
    extract,
    know,
    link,
    parse,
    report,
    sources,
)
from dadkhah.cli import web as web_cli

app = typer.Typer(
    name="dadkhah",
    help="dadkhah: preserve sources, extract and corroborate figures, link lists, estimate totals.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"dadkhah {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    user: str | None = typer.Option(
        None, "--user", help="Acting user (else DADKHAH_USER, else the login name)."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    common.STATE["user"] = user
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger = logging.getLogger("dadkhah")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)


app.command("init")(evidence.init_cmd)
app.command("ingest")(evidence.ingest_cmd)
app.command("verify")(evidence.verify_cmd)
app.command("purge")(evidence.purge_cmd)
app.command("history")(evidence.history_cmd)
app.command("documents")(evidence.documents_cmd)
app.command("parse")(parse.parse_cmd)
app.command("show")(parse.show_cmd)
app.command("extract")(extract.extract_cmd)
app.command("claims")(extract.claims_cmd)
app.command("demo")(demo.demo_cmd)
app.command("review")(know.review_cmd)
app.command("events")(know.events_cmd)
app.command("corroborate")(know.corroborate_cmd)
app.command("person")(know.person_cmd)
app.command("org")(know.org_cmd)
app.command("search")(know.search_cmd)
app.command("import")(know.import_cmd)
app.add_typer(know.claim_app, name="claim")
app.add_typer(know.event_app, name="event")
app.add_typer(know.add_app, name="add")
app.add_typer(link.list_app, name="list")
app.add_typer(link.link_app, name="link")
app.command("estimate")(estimate.estimate_cmd)
evidence.export_app.command("knowledge")(know.export_knowledge_cmd)
evidence.export_app.command("case")(report.export_case_cmd)
app.add_typer(report.report_app, name="report")
app.add_typer(sources.app, name="source")
app.add_typer(evidence.custody_app, name="custody")
app.add_typer(evidence.export_app, name="export")
app.add_typer(extract.eval_app, name="eval")
app.add_typer(web_cli.user_app, name="user")
app.command("serve")(web_cli.serve_cmd)


def main() -> None:
    app()
