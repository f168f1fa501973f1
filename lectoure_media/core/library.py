"""The one facade the GUI, the CLI and the tests drive: open a data dir, scan, watch, query, tag.

Data ownership (ARCHITECTURE.md): media files are never modified; the XMP sidecar next to each asset is the
durable, shared record of what a person entered; the catalog on the local disk is an index that can be
rebuilt from the folder and the sidecars at any time.
"""
from __future__ import annotations

import functools
import gc
import logging
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import orjson

from . import settings as _settings_mod
from .catalog import CatalogError, Store, _french_os_reason
from .fsutil import fold_name, is_printable, json_path, path_key, printable
from .model import FACETS, InvalidName, clean_name, empty_tags, fold, unique_names
from .scan import (RootUnreachable, check_root, indexable, is_walkable_dir_stat, reached_without_links,
                   remove_leftovers, walk)
from .search import AssetIndex, Filter
from .taxonomy import Taxonomy

if TYPE_CHECKING:
    from .export.crop import CropBox
    from .media.frames import WorkingImage

log = logging.getLogger(__name__)

APP_NAME = "LectoureMedia"
OWN_FOCAL = "focalPoint"  # lm:focalPoint "x,y" (normalised 0-1 of the displayed picture)
OWN_CROPS = "crops"  # lm:crops JSON {preset id: [x, y, w, h]} normalised
# lm:keywordsFromFile "1": this sidecar took over the keywords embedded in the file (written on the first edit
# of such an asset, so that the sidecar exists even when that edit removed every one of them).
OWN_FROM_FILE = "keywordsFromFile"
EXPORTS = "exports"  # publication log, in the registry store (it outlives a rebuilt catalog)
ENV_DATA_DIR = "LECTOURE_MEDIA_DATA_DIR"
ASSETS = "assets"
ROOTS = "roots"
SETTINGS = "settings"
# Stored asset documents are compact (a 100,000-asset catalog must stay within ~400 MB of memory): keys
# whose value is None or empty are left out, camera make/model are flat, GPS is [lat, lon, alt], tags keep
# only non-empty facets, and id/relpath are derived. `public()` gives the full shape of CLI.md.
PROBE_KEYS = ("kind", "format", "size", "mtime_ns", "fingerprint", "width", "height", "orientation",
              "taken_at", "make", "model", "gps", "duration", "thumb", "status", "error", "embedded")

Progress = Callable[[int, int, str], None]


class LibraryError(Exception):
    """A failure to report to the user; the message is one French sentence."""


class Cancelled(Exception):
    pass


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def normalize_root(root: str | os.PathLike) -> str:
    return os.path.normpath(os.path.abspath(os.fspath(root)))


def sidecar_key(path: str) -> str:
    """Index key of a sidecar file, its ".xmp"/".XMP" suffix spelled one way."""
    key = path_key(path)
    return key[:-4] + ".xmp"


@dataclass
class ScanSummary:
    root: str
    seen: int = 0
    added: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    missing: int = 0
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False
    recorded: bool = True  # False when another process owns the catalog (nothing was written)
    # Ids whose record this pass changed (added, updated, moved, marked missing, tags re-read): what a view
    # repaints after a watcher batch. Not part of the CLI's JSON.
    changed: set[int] = field(default_factory=set)

    def to_json(self) -> dict:
        # (json_path: a file name that is not UTF-8 is shown with U+FFFD plus its bytes, docs/cli.md)
        return {**json_path(self.root, "root"), "seen": self.seen, "added": self.added, "updated": self.updated,
                "moved": self.moved, "unchanged": self.unchanged, "missing": self.missing,
                "errors": [{**e, **json_path(e["path"])} for e in self.errors], "seconds": round(self.seconds, 3)}


@dataclass
class SelectionSummary:
    """A selection as the inspector shows it: the ids still in the catalog (in the order given), their
    total size in bytes, and per facet the names carried with how many of the assets carry each (the
    first spelling met stands for the name)."""

    ids: list[int]
    bytes: int
    tags: dict[str, dict[str, int]]


