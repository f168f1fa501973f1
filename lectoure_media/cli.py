"""Command line (../shared/docs/CLI.md is the contract: names, flags and JSON keys stay stable).

Exit status: 0 success, 1 the command failed, 2 usage error. Errors go to stderr as one sentence; with
--json, stdout holds only JSON.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import logging
import logging.handlers
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .clitext import install_argparse_language, tr

if TYPE_CHECKING:
    from .core import BatchProgress, CatalogError, Filter, FitAdvice, Library, ScanSummary, WatchStatus

log = logging.getLogger("lectoure_media")


class _VersionAction(argparse.Action):
    """--version, reading the package metadata only when asked (see lectoure_media.__getattr__)."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str = argparse.SUPPRESS,
        default: Any = argparse.SUPPRESS,
        help: str | None = None,
    ) -> None:
        super().__init__(
            option_strings,
            dest=dest,
            default=default,
            nargs=0,
            help=help or tr("afficher la version et quitter", "show the version and exit"),
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        from . import __version__

        print(f"{parser.prog} {__version__}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors: exit 2 with one clear line
        self.print_usage(sys.stderr)
        print(tr(f"{self.prog} : erreur : {message}", f"{self.prog}: error: {message}"), file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    install_argparse_language()  # argparse's own words ("usage:", "options"…) in the same language
    _JSON_HELP = tr("résultat en JSON sur la sortie standard", "print the result as JSON")  # noqa: N806 -- a constant of this function
    common = _Parser(add_help=False)  # only a parent: its arguments are copied into each parser below
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=tr(
            "dossier où ce PC garde son catalogue, ses vignettes et ses réglages",
            "where this PC keeps its catalog, thumbnails and settings",
        ),
    )
    p = _Parser(
        prog="lectoure-media",
        parents=[common],
        description=tr(
            "Lectoure Media — photos et vidéos de la communication municipale.",
            "Lectoure Media — photos and videos of the town's communication office.",
        ),
    )
    p.add_argument("--version", action=_VersionAction)
    p.add_argument(
        "--demo",
        action="store_true",
        help=tr(
            "ouvrir l'application sur une bibliothèque de démonstration", "open the app on a generated demo library"
        ),
    )
    p.add_argument(
        "--self-test",
        nargs="?",
        const="",
        default=None,
        metavar="ROOT",
        help=tr(
            "charger ROOT (ou la démonstration), afficher une fois, écrire « self-test ok »",
            "load ROOT (or the demo library), render once, print 'self-test ok'",
        ),
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    s = sub.add_parser("scan", parents=[common], help=tr("analyser ROOT une fois", "index ROOT once"))
    s.add_argument("root", help=tr("dossier à analyser", "folder to index"))
    s.add_argument("--json", action="store_true", help=_JSON_HELP)

    w = sub.add_parser(
        "watch",
        parents=[common],
        help=tr(
            "analyser, puis suivre les changements jusqu'à Ctrl-C", "scan, then keep the catalog in sync until Ctrl-C"
        ),
    )
    w.add_argument("root", help=tr("dossier à suivre", "folder to watch"))
    w.add_argument(
        "--polling",
        action="store_true",
        help=tr("sonder à intervalles (partages réseau)", "force polling (network shares)"),
    )
    w.add_argument(
        "--interval",
        type=float,
        help=tr(
            "intervalle de sondage en secondes (par défaut : celui des réglages, 5 s au début)",
            "polling interval in seconds (default: the settings', 5 s at first)",
        ),
    )
    w.add_argument(
        "--json", action="store_true", help=tr("un résumé JSON par changement", "print one JSON summary per change")
    )

    ls = sub.add_parser("list", parents=[common], help=tr("lister les médias", "print assets"))
    ls.add_argument("root", nargs="?", help=tr("seulement ce dossier", "only this folder"))
    ls.add_argument("--json", action="store_true", help=_JSON_HELP)
    ls.add_argument("--business", action="append", default=[], metavar="NAME", help=tr("commerce", "business"))
    ls.add_argument(
        "--heritage", action="append", default=[], metavar="NAME", help=tr("site patrimonial", "heritage site")
    )
    ls.add_argument("--campaign", action="append", default=[], metavar="NAME", help=tr("campagne", "campaign"))
    ls.add_argument("--keyword", action="append", default=[], metavar="K", help=tr("mot-clé", "keyword"))
    ls.add_argument(
        "--kind", choices=["photo", "video"], help=tr("photos ou vidéos seulement", "photos or videos only")
    )
    ls.add_argument(
        "--text", metavar="WORDS", help=tr("mots du nom ou des étiquettes", "words of the name or the tags")
    )
    ls.add_argument("--since", metavar="YYYY-MM-DD", help=tr("pris ce jour ou après", "taken on or after that day"))
    ls.add_argument("--until", metavar="YYYY-MM-DD", help=tr("pris ce jour ou avant", "taken on or before that day"))
    ls.add_argument("--untagged", action="store_true", help=tr("sans aucune étiquette", "without any tag"))
    ls.add_argument("--missing", action="store_true", help=tr("fichiers disparus", "files that are gone"))
    ls.add_argument(
        "--errors",
        action="store_true",
        help=tr("seulement les fichiers illisibles", "only files that could not be read"),
    )

    ls.add_argument(
        "--exported-to",
        metavar="PRESET",
        help=tr("seulement les médias exportés à ce format", "only assets exported for that preset"),
    )
    ls.add_argument(
        "--not-exported-since",
        metavar="YYYY-MM-DD",
        help=tr(
            "seulement les médias non exportés (à aucun format) depuis ce jour",
            "only assets not exported (to any preset) on or after that day",
        ),
    )
    ls.add_argument(
        "--stars-min",
        type=int,
        choices=range(6),
        metavar="N",
        help=tr("seulement les médias notés N étoiles ou plus", "only assets rated N stars or more"),
    )

    ls.add_argument(
        "--no-consent",
        action="store_true",
        help=tr("personnes visibles sans consentement valable", "people shown without a valid consent"),
    )
    ls.add_argument(
        "--licence-expired", action="store_true", help=tr("licence arrivée à son terme", "licence end date passed")
    )
    ls.add_argument("--minors", action="store_true", help=tr("mineurs visibles", "minors shown"))
    ls.add_argument(
        "--do-not-publish", action="store_true", help=tr("marqués « ne pas publier »", "marked 'do not publish'")
    )
    ls.add_argument("--creator", metavar="NAME", help=tr("auteur (une partie du nom)", "creator (part of the name)"))

    pr = sub.add_parser("presets", parents=[common], help=tr("lister les formats d'export", "list export presets"))
    pr.add_argument("--json", action="store_true", help=_JSON_HELP)

    ex = sub.add_parser(
        "export",
        parents=[common],
        help=tr("écrire dans DIR les recadrages aux formats des plateformes", "write platform-sized crops into DIR"),
    )
    ex.add_argument(
        "files", nargs="+", metavar="FILE", help=tr("photos ou vidéos à exporter", "photos or videos to export")
    )
    which = ex.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--preset",
        action="append",
        metavar="ID",
        help=tr(
            "identifiant du format (voir `presets`) ; à répéter pour plusieurs",
            "preset id (see `presets`); repeat for several",
        ),
    )
    which.add_argument(
        "--set", dest="format_set", metavar="NAME", help=tr("ensemble de formats nommé", "named format set")
    )
    ex.add_argument(
        "--out",
        metavar="DIR",
        help=tr(
            "par défaut : le dossier d'export des réglages, sinon le dossier courant",
            "default: the export folder of the settings, else the current folder",
        ),
    )
    ex.add_argument(
        "--name",
        metavar="TEMPLATE",
        help=tr(
            "modèle de nom de fichier : {name} {preset} {date} {business} {site} {campaign} "
            "(par défaut : celui des réglages, {name}_{preset} au début)",
            "file name template: {name} {preset} {date} {business} {site} {campaign} "
            "(default: the settings' template, {name}_{preset} at first)",
        ),
    )
    ex.add_argument("--credit", metavar="TEXT", help=tr("crédit écrit sur l'image", "credit line drawn on the picture"))
    ex.add_argument(
        "--trim",
        action="store_true",
        help=tr(
            "couper les vidéos plus longues que ce qu'accepte la plateforme",
            "cut videos longer than the platform allows",
        ),
    )
    ex.add_argument(
        "--fit",
        action="store_true",
        help=tr(
            "vidéos : toute l'image sur un fond flou, sans recadrage",
            "videos: whole frame over a blurred fill, no crop",
        ),
    )
    ex.add_argument(
        "--captions",
        action="store_true",
        help=tr(
            "écrire une légende <fichier>.txt à côté de chaque fichier", "write a caption <file>.txt beside each file"
        ),
    )
    ex.add_argument(
        "--strict",
        action="store_true",
        help=tr(
            "refuser les médias que la vérification des droits arrête (code 1)",
            "refuse assets the rights check stops (exit 1)",
        ),
    )
    ex.add_argument("--json", action="store_true", help=_JSON_HELP)

    t = sub.add_parser(
        "tag",
        parents=[common],
        help=tr("ajouter (ou avec --remove, retirer) des étiquettes", "add (or with --remove, take away) tags"),
    )
    t.add_argument(
        "files", nargs="+", metavar="FILE", help=tr("photos ou vidéos à étiqueter", "photos or videos to tag")
    )
    t.add_argument("--business", action="append", default=[], metavar="NAME", help=tr("commerce", "business"))
    t.add_argument(
        "--heritage", action="append", default=[], metavar="NAME", help=tr("site patrimonial", "heritage site")
    )
    t.add_argument("--campaign", action="append", default=[], metavar="NAME", help=tr("campagne", "campaign"))
    t.add_argument("--keyword", action="append", default=[], metavar="K", help=tr("mot-clé", "keyword"))
    t.add_argument(
        "--category",
        metavar="CAT",
        help=tr(
            "catégorie des nouveaux commerces (par ex. Restaurants)", "category of new businesses (e.g. Restaurants)"
        ),
    )
    t.add_argument("--remove", action="store_true", help=tr("retirer au lieu d'ajouter", "remove instead of adding"))
    t.add_argument("--json", action="store_true", help=_JSON_HELP)

    from .commands import register_all

    register_all(sub, common)
    return p


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file in the data dir. When that disk is full or read-only, a line that cannot be written is
    dropped: logging's default prints a traceback on stderr for each one (hundreds during a scan)."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def setup_logging(data_dir: Path | None) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    # The user reads messages the commands print themselves; stderr gets only critical log lines,
    # without tracebacks (those go to the rotating log file in the data dir).
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.CRITICAL)
    err.setFormatter(_OneLine())
    root.addHandler(err)
    if data_dir is not None:
        try:
            (data_dir / "logs").mkdir(parents=True, exist_ok=True)
            fh = _LogFile(
                data_dir / "logs" / "lectoure-media.log",
                maxBytes=2_000_000,
                backupCount=3,
                encoding="utf-8",
                errors="backslashreplace",
            )
            fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            root.addHandler(fh)
        except OSError:
            pass


def _data_dir(args: argparse.Namespace) -> Path:
    from .core import default_data_dir

    given = getattr(args, "data_dir", None)
    return Path(given) if given else default_data_dir()


def _is_tty(stream: TextIO | None) -> bool:
    """The windowed Windows build has no console: sys.stderr is then None."""
    return stream is not None and stream.isatty()


def _err(msg: str) -> None:
    if sys.stderr is not None:
        print(msg, file=sys.stderr)


@contextlib.contextmanager
def _open_library(args: argparse.Namespace, *, read_only: bool | None = None) -> Iterator[Library]:
    """The library for one command. A command that ends normally has its catalog saved before the library
    closes, so that a save refused by the disk makes the command fail (CatalogError, exit 1) instead of
    being only logged at close."""
    from .core import Library

    lib = Library(_data_dir(args), read_only=read_only)
    for msg in lib.messages:
        _err(msg)
    try:
        yield lib
        lib.flush()
    finally:
        lib.close()


def _not_saved_message(exc: CatalogError, data_dir: Path | None, command: str | None) -> str:
    """A catalog save refused at the end of a command: the process exits, so nothing "will be retried";
    what matters is what was kept (files and XMP sidecars are written before the catalog)."""
    from .core import french_os_reason as _french_os_reason

    cause = exc.__cause__
    reason = _french_os_reason(cause) if isinstance(cause, OSError) else "erreur interne"
    kept = (
        "les fichiers exportés sont écrits mais cet export ne sera pas noté dans le journal des publications"
        if command == "export"
        else "rien n'est perdu : les photos, les vidéos et les fichiers XMP sont intacts et le catalogue sera "
        "remis à jour à la prochaine analyse"
    )
    return f"Le catalogue n'a pas pu être enregistré dans « {data_dir} » ({reason}) ; {kept}."


def _ensure_rebuilt(lib: Library, args: argparse.Namespace) -> None:
    if lib.needs_rebuild and not lib.read_only and lib.roots():
        _err("Reconstruction du catalogue depuis les dossiers et les fichiers XMP…")
        lib.rebuild()


def _progress_printer(enabled: bool) -> Callable[[int, int, str], None] | None:
    if not enabled:
        return None
    state = {"last": -1}

    def progress(done: int, total: int, _msg: str) -> None:
        pct = int(done * 100 / total) if total else 100
        if pct != state["last"] and (pct % 5 == 0 or done == total):
            state["last"] = pct
            print(
                f"\ranalyse : {done}/{total} ({pct} %)", end="" if done < total else "\n", file=sys.stderr, flush=True
            )

    return progress


def cmd_scan(args: argparse.Namespace) -> int:
    import orjson

    from .core import RootUnreachable

    with _open_library(args) as lib:
        _ensure_rebuilt(lib, args)
        try:
            summary = lib.scan(args.root, progress=_progress_printer(_is_tty(sys.stderr)))
        except RootUnreachable as exc:
            _err(str(exc))
            return 1
        lib.flush()
    if args.json:
        sys.stdout.write(orjson.dumps(summary.to_json()).decode() + "\n")
    else:
        print(
            f"{summary.root} : {summary.seen} fichiers vus, {summary.added} ajoutés, {summary.updated} mis à "
            f"jour, {summary.moved} déplacés, {summary.unchanged} inchangés, {summary.missing} manquants, "
            f"{len(summary.errors)} illisibles ({summary.seconds:.1f} s)."
        )
        for e in summary.errors:
            print(f"  illisible : {e['path']} — {e['reason']}")
    if not summary.recorded:
        _err("Résultat non enregistré : un autre processus tient le catalogue et intègre ces changements.")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    import orjson

    from .core import RootUnreachable

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, on_signal)
    with _open_library(args, read_only=False) as lib:
        _ensure_rebuilt(lib, args)
        try:
            summary = lib.scan(args.root)
            _err(f"{summary.seen} fichiers, {summary.added} ajoutés, {summary.missing} manquants.")
        except RootUnreachable as exc:
            _err(f"{exc} Nouvel essai automatique.")

        def on_status(st: WatchStatus) -> None:
            _err(st.message)

        def on_update(summary: ScanSummary) -> None:
            if args.json:
                sys.stdout.write(orjson.dumps(summary.to_json()).decode() + "\n")
                sys.stdout.flush()
            lib.flush(wait_sidecars=False)

        watcher = lib.watch(
            args.root,
            on_status=on_status,
            on_update=on_update,
            mode="polling" if args.polling else "auto",
            **({} if args.interval is None else {"poll_interval": args.interval}),
        )
        try:
            while not stop.wait(1.0):
                pass
        finally:
            watcher.stop()
            _err("Surveillance arrêtée.")
    return 0


