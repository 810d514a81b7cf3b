"""The ``estimate`` command: how many people in all, from a capture-history table."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from dadkhah.cli.common import err, fail, handles_errors, out, print_json, progress
from dadkhah.estimate import (
    EstimateOptions,
    draw_plots,
    estimate,
    estimate_strata,
    read_histories,
    read_strata,
)


class Method(StrEnum):
    chapman = "chapman"
    lincoln_petersen = "lincoln-petersen"
    loglinear = "loglinear"
    lcmcr = "lcmcr"


class Format(StrEnum):
    table = "table"
    json = "json"


class Criterion(StrEnum):
    bic = "bic"
    aic = "aic"


@handles_errors
def estimate_cmd(
    path: Path = typer.Argument(
        ..., help="HISTORIES.csv: a 0/1 column per list, and a count column or a row per person."
    ),
    method: Method = typer.Option(..., "--method", help="The estimator."),
    lists: str | None = typer.Option(
        None, "--lists", help="A,B,C: the list columns (else every other 0/1 column)."
    ),
    strata: str | None = typer.Option(
        None, "--strata", help="A column to estimate by (province, month), with a total."
    ),
    level: float = typer.Option(0.95, "--level", help="Interval level, between 0 and 1."),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Seed for lcmcr (else random)."),
    plot: Path | None = typer.Option(None, "--plot", help="Folder for the charts (PNG, SVG)."),
    fmt: Format = typer.Option(Format.table, "--format"),
    model: str = typer.Option(
        "search",
        "--model",
        help="loglinear: search, stepwise, independence, or a model such as 1*2*3+1*4+3*4 "
        "(list positions or names) or [123,14,34].",
    ),
    criterion: Criterion = typer.Option(Criterion.bic, "--criterion", help="loglinear search."),
    k: int = typer.Option(10, "--K", min=2, help="lcmcr: most latent classes."),
    a_alpha: float = typer.Option(0.25, "--a-alpha", help="lcmcr: Gamma prior shape of alpha."),
    b_alpha: float = typer.Option(0.25, "--b-alpha", help="lcmcr: Gamma prior rate of alpha."),
    burnin: int = typer.Option(10000, "--burnin", min=0, help="lcmcr: iterations discarded."),
    samples: int = typer.Option(1000, "--samples", min=1, help="lcmcr: draws kept per chain."),
    thinning: int = typer.Option(100, "--thinning", min=1, help="lcmcr: iterations per draw."),
    chains: int = typer.Option(1, "--chains", min=1, help="lcmcr: chains (R-hat when > 1)."),
) -> None:
    """Estimate how many people there were in all, recorded on some list or on none
    (multiple systems estimation): two-list, log-linear or Bayesian latent-class (LCMCR).
    Reads the output of `dadkhah link histories` or any capture-history CSV."""
    if not 0 < level < 1:
        raise fail(f"--level {level}: give a number between 0 and 1, such as 0.95", 2)
    if a_alpha <= 0 or b_alpha <= 0:
        raise fail("--a-alpha and --b-alpha must be positive", 2)
    chosen = None
    if lists is not None:
        chosen = [x.strip() for x in lists.split(",")]
        if len(chosen) < 2 or not all(chosen):
            raise fail(f"--lists {lists}: name two or more list columns, separated by commas", 2)
    options = EstimateOptions(
        method=method.value,
        level=level,
        seed=seed,
        model=model,
        criterion=criterion.value,
        K=k,
        a_alpha=a_alpha,
        b_alpha=b_alpha,
        burnin=burnin,
        samples=samples,
        thinning=thinning,
        chains=chains,
    )
    with progress() as bar:
        task = bar.add_task("sampling" if method is Method.lcmcr else "estimating", total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        if strata is None:
            result = estimate(read_histories(path, lists=chosen), options, report)
        else:
            tables = read_strata(path, strata, lists=chosen)
            result = estimate_strata(tables, options, report)
    if strata is None:
        record = result.to_json()
        record["plots"] = [str(p) for p in draw_plots(result, plot)] if plot else []
        _show(record, fmt)
        return
    record = _strata_record(result, plot)
    _show(record, fmt)
    if result.problems:
        name, problem = next(iter(result.problems.items()))
        raise fail(f"stratum {name}: {problem} (no total without every stratum)")


def _strata_record(result, plot: Path | None) -> dict:
    total = result.total
    if total is not None:
        record = total.to_json()
        record["plots"] = [str(p) for p in draw_plots(total, plot, "total")] if plot else []
    else:
        first = next(iter(result.strata.values()), None)
        record = {
            "method": first.method if first else None,
            "lists": list(first.lists) if first else [],
            "observed": sum(e.observed for e in result.strata.values()),
            "estimate": None,
            "ci_low": None,
            "ci_high": None,
            "level": first.level if first else None,
            "se": None,
            "model": None,
            "settings": {},
            "seed": result.seed,
            "diagnostics": {},
            "plots": [],
        }
    record["diagnostics"] = record["diagnostics"] | {
        "combination": result.combination,
        "problems": dict(result.problems),
    }
    record["strata"] = {}
    for name, est in result.strata.items():
        one = est.to_json()
        one["plots"] = [str(p) for p in draw_plots(est, plot, name)] if plot else []
        record["strata"][name] = one
    return record


def _number(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def _show(record: dict, fmt: Format) -> None:
    if fmt is Format.json:
        print_json(record)
        return
    level = f"{record['level']:.0%}" if record.get("level") else ""
    if record.get("estimate") is not None:
        high = _number(record["ci_high"]) if record["ci_high"] is not None else "no upper bound"
        out.print(
            Text(
                f"{_number(record['estimate'])} people in all ({level} interval "
                f"{_number(record['ci_low'])} to {high}); {record['observed']:,} recorded on "
                f"{len(record['lists'])} lists ({', '.join(record['lists'])})",
                style="bold",
            )
        )
    facts = Table(box=None, show_header=False)
    facts.add_row("method", record["method"] or "")
    model = record.get("model")
    if model:
        chosen = record["settings"].get("chosen_by")
        how = {
            "search": f"best by {str(chosen).upper()} of "
            f"{record['diagnostics'].get('models_fitted')} models",
            "stepwise": "stepwise, as SparseMSE",
            "fixed": "as given",
        }.get(model["selection"], "")
        facts.add_row("model", Text(f"{model['name']}  {model['formula']}  ({how})"))
        facts.add_row(
            "fit",
            f"deviance {model['deviance']:.3f} on {model['df']} df, "
            f"AIC {model['aic']:.3f}, BIC {model['bic']:.3f}",
        )
    if record.get("se") is not None:
        facts.add_row("standard error", _number(record["se"]))
    diagnostics = record.get("diagnostics") or {}
    if "posterior_mean" in diagnostics:
        facts.add_row(
            "posterior mean, sd",
            f"{_number(diagnostics['posterior_mean'])}, {_number(diagnostics.get('posterior_sd'))}",
        )
        ess = diagnostics.get("ess")
        if ess is not None:
            facts.add_row("effective sample size", f"{ess:,.0f}")
    if record.get("seed") is not None:
        facts.add_row("seed", str(record["seed"]))
    if "combination" in diagnostics:
        facts.add_row("total", Text(diagnostics["combination"]))
    out.print(facts)
    ranking = diagnostics.get("ranking")
    if ranking:
        table = Table(
            "model",
            "N",
            "SE",
            "deviance",
            "df",
            "AIC",
            "BIC",
            box=None,
            title="best models",
            title_justify="left",
        )
        for m in ranking[:5]:
            table.add_row(
                m["name"],
                _number(m["estimate"]),
                _number(m["se"]),
                f"{m['deviance']:.3f}",
                str(m["df"]),
                f"{m['aic']:.3f}",
                f"{m['bic']:.3f}",
            )
        out.print(table)
    if record.get("strata"):
        table = Table("stratum", "recorded", "estimate", f"{level} interval", "SE", box=None)
        for name, one in record["strata"].items():
            high = _number(one["ci_high"]) if one["ci_high"] is not None else "∞"
            table.add_row(
                Text(name),
                f"{one['observed']:,}",
                _number(one["estimate"]),
                f"{_number(one['ci_low'])} to {high}",
                _number(one["se"]),
            )
        for name, problem in diagnostics.get("problems", {}).items():
            table.add_row(Text(name), "", "-", Text(problem), "")
        out.print(table)
    for warning in diagnostics.get("warnings", []):
        err.print(Text.assemble(("warning: ", "yellow"), warning))
    for path in record.get("plots", []):
        out.print(Text(f"chart: {path}"))
    for one in (record.get("strata") or {}).values():
        for path in one.get("plots", []):
            out.print(Text(f"chart: {path}"))
