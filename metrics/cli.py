"""`python -m metrics ...`: the catalogue and file checks, for scripts and CI.

Exit codes: 0 success, 1 the data or file has problems, 2 the command was used wrongly
(argparse's own convention, kept so shell scripts can tell the two apart).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from metrics import i18n, narrative
from metrics.catalog import Catalog
from metrics.current import opened
from metrics.deck import ChartSpec, deck_params, live_link, slide
from metrics.errors import MetricsError, Problem, ProblemsFound
from metrics.export import csv_bytes, template_csv
from metrics.importing import (
    Metadata,
    NewIndicator,
    Progress,
    check,
    check_targets,
    commit,
    commit_targets,
    quiet,
    read_metadata,
)
from metrics.models import DIGITAL_MOROCCO
from metrics.picture import MIME, chart_image
from metrics.powerpoint import cover_lines, deck_pptx
from metrics.progress import METHODS
from metrics.read import MAX_BYTES
from metrics.report import chromium, html_report, pdf_report
from metrics.slides import Slide
from metrics.store import Mode
from metrics.targets_file import TargetsChecked, targets_template


def catalog_rows(catalog: Catalog) -> list[dict[str, Any]]:
    rows = []
    for ind in catalog.indicators.values():
        series = catalog.series(ind.id)
        rows.append(
            {
                "id": ind.id,
                "name": ind.name.model_dump(),
                "unit": ind.unit.model_dump(),
                "short_unit": ind.short_unit.model_dump(),
                "theme": ind.theme.value,
                "direction": ind.direction.value,
                "observations": len(series),
                "years": [int(series["year"].min()), int(series["year"].max())]
                if len(series)
                else None,
                "countries": sorted(series["country"].unique().tolist()),
                "sources": [s.title for s in catalog.sources_of(ind.id)],
            }
        )
    return rows


def _print_problems(
    problems: list[Problem],
    as_json: bool,
    file: str,
    new: list[NewIndicator] | None = None,
    described: TargetsChecked | None = None,
) -> None:
    """Every problem: in JSON one by one; on the terminal, problems that differ only in their
    row as one line with the row ranges."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if as_json:
        out = {
            "file": file,
            "valid": not errors,
            "problems": [{**p.as_dict(), "message": i18n.describe(p)} for p in problems],
            "summary": [i18n.describe_group(g) for g in i18n.grouped(problems)],
            "new_indicators": [
                {"id": n.id, "name_in_file": n.name_in_file or None, "needs": n.needs}
                for n in new or []
            ],
        }
        if described is not None:  # a targets file: what it names that is still undescribed
            out["new_strategies"] = [
                {"id": i, "country": c} for i, c in described.new_strategies.items()
            ]
            out["new_sources"] = described.new_sources
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if errors:
        print(i18n.t("cli.invalid", file=file, count=len(errors)), file=sys.stderr)
        for g in i18n.grouped(errors):
            print("  " + i18n.describe_group(g), file=sys.stderr)
    if warnings:
        print(i18n.t("cli.warnings", count=len(warnings)), file=sys.stderr)
        for g in i18n.grouped(warnings):
            print("  " + i18n.describe_group(g), file=sys.stderr)


def _file_bytes(path: Path) -> bytes:
    """A file's bytes, its size checked before anything is read."""
    if not path.is_file():
        raise ProblemsFound([Problem("file_not_found", str(path))])
    if path.stat().st_size > MAX_BYTES:
        raise ProblemsFound([Problem("too_large", path.name, params={"limit_mb": MAX_BYTES >> 20})])
    return path.read_bytes()


def cmd_catalog(args: argparse.Namespace) -> int:
    with opened() as (_, catalog):
        rows = catalog_rows(catalog)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        years = "–".join(map(str, row["years"])) if row["years"] else "no data"
        print(f"{row['id']:<40} {row['observations']:>5}  {years:<10} {row['name']['en']}")
    return 0