def _filter_from(args: argparse.Namespace) -> Filter:
    from .core import Filter

    for name in ("since", "until", "not_exported_since", "not_published_since"):
        value = getattr(args, name, None)
        if value:
            from datetime import date

            try:
                date.fromisoformat(value)
            except ValueError:
                flag = name.replace("_", "-")
                raise _UsageError(f"--{flag} attend une date AAAA-MM-JJ, pas « {value} ».") from None
    return Filter(
        business=args.business,
        heritage=args.heritage,
        campaign=args.campaign,
        keywords=args.keyword,
        kind=args.kind,
        text=args.text,
        since=args.since,
        until=args.until,
        untagged=args.untagged,
        missing=args.missing,
        errors=args.errors,
        root=os.path.abspath(args.root) if args.root else None,
        exported_to=args.exported_to,
        not_exported_since=args.not_exported_since,
        no_consent=args.no_consent,
        licence_expired=args.licence_expired,
        minors=args.minors,
        do_not_publish=args.do_not_publish,
        creator=args.creator,
        never_exported=getattr(args, "never_exported", False),  # added by commands/publog.py
        not_published_since=getattr(args, "not_published_since", None),
        stars_min=getattr(args, "stars_min", None),
    )


class _UsageError(Exception):
    pass


def cmd_list(args: argparse.Namespace) -> int:
    import orjson

    flt = _filter_from(args)
    with _open_library(args, read_only=True) as lib:
        if flt.no_consent:
            from .commands.rights import valid_consent_ids

            flt.valid_consents = valid_consent_ids(lib)
        docs = lib.query(flt)
        out = sys.stdout
        if args.json:
            for doc in docs:
                out.write(orjson.dumps({**lib.to_json(doc, args.root), **lib.publication_json(doc)}).decode() + "\n")
        else:
            for doc in docs:
                j = lib.to_json(doc, args.root)
                tags = ", ".join(n for f in j["tags"].values() for n in f)
                status = "" if j["status"] == "ok" else f" [{j['status']}]"
                out.write(
                    f"{j['taken_at'] or '—':19}  {j['kind']:5}  {j['relpath']}{status}{'  — ' + tags if tags else ''}\n"
                )
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    import orjson

    from .core import InvalidName, LibraryError

    delta = {"business": args.business, "heritage": args.heritage, "campaign": args.campaign, "keywords": args.keyword}
    if not any(delta.values()):
        raise _UsageError("Indiquez au moins une étiquette (--business, --heritage, --campaign ou --keyword).")
    with _open_library(args) as lib:
        try:
            categories = {n: args.category for n in args.business} if args.category else None
            if args.remove:
                docs = lib.tag(args.files, remove=delta)
            else:
                docs = lib.tag(args.files, add=delta, categories=categories)
        except (LibraryError, InvalidName) as exc:
            _err(str(exc))
            return 1
        if not sidecars_written(lib, "l'étiquette"):
            return 1
        result = [lib.to_json(lib.get_by_path(d["path"]) or d) for d in docs]
        # An unreadable sidecar was replaced: say where it was kept (`sidecar_replaced` in the JSON).
        replaced = {n["path"]: n for n in lib.sidecar_notices}
        for item in result:
            notice = replaced.get(item["path"])
            item["sidecar_replaced"] = (
                None if notice is None else {k: notice[k] for k in ("sidecar", "kept_as", "written", "reason")}
            )
    if args.json:
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
        for notice in replaced.values():
            _err(notice["message"])
    else:
        verb = "retirées de" if args.remove else "ajoutées à"
        print(f"Étiquettes {verb} {len(result)} fichier(s).")
        for notice in replaced.values():
            print(f"  {notice['message']}")
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    import orjson

    from .core import load_presets_report

    report = load_presets_report(_data_dir(args))
    for warning in report.warnings:
        _err(warning)
    if args.json:
        sys.stdout.write(orjson.dumps([p.summary() for p in report.presets]).decode() + "\n")
    else:
        for p in report.presets:
            kinds = " + ".join("photo" if k == "photo" else "vidéo" for k in p.kind)
            print(f"{p.id:22} {p.width:>5}×{p.height:<5} {kinds:14} {p.label}")
    return 0


