"""`duplicates [ROOT] [--json] [--threshold N]`: exact copies and near-duplicates, with the copy to keep
(issue 12, item 7). Read-only: it works while `watch` or the app owns the catalog."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ..clitext import tr


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    d = sub.add_parser(
        "duplicates",
        parents=[common],
        help=tr(
            "copies exactes et quasi-doublons, avec la copie à garder",
            "exact and near duplicates, with the copy to keep",
        ),
    )
    d.add_argument("root", nargs="?", metavar="ROOT", help=tr("seulement sous ce dossier", "only under this folder"))
    d.add_argument("--json", action="store_true", help=tr("résultat en JSON", "print JSON"))
    d.add_argument(
        "--threshold",
        type=int,
        metavar="N",
        help=tr(
            "écart maximal entre empreintes visuelles, en bits sur 64 (8 par défaut ; 0 : mêmes images)",
            "largest difference between perceptual hashes, in bits of 64 (default 8; 0: same pictures)",
        ),
    )


def cmd_duplicates(args: argparse.Namespace) -> int:
    import orjson

    from ..cli import _open_library
    from ..core import printable

    with _open_library(args, read_only=True) as lib:
        kwargs = {} if args.threshold is None else {"threshold": args.threshold}
        groups = lib.duplicates(os.path.abspath(args.root) if args.root else None, **kwargs)
        rows: list[dict[str, Any]] = []
        for g in groups:
            paths: dict[int, str] = {i: a["path"] for i in g.ids if (a := lib.asset(i)) is not None}
            # A name that is not UTF-8 is given with U+FFFD (JSON must stay valid UTF-8), as in `list`.
            kept = paths.get(g.keep)
            rows.append(
                {
                    "kind": g.kind,
                    "assets": [printable(p) for p in paths.values()],
                    "keep": printable(kept) if kept else None,
                }
            )
    if args.json:
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    if not rows:
        print("Aucun doublon trouvé.")
        return 0
    for row in rows:
        kind = "copies exactes" if row["kind"] == "exact" else "quasi-doublons"
        members: list[str] = row["assets"]
        keep: str = row["keep"] or ""
        print(f"{kind} ({len(members)}) — à garder : {keep}")
        for path in members:
            if path != keep:
                print(f"    {path}")
    return 0


HANDLERS = {"duplicates": cmd_duplicates}
