"""CLI: ``dadkhah demo``: the example corpus end to end."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import err, handles_errors, open_store, out, user
from dadkhah.cli.know import print_corroboration
from dadkhah.demo import run_demo


@handles_errors
def demo_cmd(
    no_serve: bool = typer.Option(False, "--no-serve", help="Do not start the web UI afterwards."),
    host: str = typer.Option("127.0.0.1", "--host", help="Where the web UI listens."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    examples: Path = typer.Option(
        Path("examples"), "--examples", help="The example corpus folder."
    ),
) -> None:
    """Run the main job on the example corpus in the configured store and summarise it."""
    store = open_store()
    result = run_demo(
        store, examples, user(), on_step=lambda msg: err.print(f"· {msg}", markup=False)
    )
    table = Table("folder", "new", "seen again", "failed", "new bytes", title="Preserved")
    for folder, rep in result.ingests.items():
        table.add_row(
            folder,
            str(rep.count("new") + rep.count("new_origin")),
            str(rep.count("seen_again")),
            str(rep.count("failed")),
            f"{rep.new_bytes:,}",
        )
    out.print(table)
    with store.read() as tx:
        docs = tx.documents()
        posts = {d.id: len(tx.social_posts(d.id)) for d in docs}
        claims = tx.claims()
    listing = Table(
        "document",
        "sensitivity",
        "type",
        "sha256",
        "file",
        "language",
        "published",
        "posts",
        "claims",
        "title",
        title="Documents",
    )
    for d in docs:
        listing.add_row(
            d.id,
            d.sensitivity,
            d.media_type.split("/")[-1],
            d.blob_sha256[:12],
            Text(d.original_filename or d.origin),
            ",".join(d.languages),
            d.published_date or "",
            str(posts[d.id]),
            str(sum(1 for c in claims if c.document_id == d.id)),
            Text((d.title or d.parse_error or "")[:60]),
        )
    out.print(listing)
    figures = Table("measure", "figure", "qualifier", "claimed by", "text", title="Some claims")
    for c in [c for c in claims if c.claimed_by][:8]:
        figure = str(c.low) if c.low == c.high else f"{c.low}–{c.high}"
        figures.add_row(c.measure, figure, c.qualifier, Text(c.claimed_by), Text(c.span.text))
    out.print(figures)
    out.print(f"{len(claims)} claims in all: `dadkhah claims` lists them")
    if result.imported:
        out.print(
            "imported the example analyst's records: "
            + ", ".join(f"{n} {t}" for t, n in result.imported.items())
        )
    if result.proposals:
        out.print(
            f"event matching proposed {len(result.proposals)} more links "
            "(`dadkhah review`, `dadkhah claim link`)"
        )
    if result.corroboration is not None:
        print_corroboration(result.corroboration, result.charts)
        out.print(
            "people and their postings: `dadkhah person Raisi`, `dadkhah org judiciary`; "
            "search: `dadkhah search Mahshahr`"
        )
    if result.linked is not None:
        people = len({c["cluster_id"] for c in result.linked.clusters})
        out.print(
            f"victim lists: {len(result.linked.clusters)} records are {people} people; "
            "`dadkhah list show`, `dadkhah link run … --out clusters.csv`"
        )
        if result.histories:
            names, rows = result.histories
            table = Table(*names, "count", title="Capture histories")
            for r in rows:
                table.add_row(*(str(r[n]) for n in names), str(r["count"]))
            out.print(table)
        for est in result.estimates:
            label = (
                "latent-class model (LCMCR), posterior median"
                if est.method == "lcmcr"
                else "log-linear model " + (est.model or {}).get("name", "")
            )
            high = f"{est.ci_high:,.0f}" if est.ci_high is not None else "unbounded"
            out.print(
                f"estimate, {label}: {est.estimate:,.1f} people in all "
                f"({est.level:.0%} interval {est.ci_low:,.0f} to {high}); "
                f"{est.observed} recorded on some list",
                markup=False,
            )
        for chart in result.estimate_charts:
            if chart.suffix == ".png":
                out.print(f"chart: {chart}", markup=False)
        if result.histories_csv:
            out.print(
                f"again, any method: `dadkhah estimate {result.histories_csv} --method lcmcr`",
                markup=False,
            )
    for path in result.dossiers:
        public = "public" if "-public" in path.name else "internal"
        out.print(f"dossier ({public}, {path.suffix[1:].upper()}): {path}", markup=False)
    out.print(f"verify: {result.verify.summary()}", markup=False)
    out.print(f"bag: {result.bag}", markup=False)
    out.print(
        f"custody head (record it elsewhere to detect tampering later): {result.head}", markup=False
    )
    if not result.verify.ok:
        raise typer.Exit(1)
    if not no_serve:
        from dadkhah.web import ensure_admin, serve

        password = ensure_admin(store, "demo", user())
        out.print(
            f"web UI: http://{host}:{port}/  user: demo  password: {password}  (Ctrl-C stops it)",
            markup=False,
        )
        serve(store, host, port)
