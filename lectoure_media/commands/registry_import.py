"""`registry import business FILE [--json]`: the businesses of a SIRENE extract (INSEE's columns) or of the
template CSV `name,category,address,town_centre` (CLI.md), merged into the registry (core/sirene.py).

The `registry` command itself (list, show, set, rename, delete) is commands/registry.py: it adds this
action with `add_import_parser(registry_sub)` and runs `cmd_registry_import(args)`. While `watch` or the app
owns the catalog, the import writes the team folder only (the owner picks the entries up), like `registry set`."""

from __future__ import annotations

import argparse
import sys

from ..clitext import tr


def add_import_parser(
    registry_sub: argparse._SubParsersAction,  # type: ignore[type-arg]  # argparse's private generic
    common: argparse.ArgumentParser | None = None,
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = registry_sub.add_parser(
        "import",
        parents=[common] if common is not None else [],
        help=tr(
            "importer les commerces d'un extrait SIRENE de la commune ou du modèle CSV "
            "(name,category,address,town_centre)",
            "import the businesses of the commune's SIRENE extract or of the template CSV "
            "(name,category,address,town_centre)",
        ),
    )
    p.add_argument("facet", choices=["business"], help=tr("seuls les commerces s'importent", "only businesses"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help=tr("le bilan en JSON", "the summary as JSON"))
    return p


def cmd_registry_import(args: argparse.Namespace) -> int:
    import orjson

    from ..cli import _count, _err, _open_library
    from ..core import LibraryError

    with _open_library(args) as lib:
        try:
            if lib.read_only:
                lib.allow_team_edits()  # another process owns the catalog: the team folder only
            summary = lib.import_businesses(args.file)
        except LibraryError as exc:
            _err(str(exc))
            return 1
    if args.json:
        sys.stdout.write(orjson.dumps(summary.to_json()).decode() + "\n")
    else:
        sys.stdout.write(
            f"Import terminé : {_count(summary.added, 'ajouté', 'ajoutés')}, {summary.updated} mis à jour, "
            f"{_count(summary.closed, 'fermé', 'fermés')}, "
            f"{_count(summary.skipped, 'ligne ignorée', 'lignes ignorées')}.\n"
        )
    return 0
