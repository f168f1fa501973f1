"""`consent add/list/show/withdraw` (issue 11): the consent register in the team folder."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ..clitext import tr

if TYPE_CHECKING:
    from ..core import Consent


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    p = sub.add_parser(
        "consent", parents=[common], help=tr("registre des consentements (droit à l'image)", "consent register")
    )
    actions = p.add_subparsers(dest="consent_action", metavar="ACTION")
    actions.required = True
    a = actions.add_parser("add", parents=[common], help=tr("enregistrer un consentement", "add a consent"))
    a.add_argument("name", metavar="NAME")
    a.add_argument("--contact", metavar="C", help=tr("téléphone ou e-mail", "phone or e-mail"))
    a.add_argument("--signed", metavar="D", help=tr("date de signature (AAAA-MM-JJ)", "date signed (YYYY-MM-DD)"))
    a.add_argument(
        "--expires",
        metavar="D",
        help=tr("date d'expiration (AAAA-MM-JJ, valable ce jour-là)", "expiry (YYYY-MM-DD, valid that day)"),
    )
    a.add_argument(
        "--scope",
        action="append",
        choices=["all", "social", "web", "print"],
        help=tr("portée (répétable) ; par défaut : all", "scope (repeatable); default: all"),
    )
    a.add_argument("--minor", action="store_true", help=tr("la personne est mineure", "the person is a minor"))
    a.add_argument("--guardian", metavar="N", help=tr("représentant légal d'un mineur", "a minor's guardian"))
    a.add_argument(
        "--form", metavar="FILE", help=tr("formulaire signé (PDF, JPEG, PNG)", "signed form (PDF, JPEG, PNG)")
    )
    a.add_argument("--notes", metavar="T", help=tr("remarques", "notes"))
    a.add_argument("--json", action="store_true")
    ls = actions.add_parser("list", parents=[common], help=tr("lister les consentements", "list consents"))
    ls.add_argument("--json", action="store_true")
    sh = actions.add_parser("show", parents=[common], help=tr("afficher un consentement", "show a consent"))
    sh.add_argument("id", metavar="ID")
    sh.add_argument("--json", action="store_true")
    w = actions.add_parser(
        "withdraw",
        parents=[common],
        help=tr(
            "retirer un consentement : ses photos passent en « ne pas publier »",
            "withdraw a consent: its assets become 'do not publish'",
        ),
    )
    w.add_argument("id", metavar="ID")
    w.add_argument("--json", action="store_true")


def _describe(doc: dict[str, Any]) -> str:
    state = tr("RETIRÉ", "WITHDRAWN") if doc["withdrawn"] else tr("valable", "valid")
    parts = [f"{doc['id']}  {doc['name']}  [{state}]", f"  portée : {', '.join(doc['scope'])}"]
    for key, label in (
        ("contact", "contact"),
        ("signed", "signé le"),
        ("expires", "expire le"),
        ("guardian", "représentant légal"),
        ("form", "formulaire"),
    ):
        if doc.get(key):
            parts.append(f"  {label} : {doc[key]}")
    if doc["minor"]:
        parts.append("  mineur")
    return "\n".join(parts)


def _refresh(lib: Any) -> None:
    """Before a withdrawal, bring this catalog up to date with the sidecars (another PC may have linked the
    consent since the last scan), unless a running app or `watch` owns the catalog: it is kept up to date."""
    from ..cli import _err
    from ..core import RootUnreachable

    if lib.read_only:
        return
    for root in lib.roots():
        try:
            lib.scan(root)
        except RootUnreachable as exc:
            _err(
                tr(
                    f"{exc} Les photos liées sont cherchées dans le catalogue tel qu'il est.",
                    f"{exc} Linked photos are looked up in the catalog as it is.",
                )
            )


def cmd_consent(args: argparse.Namespace) -> int:
    import orjson

    from ..cli import _err, _open_library
    from ..core import ConsentError, LibraryError

    action = args.consent_action
    if action == "add" and args.guardian and not args.minor:
        _err(tr("--guardian ne s'emploie qu'avec --minor.", "--guardian goes with --minor."))
        return 2
    with _open_library(args, read_only=True if action != "withdraw" else None) as lib:
        try:
            register = lib.consents
            out: Any
            if action == "add":
                consent: Consent = register.add(
                    args.name,
                    contact=args.contact,
                    signed=args.signed,
                    expires=args.expires,
                    scope=args.scope,
                    minor=args.minor,
                    guardian=args.guardian,
                    form=args.form,
                    notes=args.notes,
                )
                out = register.to_json(consent)
                text = consent.id
            elif action == "list":
                listing = register.list()
                for problem in listing.problems:
                    _err(problem)
                out = [register.to_json(c) for c in listing.consents]
                text = "\n".join(_describe(d) for d in out) if out else tr("Aucun consentement.", "No consent.")
            elif action == "show":
                out = register.to_json(register.get(args.id))
                text = _describe(out)
            else:
                _refresh(lib)
                out = lib.withdraw_consent(args.id)
                n = len(out["assets"])
                lines = [
                    tr(
                        f"Consentement « {args.id} » retiré ; {n} fichier(s) marqué(s) « ne pas publier ».",
                        f"Consent « {args.id} » withdrawn; {n} file(s) marked 'do not publish'.",
                    )
                ]
                for asset in out["assets"]:
                    lines.append(asset["path"])
                    for e in asset["exports"]:
                        lines.append(f"  exporté : {e['preset']} → {e['output']} ({e['date']}, {e['pc']})")
                    for pub in asset["published"]:
                        lines.append(f"  publié : {pub['platform']} {pub['date']} {pub['url'] or ''}".rstrip())
                text = "\n".join(lines)
        except (ConsentError, LibraryError) as exc:
            _err(str(exc))
            return 1
    if args.json:
        sys.stdout.write(orjson.dumps(out).decode() + "\n")
    else:
        print(text)
    return 0


HANDLERS = {"consent": cmd_consent}
