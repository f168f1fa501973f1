"""`registry list|show|set|rename|delete`: the registries (businesses, heritage sites, campaigns,
keywords) from the command line (docs/cli.md; shapes of ../shared/docs/CLI.md).

Entries live in the team folder (one file each); `set`, `rename` and `delete` work while `watch` or the
app owns this PC's catalog: they then write the team folder only and the owner reads the change back.
`rename` and `delete` also retag the assets when this process owns the catalog."""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from typing import Any

from ..clitext import tr

# The CLI's facet names -> the code's.
FACETS = {"business": "business", "heritage": "heritage", "campaign": "campaign", "keyword": "keywords"}
# JSON fields of `registry show/set --json`, per facet (CLI.md), in order.
JSON_FIELDS = {
    "business": ("category", "address", "town_centre", "facebook", "instagram", "tiktok", "siret", "closed", "notes"),
    "heritage": ("lat", "lon", "radius_m", "reference", "address", "notes"),
    "campaign": ("start", "end", "hashtags", "credit", "notes"),
    "keywords": (),
}
# Option dest -> (record field, facets that take it).
OPTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "category": ("category", ("business",)),
    "address": ("address", ("business", "heritage")),
    "town_centre": ("town_centre", ("business",)),
    "facebook": ("facebook", ("business",)),
    "instagram": ("instagram", ("business",)),
    "tiktok": ("tiktok", ("business",)),
    "siret": ("siret", ("business",)),
    "closed": ("closed", ("business",)),
    "lat": ("lat", ("heritage",)),
    "lon": ("lon", ("heritage",)),
    "radius": ("radius_m", ("heritage",)),
    "reference": ("reference", ("heritage",)),
    "start": ("start", ("campaign",)),
    "end": ("end", ("campaign",)),
    "hashtags": ("hashtags", ("campaign",)),
    "credit": ("credit", ("campaign",)),
    "notes": ("notes", ("business", "heritage", "campaign")),
}
_HASHTAG_SEPARATORS = re.compile(r"[\s,;]+")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    reg = sub.add_parser(
        "registry",
        parents=[common],
        help=tr(
            "registres : commerces, sites, campagnes, mots-clés", "registries: businesses, sites, campaigns, keywords"
        ),
    )
    actions = reg.add_subparsers(dest="registry_action", parser_class=type(reg), required=True)
    facet_help = "business | heritage | campaign | keyword"

    ls = actions.add_parser("list", parents=[common], help=tr("lister un registre", "list one registry"))
    ls.add_argument("facet", choices=list(FACETS), metavar="FACET", help=facet_help)
    ls.add_argument("--json", action="store_true")

    show = actions.add_parser("show", parents=[common], help=tr("afficher une entrée", "show one entry"))
    show.add_argument("facet", choices=list(FACETS), metavar="FACET", help=facet_help)
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true")

    st = actions.add_parser(
        "set", parents=[common], help=tr("créer ou modifier une entrée", "create or update one entry")
    )
    st.add_argument("facet", choices=list(FACETS), metavar="FACET", help=facet_help)
    st.add_argument("name", metavar="NAME")
    st.add_argument("--category", metavar="C", help=tr("catégorie du commerce", "business category"))
    st.add_argument("--address", metavar="A", help=tr("adresse", "address"))
    centre = st.add_mutually_exclusive_group()
    centre.add_argument("--town-centre", dest="town_centre", action="store_true", default=None)
    centre.add_argument("--not-town-centre", dest="town_centre", action="store_false")
    st.add_argument("--facebook", metavar="H")
    st.add_argument("--instagram", metavar="H")
    st.add_argument("--tiktok", metavar="H")
    st.add_argument("--siret", metavar="S", help=tr("numéro SIRET de l'établissement", "SIRET number"))
    closed = st.add_mutually_exclusive_group()
    closed.add_argument("--closed", dest="closed", action="store_true", default=None)
    closed.add_argument("--open", dest="closed", action="store_false")
    st.add_argument("--lat", type=float, metavar="X", help=tr("latitude (degrés)", "latitude (degrees)"))
    st.add_argument("--lon", type=float, metavar="Y", help=tr("longitude (degrés)", "longitude (degrees)"))
    st.add_argument("--radius", type=float, metavar="M", help=tr("rayon en mètres", "radius in metres"))
    st.add_argument("--reference", metavar="R", help=tr("référence Mérimée / Inventaire", "heritage reference"))
    st.add_argument("--start", metavar="D", help=tr("début (AAAA-MM-JJ)", "start (YYYY-MM-DD)"))
    st.add_argument("--end", metavar="D", help=tr("fin (AAAA-MM-JJ)", "end (YYYY-MM-DD)"))
    st.add_argument("--hashtags", metavar='"#a #b"')
    st.add_argument("--credit", metavar="T", help=tr("ligne de crédit", "credit line"))
    st.add_argument("--notes", metavar="T")
    st.add_argument("--json", action="store_true")

    rn = actions.add_parser(
        "rename", parents=[common], help=tr("renommer (les médias suivent)", "rename (assets follow)")
    )
    rn.add_argument("facet", choices=list(FACETS), metavar="FACET", help=facet_help)
    rn.add_argument("old", metavar="OLD")
    rn.add_argument("new", metavar="NEW")

    dl = actions.add_parser(
        "delete", parents=[common], help=tr("supprimer (l'étiquette est retirée des médias)", "delete (untags assets)")
    )
    dl.add_argument("facet", choices=list(FACETS), metavar="FACET", help=facet_help)
    dl.add_argument("name", metavar="NAME")

    from .registry_import import add_import_parser  # `registry import business FILE` (core/sirene.py)

    add_import_parser(actions, common)