def _fit_advice(lib: Library, files: Sequence[str], preset_ids: Sequence[str]) -> FitAdvice:
    """Videos of this export that the crop enlarged a lot (export/advice.py)."""
    from .core import fit_advice, load_presets

    wanted = set(preset_ids)
    presets = [p for p in load_presets(lib.data_dir) if p.id in wanted]
    return fit_advice([lib.get_by_path(os.path.abspath(f)) for f in files], presets)


def _fit_hint(advice: FitAdvice) -> str:
    worst = advice.worst
    name = os.path.basename(worst.path)
    crop, fit = (f"{v:.1f}".removesuffix(".0") for v in (worst.crop_scale, worst.fit_scale))
    return tr(
        f"Astuce : « {name} » a été agrandie {crop.replace('.', ',')} fois pour « {worst.preset_label} » ; "
        f"relancez avec --fit pour la garder entière sur un fond flou (agrandie {fit.replace('.', ',')} fois).",
        f"Tip: “{name}” was enlarged {crop} times for “{worst.preset_label}”; run again with --fit to keep "
        f"the whole picture over a blurred background (enlarged {fit} times).",
    )


def cmd_export(args: argparse.Namespace) -> int:
    import orjson

    from .core import UnknownPreset, json_path

    def progress(update: BatchProgress) -> None:
        if _is_tty(sys.stderr):
            print(
                f"\rexport : {update.done_items}/{update.total_items} — {update.current_label}"[:100].ljust(100),
                end="",
                file=sys.stderr,
                flush=True,
            )

    from .core import InvalidTemplate, render_name

    try:  # a bad --name is a usage error, found before anything is opened or exported
        if args.name is not None:
            render_name(args.name, name="nom", preset="format")
    except InvalidTemplate as exc:
        raise _UsageError(f"--name : {exc}") from None
    overlay = None
    if args.credit:  # drawn on the picture (and written as the XMP credit)
        from .core import Overlay

        overlay = Overlay(text=args.credit)
    # Ctrl-C (and SIGTERM) cancel the batch like the GUI's Cancel button: running exports stop and delete
    # their temporary file, the files already written stay and are logged, then the command exits 128+signal.
    cancel = threading.Event()
    stopped_by: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopped_by.append(signum)
        cancel.set()

    previous = {
        sig: signal.signal(sig, on_signal)
        for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None))
        if sig is not None
    }
    try:
        with _open_library(args) as lib:
            try:
                # Options left out come from this data dir's settings (export folder, template; the
                # credit line: the campaign's, else the default one — export.plan chooses).
                out_dir = args.out if args.out is not None else (lib.settings().export_folder or ".")
                preset_ids = args.preset
                if args.format_set is not None:  # --set NAME: the presets of a team format set
                    preset_ids = lib.format_set(args.format_set).preset_ids
                results = lib.export(
                    args.files,
                    preset_ids,
                    out_dir,
                    template=args.name,
                    credit=args.credit,
                    overlay=overlay,
                    trim=args.trim,
                    video_mode="fit" if args.fit else "crop",
                    progress=progress,
                    cancel=cancel,
                    captions=args.captions,
                    strict=True if args.strict else None,
                )
            except UnknownPreset as exc:
                _err(str(exc))
                return 2
            if _is_tty(sys.stderr):
                print(file=sys.stderr)
            advice = None if args.fit else _fit_advice(lib, args.files, preset_ids)
            lib.flush()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    out, failed = [], 0
    for r in results:
        for warning in r.warnings:
            _err(f"{os.path.basename(r.item.source)} ({r.item.preset_id}) : {warning}")
        if r.rights and not r.refused:
            _err(f"{os.path.basename(r.item.source)} ({r.item.preset_id}) : droits — {' '.join(r.rights)}")
        row = {
            **json_path(r.item.source, "source"),
            "preset": r.item.preset_id,
            "output": r.output,
            "width": r.width,
            "height": r.height,
            "warnings": list(r.warnings),
            "status": "ok",
            "error": None,
            "caption": r.caption,
            "rights": list(r.rights),
        }
        if r.refused:
            row["refused"] = True
        if r.error or not r.output:
            failed += 1
            row.update(
                output=None,
                width=None,
                height=None,
                status="cancelled" if r.cancelled else "refused" if r.refused else "error",
                error=r.error or "échec de l'export",
                caption=None,
            )
            if not r.cancelled:
                _err(f"{r.item.source} ({r.item.preset_id}) : {row['error']}")
        out.append(row)
    if args.json:
        sys.stdout.write(orjson.dumps(out).decode() + "\n")
    else:
        for o in out:
            if o["status"] == "ok":
                print(f"{o['output']}  ({o['width']}×{o['height']})")
    if advice:
        _err(_fit_hint(advice))
    if stopped_by:
        _err(f"Export annulé : {_count(sum(o['status'] == 'ok' for o in out), 'fichier écrit', 'fichiers écrits')}.")
        return 128 + stopped_by[0]
    if failed:
        _err(f"{_count(len(out) - failed, 'fichier écrit', 'fichiers écrits')}, {_count(failed, 'échec', 'échecs')}.")
    return 1 if failed else 0


