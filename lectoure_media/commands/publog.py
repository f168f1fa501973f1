"""`posted FILE... --platform P [--date D] [--url U]`, and the publication-log filters of `list`
(`--never-exported`, `--not-published-since D`; `--exported-to` is cli.py's). CLI.md is the contract."""

from __future__ import annotations

import argparse
import sys

from ..clitext import tr

# CLI.md's platforms (core/team/publog.py PLATFORMS; repeated here so that `--help` loads no engine module).
PLATFORMS = ("instagram", "facebook", "tiktok", "linkedin", "x", "youtube", "website")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    p = sub.add_parser(
        "posted",
        parents=[common],
        help=tr("noter que des fichiers ont été publiés (journal des publications)", "mark files as published"),
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--platform", required=True, choices=PLATFORMS, help=tr("plateforme", "platform"))
    p.add_argument("--date", metavar="YYYY-MM-DD", help=tr("date de publication (aujourd'hui par défaut)", "date"))
    p.add_argument("--url", metavar="URL", help=tr("adresse de la publication", "address of the post"))
    p.add_argument("--json", action="store_true")

    ls = sub.choices.get("list")
    if ls is not None:
        ls.add_argument(
            "--never-exported", action="store_true", help=tr("seulement les médias jamais exportés", "never exported")
        )
        ls.add_argument(
            "--not-published-since",
            metavar="YYYY-MM-DD",
            help=tr("seulement les médias pas publiés depuis ce jour", "not published on or after that day"),
        )


def cmd_posted(args: argparse.Namespace) -> int:
    import orjson

    from ..cli import _err, _open_library
    from ..core import LibraryError

    # The catalog may be owned by `watch` or the app: this command only appends to the team folder's log.
    with _open_library(args, read_only=None) as lib:
        try:
            entries = lib.mark_published(args.files, args.platform, args.date, args.url)
        except LibraryError as exc:
            _err(str(exc))
            return 1
    if any(e["queued"] for e in entries):
        _err(
            "Le dossier d'équipe est inaccessible ou en lecture seule : la publication est gardée sur ce poste "
            "et sera écrite dans le dossier partagé dès qu'il sera de nouveau accessible."
        )
    if args.json:
        keys = ("source", "platform", "date", "url", "pc")
        sys.stdout.write(orjson.dumps([{k: e[k] for k in keys} for e in entries]).decode() + "\n")
    else:
        n = len(entries)
        print(f"{n} fichier{'s' if n > 1 else ''} noté{'s' if n > 1 else ''} comme publié{'s' if n > 1 else ''}.")
    return 0


HANDLERS = {"posted": cmd_posted}
