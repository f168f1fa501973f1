"""Exports and their publication log: the batch Library.export runs, and the log of what was exported
and published (team/publog.py: one append-only file per PC in the team folder, read as the union of all;
it outlives a rebuilt catalog and a replaced PC). A part of the Library split out of library.py: it works
on the facade's private log and index under its lock.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, cast

if TYPE_CHECKING:
    from .export.batch import BatchProgressCallback, ItemResult
    from .export.image import Overlay
    from .library import Library


def open_log(lib: Library) -> None:
    """At the open: the publication log (cache, team folders, queue) into the asset index; a writer also
    flushes the queue and migrates the old per-PC export rows of registry.json (idempotent)."""
    from .library import EXPORTS, SETTINGS
    from .team.publog import PublicationLog, clean_entry, migrated_id

    lib._publog = log = PublicationLog(lib.data_dir, writable=not lib.read_only)
    roots = lib.roots()
    if not lib.read_only:
        log.flush_queue(roots)
    log.refresh(roots)
    legacy = list(lib._registry.items(EXPORTS))
    settings = lib._registry.get(SETTINGS, 1) or {}
    if legacy and settings.get("publog_migrated") != len(legacy):
        rows = []
        for _, row in legacy:
            entry = clean_entry(_legacy_entry(lib, row, migrated_id(row)))
            if entry is not None and entry["id"] not in log.ids:
                rows.append(entry)
        if lib.read_only:  # a reader shows them; the owner writes them
            for entry in rows:
                log.add(entry)
        else:
            try:
                log.append(roots, rows)
                lib._registry.put(
                    SETTINGS, 1, {**(lib._registry.get(SETTINGS, 1) or {}), "publog_migrated": len(legacy)}
                )
            except OSError as exc:
                lib.messages.append(
                    "L'ancien journal des exports de ce poste n'a pas pu être recopié dans le dossier "
                    f"d'équipe ({exc}) ; il le sera à la prochaine ouverture."
                )
    exports, published = lib._index.exports, lib._index.published
    for kind, fp, key, when in log.index_keys():  # AssetIndex.add_export / add_publication, unrolled
        if key is None or when is None:
            continue
        by_key = (exports if kind == "export" else published).setdefault(fp, {})
        if when > by_key.get(key, ""):
            by_key[key] = when


def _legacy_entry(lib: Library, row: dict[str, Any], entry_id: str) -> dict[str, Any]:
    source = row.get("source")
    return {
        **{k: row.get(k) for k in ("fingerprint", "preset", "output", "width", "height", "bytes", "at")},
        "type": "export",
        "source": _relative(lib, source) if isinstance(source, str) else None,
        "platform": None,
        "date": row["at"][:10] if isinstance(row.get("at"), str) else None,
        "url": None,
        "pc": lib._publog.pc_label,
        "pc_id": lib._publog.pc_id,
        "id": entry_id,
    }


def _relative(lib: Library, path: str) -> str:
    """`path` relative to its library root with '/' separators (absolute when under no root)."""
    path = os.path.abspath(path)
    root = lib.root_of(path)
    if root is None:
        return path.replace(os.sep, "/")
    return os.path.relpath(path, root).replace(os.sep, "/")


def _index_entry(lib: Library, entry: dict[str, Any]) -> None:
    if entry["type"] == "export":
        lib._index.add_export(entry)
    elif entry["type"] == "published" and entry["id"] not in lib._publog.retracted:
        lib._index.add_publication(entry)


def refresh(lib: Library) -> set[int]:
    """Read the other PCs' new lines (and write this PC's queue when the share takes it again); returns
    the ids of the assets the new lines are about."""
    roots = lib.roots()
    with lib._lock:
        if not lib.read_only:
            lib._publog.flush_queue(roots)
        new = lib._publog.refresh(roots)
        _reindex_retracted(lib, new)
        from .team import settings as team_settings

        team_settings.refresh(lib)  # the team's settings.json too
        changed: set[int] = set()
        for entry in new:
            _index_entry(lib, entry)
            if entry.get("fingerprint"):
                changed.update(lib._index.with_fingerprint(entry["fingerprint"]))
        return changed


def _reindex_retracted(lib: Library, entries: list[dict[str, Any]]) -> None:
    """A mark taken back: its asset's publications are indexed again without it."""
    log = lib._publog
    for fp in {e["fingerprint"] for e in entries if e["type"] == "retracted" and e["fingerprint"]}:
        lib._index.published.pop(fp, None)
        for entry in log.by_fingerprint(fp):
            if entry["type"] == "published" and entry["id"] not in log.retracted:
                lib._index.add_publication(entry)