def entry_json(cli_facet: str, record: Any) -> dict[str, Any]:
    """CLI.md's `registry show --json` object of a registry record."""
    facet = FACETS[cli_facet]
    doc = dataclasses.asdict(record)
    return {"facet": cli_facet, "name": record.name, **{k: doc.get(k) for k in JSON_FIELDS[facet]}}


def entry_text(cli_facet: str, record: Any) -> str:
    facet = FACETS[cli_facet]
    lines = [record.name]
    doc = dataclasses.asdict(record)
    for key in JSON_FIELDS[facet]:
        value = doc.get(key)
        if value in (None, "", []) or (key == "closed" and value is False):
            continue
        if isinstance(value, bool):
            value = tr("oui", "yes") if value else tr("non", "no")
        elif isinstance(value, list):
            value = " ".join(map(str, value))
        lines.append(f"  {key} : {value}")
    return "\n".join(lines)


def parse_hashtags(text: str) -> list[str]:
    """'#a b, #a' -> ['#a', '#b']: one '#' each, no repeats whatever the case."""
    out: list[str] = []
    seen: set[str] = set()
    for token in _HASHTAG_SEPARATORS.split(text):
        body = token.lstrip("#")
        if body and body.casefold() not in seen:
            seen.add(body.casefold())
            out.append("#" + body)
    return out


def _changes(args: argparse.Namespace, facet: str) -> dict[str, Any]:
    from ..cli import _UsageError

    out: dict[str, Any] = {}
    for dest, (field, facets) in OPTIONS.items():
        value = getattr(args, dest, None)
        if value is None:
            continue
        if facet not in facets:
            raise _UsageError(
                tr(
                    f"L'option --{dest.replace('_', '-')} ne s'applique pas au registre « {args.facet} ».",
                    f"Option --{dest.replace('_', '-')} does not apply to the {args.facet} registry.",
                )
            )
        out[field] = parse_hashtags(value) if field == "hashtags" else value
    return out


def _print_json(value: Any) -> None:
    import orjson

    sys.stdout.write(orjson.dumps(value).decode() + "\n")


def _notice(lib: Any) -> None:
    from ..cli import _err

    status = lib.team_status()
    if status:
        _err(status)


