"""`rate FILE... (--stars N | --reject) [--label L]`: stars, rejected and colour label (issue 12, item 6).

Works while `watch` or the app owns the catalog, like `tag`: the sidecars (xmp:Rating, xmp:Label) are
written here and the owner picks the change up from them.
"""

from __future__ import annotations

import argparse
import sys

from ..clitext import tr


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    r = sub.add_parser(
        "rate",
        parents=[common],
        help=tr("noter (0 à 5 étoiles), rejeter, étiqueter en couleur", "rate (0-5 stars), reject, colour-label"),
    )
    r.add_argument("files", nargs="+", metavar="FILE")
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--stars", type=int, choices=range(6), metavar="N", help=tr("note de 0 à 5 étoiles", "rating 0 to 5 stars")
    )
    which.add_argument("--reject", action="store_true", help=tr("marquer comme rejetée", "mark as rejected"))
    r.add_argument(
        "--label",
        metavar="L",
        help=tr(
            'étiquette de couleur : rouge, jaune, vert, bleu, violet (ou Red…) ; "" l\'enlève',
            'colour label: Red, Yellow, Green, Blue, Purple (or French names); "" removes it',
        ),
    )
    r.add_argument("--json", action="store_true", help=tr("résultat en JSON", "print JSON"))


def cmd_rate(args: argparse.Namespace) -> int:
    import orjson

    from ..cli import _err, _open_library, sidecars_written
    from ..core import InvalidPick, LibraryError

    with _open_library(args) as lib:
        try:
            docs = lib.rate(args.files, stars=args.stars, reject=args.reject, label=args.label)
        except (LibraryError, InvalidPick) as exc:
            _err(str(exc))
            return 1
        if not sidecars_written(lib, "la note"):
            return 1
        result = [lib.to_json(lib.get_by_path(d["path"]) or d) for d in docs]
    if args.json:
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
    else:
        what = "rejetée(s)" if args.reject else f"notée(s) {args.stars} étoile(s)"
        print(f"{len(result)} photo(s) ou vidéo(s) {what}.")
    return 0


HANDLERS = {"rate": cmd_rate}