def sidecars_written(lib: Library, what: str) -> bool:
    """Wait for the XMP sidecars a command changed; False (each failure said in French) when they were not
    all written. `what`: what was written, for the message ("l'étiquette", "la note")."""
    if not lib.wait_sidecars(timeout=120):
        _err("L'écriture des fichiers XMP n'est pas terminée (partage lent ou déconnecté).")
        return False
    if lib.sidecar_errors:
        for path, reason in lib.sidecar_errors:
            _err(f"Impossible d'écrire {what} de « {path} » : {reason}")
        return False
    return True


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


def cmd_demo(args: argparse.Namespace) -> int:
    from .core import ensure_demo_library

    data_dir = _data_dir(args)
    with _open_library(args) as lib:
        root = ensure_demo_library(lib, data_dir / "demo", progress=_progress_printer(_is_tty(sys.stderr)))
        lib.flush()
        count = len(lib.query())
        print(f"Bibliothèque de démonstration prête : {root} ({count} médias).")
        return _launch_gui(args, demo_root=root, library=lib)


def _launch_gui(
    args: argparse.Namespace,
    demo_root: Path | None = None,
    self_test_root: str | Path | None = None,
    library: Library | None = None,
) -> int:
    """Hand over to the desktop app; `library` (already open) is passed on, not opened twice."""
    try:
        from .gui.app import run_app  # the GUI is optional: a build without it still has the CLI
    except ImportError:
        print(
            "L'interface graphique arrive dans une prochaine version ; le catalogue est prêt "
            "(essayez « lectoure-media list »). / The GUI arrives in a later release."
        )
        return 0
    return run_app(args, demo_root=demo_root, self_test_root=self_test_root, library=library)