def cmd_registry(args: argparse.Namespace) -> int:
    from ..cli import _err, _open_library
    from ..core import InvalidName, LibraryError

    if args.registry_action == "import":
        from .registry_import import cmd_registry_import

        return cmd_registry_import(args)
    facet = FACETS[args.facet]
    action = args.registry_action
    read_only = True if action in ("list", "show") else None
    with _open_library(args, read_only=read_only) as lib:
        try:
            if action == "list":
                for path, reason in lib.registry_problems():  # ignored team files: said, never fatal
                    _err(
                        tr(
                            f"Fichier du registre partagé ignoré : {path} ({reason}).",
                            f"Shared registry file ignored: {path} ({reason}).",
                        )
                    )
                records = lib.entries(facet)
                if args.json:
                    _print_json([entry_json(args.facet, r) for r in records])
                else:
                    for r in records:
                        print(entry_text(args.facet, r))
                return 0
            if action == "show":
                record = lib.entry(facet, args.name)
                if record is None:
                    _err(tr(f"« {args.name} » n'est pas dans ce registre.", f"“{args.name}” is not in this registry."))
                    return 1
                if args.json:
                    _print_json(entry_json(args.facet, record))
                else:
                    print(entry_text(args.facet, record))
                return 0
            if lib.read_only:
                lib.allow_team_edits()
            if action == "set":
                return _set(lib, args, facet)
            if action == "rename":
                return _rename(lib, args, facet)
            return _delete(lib, args, facet)
        except (InvalidName, LibraryError) as exc:
            _err(str(exc))
            return 1


def _set(lib: Any, args: argparse.Namespace, facet: str) -> int:
    from ..core import RECORD_TYPES, clean_name

    changes = _changes(args, facet)
    current = lib.entry(facet, args.name)
    record = (
        dataclasses.replace(current, **changes)
        if current is not None
        else RECORD_TYPES[facet](name=clean_name(args.name), **changes)
    )
    lib.save_entry(facet, record, original_name=current.name if current is not None else None)
    _notice(lib)
    saved = lib.entry(facet, record.name) or record
    if args.json:
        _print_json(entry_json(args.facet, saved))
    else:
        print(tr(f"Entrée « {saved.name} » enregistrée.", f"Entry “{saved.name}” saved."))
    return 0


def _rename(lib: Any, args: argparse.Namespace, facet: str) -> int:
    from ..cli import _err

    if lib.entry(facet, args.old) is None:
        _err(tr(f"« {args.old} » n'est pas dans ce registre.", f"“{args.old}” is not in this registry."))
        return 1
    if lib.read_only:
        lib.edit_registry_only(facet, args.old, args.new)  # the team folder only: no catalog to retag
        _err(_not_owner_message())
        _notice(lib)
        return 0
    count = lib.rename_entry(facet, args.old, args.new)
    lib.wait_sidecars(timeout=120)
    _notice(lib)
    print(tr(f"« {args.old} » renommé en « {args.new} » ({count} média(s)).", f"Renamed ({count} asset(s))."))
    return 0


def _delete(lib: Any, args: argparse.Namespace, facet: str) -> int:
    from ..cli import _err

    if lib.entry(facet, args.name) is None:
        _err(tr(f"« {args.name} » n'est pas dans ce registre.", f"“{args.name}” is not in this registry."))
        return 1
    if lib.read_only:
        lib.edit_registry_only(facet, args.name)  # the team folder only: no catalog to retag
        _err(_not_owner_message())
        _notice(lib)
        return 0
    count = lib.delete_entry(facet, args.name)
    lib.wait_sidecars(timeout=120)
    _notice(lib)
    print(tr(f"« {args.name} » supprimé ({count} média(s) désétiqueté(s)).", f"Deleted ({count} asset(s) untagged)."))
    return 0


def _not_owner_message() -> str:
    return tr(
        "Le catalogue de ce poste est tenu par un autre processus (surveillance ou application ouverte) : "
        "seul le registre partagé est modifié ; les médias déjà étiquetés gardent l'ancien nom.",
        "Another process (watch or the app) owns this PC's catalog: only the shared registry was changed; "
        "assets already tagged keep the old name.",
    )


HANDLERS = {"registry": cmd_registry}