def _print_new(new: list[NewIndicator], key: str, out: TextIO, **params: Any) -> None:
    print(i18n.t(key, count=len(new), **params), file=out)
    for n in new:
        named = i18n.t("cli.name_in_file", name=n.name_in_file) if n.name_in_file else ""
        print(f"  {n.id}{named}: " + i18n.t("cli.needs", fields=", ".join(n.needs)), file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.targets:
        return _validate_targets(path, args.json)
    with opened() as (store, catalog):
        checked = check(_file_bytes(path), path.name, catalog, store, progress=_progress())
    if args.json or checked.problems:
        _print_problems(checked.problems, args.json, path.name, checked.new)
    if not checked.ok:
        return 1
    if args.json:
        return 0
    rows = checked.rows
    print(
        i18n.t(
            "cli.valid",
            file=path.name,
            rows=len(rows),
            indicators=rows["indicator"].nunique(),
            countries=rows["country"].nunique(),
            first=int(rows["year"].min()),
            last=int(rows["year"].max()),
        )
    )
    if checked.new:
        _print_new(checked.new, "cli.new_indicators", sys.stdout)
    return 0


def _validate_targets(path: Path, as_json: bool) -> int:
    """A targets file judged against the catalogue; nothing is stored. A strategy or source
    it names that the catalogue does not hold is listed, to be described on import."""
    with opened() as (_, catalog):
        checked = check_targets(_file_bytes(path), path.name, catalog)
    if as_json:
        _print_problems(checked.problems, True, path.name, described=checked)
    elif checked.problems:
        _print_problems(checked.problems, False, path.name)
    if not checked.ok:
        return 1
    if not as_json:
        strategies = {t.strategy for t in checked.targets}
        print(
            i18n.t(
                "cli.targets_valid",
                file=path.name,
                targets=len(checked.targets),
                strategies=len(strategies),
            )
        )
        _print_undescribed(checked, sys.stdout)
    return 0


def _print_undescribed(checked: TargetsChecked, out: TextIO) -> None:
    """The strategies and sources a targets file names that nothing describes yet."""
    for ident, country in checked.new_strategies.items():
        print(i18n.t("cli.new_strategy", id=ident, country=country), file=out)
    for ident in checked.new_sources:
        print(i18n.t("cli.new_source", id=ident), file=out)


def cmd_template(args: argparse.Namespace) -> int:
    """A template to fill in, headed in the reader's language, to standard output."""
    if args.format == "yaml" and not args.targets:
        print(i18n.t("cli.template_yaml"), file=sys.stderr)
        return 2  # a wrong argument, as argparse's own refusals
    with opened() as (_, catalog):
        data = (
            targets_template(catalog, args.lang, args.format)
            if args.targets
            else template_csv(catalog, args.lang)
        )
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


def progress_rows(
    catalog: Catalog, method: str, strategy: str = DIGITAL_MOROCCO
) -> list[dict[str, Any]]:
    """The status of each of a strategy's targets (and of those shown beside it)."""
    ids = {t.id for t in catalog.of_strategy(strategy)}
    rows = []
    for p in catalog.assess(method):
        if p.target.id not in ids:
            continue
        target, final = p.target, p.final
        rows.append(
            {
                "target": target.id,
                "name": target.name.en,
                "indicator": target.indicator,
                "baseline": [final.baseline.year, final.baseline.value] if final.baseline else None,
                "baseline_published": final.baseline_published,
                "latest": [final.latest.year, final.latest.value] if final.latest else None,
                "milestones": [
                    {"year": m.goal_year, "value": m.goal_value, "status": m.status.value}
                    for m in p.milestones
                ],
                "target_year": target.target_year,
                "target_value": target.target_value,
                "covered": final.covered,
                "status": final.status.value,
                "reason": final.reason.value if final.reason else None,
                "score": final.score,
                "projected": final.projected,
                "needed_per_year": final.needed_rate,
                "superseded_by": p.superseded_by,
                "sentence": narrative.sentence(p, catalog.indicators[target.indicator], "en"),
            }
        )
    return rows


def cmd_progress(args: argparse.Namespace) -> int:
    with opened() as (_, catalog):
        if args.strategy not in catalog.strategies:
            known = ", ".join(sorted(catalog.strategies))
            print(
                i18n.t("cli.unknown_strategy", strategy=args.strategy, known=known),
                file=sys.stderr,
            )
            return 2  # a wrong argument, as argparse's own refusals
        rows = progress_rows(catalog, args.method, args.strategy)
    if args.json:
        report = {"method": args.method, "strategy": args.strategy, "targets": rows}
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0

    def at(point: list[float] | None) -> str:
        return f"{point[1]:g} ({point[0]})" if point else "–"

    print(
        f"{'target':<28} {'baseline':>16} {'latest':>16} {'milestone':>16} {'target':>16}"
        f" {'covered':>8}  status"
    )
    for r in rows:
        milestone = r["milestones"][0] if r["milestones"] else None
        covered = f"{r['covered']:.0%}" if r["covered"] is not None else "–"
        status = r["status"] + (f" ({r['reason']})" if r["reason"] else "")
        if r["superseded_by"]:
            status += f", replaced by {r['superseded_by']}"
        print(
            f"{r['target']:<28} {at(r['baseline']):>16} {at(r['latest']):>16}"
            f" {at([milestone['year'], milestone['value']] if milestone else None):>16}"
            f" {at([r['target_year'], r['target_value']]):>16} {covered:>8}  {status}"
        )
    return 0


def _progress() -> Progress:
    """Each step of a long import on a terminal's standard error, so a large file never looks
    stuck; nothing when it is piped or logged, where the result is what is read."""
    if not sys.stderr.isatty():
        return quiet

    def say(key: str, **params: int | str) -> None:
        print(i18n.progress(key, i18n.DEFAULT, **params), file=sys.stderr, flush=True)

    return say


def _import_targets(args: argparse.Namespace) -> int:
    """A targets file and the records of what it names that is new (--metadata), stored as
    one batch, or refused with every reason and nothing stored."""
    path = Path(args.file)
    content = _file_bytes(path)
    with opened() as (store, catalog):
        metadata = Metadata()
        if args.metadata:
            meta = Path(args.metadata)
            metadata = read_metadata(_file_bytes(meta), meta.name, catalog)
        checked = check_targets(content, path.name, catalog, metadata)
        if not checked.ok:
            _print_problems(checked.problems, False, path.name)
            return 1
        if not checked.described:
            print(i18n.t("cli.import_needs_description", file=path.name), file=sys.stderr)
            _print_undescribed(checked, sys.stderr)
            return 1
        if checked.warnings:
            _print_problems(checked.warnings, False, path.name)
        batch = commit_targets(
            store, checked, name=path.name, content=content, by=args.by, metadata=metadata
        )
    print(
        i18n.t(
            "cli.imported_targets",
            batch=batch.id,
            file=path.name,
            targets=len(batch.targets),
            strategies=len(batch.strategies),
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if args.targets:
        return _import_targets(args)
    path = Path(args.file)
    with opened() as (store, catalog):
        checked = check(_file_bytes(path), path.name, catalog, store, progress=_progress())
        if not checked.ok:
            _print_problems(checked.problems, False, path.name)
            return 1
        metadata = Metadata()
        if args.metadata:
            meta = Path(args.metadata)
            metadata = read_metadata(_file_bytes(meta), meta.name, catalog)
        missing = checked.missing(i.id for i in metadata.indicators)
        if missing:
            _print_new(missing, "cli.import_needs_metadata", sys.stderr, file=path.name)
            return 1
        if checked.warnings:
            _print_problems(checked.warnings, False, path.name)
        mode: Mode = "replace" if args.replace else "add"
        batch = commit(
            store, checked, by=args.by, mode=mode, metadata=metadata, progress=_progress()
        )
    print(i18n.t("cli.imported", batch=batch.id, rows=batch.rows, file=path.name))
    if checked.unchanged:
        print(i18n.t("cli.unchanged", count=checked.unchanged))
    if len(checked.conflicts):
        key = "cli.replaced" if args.replace else "cli.kept_beside"
        print(i18n.t(key, count=len(checked.conflicts)))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    with opened() as (store, _):
        batches = store.history()
    if args.json:
        print(json.dumps([dataclasses.asdict(b) for b in batches], default=str, indent=2))
        return 0
    for b in batches:
        when = b.at.strftime("%Y-%m-%d %H:%M UTC")
        # A targets file's batch holds targets, not rows.
        held = f"{len(b.targets):>7} targets" if b.targets else f"{b.rows:>7} rows"
        print(
            f"{b.id:>5}  {b.status:<10} {b.kind:<8} {when}  {b.by:<20} {held}"
            f"  {b.mode:<7} {b.file_name}"
        )
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with opened() as (store, _):
        if args.restore:
            batch = store.restore(args.batch, args.by)
        else:
            batch = store.withdraw(args.batch, args.by)
        relying = [] if args.restore else store.relying_on(batch.id)
    key = "cli.restored" if args.restore else "cli.withdrawn"
    print(i18n.t(key, batch=batch.id, file=batch.file_name))
    if relying:
        print(i18n.t("cli.relying", ids=", ".join(relying)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with opened() as (_, catalog):
        if args.indicator not in catalog.indicators:
            print(i18n.t("cli.unknown_indicator", indicator=args.indicator), file=sys.stderr)
            return 1
        rows = catalog.series(args.indicator).drop(columns=["file", "line"])
    out = sys.stdout.buffer
    if args.format == "parquet":
        out.write(rows.to_parquet(index=False))
    else:
        out.write(csv_bytes(rows))
    out.flush()
    return 0


CHART_HELP = (
    "series:INDICATOR[:COUNTRIES[:FIRST-LAST[:line|bar]]], target:ID[:linear|growth], "
    "map:INDICATOR[:YEAR], story:NAME (participants, phases, components, ict_share, "
    "ewaste_per_capita, ewaste_collection_rate) or scenario:SHARE:TODAY-TOMORROW"
)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m metrics", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("catalog", help="list every indicator with its data and sources")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(func=cmd_catalog)
    v = sub.add_parser("validate", help="check a data file; exit 1 if it has problems")
    v.add_argument("file")
    v.add_argument("--json", action="store_true", help="machine-readable report")
    v.add_argument(
        "--targets",
        action="store_true",
        help="a targets file (CSV, Excel or YAML; see template --targets), not observations",
    )
    v.set_defaults(func=cmd_validate)
    t = sub.add_parser("template", help="a file to fill in, to standard output (CSV)")
    t.add_argument("--targets", action="store_true", help="the targets template")
    t.add_argument(
        "--format",
        choices=["csv", "yaml"],
        default="csv",
        help="the targets template as CSV (headed in --lang) or as YAML records",
    )
    t.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT, help="its headers")
    t.set_defaults(func=cmd_template)
    i = sub.add_parser("import", help="validate a file and store it as one batch")
    i.add_argument("file")
    i.add_argument("--by", required=True, help="who imports (kept with the batch)")
    i.add_argument(
        "--replace",
        action="store_true",
        help="chart the file's values where they differ from the current ones",
    )
    i.add_argument(
        "--metadata",
        help="YAML describing what is new to the catalogue: indicators, strategies, sources",
    )
    i.add_argument(
        "--targets",
        action="store_true",
        help="a targets file (CSV, Excel or YAML; see template --targets), not observations",
    )
    i.set_defaults(func=cmd_import)
    h = sub.add_parser("history", help="every batch, newest first")
    h.add_argument("--json", action="store_true", help="machine-readable output")
    h.set_defaults(func=cmd_history)
    u = sub.add_parser("undo", help="withdraw a batch (kept, and restorable)")
    u.add_argument("batch", type=int)
    u.add_argument("--by", default=os.environ.get("USER", "cli"), help="who withdraws it")
    u.add_argument("--restore", action="store_true", help="restore a withdrawn batch")
    u.set_defaults(func=cmd_undo)
    e = sub.add_parser("export", help="one indicator's charted values to standard output")
    e.add_argument("--indicator", required=True)
    e.add_argument("--format", choices=["csv", "parquet"], default="csv")
    e.set_defaults(func=cmd_export)
    g = sub.add_parser("progress", help="status of every target of a strategy")
    g.add_argument("--method", choices=METHODS, default="linear", help="how progress is judged")
    g.add_argument(
        "--strategy",
        default=DIGITAL_MOROCCO,
        help=f"the strategy's id, as in data/strategies.yaml (default: {DIGITAL_MOROCCO})",
    )
    g.add_argument("--json", action="store_true", help="machine-readable output")
    g.set_defaults(func=cmd_progress)
    d = sub.add_parser(
        "deck", help="charts as a PowerPoint deck (16:9), native charts kept editable"
    )
    d.add_argument("--chart", action="append", required=True, help="as for report; repeat")
    d.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT)
    d.add_argument("--title", default="", help="the title slide's title (default: Athar)")
    d.add_argument("--speaker", default="")
    d.add_argument("--event", default="", help="the meeting, e.g. AUSIM forum 2026")
    d.add_argument("--out", required=True, help="the .pptx file to write")
    d.set_defaults(func=cmd_deck)
    r = sub.add_parser(
        "report",
        help="charts as one HTML file that works offline (from a USB stick, no internet)",
    )
    r.add_argument(
        "--chart",
        action="append",
        required=True,
        help=CHART_HELP + "; repeat for each chart, in order",
    )
    r.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT)
    r.add_argument("--title", default="", help="the report's title (default: Athar)")
    r.add_argument(
        "--out", required=True, help="the file to write: .html, or .pdf (A4, printed by Chromium)"
    )
    r.set_defaults(func=cmd_report)
    i = sub.add_parser(
        "picture", help="one chart alone as PNG (twice its size) or SVG, sources inside"
    )
    i.add_argument("--chart", required=True, help=CHART_HELP)
    i.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT)
    i.add_argument("--out", required=True, help="the file to write: .png or .svg")
    i.set_defaults(func=cmd_picture)
    return p


def cmd_picture(args: argparse.Namespace) -> int:
    spec = ChartSpec.parse(args.chart)
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in MIME:
        print(i18n.t("cli.picture_suffix", file=str(out)), file=sys.stderr)
        return 2
    with opened() as (_, catalog):
        made = slide(spec, catalog, args.lang)
    out.write_bytes(chart_image(made, args.lang, fmt, chromium()))  # type: ignore[arg-type]
    print(i18n.t("cli.report_written", file=str(out), count=1))
    return 0


def _slides(args: argparse.Namespace) -> tuple[list[ChartSpec], list[Slide], str]:
    """The charts a deck or report names (every token checked before the store is opened),
    and its title."""
    specs = [ChartSpec.parse(token) for token in args.chart]
    with opened() as (_, catalog):
        slides = [slide(spec, catalog, args.lang) for spec in specs]
    return specs, slides, args.title or i18n.t("app.page_title", args.lang)


def cmd_deck(args: argparse.Namespace) -> int:
    specs, slides, title = _slides(args)
    cover = cover_lines(args.speaker, args.event, dt.date.today(), args.lang)
    tokens = [spec.token() for spec in specs]
    named = {"title": args.title, "speaker": args.speaker, "event": args.event}
    link = live_link(deck_params(tokens, [""] * len(tokens), named), args.lang)
    data, missing = deck_pptx(slides, args.lang, title, cover, chromium(), link)
    out = Path(args.out)
    out.write_bytes(data)
    print(i18n.t("cli.report_written", file=str(out), count=len(slides)))
    if missing:
        print(i18n.t("cli.deck_no_pictures", count=missing), file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    _, slides, title = _slides(args)
    out = Path(args.out)
    page = html_report(slides, args.lang, title, dt.date.today())
    if out.suffix.lower() == ".pdf":
        pdf_report(page, out)  # no Chromium: the HTML is written instead, and said so
    else:
        out.write_text(page, encoding="utf-8")
    print(i18n.t("cli.report_written", file=str(out), count=len(slides)))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        try:
            return int(args.func(args))
        except ProblemsFound as exc:  # a file, or the bundled data itself, is broken
            file = exc.problems[0].file if exc.problems else "data/"
            _print_problems(exc.problems, getattr(args, "json", False), file)
            return 1
        except MetricsError as exc:  # an operation refused: worded, never a traceback
            print(i18n.explain(exc), file=sys.stderr)
            return 1
        finally:
            # Output to a pipe is buffered: a reader that stopped early must show here, not
            # in the interpreter's last flush, where nothing can catch it.
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`catalog | head`): end quietly, as Unix tools do. Standard
        # output is pointed at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
