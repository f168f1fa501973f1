"""`registry import business FILE [--json]`: the businesses of a SIRENE extract (INSEE's columns) or of the
template CSV `name,category,address,town_centre` (CLI.md), merged into the registry (core/sirene.py).

The `registry` command's other actions (list, show, set, rename, delete) live in commands/registry.py on
another branch: argparse takes one `registry` parser only, so this module offers `add_import_parser(registry_sub)`
and `cmd_registry_import(args)` for it, and registers a `registry` parser of its own with `import` alone until
the two are joined."""

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


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    from ..cli import _Parser

    reg = sub.add_parser("registry", parents=[common], help=tr("registres de la ville", "the town's registries"))
    registry_sub = reg.add_subparsers(dest="registry_command", parser_class=_Parser, required=True)
    add_import_parser(registry_sub, common)


def cmd_registry_import(args: argparse.Namespace) -> int:
    import orjson

    from ..cli import _count, _err, _open_library
    from ..core import LibraryError

    with _open_library(args) as lib:
        try:
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


def cmd_registry(args: argparse.Namespace) -> int:
    """The `registry` command of this branch: `import` only (see the module's docstring)."""
    return cmd_registry_import(args)


HANDLERS = {"registry": cmd_registry}