def cmd_self_test(args: argparse.Namespace) -> int:
    from .core import Filter, ensure_demo_library

    data_dir = _data_dir(args)
    with _open_library(args) as lib:
        root = args.self_test or ensure_demo_library(lib, data_dir / "demo")
        if args.self_test:
            lib.scan(root)
        docs = lib.query(Filter(root=str(root)))
        if not docs:
            _err(f"self-test: aucun média trouvé dans {root}.")
            return 1
        try:
            from .gui.app import run_app  # noqa: F401 -- imported only to learn whether the GUI is there
        except ImportError:
            print(f"self-test ok (moteur : {len(docs)} médias ; interface graphique pas encore livrée)")
            return 0
        return _launch_gui(args, self_test_root=root, library=lib)


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    """Error handler of stdout/stderr: a byte of a file name that is not UTF-8 (a lone surrogate) is
    written as \\xE9, any other character the console cannot show as \\u20ac; never an exception."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for c in exc.object[exc.start : exc.end]:
        n = ord(c)
        out.append(f"\\x{n - 0xDC00:02x}" if 0xDC80 <= n <= 0xDCFF else f"\\u{n:04x}" if n <= 0xFFFF else f"\\U{n:08x}")
    return "".join(out), exc.end


def _safe_text_streams() -> None:
    codecs.register_error("lectoure-escape", _escape_unencodable)
    for stream in (sys.stdout, sys.stderr):
        # Only a TextIOWrapper has reconfigure: not a test's capture, nor None (the windowed Windows build).
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="lectoure-escape")


def main(argv: list[str] | None = None) -> int:
    _safe_text_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir: Path | None
    try:
        data_dir = _data_dir(args)
    except Exception:  # noqa: BLE001 -- only the log file's place: without it the command still runs, says what fails
        data_dir = None
    setup_logging(data_dir)
    from .commands import handlers as commands_handlers
    from .core import CatalogError, LibraryError

    if hasattr(signal, "SIGTERM"):
        # A service manager or a logoff sends SIGTERM: unwind so that the catalog is flushed on the way out.
        signal.signal(signal.SIGTERM, _terminate)

    try:
        if args.self_test is not None:
            return cmd_self_test(args)
        if args.demo:
            return cmd_demo(args)
        handler = {
            "scan": cmd_scan,
            "watch": cmd_watch,
            "list": cmd_list,
            "tag": cmd_tag,
            "presets": cmd_presets,
            "export": cmd_export,
            **commands_handlers(),
        }.get(args.command)
        if handler is None:
            return _launch_gui(args)
        return handler(args)
    except _UsageError as exc:
        _err(str(exc))
        return 2
    except LibraryError as exc:
        _err(str(exc))
        return 1
    except CatalogError as exc:  # the final save of a writing command (see _open_library)
        log.error("catalog not saved: %s", exc)
        _err(_not_saved_message(exc, data_dir, getattr(args, "command", None)))
        return 1
    except KeyboardInterrupt:
        _err("Interrompu.")
        return 1
    except BrokenPipeError:  # `lectoure-media list | head`: the reader has all it wanted
        with contextlib.suppress(OSError):
            # Open until the process ends (a `with` would close it at once): the interpreter's last flush of
            # stdout then goes nowhere instead of failing on the closed pipe.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 -- stays open as stdout until the process exits
        return 0
    except Exception as exc:  # never a traceback for the user: one sentence, details in the log
        log.exception("unexpected error")
        _err(f"Erreur inattendue : {exc} (détails dans le journal {data_dir}/logs).")
        return 1