class Library:
    """Open with `Library(data_dir)`; use as a context manager or call close()."""

    def __init__(self, data_dir: str | os.PathLike | None = None, *, read_only: bool | None = None,
                 probe_workers: int | None = None, probe_time_budget: float = 20.0,
                 thumb_max_bytes: int | None = None, flush_delay: float = 0.5) -> None:
        from filelock import FileLock, Timeout

        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"Impossible de créer le dossier de données « {self.data_dir} » : "
                               f"{exc.strerror or exc}.") from None
        self._lock = threading.RLock()  # guards the index and the stores (held briefly)
        self._scan_lock = threading.RLock()  # one reconcile at a time (the probe pool is not shared)
        self._file_lock = FileLock(str(self.data_dir / "writer.lock"))
        self.owner_elsewhere = False
        if read_only is None or read_only is False:
            try:
                self._file_lock.acquire(timeout=0)
            except Timeout:
                if read_only is False:
                    raise LibraryError(
                        "Le catalogue est déjà ouvert par un autre programme Lectoure Media sur ce poste "
                        f"({self.data_dir}) ; fermez-le avant d'en ouvrir un second.") from None
                self.owner_elsewhere = True
            except OSError as exc:  # a read-only or full data folder: the lock file cannot even be created
                raise LibraryError(
                    f"Le dossier de données « {self.data_dir} » n'accepte pas l'écriture "
                    f"({_french_os_reason(exc)}) : le catalogue ne peut pas y être mis à jour.") from None
        self.read_only = bool(read_only) or self.owner_elsewhere
        self.messages: list[str] = []  # things the user must be told (recovery, read-only…)
        # This PC's engine settings (settings.json in the data dir), shared by the CLI and the GUI.
        self._settings, settings_messages = _settings_mod.load(self.data_dir)
        self.messages += settings_messages
        # Parsing the catalog and building the indexes create millions of objects and no reference cycle.
        # With the cyclic garbage collector running, it would walk that growing heap again and again (a
        # fifth of the open time at 100,000 assets, measured); pausing it until the end of the open and then
        # freezing what was built (below) loses nothing.
        gc_enabled = gc.isenabled()
        gc.disable()
        try:
            self._open_stores_and_index(flush_delay)
        finally:
            # These objects live as long as the library: freezing them keeps later collections from
            # walking them again and again (each pass would stall the GUI for a moment at 100k assets).
            gc.freeze()
            if gc_enabled:
                gc.enable()
        self._temp_id = 0  # ids for records seen in read-only mode (never stored)
        self._probe_workers = probe_workers
        self._probe_time_budget = probe_time_budget
        self._pool = None
        from .media.thumbs import ThumbCache

        self.thumbs = ThumbCache(str(self.data_dir / "thumbs"), max_bytes=thumb_max_bytes if thumb_max_bytes
                                 is not None else self._settings.thumb_max_bytes)
        self._sidecar_jobs: queue.Queue = queue.Queue()
        self._sidecar_idle = threading.Condition(self._lock)
        self._sidecar_pending = 0
        self.sidecar_errors: list[tuple[str, str]] = []
        # Unreadable sidecars a write replaced (kept aside, or left in place): what the user must be told.
        self.sidecar_notices: list[dict] = []
        # Read-only (the catalog's owner is another process): the edits this process made, the only ones it
        # writes. The catalog's pending_sidecar deltas belong to the owner, who writes and clears them.
        self._own_pending: dict[int, dict] = {}
        self._sidecar_thread = threading.Thread(target=self._sidecar_loop, name="sidecar-writer", daemon=True)
        self._sidecar_thread.start()
        self._closed = False
        self._requeue_pending_sidecars()
        if self.owner_elsewhere:
            self.messages.append(
                "Le catalogue est tenu par un autre processus (surveillance ou application ouverte) : "
                "il est lu en lecture seule ; les étiquettes sont écrites dans les fichiers XMP et ce "
                "processus les reprendra.")

    def _open_stores_and_index(self, flush_delay: float) -> None:
        """Open the catalog and the registry (recovering them if damaged) and index the assets."""
        catalog = self.data_dir / "catalog.json"
        catalog_existed = catalog.exists() or catalog.with_name(catalog.name + ".bak").exists()
        try:
            self.assets = Store(str(catalog), read_only=self.read_only, flush_delay=flush_delay)
            self.registry = Store(str(self.data_dir / "registry.json"), read_only=self.read_only,
                                  flush_delay=flush_delay)
            if self.read_only:
                self._repair_restored_stores(flush_delay)
        except CatalogError as exc:
            self._release()
            raise LibraryError(str(exc)) from None
        for store in (self.assets, self.registry):
            if store.recovery:
                self.messages.append(store.recovery)
        settings = self.registry.get(SETTINGS, 1) or {}
        # Catalog and backup both gone while folders were scanned before: the catalog starts empty and says so.
        lost = not catalog_existed and self.registry.count(ROOTS) > 0
        if lost:
            self.messages.append(
                f"Le catalogue de ce poste est introuvable, sauvegarde comprise (« {catalog} ») : il repart vide "
                "et sera reconstruit depuis les dossiers et les fichiers XMP à la prochaine analyse.")
        elif settings.get("rebuild_pending") and not self.assets.rebuilt:
            self.messages.append("Le catalogue de ce poste n'a pas encore été reconstruit : il sera complété "
                                 "depuis les dossiers et les fichiers XMP à la prochaine analyse.")
        self.needs_rebuild = bool(self.assets.rebuilt or lost or settings.get("rebuild_pending"))
        if (self.assets.rebuilt or lost) and not self.read_only:
            # Remembered until rebuild() has run: a command that writes an (almost) empty catalog before
            # then must not make the next start believe the catalog is complete.
            self.registry.put(SETTINGS, 1, {**settings, "rebuild_pending": True})
        self.taxonomy = Taxonomy(self.registry)
        if not self.read_only and not (self.registry.get(SETTINGS, 1) or {}).get("heritage_seeded"):
            from ..resources import resource_path

            self.taxonomy.seed_heritage(str(resource_path("heritage.json")))
            self.registry.put(SETTINGS, 1, {**(self.registry.get(SETTINGS, 1) or {}), "heritage_seeded": True})
        self.index = AssetIndex()
        self.index.load(self.assets.items(ASSETS))
        for _, entry in self.registry.items(EXPORTS):
            self.index.add_export(entry)

    def _repair_restored_stores(self, flush_delay: float) -> None:
        """A reader (`list`) that found a damaged file restored from its backup writes the repair when no
        other process holds the catalog: otherwise every later reader would restore, and say so, again."""
        stores = [s for s in (self.assets, self.registry) if s.recovered_from_backup]
        if not stores or self.owner_elsewhere:
            return
        try:
            self._file_lock.acquire(timeout=0)
        except Exception:  # held by a writer (which repairs it itself), or a read-only folder: read as is
            return
        try:
            for store in stores:
                try:
                    Store(str(store.path), flush_delay=flush_delay).close()
                except CatalogError as exc:
                    log.warning("restored catalog not written back: %s", exc)
        finally:
            self._release()

    # -- lifecycle -----------------------------------------------------------------------------------
    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.wait_sidecars()
        self._sidecar_jobs.put(None)
        self._sidecar_thread.join(timeout=10)
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        for store in (self.assets, self.registry):
            try:
                store.close()
            except CatalogError as exc:
                log.error("catalog flush failed at close: %s", exc)
        self._release()

    def _release(self) -> None:
        if self._file_lock.is_locked:
            self._file_lock.release()

    def flush(self) -> None:
        self.wait_sidecars()
        if not self.read_only:
            self.assets.flush()
            self.registry.flush()

    # -- roots ---------------------------------------------------------------------------------------
    def roots(self) -> list[str]:
        return [doc["path"] for _, doc in self.registry.items(ROOTS)]

    def _register_root(self, root: str) -> None:
        if self.read_only:
            return
        for doc_id, doc in self.registry.items(ROOTS):
            if path_key(doc["path"]) == path_key(root):
                self.registry.put(ROOTS, doc_id, {**doc, "last_scan": time.time()})
                return
        self.registry.put(ROOTS, self.registry.next_id(ROOTS), {"path": root, "last_scan": time.time()})

    def root_of(self, path: str) -> str | None:
        """The known library root containing `path` (the deepest one), or None."""
        key = path_key(path)
        best = None
        for root in self.roots():
            prefix = path_key(os.path.join(root, ""))
            if (key.startswith(prefix) or key == path_key(root)) and (best is None or len(root) > len(best)):
                best = root
        return best

    # -- ids and writes ------------------------------------------------------------------------------
    def _new_id(self) -> int:
        if self.read_only:
            self._temp_id -= 1
            return self._temp_id
        return self.assets.next_id(ASSETS)

    def _put(self, doc_id: int, doc: dict) -> None:
        doc = _compact(doc)
        if not self.read_only:
            self.assets.put(ASSETS, doc_id, doc)
        self.index.add(doc_id, doc)

    def _canonical_tags(self, tags: dict[str, list[str]], categories: dict[str, str] | None = None,
                        *, strict: bool = False) -> dict[str, list[str]]:
        """Registered spelling of each name; unknown names become registry entries (writer only).
        strict: a bad name typed by the user raises InvalidName; names read from files are skipped."""
        out = empty_tags()
        for facet in FACETS:
            seen = set()
            for name in tags.get(facet, []):
                try:
                    name = clean_name(name)
                except InvalidName as exc:
                    if strict:
                        raise
                    log.warning("tag ignored: %s", exc)
                    continue
                if self.read_only:
                    name = self.taxonomy.canonical(facet, name) or name
                else:
                    cat = (categories or {}).get(name) if facet == "business" else None
                    name = self.taxonomy.ensure(facet, name, **({"category": cat} if cat else {}))
                if fold(name) not in seen:
                    seen.add(fold(name))
                    out[facet].append(name)
        return out

    # -- scanning ------------------------------------------------------------------------------------
    def _probe_pool(self):
        if self._pool is None:
            from .media.pool import ProbePool

            self._pool = ProbePool(workers=self._probe_workers, time_budget=self._probe_time_budget,
                                   thumb_dir=str(self.thumbs.directory),
                                   thumb_max_bytes=self.thumbs.max_bytes)
        return self._pool

    def scan(self, root: str | os.PathLike, *, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> ScanSummary:
        """Reconcile the catalog with the folder: new, changed, moved, vanished (→ missing) files.

        Raises RootUnreachable when the root cannot be read: then nothing is marked missing.
        """
        with self._scan_lock:
            return self._scan(root, progress, cancel)

    def _scan(self, root, progress, cancel) -> ScanSummary:
        t0 = time.perf_counter()
        root = normalize_root(root)
        summary = ScanSummary(root=root, recorded=not self.read_only)
        by_path, docs = self.index.by_path, self.index.docs
        # index.file_sigs is read without the lock: a racing edit at worst makes a file look changed, and
        # changed files are all re-examined below under the lock.
        found = walk(root, cancel, self.index.file_sigs)
        if cancel is not None and cancel.is_set():
            summary.cancelled = True
            return summary
        check_root(root)  # the share may have dropped during the walk: then the walk proves nothing
        if not self.read_only and found.leftovers:  # hidden temp files of writes killed long ago
            remove_leftovers(found.leftovers)
        self._register_root(root)
        summary.seen = len(found.media) + len(found.unchanged)
        summary.unchanged = len(found.unchanged)
        prefix = path_key(os.path.join(root, ""))
        skip_prefixes = tuple(path_key(os.path.join(d, "")) for d, _ in found.unreadable_dirs)

        to_probe: list[str] = []
        vanished: list[int] = []
        media, sidecars = found.media, found.sidecars
        with self._lock:
            # The hot loop of a rescan (100,000 unchanged files): dict lookups and comparisons only.
            for key, (path, size, mtime_ns) in media.items():
                doc_id = by_path.get(key)
                if doc_id is None:
                    to_probe.append(path)
                    continue
                doc = docs[doc_id]
                if doc.get("size") != size or doc.get("mtime_ns") != mtime_ns or doc.get("status") == "missing":
                    to_probe.append(path)
                elif (sidecars or doc.get("sidecar_sig")) and \
                        _walk_sidecar_sig(key, sidecars) != _sig(doc.get("sidecar_sig")):
                    self._reload_sidecar(doc_id, path, sidecars)
                    summary.updated += 1
                    summary.changed.add(doc_id)
                else:
                    summary.unchanged += 1
            no_skip = ("\0",)
            seen = found.unchanged
            for key, doc_id in by_path.items():
                if key not in seen and key not in media and key.startswith(prefix) and \
                        not key.startswith(skip_prefixes or no_skip):
                    if docs[doc_id].get("status") != "missing":
                        vanished.append(doc_id)

        moves_from = {}  # fingerprint -> [doc ids] that could be the origin of a moved file
        for doc_id in vanished:
            fp = self.index.docs[doc_id].get("fingerprint")
            if fp:
                moves_from.setdefault(fp, []).append(doc_id)
        self._probe_and_apply(root, to_probe, found.sidecars, moves_from, summary, progress, cancel)
        if summary.cancelled:
            summary.seconds = time.perf_counter() - t0
            return summary
        with self._lock:
            for doc_id in vanished:
                doc = self.index.docs.get(doc_id)
                key = path_key(doc["path"]) if doc is not None else None
                if doc is not None and doc.get("status") != "missing" and key not in media and \
                        key not in found.unchanged:
                    self._put(doc_id, {**doc, "status": "missing"})
                    summary.changed.add(doc_id)
            self._fill_totals(summary, prefix)
        summary.seconds = time.perf_counter() - t0
        return summary

    def _fill_totals(self, summary: ScanSummary, prefix: str) -> None:
        missing = self.index.by_status.get("missing", set())
        errors = self.index.by_status.get("error", set())
        summary.missing = sum(1 for i in missing if path_key(self.index.docs[i]["path"]).startswith(prefix))
        found = [{"path": self.index.docs[i]["path"], "reason": self.index.docs[i].get("error") or ""}
                 for i in errors if path_key(self.index.docs[i]["path"]).startswith(prefix)]
        for i in self.index.bad_sidecar:  # a sidecar that could not be read: the path is the sidecar's
            doc = self.index.docs[i]
            if path_key(doc["path"]).startswith(prefix):
                found.append({"path": doc.get("sidecar_error_path") or doc["path"] + ".xmp",
                              "reason": doc["sidecar_error"]})
        summary.errors = sorted(found, key=lambda e: e["path"])

    def _probe_and_apply(self, root: str, paths: list[str], sidecars: dict | None, moves_from: dict,
                         summary: ScanSummary, progress: Progress | None,
                         cancel: threading.Event | None) -> None:
        if not paths:
            return
        total = len(paths)
        done = 0
        if progress:
            progress(0, total, "analyse")
        for path, result in self._probe_pool().map(paths, cancel=cancel):
            with self._lock:
                self._apply_probe(root, path, result, sidecars, moves_from, summary)
            done += 1
            if progress:
                progress(done, total, path)
        if cancel is not None and cancel.is_set():
            summary.cancelled = True

    def _apply_probe(self, root: str, path: str, result: dict, sidecars: dict | None, moves_from: dict,
                     summary: ScanSummary) -> None:
        key = path_key(path)
        fields_ = _probe_fields(result)
        doc_id = self.index.by_path.get(key)
        if doc_id is not None:  # changed in place (or came back after being missing)
            doc = {**_without_probe(self.index.docs[doc_id]), **fields_}
            self._put(doc_id, doc)
            self._reload_sidecar(doc_id, path, sidecars, force=True)
            summary.updated += 1
            summary.changed.add(doc_id)
            return
        origin = self._find_move_origin(result.get("fingerprint"), moves_from)
        if origin is not None:
            old = self.index.docs[origin]
            doc = {**_without_probe(old), **fields_, "path": path, "root": root}
            self._put(origin, doc)
            self._follow_sidecar(old["path"], path, doc)
            self._reload_sidecar(origin, path, sidecars, force=True)
            summary.moved += 1
            summary.changed.add(origin)
            return
        doc = {**fields_, "path": path, "root": root}
        doc_id = self._new_id()
        self._put(doc_id, doc)
        self._reload_sidecar(doc_id, path, sidecars, force=True)
        summary.added += 1
        summary.changed.add(doc_id)

    def _find_move_origin(self, fingerprint: str | None, moves_from: dict) -> int | None:
        if not fingerprint:
            return None
        candidates = moves_from.get(fingerprint)
        if candidates:
            return candidates.pop(0)
        for doc_id in self.index.with_fingerprint(fingerprint):
            if self.index.docs[doc_id].get("status") == "missing":
                return doc_id
        return None

    def _follow_sidecar(self, old_path: str, new_path: str, doc: dict) -> None:
        """Tags follow a moved file: bring its sidecar along (or write one from the catalog's tags)."""
        if self.read_only:
            return
        from . import sidecar

        if sidecar.find_sidecar(new_path):
            return
        old_sidecar = sidecar.find_sidecar(old_path)
        if old_sidecar and old_sidecar.lower().endswith(os.path.basename(old_path).lower() + ".xmp"):
            try:
                os.replace(old_sidecar, sidecar.sidecar_path_for(new_path))
                return
            except OSError as exc:
                log.warning("could not move sidecar %s: %s", old_sidecar, exc)
        if doc.get("tags"):
            self._queue_sidecar(new_path, add=doc["tags"], remove=None)

    def _sidecar_sig(self, path: str, sidecars: dict | None) -> tuple | None:
        if sidecars is None:
            from . import sidecar

            found = sidecar.find_sidecar(path)
            if not found:
                return None
            try:
                st = os.stat(found)
            except OSError:
                return None
            return (sidecar_key(found), st.st_size, st.st_mtime_ns)
        return _walk_sidecar_sig(path_key(path), sidecars)

    def _reload_sidecar(self, doc_id: int, path: str, sidecars: dict | None, force: bool = False) -> None:
        """The sidecar is the truth for tags (a removal made on another PC must reach this one)."""
        from . import sidecar

        doc = self.index.docs[doc_id]
        sig = self._sidecar_sig(path, sidecars)
        if not force and sig == _sig(doc.get("sidecar_sig")):
            return
        if sig is None and doc.get("sidecar_sig") is None and not doc.get("pending_sidecar") and (
                doc.get("from_file") or (doc.get("embedded") and not doc.get("tags"))):
            # Never tagged here, but the file carries keywords (a merchant's or photographer's photo arrives
            # tagged): they are its tags, and nothing is written until a person edits them (see _edit).
            embedded = doc.get("embedded") or {}
            tags = self._canonical_tags(embedded.get("tags") or {}, embedded.get("categories"))
            self._put(doc_id, {**doc, "tags": tags, "from_file": True if any(tags.values()) else None})
            return
        if sig is None:
            # No sidecar (never tagged, or deleted by hand): keep the catalog's tags — a person entered
            # them — and write them back unless there are none.
            if doc.get("sidecar_error"):
                doc = {**doc, "sidecar_error": None, "sidecar_error_path": None}
                self._put(doc_id, doc)
            if doc.get("tags") and doc.get("sidecar_sig") is None:
                self._queue_sidecar(path, add=doc["tags"], remove=None)
            elif doc.get("sidecar_sig") is not None:
                self._put(doc_id, {**doc, "sidecar_sig": None})
            return
        data = sidecar.read_sidecar(path)
        if data.error:
            # Keep the catalog's tags, and say why the sidecar was not read (scan errors, list --errors,
            # the inspector); the next tag edit sets the file aside and writes a new one.
            log.warning("sidecar of %s unreadable: %s", path, data.error)
            self._put(doc_id, {**doc, "sidecar_sig": list(sig), "sidecar_error": data.error,
                               "sidecar_error_path": data.path})
            return
        self._put(doc_id, {**doc, **self._state_from_sidecar(data, doc.get("pending_sidecar")),
                           "sidecar_sig": list(sig), "from_file": None,  # a sidecar (ours or another PC's) rules
                           "sidecar_error": None, "sidecar_error_path": None})

    def _state_from_sidecar(self, data, pending: dict | None) -> dict:
        """Tags and framing as the sidecar holds them, with our edits not yet written applied on top.

        The pending edits are applied before the names are registered: a sidecar written just before a
        merge still holds the merged-away name, which must not come back into the registry."""
        tags = data.tags
        framing = _framing_from_own(data.own)
        if pending:
            tags = _apply_renames(_apply_delta(_cleaned_tags(tags), pending.get("add"), pending.get("remove")),
                                  pending.get("rename"))
            if pending.get("own"):
                framing = self._framing_with(framing, pending["own"])
        return {"tags": self._canonical_tags(tags, data.categories), **framing}

    # -- watcher hints -------------------------------------------------------------------------------
    def apply_changes(self, root: str, paths: Iterable[str], *, cancel: threading.Event | None = None
                      ) -> ScanSummary:
        """Reconcile only the paths a watcher reported (files, sidecars or folders)."""
        with self._scan_lock:
            return self._apply_changes(root, paths, cancel)

    def _apply_changes(self, root, paths, cancel) -> ScanSummary:
        root = normalize_root(root)
        summary = ScanSummary(root=root, recorded=not self.read_only)
        check_root(root)
        from .ignore import classify, media_for_sidecar

        # Folders reported (created, renamed, moved in) stand for everything inside them. They are expanded
        # first, so that a file moved along with its folder is matched with the record it left behind.
        # What is looked at follows the walk's rule (scan.indexable): links are never followed, so a
        # `d/up -> ..` or a link to /dev/zero reported by the watcher is not indexed either.
        files: set[str] = set()
        folders: dict[str, bool] = {}  # folder -> reached without links (one lstat per level, per batch)
        for path in set(paths):
            try:
                is_dir = is_walkable_dir_stat(os.lstat(path))
            except OSError:
                is_dir = False
            if is_dir and reached_without_links(root, path):
                found = walk(path, cancel)
                files.update(p for p, _, _ in found.media.values())
                if classify(os.path.basename(path)) == "sidecar":  # a folder under a sidecar's name
                    files.add(path)
            elif not is_dir:
                files.add(path)
        to_probe: list[str] = []
        sidecars: list[str] = []
        gone: list[int] = []
        prefix = path_key(os.path.join(root, ""))
        with self._lock:
            for path in sorted(files):
                kind = classify(os.path.basename(path))
                if kind == "sidecar":
                    sidecars.append(path)
                    continue
                key = path_key(path)
                doc_id = self.index.by_path.get(key)
                try:
                    st = os.lstat(path)
                except FileNotFoundError:
                    if doc_id is not None:
                        gone.append(doc_id)
                    elif key.startswith(prefix):  # a deleted folder: everything under it
                        gone.extend(i for k, i in self.index.by_path.items() if k.startswith(key + os.sep))
                    continue
                except OSError:
                    continue
                if kind != "media":
                    continue
                if indexable(root, path, folders) is None:  # replaced by a link, a FIFO...: as the scan sees it
                    if doc_id is not None:
                        gone.append(doc_id)
                    continue
                if doc_id is not None:
                    doc = self.index.docs[doc_id]
                    if doc.get("status") != "missing" and (doc.get("size"), doc.get("mtime_ns")) == (
                            st.st_size, st.st_mtime_ns):
                        summary.unchanged += 1
                        continue
                to_probe.append(path)
            moves_from: dict[str, list[int]] = {}
            for doc_id in gone:
                fp = self.index.docs[doc_id].get("fingerprint")
                if fp:
                    moves_from.setdefault(fp, []).append(doc_id)
        self._probe_and_apply(root, to_probe, None, moves_from, summary, None, cancel)
        with self._lock:
            for path in sidecars:  # after the media: a sidecar that moved with its file finds its record
                for media in self._media_for_sidecar(path, media_for_sidecar(path)):
                    doc_id = self.index.by_path.get(path_key(media))
                    if doc_id is not None:
                        self._reload_sidecar(doc_id, media, None)
                        summary.updated += 1
                        summary.changed.add(doc_id)
            for doc_id in gone:
                doc = self.index.docs.get(doc_id)
                if doc and doc.get("status") != "missing" and \
                        indexable(root, doc["path"], folders) is None:
                    self._put(doc_id, {**doc, "status": "missing"})
                    summary.missing += 1
                    summary.changed.add(doc_id)
        return summary

    def _media_for_sidecar(self, sidecar_path: str, direct: list[str]) -> list[str]:
        """Catalogued media a sidecar may belong to: `IMG.JPG.xmp` -> `IMG.JPG`, `IMG.xmp` -> `IMG.*`, in
        any case and Unicode form (a share written from Windows may hold `IMG.jpg.xmp` beside `IMG.JPG`):
        the folder is listed when the exact name is not catalogued."""
        by_path = self.index.by_path
        found = [m for m in direct if path_key(m) in by_path]
        if found:
            return found
        folder, name = os.path.split(sidecar_path)
        base = fold_name(name[:-4])
        if not base:
            return []
        try:
            names = os.listdir(folder)
        except OSError:
            return []
        return [os.path.join(folder, n) for n in names
                if (fold_name(n) == base or fold_name(os.path.splitext(n)[0]) == base)
                and path_key(os.path.join(folder, n)) in by_path]

    # -- queries -------------------------------------------------------------------------------------
    def query_ids(self, flt: Filter | None = None) -> list[int]:
        """Ids of the matching assets, newest first (cheap: the GUI model holds ids, not records)."""
        with self._lock:
            return self.index.query(flt or Filter())

    def asset(self, doc_id: int, root: str | None = None) -> dict | None:
        with self._lock:
            doc = self.index.docs.get(doc_id)
            return None if doc is None else public(doc_id, doc, root)

    def query(self, flt: Filter | None = None) -> list[dict]:
        with self._lock:
            return [public(i, self.index.docs[i]) for i in self.index.query(flt or Filter())]

    def _id_for_path(self, path: str) -> int | None:
        return self.index.by_path.get(path_key(os.path.abspath(path)))

    def get_by_path(self, path: str) -> dict | None:
        with self._lock:
            doc_id = self._id_for_path(path)
            return None if doc_id is None else public(doc_id, self.index.docs[doc_id])

    def selection_summary(self, ids: Iterable[int]) -> SelectionSummary:
        """What the inspector shows of a selection (1 or 100,000 assets), read from the stored records
        without copying them: a public() copy per asset made selecting everything freeze the window."""
        present: list[int] = []
        total = 0
        tags: dict[str, dict[str, list]] = {f: {} for f in FACETS}
        folded: dict[str, str] = {}
        with self._lock:
            docs = self.index.docs
            for i in ids:
                doc = docs.get(int(i))
                if doc is None:
                    continue
                present.append(int(i))
                total += doc.get("size") or 0
                for facet, names in (doc.get("tags") or {}).items():
                    counts = tags.get(facet)
                    if counts is None:
                        continue
                    for name in names:
                        key = folded.get(name)
                        if key is None:
                            key = folded[name] = fold(name)
                        entry = counts.get(key)
                        if entry is None:
                            counts[key] = [name, 1]
                        else:
                            entry[1] += 1
        return SelectionSummary(present, total, {f: {name: n for name, n in c.values()} for f, c in tags.items()})

    def nearby_sites(self, ids: Iterable[int], limit: int = 5) -> list[tuple[str, list[int], float]]:
        """The heritage site each asset was taken at, when it does not carry it yet: (site name, ids of
        those assets, nearest distance in metres), the most assets first, at most `limit`. Per asset only
        the nearest site whose circle contains it counts: the circle of the ramparts covers the whole old
        town, and proposing every site around would bury the one the photo shows. A suggestion for the
        person to confirm, never a tag set on its own (a phone's GPS can be 50 m off in the old town's
        narrow streets)."""
        with self._lock:
            docs = [(int(i), self.index.docs.get(int(i))) for i in ids]
        circles = self.taxonomy.site_circles()
        found: dict[str, tuple[str, list[int], float]] = {}
        for doc_id, doc in docs:
            gps = (doc or {}).get("gps")
            if not gps or gps[0] is None or gps[1] is None:
                continue
            best = next(iter(self.taxonomy.sites_near(gps[0], gps[1], circles)), None)
            if best is None:
                continue
            name, distance = best
            key = fold(name)
            if key in {fold(n) for n in (doc.get("tags") or {}).get("heritage", [])}:
                continue
            _, members, nearest = found.get(key, (name, [], distance))
            members.append(doc_id)
            found[key] = (name, members, min(nearest, distance))
        ranked = sorted(found.values(), key=lambda s: (-len(s[1]), s[2], fold(s[0])))
        return ranked[:limit]

    def facet_counts(self, facet: str) -> dict[str, int]:
        """Registered names of a facet with the number of assets carrying each (0 for unused ones)."""
        with self._lock:
            counts = self.index.facet_counts(facet)
            return {name: counts.get(fold(name), 0) for name in self.taxonomy.names(facet)}

    def thumbnail_path(self, doc: dict) -> str | None:
        key = doc.get("thumb")
        if not key:
            return None
        found = self.thumbs.get(key)
        return str(found) if found else None

    @staticmethod
    def to_json(asset: dict, root: str | None = None) -> dict:
        """CLI.md's `list --json` shape (exactly its keys) from a public asset dict. An asset whose sidecar
        cannot be read is an error there (`list --errors` lists it), with the sidecar's reason."""
        out = {k: asset[k] for k in JSON_KEYS}
        if asset.get("sidecar_error") and out["status"] == "ok":
            out["status"], out["error"] = "error", asset["sidecar_error"]
        if root:
            out["relpath"] = _relpath(asset["path"], normalize_root(root))
        if not is_printable(out["path"]):  # a file name that is not UTF-8: docs/cli.md
            out.update(json_path(out["path"]))
            out["relpath"] = printable(out["relpath"])
        return out

    # -- tagging -------------------------------------------------------------------------------------
    def resolve_for_tagging(self, path: str) -> int:
        """The catalog id of a file, indexing it first when it lies under a known root."""
        path = os.path.abspath(path)
        doc_id = self._id_for_path(path)
        if doc_id is not None:
            return doc_id
        if not os.path.isfile(path) and not path.isascii():  # typed NFC, written NFD by a Mac (or the reverse)
            import unicodedata

            path = next((p for p in (unicodedata.normalize(f, path) for f in ("NFC", "NFD"))
                         if os.path.isfile(p)), path)
        if not os.path.isfile(path):
            raise LibraryError(f"Le fichier « {printable(path)} » n'existe pas.")
        root = self.root_of(path)
        if root is None:
            raise LibraryError(f"« {path} » n'est pas dans un dossier déjà analysé ou surveillé ; "
                               "lancez d'abord « lectoure-media scan DOSSIER ».")
        from .ignore import classify

        if classify(os.path.basename(path)) != "media":
            raise LibraryError(f"« {path} » n'est pas une photo ou une vidéo prise en charge.")
        self.apply_changes(root, [path])
        doc_id = self._id_for_path(path)
        if doc_id is None:
            raise LibraryError(f"« {path} » n'a pas pu être indexé.")
        return doc_id

    def tag(self, paths: Iterable[str], *, add: dict[str, list[str]] | None = None,
            remove: dict[str, list[str]] | None = None, categories: dict[str, str] | None = None
            ) -> list[dict]:
        """Add/remove tags on assets. Returns at once; the sidecars are written by a background writer
        (call wait_sidecars() to wait). Unknown names become registry entries."""
        ids = [self.resolve_for_tagging(p) for p in paths]
        with self._lock:
            add_c = self._canonical_tags(add or {}, categories, strict=True) if add else empty_tags()
            remove_c = {f: [self.taxonomy.canonical(f, n) or clean_name(n) for n in (remove or {}).get(f, [])]
                        for f in FACETS}
            out = []
            for doc_id in ids:
                doc = self.index.docs[doc_id]
                self._edit(doc_id, {"tags": _apply_delta(doc.get("tags") or {}, add_c, remove_c)},
                           add=add_c, remove=remove_c)
                out.append(public(doc_id, self.index.docs[doc_id]))
            return out

    def _queue_sidecar(self, path: str, add: dict | None, remove: dict | None) -> None:
        doc_id = self.index.by_path.get(path_key(path))
        if doc_id is None or self.read_only:
            return  # the owner of the catalog writes it (a read-only open writes only what its user edits)
        self._edit(doc_id, {}, add=add or {}, remove=remove or {})

    def _edit(self, doc_id: int, changes: dict, *, add: dict | None = None, remove: dict | None = None,
              own: dict | None = None, rename: list | None = None) -> None:
        """Apply a person's edit to the record now, and queue the same delta for its sidecar (the record
        keeps it as pending_sidecar until written, so a crash loses nothing). Call with the lock held."""
        doc = self.index.docs[doc_id]
        if doc.get("from_file"):
            # First edit of an asset tagged by its file's own keywords: the new sidecar starts from them (the
            # tags after this edit), so those kept stay and one removed now stays removed.
            add = _apply_delta(changes.get("tags", doc.get("tags")) or {}, add, None)
            own = {**(own or {}), OWN_FROM_FILE: "1"}
            changes = {**changes, "from_file": None}
        pending = _merge_pending(doc.get("pending_sidecar"), add or {}, remove or {}, own, rename)
        if self.read_only:
            self._own_pending[doc_id] = _merge_pending(self._own_pending.get(doc_id), add or {}, remove or {},
                                                       own, rename)
        self._put(doc_id, {**doc, **changes, "pending_sidecar": pending})
        self._sidecar_pending += 1
        self._sidecar_jobs.put((doc_id, doc["path"]))

    def _requeue_pending_sidecars(self) -> None:
        """The owner retries the edits a previous session could not write. A read-only open must not: it
        could never record them as done, so each open would write them again, over later changes made on
        other PCs (a tag removed elsewhere would come back)."""
        if self.read_only:
            return
        with self._lock:
            for doc_id in sorted(self.index.pending):
                self._sidecar_pending += 1
                self._sidecar_jobs.put((doc_id, self.index.docs[doc_id]["path"]))

    def _sidecar_loop(self) -> None:
        from . import sidecar

        while True:
            job = self._sidecar_jobs.get()
            if job is None:
                return
            doc_id, path = job
            try:
                with self._lock:
                    doc = self.index.docs.get(doc_id)
                    if self.read_only:
                        pending = self._own_pending.get(doc_id)
                    else:
                        pending = (doc or {}).get("pending_sidecar")
                if pending and not (doc and doc["path"] == path) and self.read_only:
                    # Nobody would write this edit later (only the owner's catalog keeps edits): say so.
                    raise sidecar.SidecarError("Le fichier a été déplacé ou retiré pendant l'enregistrement ; les"
                                               " étiquettes n'ont pas été enregistrées.")
                if pending and doc and doc["path"] == path:
                    added = pending.get("add", {}).get("business", [])
                    categories = {n: b.category for n, b in ((n, self.taxonomy.get("business", n)) for n in added)
                                  if b is not None and b.category}
                    data = sidecar.update_sidecar(path, add=pending.get("add"), remove=pending.get("remove"),
                                                  categories=categories, own=pending.get("own"),
                                                  rename=[tuple(r) for r in pending.get("rename", [])])
                    with self._lock:
                        doc = self.index.docs.get(doc_id)
                        if self.read_only:
                            mine = _subtract_pending(self._own_pending.pop(doc_id, None), pending)
                            if mine:
                                self._own_pending[doc_id] = mine
                        if doc is not None:
                            still = _subtract_pending(doc.get("pending_sidecar"), pending)
                            # The signature of the file we wrote (or read): stat-ing the sidecar now could
                            # give another PC's newer version, which would then never be read.
                            sig = (sidecar_key(data.path), *data.signature) if data.path and data.signature \
                                else None
                            # Unusable and nothing written (the edit changed nothing): the catalog's tags
                            # stay, the reason is reported.
                            state = {} if data.error else self._state_from_sidecar(data, still)
                            self._put(doc_id, {**doc, **state, "pending_sidecar": still,
                                               "sidecar_sig": list(sig) if sig else None,
                                               "sidecar_error": data.error,
                                               "sidecar_error_path": data.path if data.error else None})
                        if data.replaced_reason:
                            self.sidecar_notices.append(_replaced_notice(path, data))
            except Exception as exc:  # a share gone read-only or offline: keep the edit pending, say so
                log.exception("sidecar write failed for %s", path)
                with self._lock:
                    self.sidecar_errors.append((path, f"{exc}"))
            finally:
                with self._lock:
                    self._sidecar_pending -= 1
                    self._sidecar_idle.notify_all()

    def wait_sidecars(self, timeout: float | None = 60.0) -> bool:
        """Block until every queued sidecar write has been attempted."""
        with self._lock:
            return self._sidecar_idle.wait_for(lambda: self._sidecar_pending <= 0, timeout=timeout)

    # -- framing (focal point, per-preset crops) -----------------------------------------------------
    @staticmethod
    def _framing_with(framing: dict, own: dict) -> dict:
        return {**framing, **{k: v for k, v in _framing_from_own(
            {OWN_FOCAL: own.get(OWN_FOCAL) or "", OWN_CROPS: own.get(OWN_CROPS) or "null"}).items()
            if (k == "focal" and OWN_FOCAL in own) or (k == "crops" and OWN_CROPS in own)}}

    def set_focal(self, paths: Iterable[str], focal: tuple[float, float] | None) -> None:
        """Set (or with None, clear) the focal point of assets: used by every preset's crop. Stored in the
        catalog now and in the sidecar (lm:focalPoint) by the background writer, so another PC frames alike."""
        if focal is not None:
            x, y = (float(v) for v in focal)
            if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
                raise LibraryError("Le point d'intérêt doit être à l'intérieur de l'image (valeurs de 0 à 1).")
            value: str | None = f"{x:.4f},{y:.4f}"
        else:
            value = None
        self._set_own([self.resolve_for_tagging(p) for p in paths], {OWN_FOCAL: value})

    def set_crop(self, path: str, preset_id: str, box: tuple[float, float, float, float] | None) -> None:
        """Set (or clear) the crop of one asset for one preset: a normalised (x, y, w, h) box."""
        doc_id = self.resolve_for_tagging(path)
        with self._lock:
            crops = dict(self.index.docs[doc_id].get("crops") or {})
        if box is None:
            crops.pop(preset_id, None)
        else:
            box = tuple(float(v) for v in box)
            x, y, w, h = box
            if not (0 <= x and 0 <= y and w > 0 and h > 0 and x + w <= 1.0001 and y + h <= 1.0001):
                raise LibraryError("Le recadrage doit rester à l'intérieur de l'image.")
            crops[preset_id] = [round(v, 5) for v in box]
        self._set_own([doc_id], {OWN_CROPS: orjson.dumps(crops).decode() if crops else None})

    def _set_own(self, ids: list[int], own: dict[str, str | None]) -> None:
        with self._lock:
            for doc_id in ids:
                doc = self.index.docs[doc_id]
                self._edit(doc_id, self._framing_with({"focal": doc.get("focal"), "crops": doc.get("crops")}, own),
                           own=own)

    # -- publication log -----------------------------------------------------------------------------
    def record_export(self, source: str, preset: str, output: str, *, width: int, height: int,
                      size: int) -> None:
        """Remember that `source` was exported for `preset` (kept in registry.json: it outlives a rebuilt
        catalog; linked to the asset by its content fingerprint, so it follows renames too)."""
        with self._lock:
            doc_id = self._id_for_path(source)
            doc = self.index.docs.get(doc_id) if doc_id is not None else None
            entry = {"fingerprint": (doc or {}).get("fingerprint"), "source": os.path.abspath(source),
                     "preset": preset, "output": os.path.abspath(output), "width": width, "height": height,
                     "bytes": size, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
            if not self.read_only:
                self.registry.put(EXPORTS, self.registry.next_id(EXPORTS), entry)
            self.index.add_export(entry)

    def export_log(self, path: str | None = None) -> list[dict]:
        """Exports, newest first; only those of one asset when `path` is given."""
        with self._lock:
            fp = None
            if path is not None:
                doc_id = self._id_for_path(path)
                fp = self.index.docs[doc_id].get("fingerprint") if doc_id is not None else None
                if fp is None:
                    return []
            rows = [e for _, e in self.registry.items(EXPORTS) if fp is None or e.get("fingerprint") == fp]
        return sorted(rows, key=lambda e: e["at"], reverse=True)

    # -- export --------------------------------------------------------------------------------------
    def export(self, paths: Iterable[str], preset_ids: Iterable[str], out_dir: str | None = None, *,
               template: str | None = None, credit: str | None = None, overlay=None,
               trim: bool = False, video_mode: str = "crop", workers: int | None = None,
               progress=None, cancel: threading.Event | None = None) -> list:
        """Export every asset for every preset (a batch in worker processes) and log each success.

        The asset's focal point and its crop for the preset (if set) frame the picture; without them the
        smart crop decides. Left out, `out_dir` and `template` come from the settings (export folder,
        file-name template); the credit line is the one given, else the assets' campaign credit, else the
        settings' default credit (export.plan decides). Returns one ItemResult per (path, preset), in that
        order: a missing or unsupported file, or a preset that does not take its kind, fails its own rows
        (French reason) and the others are still written."""
        from .export.batch import ExportJob, ExportOptions
        from .export.plan import plan_export
        from .export.presets import get_preset

        settings = self.settings()
        if out_dir is None or not str(out_dir).strip():
            out_dir = settings.export_folder
            if not out_dir:
                raise LibraryError("Aucun dossier d'export : indiquez-en un, ou réglez le dossier d'export "
                                   "par défaut dans les paramètres.")
        template = template or settings.name_template
        presets = [get_preset(pid, self.data_dir) for pid in preset_ids]
        try:
            os.makedirs(out_dir, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"Impossible de créer le dossier d'export « {out_dir} » : "
                               f"{exc.strerror or exc}.") from None

        def campaign_credit(name: str) -> str | None:
            rec = self.taxonomy.get("campaign", name)
            return rec.credit if rec is not None else None

        sources = [(path, self.get_by_path(os.path.abspath(path))) for path in paths]
        plan = plan_export(sources, presets, credit=credit, default_credit=settings.default_credit,
                           campaign_credit=campaign_credit)
        options = ExportOptions(out_dir=out_dir, template=template, credit=plan.credit, overlay=overlay,
                                trim=trim, video_mode=video_mode, data_dir=str(self.data_dir))
        results = plan.merge(ExportJob(plan.items, options, workers=workers).run(progress=progress,
                                                                                 cancel=cancel))
        for r in results:
            if r.output and not r.error:
                self.record_export(r.item.source, r.item.preset_id, r.output, width=r.width, height=r.height,
                                   size=r.bytes)
        return results

    # -- registry edits that touch assets ------------------------------------------------------------
    def usage_count(self, facet: str, name: str) -> int:
        with self._lock:
            return len(self.index.by_facet[facet].get(fold(name), ()))

    def rename_entry(self, facet: str, old: str, new: str) -> int:
        """Rename (or merge into an existing entry) everywhere: registry, catalog and sidecars."""
        with self._lock:
            ids = list(self.index.by_facet[facet].get(fold(old), ()))
            final, _merged = self.taxonomy.rename(facet, old, new)
            # A rename, not "remove old + add new": the two are the same name once folded when only the
            # case or the accents change, and the sidecar renames in place (keeping IPTC details).
            for doc_id in ids:
                tags = _apply_renames(self.index.docs[doc_id].get("tags") or {}, [(facet, old, final)])
                self._edit(doc_id, {"tags": tags}, rename=[[facet, old, final]])
        return len(ids)

    def delete_entry(self, facet: str, name: str) -> int:
        """Delete an entry and take its tag off every asset carrying it; returns how many."""
        with self._lock:
            ids = list(self.index.by_facet[facet].get(fold(name), ()))
            paths = [self.index.docs[i]["path"] for i in ids]
        if paths:
            self.tag(paths, remove={facet: [name]})
        self.taxonomy.delete(facet, name)
        return len(paths)

    # -- watching ------------------------------------------------------------------------------------
    def watch(self, root: str | os.PathLike, *, on_status=None, on_update=None, **options) -> "LibraryWatch":
        """Keep the catalog in sync with `root` until stop(): a FolderWatcher reports changed paths
        (handled on its thread), and full reconciles (periodic, or after the share comes back) run on a
        worker of their own so the watcher keeps collecting events meanwhile."""
        from .watch import FolderWatcher

        root = normalize_root(root)
        self._register_root(root)

        def changes(paths: set[str]) -> None:
            try:
                summary = self.apply_changes(root, paths)
            except RootUnreachable as exc:  # the watcher notices too, and says so in its status
                log.warning("%s", exc)
                return
            if on_update:
                on_update(summary)

        def full() -> None:
            try:
                summary = self.scan(root)
            except RootUnreachable as exc:
                log.warning("%s", exc)
                return
            if on_update:
                on_update(summary)

        reconciler = _Coalescing(full, name="reconcile")
        started = threading.Event()

        def status(st) -> None:
            # Files copied between the caller's scan and the moment the observer is really watching
            # raised no event: one reconcile as soon as watching starts catches them.
            if st.state in ("watching", "polling") and not started.is_set():
                started.set()
                reconciler.request()
            if on_status:
                on_status(st)

        options.setdefault("poll_interval", self.settings().poll_interval)
        watcher = FolderWatcher(root, changes, on_status=status, on_reconnect=reconciler.request,
                                on_reconcile=reconciler.request, **options)
        reconciler.start()
        watcher.start()
        return LibraryWatch(watcher, reconciler)

    def rebuild(self, *, progress: Progress | None = None) -> list[ScanSummary]:
        """After a lost catalog: rescan every known root (tags come back from the sidecars)."""
        out = []
        complete = True  # a root out of reach keeps the catalog marked as still to rebuild
        for root in self.roots():
            try:
                out.append(self.scan(root, progress=progress))
            except RootUnreachable as exc:
                self.messages.append(str(exc))
                complete = False
        self.needs_rebuild = False
        settings = self.registry.get(SETTINGS, 1) or {}
        if complete and settings.get("rebuild_pending") and not self.read_only:
            self.registry.put(SETTINGS, 1, {k: v for k, v in settings.items() if k != "rebuild_pending"})
        return out

    # -- settings (settings.json in the data dir) ----------------------------------------------------
    def settings(self) -> "_settings_mod.Settings":
        """This PC's engine settings (default credit, export folder, file-name template, polling
        interval, thumbnail cache cap…), as read from the data dir."""
        with self._lock:
            return self._settings

    def update_settings(self, **changes) -> "_settings_mod.Settings":
        """Change some settings and write them to the data dir (atomically); returns the new settings.
        LibraryError (French) for an unknown name, a bad value or a disk that refuses the file."""
        with self._lock:
            try:
                new = _settings_mod.replace(self._settings, **changes)
            except _settings_mod.SettingsError as exc:
                raise LibraryError(str(exc)) from None
            try:
                _settings_mod.save(self.data_dir, new)
            except OSError as exc:
                raise LibraryError(f"Les réglages n'ont pas pu être enregistrés dans « {self.data_dir} » "
                                   f"({_french_os_reason(exc)}).") from None
            self._settings = new
            if "thumb_cache_mb" in changes:
                self.thumbs.max_bytes = new.thumb_max_bytes
            return new

    # -- framing for the crop editor (the policy is core.export.framing's, shared with the exports) ----------
    def working_image(self, doc_id: int, at: float | None = None, *, analysis: bool = False) -> WorkingImage:
        """The upright working copy of an asset the crop editor shows (a video: the frame nearest `at`
        seconds, its poster frame when None); with `analysis`, the picture its automatic frames are computed
        on, by the editor and the export alike. LibraryError if the asset left the catalog; decoding an
        untrusted file raises ProbeError or OSError, which the caller words for the person."""
        from .media.frames import load_analysis_image, load_working_image

        with self._lock:
            doc = self.index.docs.get(int(doc_id))
            path, kind = (doc["path"], doc.get("kind") or "photo") if doc is not None else (None, None)
        if path is None:
            raise LibraryError("Cette photo ou vidéo n'est plus dans le catalogue.")
        return load_analysis_image(path, kind) if analysis else load_working_image(path, kind, at)

    def framing_for(self, doc_id: int, preset_id: str) -> CropBox:
        """The box the export cuts from an asset for a preset, from its stored override or focal point, else
        its automatic frame (as the crop editor shows it). LibraryError in French."""
        from .export.crop import InvalidCrop
        from .export.framing import frame_for, needs_smart, smart_frames
        from .export.presets import UnknownPreset, get_preset

        asset = self.asset(int(doc_id))
        if asset is None:
            raise LibraryError("Cette photo ou vidéo n'est plus dans le catalogue.")
        try:
            preset = get_preset(preset_id, self.data_dir)
        except UnknownPreset as exc:
            raise LibraryError(str(exc)) from None
        kind = asset["kind"] or "photo"
        if not preset.supports(kind):
            raise LibraryError(f"Le format « {preset.label} » ne s'applique pas à ce type de fichier.")
        override, focal = asset["crops"].get(preset.id), asset["focal"]
        work = self.working_image(int(doc_id), analysis=True)
        smart = None
        if needs_smart(focal, override):
            smart = smart_frames(work.image, work.source_size, [preset], kind=kind)
        try:
            return frame_for(work.source_size, preset, kind=kind, focal=focal, override=override, smart=smart)
        except InvalidCrop as exc:
            raise LibraryError(str(exc)) from None


class _Coalescing:
    """Runs `fn` on its own thread whenever requested; requests made while it runs fold into one more run."""

    def __init__(self, fn: Callable[[], None], name: str) -> None:
        self._fn = fn
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self) -> None:
        self._wanted.set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            if self._stopping.is_set():
                return
            self._wanted.clear()
            try:
                self._fn()
            except Exception:  # a failed reconcile must not end the sync; the next request retries
                log.exception("reconcile failed")

    def stop(self, timeout: float = 30.0) -> None:
        self._stopping.set()
        self._wanted.set()
        if self._thread.is_alive():
            self._thread.join(timeout)


class LibraryWatch:
    """Handle returned by Library.watch()."""

    def __init__(self, watcher, reconciler: _Coalescing) -> None:
        self.watcher = watcher
        self._reconciler = reconciler

    @property
    def status(self):
        return self.watcher.status

    def request_reconcile(self) -> None:
        self._reconciler.request()

    def stop(self) -> None:
        self.watcher.stop()
        self._reconciler.stop()


JSON_KEYS = ("id", "path", "relpath", "kind", "format", "size", "width", "height", "orientation", "taken_at",
             "camera", "gps", "duration", "status", "error", "tags")


def public(doc_id: int, doc: dict, root: str | None = None) -> dict:
    """The full asset shape (CLI.md's keys plus root, thumb, fingerprint, mtime_ns) from a stored doc."""
    gps = doc.get("gps")
    tags = doc.get("tags") or {}
    base = normalize_root(root) if root else doc.get("root") or ""
    return {
        "id": str(doc_id), "path": doc["path"], "relpath": _relpath(doc["path"], base) if base else doc["path"],
        "kind": doc.get("kind"), "format": doc.get("format"), "size": doc.get("size"),
        "width": doc.get("width"), "height": doc.get("height"), "orientation": doc.get("orientation"),
        "taken_at": doc.get("taken_at"), "camera": {"make": doc.get("make"), "model": doc.get("model")},
        "gps": {"lat": gps[0], "lon": gps[1], "alt": gps[2]} if gps else None,
        "duration": doc.get("duration"), "status": doc.get("status") or "ok", "error": doc.get("error"),
        "tags": {f: list(tags.get(f, ())) for f in FACETS},
        "root": doc.get("root"), "thumb": doc.get("thumb"), "fingerprint": doc.get("fingerprint"),
        "mtime_ns": doc.get("mtime_ns"), "pending_sidecar": bool(doc.get("pending_sidecar")),
        "sidecar_error": doc.get("sidecar_error"),
        "focal": tuple(doc["focal"]) if doc.get("focal") else None,
        "crops": {k: tuple(v) for k, v in (doc.get("crops") or {}).items()},
    }


def _probe_fields(result: dict) -> dict:
    """A probe result in the stored layout."""
    out = {k: result.get(k) for k in PROBE_KEYS if k not in ("make", "model", "gps")}
    camera = result.get("camera") or {}
    out["make"], out["model"] = camera.get("make"), camera.get("model")
    gps = result.get("gps")
    out["gps"] = [gps["lat"], gps["lon"], gps.get("alt")] if gps else None
    return out


def _without_probe(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in PROBE_KEYS}


def _compact(doc: dict) -> dict:
    out = {k: v for k, v in doc.items() if v is not None and k != "tags"}
    tags = {f: list(v) for f, v in (doc.get("tags") or {}).items() if v}
    if tags:
        out["tags"] = tags
    if out.get("status") == "ok":
        del out["status"]
    return out


def _walk_sidecar_sig(media_key: str, sidecars: dict) -> tuple | None:
    """(sidecar key, size, mtime_ns) of a media file's sidecar among those a walk found: `IMG.JPG.xmp`,
    else the Adobe-style `IMG.xmp`, each in any case (the same choice as sidecar.find_sidecar: the exact
    spelling first, else the first case-variant in sorted order)."""
    if not sidecars:
        return None
    key = media_key + ".xmp"
    found = sidecars.get(key)
    if found is None:
        key = _case_variant(key, sidecars)
        if key is None:
            dot = media_key.rfind(".")
            if dot <= max(media_key.rfind("/"), media_key.rfind("\\")):
                return None
            key = media_key[:dot] + ".xmp"
            if key not in sidecars:
                key = _case_variant(key, sidecars)
                if key is None:
                    return None
        found = sidecars[key]
    return (key, found[0], found[1])


def _case_variant(key: str, sidecars: dict) -> str | None:
    """The key of a sidecar spelled like `key` but for case or Unicode form (`IMG.jpg.xmp` for `IMG.JPG.xmp`):
    the first in sorted order when several are, else None."""
    folded = sidecars.folded() if hasattr(sidecars, "folded") else None
    if folded is None:
        wanted = fold_name(key)
        variants = [k for k in sidecars if fold_name(k) == wanted]
    else:
        variants = folded.get(fold_name(key))
    return min(variants) if variants else None


def _replaced_notice(media_path: str, data) -> dict:
    """What a write did with an unusable sidecar, for the user (`message`, one French sentence) and for
    scripts: the media, the sidecar, where it was kept (None: left in place), the file written, why."""
    old, new = os.path.basename(data.replaced), os.path.basename(data.path)
    if data.set_aside:
        message = (f"Le fichier XMP illisible « {old} » a été conservé sous le nom "
                   f"« {os.path.basename(data.set_aside)} » et un nouveau fichier « {new} » a été écrit.")
    else:
        message = (f"Le fichier XMP illisible « {old} » a été laissé tel quel et un nouveau fichier « {new} » "
                   f"a été écrit.")
    return {"path": media_path, "sidecar": data.replaced, "kept_as": data.set_aside, "written": data.path,
            "reason": data.replaced_reason, "message": message}


def _sig(value) -> tuple | None:
    return tuple(value) if value else None


@functools.lru_cache(maxsize=64)
def _root_prefix(root: str) -> str | None:
    """`root` and one separator, when `root` is absolute and in normal form (a handful of roots)."""
    if not root or not os.path.isabs(root) or os.path.normpath(root) != root:
        return None
    return root if root.endswith(os.sep) else root + os.sep


def _relpath(path: str, root: str) -> str:
    """`path` relative to `root`, with "/" separators. The grid asks for it on every paint: a stored path
    in normal form under its root is sliced (os.path.relpath costs 20 times more), anything else goes
    through os.path.relpath."""
    prefix = _root_prefix(root)
    if prefix is not None and path.startswith(prefix) and os.path.normpath(path) == path:
        rel = path[len(prefix):]
        if rel and not rel.startswith(os.sep):  # (POSIX keeps a leading "//": not a child of "/")
            return rel.replace(os.sep, "/") if os.sep != "/" else rel
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # other drive on Windows
        return path.replace("\\", "/")
    return rel.replace(os.sep, "/")


def _apply_delta(tags: dict, add: dict | None, remove: dict | None) -> dict[str, list[str]]:
    out = empty_tags()
    for facet in FACETS:
        drop = {fold(n) for n in (remove or {}).get(facet, [])}
        names = [n for n in tags.get(facet, []) if fold(n) not in drop]
        have = {fold(n) for n in names}
        for n in (add or {}).get(facet, []):
            if fold(n) not in have:
                names.append(n)
                have.add(fold(n))
        out[facet] = names
    return out


def _cleaned_tags(tags: dict) -> dict[str, list[str]]:
    """Names read from a file, trimmed as the registry stores them (invalid ones are left for
    `_canonical_tags` to skip), so that pending edits match them."""
    out = empty_tags()
    for facet in FACETS:
        for name in tags.get(facet, []):
            try:
                out[facet].append(clean_name(name))
            except InvalidName:
                out[facet].append(name)
    return out


def _apply_renames(tags: dict, renames: list | None) -> dict:
    """Tags with each (facet, old, new) rename applied: names equal to `old` once folded become `new`."""
    for facet, old, new in renames or ():
        tags = {**tags, facet: unique_names(new if fold(n) == fold(old) else n for n in tags.get(facet, []))}
    return tags


def _merge_pending(pending: dict | None, add: dict, remove: dict, own: dict | None = None,
                   rename: list | None = None) -> dict:
    """Combine a not-yet-written sidecar delta with a new one (the later edit wins per name / field)."""
    p_add = {f: list((pending or {}).get("add", {}).get(f, [])) for f in FACETS}
    p_rem = {f: list((pending or {}).get("remove", {}).get(f, [])) for f in FACETS}
    for facet in FACETS:
        for n in add.get(facet, []):
            p_rem[facet] = [x for x in p_rem[facet] if fold(x) != fold(n)]
            if fold(n) not in {fold(x) for x in p_add[facet]}:
                p_add[facet].append(n)
        for n in remove.get(facet, []):
            p_add[facet] = [x for x in p_add[facet] if fold(x) != fold(n)]
            if fold(n) not in {fold(x) for x in p_rem[facet]}:
                p_rem[facet].append(n)
    out = {"add": p_add, "remove": p_rem}
    p_own = {**(pending or {}).get("own", {}), **(own or {})}
    if p_own:
        out["own"] = p_own
    p_rename = list((pending or {}).get("rename", [])) + [list(r) for r in rename or ()]
    if p_rename:
        out["rename"] = p_rename
    if rename:
        # The sidecar applies renames before additions: an addition not written yet must carry the new
        # name already, or it would bring the old name back.
        out["add"] = _apply_renames(out["add"], rename)
    return out


def _subtract_pending(current: dict | None, written: dict) -> dict | None:
    """What is still to write after `written` reached the sidecar (edits made meanwhile stay)."""
    if not current:
        return None
    if current == written:
        return None
    out: dict = {"add": {}, "remove": {}}
    for part in ("add", "remove"):
        for facet in FACETS:
            done = {fold(n) for n in written.get(part, {}).get(facet, [])}
            out[part][facet] = [n for n in current.get(part, {}).get(facet, []) if fold(n) not in done]
    done_own = written.get("own", {})
    own = {k: v for k, v in current.get("own", {}).items() if k not in done_own or done_own[k] != v}
    if own:
        out["own"] = own
    renames = current.get("rename", [])[len(written.get("rename", [])):]  # appended in order
    if renames:
        out["rename"] = renames
    if not own and not renames and not any(out[p][f] for p in ("add", "remove") for f in FACETS):
        return None
    return out


def _framing_from_own(own: dict[str, str]) -> dict:
    """Focal point and per-preset crops from the sidecar's own fields; malformed values are ignored
    (the file is shared and untrusted)."""
    out: dict = {"focal": None, "crops": None}
    try:
        x, y = (float(v) for v in own.get(OWN_FOCAL, "").split(","))
        if 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0:
            out["focal"] = [x, y]
    except ValueError:
        pass
    try:
        crops = orjson.loads(own.get(OWN_CROPS) or "null")
    except orjson.JSONDecodeError:
        crops = None
    if isinstance(crops, dict):
        good = {k: [float(v) for v in box] for k, box in crops.items()
                if isinstance(k, str) and isinstance(box, list) and len(box) == 4
                and all(isinstance(v, (int, float)) and 0.0 <= v <= 1.0 for v in box)}
        out["crops"] = good or None
    return out
