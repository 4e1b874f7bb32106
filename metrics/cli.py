"""`python -m metrics ...`: the catalogue and file checks, for scripts and CI.

Exit codes: 0 success, 1 the data or file has problems, 2 the command was used wrongly
(argparse's own convention, kept so shell scripts can tell the two apart).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Any

from metrics import i18n, narrative
from metrics.catalog import Catalog, load_bundled, read_records
from metrics.errors import Problem, ProblemsFound
from metrics.export import csv_bytes
from metrics.models import Indicator
from metrics.progress import METHODS, assess_all
from metrics.read import read_bytes, read_file
from metrics.store import StoreError, open_store
from metrics.validate import Contract, validate


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


# What an indicator new to the catalogue still needs before its rows can be stored.
NEEDED_METADATA = [
    "name.en",
    "name.fr",
    "name.ar",
    "description",
    "unit",
    "short_unit",
    "theme",
    "direction",
    "decimals",
    "sources",
]


def needs(name_in_file: str) -> list[str]:
    """The metadata a new indicator still needs: its English name is known if the file named it."""
    return [m for m in NEEDED_METADATA if not (name_in_file and m == "name.en")]


def _print_problems(
    problems: list[Problem], as_json: bool, file: str, new: dict[str, str] | None = None
) -> None:
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if as_json:
        out = {
            "file": file,
            "valid": not errors,
            "problems": [{**p.as_dict(), "message": i18n.describe(p)} for p in problems],
            "new_indicators": [
                {
                    "id": k,
                    "name_in_file": v or None,
                    "needs": needs(v),
                }
                for k, v in (new or {}).items()
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if errors:
        print(i18n.t("cli.invalid", file=file, count=len(errors)), file=sys.stderr)
        for p in errors:
            print("  " + i18n.describe(p), file=sys.stderr)
    if warnings:
        print(i18n.t("cli.warnings", count=len(warnings)), file=sys.stderr)
        for p in warnings:
            print("  " + i18n.describe(p), file=sys.stderr)


def cmd_catalog(args: argparse.Namespace) -> int:
    catalog = load_bundled()
    rows = catalog_rows(catalog)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        years = "–".join(map(str, row["years"])) if row["years"] else "no data"
        print(f"{row['id']:<40} {row['observations']:>5}  {years:<10} {row['name']['en']}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        _print_problems([Problem("file_not_found", str(path))], args.json, str(path))
        return 1
    catalog = load_bundled()
    contract = Contract(catalog.indicators, set(catalog.sources), allow_new=True)
    try:
        result = validate(read_file(path), contract)
    except ProblemsFound as exc:
        _print_problems(exc.problems, args.json, path.name)
        return 1
    if args.json or result.problems:
        _print_problems(result.problems, args.json, path.name, result.new_indicators)
    if not result.ok:
        return 1
    if args.json:
        return 0
    obs = result.observations
    print(
        i18n.t(
            "cli.valid",
            file=path.name,
            rows=len(obs),
            indicators=obs["indicator"].nunique(),
            countries=obs["country"].nunique(),
            first=int(obs["year"].min()),
            last=int(obs["year"].max()),
        )
    )
    if result.new_indicators:
        print(i18n.t("cli.new_indicators", count=len(result.new_indicators)))
        for ident, name in result.new_indicators.items():
            known = i18n.t("cli.name_in_file", name=name) if name else ""
            print(f"  {ident}{known}: " + i18n.t("cli.needs", fields=", ".join(needs(name))))
    return 0


def progress_rows(catalog: Catalog, method: str) -> list[dict[str, Any]]:
    rows = []
    for p in assess_all(catalog, method):
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
    rows = progress_rows(load_bundled(), args.method)
    if args.json:
        print(json.dumps({"method": args.method, "targets": rows}, ensure_ascii=False, indent=2))
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


def _metadata(path: str | None, catalog: Catalog, file: str) -> list[Indicator]:
    """Indicators described in a small YAML file: a list of records as in data/indicators.yaml."""
    if path is None:
        return []
    problems: list[Problem] = []
    records = read_records(Indicator, Path(path), problems)
    for ind in records:
        for source in ind.sources:
            if source not in catalog.sources:
                problems.append(
                    Problem(
                        "unknown_reference",
                        Path(path).name,
                        None,
                        "sources",
                        source,
                        {"record": ind.id},
                    )
                )
    if problems:
        raise ProblemsFound(problems)
    return records


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        _print_problems([Problem("file_not_found", str(path))], False, str(path))
        return 1
    catalog = load_bundled()
    content = path.read_bytes()
    contract = Contract(catalog.indicators, set(catalog.sources), allow_new=True)
    try:
        result = validate(read_bytes(content, path.name), contract)
        described = {i.id: i for i in _metadata(args.metadata, catalog, path.name)}
    except ProblemsFound as exc:
        _print_problems(exc.problems, False, path.name)
        return 1
    if not result.ok:
        _print_problems(result.problems, False, path.name)
        return 1
    missing = {k: v for k, v in result.new_indicators.items() if k not in described}
    if missing:
        print(
            i18n.t("cli.import_needs_metadata", file=path.name, count=len(missing)), file=sys.stderr
        )
        for ident, name in missing.items():
            known = i18n.t("cli.name_in_file", name=name) if name else ""
            print(f"  {ident}{known}", file=sys.stderr)
        return 1
    store = open_store(catalog)
    try:
        clash = store.conflicts(result.observations)
        batch = store.import_batch(
            result.observations,
            by=args.by,
            file_name=path.name,
            content=content,
            mode="replace" if args.replace else "add",
            indicators=[described[k] for k in result.new_indicators],
        )
    finally:
        store.close()
    print(i18n.t("cli.imported", batch=batch.id, rows=batch.rows, file=path.name))
    if len(clash):
        key = "cli.replaced" if args.replace else "cli.kept_beside"
        print(i18n.t(key, count=len(clash)))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    store = open_store(load_bundled())
    try:
        batches = store.history()
    finally:
        store.close()
    if args.json:
        print(json.dumps([dataclasses.asdict(b) for b in batches], default=str, indent=2))
        return 0
    for b in batches:
        when = b.at.strftime("%Y-%m-%d %H:%M UTC")
        print(
            f"{b.id:>5}  {b.status:<10} {b.kind:<8} {when}  {b.by:<20} {b.rows:>7} rows"
            f"  {b.mode:<7} {b.file_name}"
        )
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    store = open_store(load_bundled())
    try:
        if args.restore:
            batch = store.restore(args.batch, args.by)
        else:
            batch = store.withdraw(args.batch, args.by)
    except StoreError as exc:
        print(i18n.t(f"store.{exc.code}", **exc.params), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(
        i18n.t(
            "cli.restored" if args.restore else "cli.withdrawn",
            batch=batch.id,
            file=batch.file_name,
        )
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    catalog = load_bundled()
    store = open_store(catalog)
    try:
        rows = store.observations()
        known = set(catalog.indicators) | set(store.indicators())
    finally:
        store.close()
    if args.indicator not in known:
        print(i18n.t("cli.unknown_indicator", indicator=args.indicator), file=sys.stderr)
        return 1
    rows = rows[rows["indicator"] == args.indicator].drop(columns=["file", "line"])
    rows = rows.sort_values(["country", "year"]).reset_index(drop=True)
    out = sys.stdout.buffer
    if args.format == "parquet":
        out.write(rows.to_parquet(index=False))
    else:
        out.write(csv_bytes(rows))
    out.flush()
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m metrics", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("catalog", help="list every indicator with its data and sources")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(func=cmd_catalog)
    v = sub.add_parser("validate", help="check a long-format CSV file; exit 1 if it has problems")
    v.add_argument("file")
    v.add_argument("--json", action="store_true", help="machine-readable report")
    v.set_defaults(func=cmd_validate)
    i = sub.add_parser("import", help="validate a file and store it as one batch")
    i.add_argument("file")
    i.add_argument("--by", required=True, help="who imports (kept with the batch)")
    i.add_argument(
        "--replace",
        action="store_true",
        help="chart the file's values where they differ from the current ones",
    )
    i.add_argument("--metadata", help="YAML describing indicators new to the catalogue")
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
    g = sub.add_parser("progress", help="status of every Digital Morocco 2030 target")
    g.add_argument("--method", choices=METHODS, default="linear", help="how progress is judged")
    g.add_argument("--json", action="store_true", help="machine-readable output")
    g.set_defaults(func=cmd_progress)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ProblemsFound as exc:  # the bundled data itself is broken
        _print_problems(exc.problems, getattr(args, "json", False), "data/")
        return 1
