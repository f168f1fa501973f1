"""`rights FILE...` (issue 11): set who took a photo, its licence, who is in it and whether they agreed.

Writes the sidecars at once (merged under each sidecar's lock), so it works while `watch` or the app owns the
catalog, like `tag`: the owner picks the change up from the sidecar.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ..clitext import tr

if TYPE_CHECKING:
    from ..core import Library


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    p = sub.add_parser(
        "rights",
        parents=[common],
        help=tr("droits d'une photo : auteur, licence, personnes, consentements", "set the rights of files"),
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--creator", metavar="N", help=tr("auteur (photographe)", "creator (photographer)"))
    p.add_argument("--credit", metavar="T", help=tr("ligne de crédit", "credit line"))
    p.add_argument("--copyright", metavar="T", help=tr("mention de copyright", "copyright notice"))
    p.add_argument(
        "--licence",
        metavar="ID",
        help=tr(
            "licence : town, cc-by-4.0, cc-by-sa-4.0, competition, business ou other",
            "licence: town, cc-by-4.0, cc-by-sa-4.0, competition, business or other",
        ),
    )
    p.add_argument("--usage-terms", metavar="T", help=tr("conditions d'utilisation", "usage terms"))
    p.add_argument("--licence-end", metavar="D", help=tr("fin de la licence (AAAA-MM-JJ)", "licence end (YYYY-MM-DD)"))
    p.add_argument("--people", choices=["yes", "no", "unknown"], help=tr("personnes visibles", "people shown"))
    p.add_argument(
        "--release",
        choices=["none", "na", "limited", "unlimited"],
        help=tr("autorisation des personnes (PLUS)", "model release status (PLUS)"),
    )
    p.add_argument(
        "--consent", action="append", default=[], metavar="ID", help=tr("lier un consentement", "link a consent")
    )
    p.add_argument("--person", action="append", default=[], metavar="NAME", help=tr("personne visible", "person shown"))
    p.add_argument("--minors", choices=["yes", "no"], help=tr("mineurs visibles", "minors shown"))
    pub = p.add_mutually_exclusive_group()
    pub.add_argument(
        "--do-not-publish", action="store_true", help=tr("marquer « ne pas publier »", "mark 'do not publish'")
    )
    pub.add_argument(
        "--publishable", action="store_true", help=tr("retirer « ne pas publier »", "clear 'do not publish'")
    )
    p.add_argument("--json", action="store_true")


def changes_from(args: argparse.Namespace) -> dict[str, Any]:
    """The facade's keyword arguments (Library.set_rights) from the command line."""
    out: dict[str, Any] = {}
    for name in ("creator", "credit", "copyright", "licence", "usage_terms", "licence_end", "people", "release"):
        value = getattr(args, name)
        if value is not None:
            out[name] = value
    if args.consent:
        out["add_consents"] = args.consent
    if args.person:
        out["add_persons"] = args.person
    if args.minors is not None:
        out["minors"] = args.minors == "yes"
    if args.do_not_publish:
        out["do_not_publish"] = True
    elif args.publishable:
        out["do_not_publish"] = False
    return out


def valid_consent_ids(lib: Library) -> frozenset[str]:
    """Ids of the register's valid consents today (an empty register when no root is known yet)."""
    from ..cli import _err
    from ..core import LibraryError

    try:
        listing = lib.consents.list()
    except LibraryError:
        return frozenset()
    for problem in listing.problems:
        _err(problem)
    import datetime

    today = datetime.date.today()
    return frozenset(c.id for c in listing.consents if c.valid_on(today))


def cmd_rights(args: argparse.Namespace) -> int:
    import orjson

    from ..cli import _err, _open_library, _UsageError
    from ..core import LibraryError

    changes = changes_from(args)
    if not changes:
        raise _UsageError(
            tr(
                "Indiquez au moins un champ à modifier (--creator, --licence, --people, --consent…).",
                "Give at least one field to change (--creator, --licence, --people, --consent…).",
            )
        )
    with _open_library(args) as lib:
        try:
            known = {c.id for c in lib.consents.list().consents} if args.consent else set()
        except LibraryError:
            known = set()
        for cid in args.consent:
            if cid not in known:
                _err(
                    tr(
                        f"Attention : le consentement « {cid} » n'est pas dans le registre.",
                        f"Warning: consent « {cid} » is not in the register.",
                    )
                )
        try:
            docs = lib.set_rights(args.files, **changes)
        except LibraryError as exc:
            _err(str(exc))
            return 1
        result = [lib.to_json(d) for d in docs]
    if args.json:
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
    else:
        print(tr(f"Droits enregistrés pour {len(result)} fichier(s).", f"Rights saved for {len(result)} file(s)."))
    return 0


HANDLERS = {"rights": cmd_rights}
