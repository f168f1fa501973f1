"""`coverage`: which businesses and heritage sites were featured, and when (CLI.md: `coverage [--json]
[--facet business|heritage] [--months N] [--category C] [--town-centre]`)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..clitext import tr

if TYPE_CHECKING:
    from ..core import CoverageRow

MAX_MONTHS = 120
STATUS_FR = {"never": "jamais", "stale": "en retard", "ok": "à jour"}
NAME_WIDTH = 40


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    p = sub.add_parser(
        "coverage",
        parents=[common],
        help=tr(
            "commerces et sites patrimoniaux mis en avant, les plus en retard d'abord",
            "businesses and heritage sites featured, most overdue first",
        ),
    )
    p.add_argument("--json", action="store_true", help=tr("une liste JSON", "a JSON list"))
    p.add_argument("--facet", choices=["business", "heritage"], help=tr("commerces ou sites", "businesses or sites"))
    p.add_argument(
        "--months",
        type=int,
        metavar="N",
        help=tr(
            "en retard au-delà de N mois sans export ni publication (défaut : le réglage, 6)",
            "overdue after N months without an export or a publication (default: the setting, 6)",
        ),
    )
    p.add_argument(
        "--category", metavar="C", help=tr("seulement cette catégorie (ex. Restaurants)", "only this category")
    )
    p.add_argument(
        "--town-centre", action="store_true", help=tr("seulement les commerces du centre-ville", "town centre only")
    )


def cmd_coverage(args: argparse.Namespace) -> int:
    import orjson

    from ..cli import _open_library, _UsageError

    if args.months is not None and not 1 <= args.months <= MAX_MONTHS:
        raise _UsageError(f"--months attend un nombre de mois entre 1 et {MAX_MONTHS}, pas {args.months}.")
    with _open_library(args, read_only=True) as lib:
        report = lib.coverage(
            facet=args.facet, months=args.months, category=args.category, town_centre=args.town_centre
        )
    if args.json:
        sys.stdout.write(orjson.dumps([row.to_json() for row in report.rows]).decode() + "\n")
        return 0
    if not report.rows:
        sys.stdout.write(
            "Aucun commerce ni site patrimonial ne correspond (registres vides ou filtres trop stricts).\n"
        )
        return 0
    sys.stdout.write(table(report.rows))
    counts = report.counts()
    sys.stdout.write(
        f"{len(report.rows)} entrées : {counts['never']} jamais mises en avant, {counts['stale']} pas depuis "
        f"{report.months} mois, {counts['ok']} à jour.\n"
    )
    return 0


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(rows: list[CoverageRow]) -> str:
    """A plain French table, one line per row, columns aligned."""
    header = ("Statut", "Type", "Nom", "Catégorie", "Médias", "Dernier média", "Dernière mise en avant")
    lines = [header]
    for row in rows:
        lines.append(
            (
                STATUS_FR[row.status],
                "commerce" if row.facet == "business" else "site",
                _clip(row.name, NAME_WIDTH),
                _clip(row.category or "—", 24),
                str(row.assets),
                row.newest or "—",
                row.last_featured or "jamais",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for line in lines:
        cells = [
            cell.rjust(w) if i == 4 else cell.ljust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip() + "\n")
    return "".join(out)


HANDLERS = {"coverage": cmd_coverage}