def unmark_published(lib: Library, entry_ids: Iterable[str]) -> None:
    """Library.unmark_published: take publication marks back (a "retracted" line each: the log stays
    append-only, every PC drops them). Ids that are not publication marks are ignored."""
    with lib._lock:
        log = lib._publog
        targets = [log.entries.get(i) for i in entry_ids]
        retractions = []
        for target in targets:
            if target is None or target["type"] != "published" or target["id"] in log.retracted:
                continue
            entry = _base_entry(lib, "retracted", target["source"] or "", target["fingerprint"])
            entry.update(
                source=target["source"], platform=target["platform"], date=target["date"], retracts=target["id"]
            )
            retractions.append(entry)
        if retractions:
            _append(lib, retractions)
            _reindex_retracted(lib, retractions)


def save(lib: Library) -> None:
    lib._publog.save_cache()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


def _team_root_above(path: str) -> str | None:
    """The nearest folder above `path` that holds a team folder (a file outside every scanned root, on a PC
    that has not scanned that share yet)."""
    from .team.paths import TEAM_DIR

    folder = os.path.dirname(os.path.abspath(path))
    for _ in range(40):
        if os.path.isdir(os.path.join(folder, TEAM_DIR)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None


def _append(lib: Library, entries: list[dict[str, Any]], root: str | None = None) -> bool:
    """Append to the team folder (of `root`, else the first library root) (True) or, when it refuses, to
    this PC's queue (False)."""
    roots = lib.roots()
    if root is not None:
        roots = [root, *(r for r in roots if r != root)]
    try:
        reached = lib._publog.append(roots, entries)
    except OSError as exc:
        from .catalog import _french_os_reason
        from .library import LibraryError

        raise LibraryError(
            "Le journal des publications n'a pu être écrit ni dans le dossier d'équipe ni dans le dossier "
            f"de données « {lib.data_dir} » ({_french_os_reason(exc)})."
        ) from None
    for entry in entries:
        _index_entry(lib, entry)
    return reached


def _base_entry(lib: Library, kind: str, source: str, fingerprint: str | None) -> dict[str, Any]:
    from .team.publog import new_id

    return {
        "type": kind,
        "fingerprint": fingerprint,
        "source": _relative(lib, source),
        "preset": None,
        "output": None,
        "width": None,
        "height": None,
        "bytes": None,
        "platform": None,
        "date": None,
        "url": None,
        "retracts": None,
        "at": _now(),
        "pc": lib._publog.pc_label,
        "pc_id": lib._publog.pc_id,
        "id": new_id(),
    }


def record_export(lib: Library, source: str, preset: str, output: str, *, width: int, height: int, size: int) -> None:
    """Library.record_export: linked to the asset by its content fingerprint, so it follows renames too."""
    record_exports(lib, [(source, preset, output, width, height, size)])


def record_exports(lib: Library, rows: list[tuple[str, str, str, int, int, int]]) -> None:
    """Log (source, preset, output, width, height, bytes) exports in one append (a batch of 200 files is one
    write and one fsync on the share, not 200)."""
    if not rows:
        return
    with lib._lock:
        entries = []
        for source, preset, output, width, height, size in rows:
            doc_id = lib._id_for_path(source)
            doc = lib._index.docs.get(doc_id) if doc_id is not None else None
            entry = _base_entry(lib, "export", source, (doc or {}).get("fingerprint"))
            entry.update(preset=preset, output=os.path.abspath(output), width=width, height=height, bytes=size)
            entry["date"] = entry["at"][:10]
            entries.append(entry)
        _append(lib, entries)


def _fingerprint_of(lib: Library, path: str) -> str | None:
    doc_id = lib._id_for_path(path)
    if doc_id is not None:
        fp: str | None = lib._index.docs[doc_id].get("fingerprint")
        return fp
    return None


def _entries_of(lib: Library, kind: str, path: str | None) -> list[dict[str, Any]]:
    with lib._lock:
        fp = None
        if path is not None:
            fp = _fingerprint_of(lib, path)
            if fp is None:
                return []
        rows = lib._publog.entries.values() if fp is None else lib._publog.by_fingerprint(fp)
        first = next(iter(lib.roots()), None)
        gone = lib._publog.retracted
        return [_shown(e, first) for e in rows if e["type"] == kind and e["id"] not in gone]


def _shown(entry: dict[str, Any], root: str | None) -> dict[str, Any]:
    """An entry as the facade returns it: `source` made absolute again (under the first root)."""
    out = dict(entry)
    source = entry.get("source")
    if isinstance(source, str) and root is not None and not os.path.isabs(source):
        out["source"] = os.path.join(root, *source.split("/"))
    return out


def export_log(lib: Library, path: str | None = None) -> list[dict[str, Any]]:
    """Exports, newest first, from every PC (each entry says which: "pc"); only those of one asset when
    `path` is given."""
    return sorted(_entries_of(lib, "export", path), key=lambda e: e["at"], reverse=True)


def publications(lib: Library, path: str | None = None) -> list[dict[str, Any]]:
    """Publications marked by every PC, newest first; only those of one asset when `path` is given."""
    rows = _entries_of(lib, "published", path)
    return sorted(rows, key=lambda e: (e["date"], e["at"]), reverse=True)


def mark_published(
    lib: Library, paths: Iterable[str], platform: str, date: str | None = None, url: str | None = None
) -> list[dict[str, Any]]:
    """Library.mark_published: one "published" line per file (a file not in the catalog is identified by
    its content). LibraryError (French) for a bad platform, date or URL, or a file that cannot be read."""
    from datetime import date as _date

    from .fingerprint import fingerprint
    from .fsutil import is_printable
    from .library import LibraryError
    from .team.publog import PLATFORMS

    if platform not in PLATFORMS:
        raise LibraryError(f"Plateforme inconnue : « {platform} » (possibles : {', '.join(PLATFORMS)}).")
    day = date or _date.today().isoformat()
    try:
        if len(day) != 10:
            raise ValueError(day)
        _date.fromisoformat(day)
    except ValueError:
        raise LibraryError(f"La date de publication « {date} » n'est pas au format AAAA-MM-JJ.") from None
    if url is not None:
        url = url.strip() or None
    if url is not None and (
        len(url) > 2000 or not url.lower().startswith(("http://", "https://")) or not is_printable(url) or " " in url
    ):
        raise LibraryError(
            "L'adresse de la publication doit commencer par http:// ou https:// (2000 caractères au plus)."
        )
    entries = []
    target: str | None = None  # the team folder written: the files' library root, else one found above them
    with lib._lock:
        for path in paths:
            full = os.path.abspath(path)
            found = lib.root_of(full) or _team_root_above(full)
            target = target or found
            fp = _fingerprint_of(lib, full)
            if fp is None:
                try:
                    fp = fingerprint(full)
                except OSError as exc:
                    from .catalog import _french_os_reason

                    raise LibraryError(f"Impossible de lire « {path} » ({_french_os_reason(exc)}).") from None
            entry = _base_entry(lib, "published", full, fp)
            if found is not None and lib.root_of(full) is None:
                entry["source"] = os.path.relpath(full, found).replace(os.sep, "/")
            entry.update(platform=platform, date=day, url=url)
            entries.append(entry)
        reached = _append(lib, entries, target)
    # "queued": the share refused the lines; they wait in the data dir and are written when it is back.
    first = next(iter(lib.roots()), None)
    return [{**_shown(e, first), "queued": not reached} for e in entries]


def asset_log_json(lib: Library, fingerprint: str | None) -> dict[str, list[dict[str, Any]]]:
    """CLI.md's `"exports"` and `"published"` of one asset (`list --json`), newest first."""
    with lib._lock:
        gone = lib._publog.retracted
        rows = [e for e in lib._publog.by_fingerprint(fingerprint) if e["id"] not in gone] if fingerprint else []
    exports = sorted((e for e in rows if e["type"] == "export"), key=lambda e: e["at"], reverse=True)
    published = sorted((e for e in rows if e["type"] == "published"), key=lambda e: (e["date"], e["at"]), reverse=True)
    return {
        "exports": [{"preset": e["preset"], "output": e["output"], "date": e["at"], "pc": e["pc"]} for e in exports],
        "published": [{"platform": e["platform"], "date": e["date"], "url": e["url"]} for e in published],
    }


def _rights_gate(lib: Library, plan: Any, sources: list[tuple[str, Any]], strict: bool) -> dict[Any, list[str]]:
    """The rights gate on the plan (rights_gate.gate_plan) with the register of the team folder."""
    from .consents import ConsentError
    from .library import LibraryError
    from .rights_gate import gate_plan

    try:
        register = lib.consents.list().by_id()
    except (LibraryError, ConsentError):
        register = {}  # no root yet: no register, so any linked consent is "not in the register"
    assets = {os.path.abspath(p): a for p, a in sources}
    return gate_plan(plan, assets, register, strict=strict)


def run_export(
    lib: Library,
    paths: Iterable[str],
    preset_ids: Iterable[str],
    out_dir: str | None,
    *,
    template: str | None,
    credit: str | None,
    overlay: Overlay | None,
    trim: bool,
    video_mode: Literal["crop", "fit"],
    workers: int | None,
    progress: BatchProgressCallback | None,
    cancel: threading.Event | None,
    captions: bool = False,
    strict: bool | None = None,
) -> list[ItemResult]:
    """Library.export: plan the batch (export.plan), run it in worker processes, log each success."""
    from .export.batch import ExportJob, ExportOptions
    from .export.plan import plan_export
    from .export.presets import get_preset
    from .library import LibraryError

    settings = lib.settings()
    if out_dir is None or not str(out_dir).strip():
        out_dir = settings.export_folder
        if not out_dir:
            raise LibraryError(
                "Aucun dossier d'export : indiquez-en un, ou réglez le dossier d'export par défaut dans les paramètres."
            )
    template = template or settings.name_template
    presets = [get_preset(pid, lib.data_dir) for pid in preset_ids]
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"Impossible de créer le dossier d'export « {out_dir} » : {exc.strerror or exc}.") from None

    def campaign_credit(name: str) -> str | None:
        rec = lib.entry("campaign", name)
        return rec.credit if rec is not None else None

    sources = [(path, lib.get_by_path(os.path.abspath(path))) for path in paths]
    plan = plan_export(
        sources, presets, credit=credit, default_credit=settings.default_credit, campaign_credit=campaign_credit
    )
    found = _rights_gate(lib, plan, sources, settings.rights_strict if strict is None else strict)
    options = ExportOptions(
        out_dir=out_dir,
        template=template,
        credit=plan.credit,
        overlay=overlay,
        trim=trim,
        video_mode=video_mode,
        data_dir=str(lib.data_dir),
    )
    results = plan.merge(ExportJob(plan.items, options, workers=workers).run(progress=progress, cancel=cancel))
    for r in results:
        r.rights = r.rights or list(found.get((r.item.source, r.item.preset_id), []))
    written = [r for r in results if r.output and not r.error]
    try:
        # cast: a written file always has its size (the worker returns the ExportResult's ints).
        record_exports(
            lib,
            [
                (
                    r.item.source,
                    r.item.preset_id,
                    cast(str, r.output),
                    cast(int, r.width),
                    cast(int, r.height),
                    cast(int, r.bytes),
                )
                for r in written
            ],
        )
    except LibraryError as exc:  # the files are written: each says it is not in the log, and why
        for r in written:
            r.warnings.append(f"fichier écrit mais non noté dans le journal des publications : {exc}")
    if captions:  # a post-step: a caption never holds up or undoes an export
        from .caption_files import write_captions

        write_captions(lib, results, credit=credit)
    return results
