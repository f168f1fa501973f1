"""The one facade the GUI, the CLI and the tests drive: open a data dir, scan, watch, query, tag.

The facade owns the stores (catalog, registry), the in-memory index, the registries (taxonomy) and the
thumbnail cache, all private, under one lock; the engines it drives share them: core/reconcile.py (scan,
apply_changes, moves), core/sidecar_writer.py (the write-behind of sidecar deltas), core/record.py (the
stored record and its public / JSON shapes).

Data ownership (ARCHITECTURE.md): media files are never modified; the XMP sidecar next to each asset is the
durable, shared record of what a person entered; the catalog on the local disk is an index that can be
rebuilt from the folder and the sidecars at any time.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar, cast, overload

import orjson

from . import settings as _settings_mod
from . import tagging
from .catalog import CatalogError, Store, _french_os_reason
from .fsutil import path_key, printable
from .model import FACETS, InvalidName, clean_name, empty_tags, fold
from .reconcile import LibraryWatch, Progress, Reconciler, ScanSummary
from .reconcile import watch as watch_folder
from .record import OWN_CROPS, OWN_FOCAL, compact, framing_with, normalize_root, public, to_json
from .scan import RootUnreachable
from .search import AssetIndex, Filter
from .sidecar_writer import SidecarWriter, _apply_delta, _apply_renames
from .tagging import TAG_CHUNK, TagChange
from .taxonomy import Business, Campaign, HeritageSite, Keyword, Taxonomy

if TYPE_CHECKING:
    from .export.batch import BatchProgressCallback, ItemResult
    from .export.crop import CropBox
    from .export.image import Overlay
    from .media.frames import WorkingImage
    from .watch import WatchStatus

log = logging.getLogger(__name__)

APP_NAME = "LectoureMedia"
EXPORTS = "exports"  # publication log, in the registry store (it outlives a rebuilt catalog)
ENV_DATA_DIR = "LECTOURE_MEDIA_DATA_DIR"
ASSETS = "assets"
ROOTS = "roots"
SETTINGS = "settings"
# A registry entry, as Library.entry() returns it: the record type of its facet (taxonomy.RECORD_TYPES).
RegistryEntry = Business | HeritageSite | Campaign | Keyword
_P = ParamSpec("_P")
_T = TypeVar("_T")
__all__ = [
    "APP_NAME",
    "Cancelled",
    "Library",
    "LibraryError",
    "LibraryWatch",
    "Progress",
    "RegistryEntry",
    "RootUnreachable",
    "ScanSummary",
    "SelectionSummary",
    "TAG_CHUNK",
    "TagChange",
    "default_data_dir",
    "normalize_root",
]


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

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        read_only: bool | None = None,
        probe_workers: int | None = None,
        probe_time_budget: float = 20.0,
        thumb_max_bytes: int | None = None,
        flush_delay: float = 0.5,
    ) -> None:
        from filelock import FileLock, Timeout

        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"Impossible de créer le dossier de données « {self.data_dir} » : {exc.strerror or exc}."
            ) from None
        self._lock = threading.RLock()  # guards the index, the stores and the registries (held briefly)
        self._file_lock = FileLock(str(self.data_dir / "writer.lock"))
        self.owner_elsewhere = False
        if read_only is None or read_only is False:
            try:
                self._file_lock.acquire(timeout=0)
            except Timeout:
                if read_only is False:
                    raise LibraryError(
                        "Le catalogue est déjà ouvert par un autre programme Lectoure Media sur ce poste "
                        f"({self.data_dir}) ; fermez-le avant d'en ouvrir un second."
                    ) from None
                self.owner_elsewhere = True
            except OSError as exc:  # a read-only or full data folder: the lock file cannot even be created
                raise LibraryError(
                    f"Le dossier de données « {self.data_dir} » n'accepte pas l'écriture "
                    f"({_french_os_reason(exc)}) : le catalogue ne peut pas y être mis à jour."
                ) from None
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
        from .media.thumbs import ThumbCache

        self._thumbs = ThumbCache(
            str(self.data_dir / "thumbs"),
            max_bytes=thumb_max_bytes if thumb_max_bytes is not None else self._settings.thumb_max_bytes,
        )
        self._reconciler = Reconciler(self, probe_workers, probe_time_budget)
        self._sidecars = SidecarWriter(self)
        self._sidecars.start()
        self._closed = False
        self._sidecars.requeue_pending()
        if self.owner_elsewhere:
            self.messages.append(
                "Le catalogue est tenu par un autre processus (surveillance ou application ouverte) : "
                "il est lu en lecture seule ; les étiquettes sont écrites dans les fichiers XMP et ce "
                "processus les reprendra."
            )

    def _open_stores_and_index(self, flush_delay: float) -> None:
        """Open the catalog and the registry (recovering them if damaged) and index the assets."""
        catalog = self.data_dir / "catalog.json"
        catalog_existed = catalog.exists() or catalog.with_name(catalog.name + ".bak").exists()
        try:
            self._assets = Store(str(catalog), read_only=self.read_only, flush_delay=flush_delay)
            self._registry = Store(
                str(self.data_dir / "registry.json"), read_only=self.read_only, flush_delay=flush_delay
            )
            if self.read_only:
                self._repair_restored_stores(flush_delay)
        except CatalogError as exc:
            self._release()
            raise LibraryError(str(exc)) from None
        for store in (self._assets, self._registry):
            if store.recovery:
                self.messages.append(store.recovery)
        settings = self._registry.get(SETTINGS, 1) or {}
        # Catalog and backup both gone while folders were scanned before: the catalog starts empty and says so.
        lost = not catalog_existed and self._registry.count(ROOTS) > 0
        if lost:
            self.messages.append(
                f"Le catalogue de ce poste est introuvable, sauvegarde comprise (« {catalog} ») : il repart vide "
                "et sera reconstruit depuis les dossiers et les fichiers XMP à la prochaine analyse."
            )
        elif settings.get("rebuild_pending") and not self._assets.rebuilt:
            self.messages.append(
                "Le catalogue de ce poste n'a pas encore été reconstruit : il sera complété "
                "depuis les dossiers et les fichiers XMP à la prochaine analyse."
            )
        self.needs_rebuild = bool(self._assets.rebuilt or lost or settings.get("rebuild_pending"))
        if (self._assets.rebuilt or lost) and not self.read_only:
            # Remembered until rebuild() has run: a command that writes an (almost) empty catalog before
            # then must not make the next start believe the catalog is complete.
            self._registry.put(SETTINGS, 1, {**settings, "rebuild_pending": True})
        self._taxonomy = Taxonomy(self._registry)
        if not self.read_only and not (self._registry.get(SETTINGS, 1) or {}).get("heritage_seeded"):
            from ..resources import resource_path

            self._taxonomy.seed_heritage(str(resource_path("heritage.json")))
            self._registry.put(SETTINGS, 1, {**(self._registry.get(SETTINGS, 1) or {}), "heritage_seeded": True})
        self._index = AssetIndex()
        self._index.load(self._assets.items(ASSETS))
        for _, entry in self._registry.items(EXPORTS):
            self._index.add_export(entry)

    def _repair_restored_stores(self, flush_delay: float) -> None:
        """A reader (`list`) that found a damaged file restored from its backup writes the repair when no
        other process holds the catalog: otherwise every later reader would restore, and say so, again."""
        stores = [s for s in (self._assets, self._registry) if s.recovered_from_backup]
        if not stores or self.owner_elsewhere:
            return
        from filelock import Timeout

        try:
            self._file_lock.acquire(timeout=0)
        except (Timeout, OSError):  # held by a writer (which repairs it itself), or a read-only folder: read as is
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
    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.wait_sidecars()
        self._sidecars.stop()
        self._reconciler.close()
        for store in (self._assets, self._registry):
            try:
                store.close()
            except CatalogError as exc:
                log.error("catalog flush failed at close: %s", exc)
        self._release()

    def _release(self) -> None:
        if self._file_lock.is_locked:
            self._file_lock.release()

    def flush(self, *, wait_sidecars: bool = True) -> None:
        """Write the catalog and the registry to disk (after the queued sidecar writes, by default)."""
        if wait_sidecars:
            self.wait_sidecars()
        if not self.read_only:
            self._assets.flush()
            self._registry.flush()

    # -- roots ---------------------------------------------------------------------------------------
    def roots(self) -> list[str]:
        return [doc["path"] for _, doc in self._registry.items(ROOTS)]

    def _register_root(self, root: str) -> None:
        if self.read_only:
            return
        for doc_id, doc in self._registry.items(ROOTS):
            if path_key(doc["path"]) == path_key(root):
                self._registry.put(ROOTS, doc_id, {**doc, "last_scan": time.time()})
                return
        self._registry.put(ROOTS, self._registry.next_id(ROOTS), {"path": root, "last_scan": time.time()})

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
        return self._assets.next_id(ASSETS)

    def _put(self, doc_id: int, doc: dict[str, Any]) -> None:
        doc = compact(doc)
        if not self.read_only:
            self._assets.put(ASSETS, doc_id, doc)
        self._index.add(doc_id, doc)

    def _canonical_tags(
        self, tags: dict[str, list[str]], categories: dict[str, str] | None = None, *, strict: bool = False
    ) -> dict[str, list[str]]:
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
                    name = self._taxonomy.canonical(facet, name) or name
                else:
                    cat = (categories or {}).get(name) if facet == "business" else None
                    name = self._taxonomy.ensure(facet, name, **({"category": cat} if cat else {}))
                if fold(name) not in seen:
                    seen.add(fold(name))
                    out[facet].append(name)
        return out

    # -- scanning (core/reconcile.py) ---------------------------------------------------------------
    def scan(
        self,
        root: str | os.PathLike[str],
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ScanSummary:
        """Reconcile the catalog with the folder: new, changed, moved, vanished (→ missing) files.

        Raises RootUnreachable when the root cannot be read: then nothing is marked missing.
        """
        return self._reconciler.scan(root, progress=progress, cancel=cancel)

    def apply_changes(self, root: str, paths: Iterable[str], *, cancel: threading.Event | None = None) -> ScanSummary:
        """Reconcile only the paths a watcher reported (files, sidecars or folders)."""
        return self._reconciler.apply_changes(root, paths, cancel=cancel)

    # -- queries -------------------------------------------------------------------------------------
    def query_ids(self, flt: Filter | None = None) -> list[int]:
        """Ids of the matching assets, newest first (cheap: the GUI model holds ids, not records)."""
        with self._lock:
            return self._index.query(flt or Filter())

    def asset(self, doc_id: int, root: str | None = None) -> dict[str, Any] | None:
        with self._lock:
            doc = self._index.docs.get(doc_id)
            return None if doc is None else public(doc_id, doc, root)

    def query(self, flt: Filter | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [public(i, self._index.docs[i]) for i in self._index.query(flt or Filter())]

    def _id_for_path(self, path: str) -> int | None:
        return self._index.by_path.get(path_key(os.path.abspath(path)))

    def get_by_path(self, path: str) -> dict[str, Any] | None:
        with self._lock:
            doc_id = self._id_for_path(path)
            return None if doc_id is None else public(doc_id, self._index.docs[doc_id])

    def selection_summary(self, ids: Iterable[int]) -> SelectionSummary:
        """What the inspector shows of a selection (1 or 100,000 assets), read from the stored records
        without copying them: a public() copy per asset made selecting everything freeze the window."""
        present: list[int] = []
        total = 0
        tags: dict[str, dict[str, list[Any]]] = {f: {} for f in FACETS}  # folded name -> [spelling, count]
        folded: dict[str, str] = {}
        with self._lock:
            docs = self._index.docs
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
            docs = [(int(i), self._index.docs.get(int(i))) for i in ids]
        circles = self._registry_call(self._taxonomy.site_circles)
        found: dict[str, tuple[str, list[int], float]] = {}
        for doc_id, doc in docs:
            if doc is None:
                continue
            gps = doc.get("gps")
            if not gps or gps[0] is None or gps[1] is None:
                continue
            best = next(iter(self._taxonomy.sites_near(gps[0], gps[1], circles)), None)
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
            counts = self._index.facet_counts(facet)
            return {name: counts.get(fold(name), 0) for name in self._taxonomy.names(facet)}

    def sort_by_name(self, ids: list[int]) -> list[int]:
        """`ids` ordered by file name (case-insensitive), then id; ids not in the catalog go last."""
        with self._lock:
            docs = self._index.docs
            return sorted(
                ids, key=lambda i: (0, os.path.basename(docs[i]["path"]).casefold(), i) if i in docs else (1, "", i)
            )

    @property
    def thumb_max_bytes(self) -> int:
        """Size cap of the thumbnail cache (the oldest thumbnails go beyond it)."""
        return self._thumbs.max_bytes

    @thumb_max_bytes.setter
    def thumb_max_bytes(self, value: int) -> None:
        self._thumbs.max_bytes = int(value)

    def thumbnail_path(self, doc: dict[str, Any]) -> str | None:
        key = doc.get("thumb")
        if not key:
            return None
        found = self._thumbs.get(key)
        return str(found) if found else None

    @staticmethod
    def to_json(asset: dict[str, Any], root: str | None = None) -> dict[str, Any]:
        """CLI.md's `list --json` shape (exactly its keys) from a public asset dict (record.to_json)."""
        return to_json(asset, root)

    # -- tagging -------------------------------------------------------------------------------------
    def resolve_for_tagging(self, path: str) -> int:
        """The catalog id of a file, indexing it first when it lies under a known root."""
        path = os.path.abspath(path)
        doc_id = self._id_for_path(path)
        if doc_id is not None:
            return doc_id
        if not os.path.isfile(path) and not path.isascii():  # typed NFC, written NFD by a Mac (or the reverse)
            import unicodedata

            path = next(
                (p for p in (unicodedata.normalize(f, path) for f in ("NFC", "NFD")) if os.path.isfile(p)), path
            )
        if not os.path.isfile(path):
            raise LibraryError(f"Le fichier « {printable(path)} » n'existe pas.")
        root = self.root_of(path)
        if root is None:
            raise LibraryError(
                f"« {path} » n'est pas dans un dossier déjà analysé ou surveillé ; "
                "lancez d'abord « lectoure-media scan DOSSIER »."
            )
        from .ignore import classify

        if classify(os.path.basename(path)) != "media":
            raise LibraryError(f"« {path} » n'est pas une photo ou une vidéo prise en charge.")
        self.apply_changes(root, [path])
        doc_id = self._id_for_path(path)
        if doc_id is None:
            raise LibraryError(f"« {path} » n'a pas pu être indexé.")
        return doc_id

    def tag(
        self,
        paths: Iterable[str],
        *,
        add: dict[str, list[str]] | None = None,
        remove: dict[str, list[str]] | None = None,
        categories: dict[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        """Add/remove tags on assets. Returns at once; the sidecars are written by a background writer
        (call wait_sidecars() to wait). Unknown names become registry entries."""
        ids = [self.resolve_for_tagging(p) for p in paths]
        with self._lock:
            add_c = self._canonical_tags(add or {}, categories, strict=True) if add else empty_tags()
            remove_c = {
                f: [self._taxonomy.canonical(f, n) or clean_name(n) for n in (remove or {}).get(f, [])] for f in FACETS
            }
            out = []
            for doc_id in ids:
                doc = self._index.docs[doc_id]
                self._sidecars.edit(
                    doc_id, {"tags": _apply_delta(doc.get("tags") or {}, add_c, remove_c)}, add=add_c, remove=remove_c
                )
                out.append(public(doc_id, self._index.docs[doc_id]))
            return out

    def apply_tags(
        self,
        ids: Iterable[int],
        *,
        add: dict[str, list[str]] | None = None,
        remove: dict[str, list[str]] | None = None,
        categories: dict[str, str] | None = None,
        progress: Progress | None = None,
    ) -> TagChange:
        """Add/remove names on assets given by id (the GUI's selection) and report what really changed: an
        asset keeps a name it already carried and loses only names it carried, so `revert(change)` restores
        each asset's own previous state. Ids no longer in the catalog are skipped; unknown added names become
        registry entries (`created`). All or nothing: a failure midway reverts the assets already changed and
        raises LibraryError. The lock is let go every TAG_CHUNK assets (a 10,000-asset selection tagged on
        a worker must not stall the window waiting for it); `progress(done, total, "")` is called then."""
        return tagging.apply_tags(self, ids, add=add, remove=remove, categories=categories, progress=progress)

    def revert(self, change: TagChange, *, progress: Progress | None = None) -> list[int]:
        """Undo `change` (from apply_tags) on the assets still in the catalog, and delete the registry
        entries it created unless assets carry them by then or their details were edited since. Returns
        the ids changed back. The lock is let go every TAG_CHUNK assets, as in apply_tags."""
        return tagging.revert(self, change, progress=progress)

    # -- sidecar write-behind (core/sidecar_writer.py) -----------------------------------------------
    def wait_sidecars(self, timeout: float | None = 60.0) -> bool:
        """Block until every queued sidecar write has been attempted."""
        return self._sidecars.wait(timeout)

    @property
    def sidecar_errors(self) -> list[tuple[str, str]]:
        """(path, French reason) of the latest failed sidecar writes (a bounded number), oldest first."""
        return self._sidecars.errors()

    def sidecar_error_mark(self) -> int:
        """A mark to pass to sidecar_errors_since(): the failures so far."""
        return self._sidecars.failure_count()

    def sidecar_errors_since(self, mark: int) -> list[tuple[str, str]]:
        """The failed sidecar writes after `mark` (those still kept), oldest first."""
        return self._sidecars.errors(since=mark)

    @property
    def sidecar_notices(self) -> list[dict[str, Any]]:
        """Unreadable sidecars a write replaced (set aside, or left in place): what the user must be told."""
        return self._sidecars.notices()

    # -- framing (focal point, per-preset crops) -----------------------------------------------------

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
            crops = dict(self._index.docs[doc_id].get("crops") or {})
        if box is None:
            crops.pop(preset_id, None)
        else:
            x, y, w, h = (float(v) for v in box)
            if not (x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= 1.0001 and y + h <= 1.0001):
                raise LibraryError("Le recadrage doit rester à l'intérieur de l'image.")
            crops[preset_id] = [round(v, 5) for v in (x, y, w, h)]
        self._set_own([doc_id], {OWN_CROPS: orjson.dumps(crops).decode() if crops else None})

    def _set_own(self, ids: list[int], own: dict[str, str | None]) -> None:
        with self._lock:
            for doc_id in ids:
                doc = self._index.docs[doc_id]
                self._sidecars.edit(
                    doc_id, framing_with({"focal": doc.get("focal"), "crops": doc.get("crops")}, own), own=own
                )

    # -- publication log -----------------------------------------------------------------------------
    def record_export(self, source: str, preset: str, output: str, *, width: int, height: int, size: int) -> None:
        """Remember that `source` was exported for `preset` (kept in registry.json: it outlives a rebuilt
        catalog; linked to the asset by its content fingerprint, so it follows renames too)."""
        with self._lock:
            doc_id = self._id_for_path(source)
            doc = self._index.docs.get(doc_id) if doc_id is not None else None
            entry = {
                "fingerprint": (doc or {}).get("fingerprint"),
                "source": os.path.abspath(source),
                "preset": preset,
                "output": os.path.abspath(output),
                "width": width,
                "height": height,
                "bytes": size,
                "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            }
            if not self.read_only:
                self._registry.put(EXPORTS, self._registry.next_id(EXPORTS), entry)
            self._index.add_export(entry)

    def export_log(self, path: str | None = None) -> list[dict[str, Any]]:
        """Exports, newest first; only those of one asset when `path` is given."""
        with self._lock:
            fp = None
            if path is not None:
                doc_id = self._id_for_path(path)
                fp = self._index.docs[doc_id].get("fingerprint") if doc_id is not None else None
                if fp is None:
                    return []
            rows = [e for _, e in self._registry.items(EXPORTS) if fp is None or e.get("fingerprint") == fp]
        return sorted(rows, key=lambda e: e["at"], reverse=True)

    # -- export --------------------------------------------------------------------------------------
    def export(
        self,
        paths: Iterable[str],
        preset_ids: Iterable[str],
        out_dir: str | None = None,
        *,
        template: str | None = None,
        credit: str | None = None,
        overlay: Overlay | None = None,
        trim: bool = False,
        video_mode: Literal["crop", "fit"] = "crop",
        workers: int | None = None,
        progress: BatchProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> list[ItemResult]:
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
                raise LibraryError(
                    "Aucun dossier d'export : indiquez-en un, ou réglez le dossier d'export "
                    "par défaut dans les paramètres."
                )
        template = template or settings.name_template
        presets = [get_preset(pid, self.data_dir) for pid in preset_ids]
        try:
            os.makedirs(out_dir, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"Impossible de créer le dossier d'export « {out_dir} » : {exc.strerror or exc}."
            ) from None

        def campaign_credit(name: str) -> str | None:
            rec = self.entry("campaign", name)
            return rec.credit if rec is not None else None

        sources = [(path, self.get_by_path(os.path.abspath(path))) for path in paths]
        plan = plan_export(
            sources, presets, credit=credit, default_credit=settings.default_credit, campaign_credit=campaign_credit
        )
        options = ExportOptions(
            out_dir=out_dir,
            template=template,
            credit=plan.credit,
            overlay=overlay,
            trim=trim,
            video_mode=video_mode,
            data_dir=str(self.data_dir),
        )
        results = plan.merge(ExportJob(plan.items, options, workers=workers).run(progress=progress, cancel=cancel))
        for r in results:
            if r.output and not r.error:
                # cast: a written file always has its size (the worker returns the ExportResult's ints).
                self.record_export(
                    r.item.source,
                    r.item.preset_id,
                    r.output,
                    width=cast(int, r.width),
                    height=cast(int, r.height),
                    size=cast(int, r.bytes),
                )
        return results

    # -- registries (under the lock: the scan thread registers names as it reads sidecars) ----------
    def _registry_call(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        with self._lock:
            try:
                return fn(*args, **kwargs)
            except CatalogError as exc:
                raise LibraryError(str(exc)) from None

    @overload
    def entry(self, facet: Literal["business"], name: str) -> Business | None: ...
    @overload
    def entry(self, facet: Literal["heritage"], name: str) -> HeritageSite | None: ...
    @overload
    def entry(self, facet: Literal["campaign"], name: str) -> Campaign | None: ...
    @overload
    def entry(self, facet: Literal["keywords"], name: str) -> Keyword | None: ...
    @overload
    def entry(self, facet: str, name: str) -> RegistryEntry | None: ...
    def entry(self, facet: str, name: str) -> RegistryEntry | None:
        """The registry record of `name` in `facet` (case and accents ignored), or None."""
        # cast: the registry of `facet` holds records of that facet's type (taxonomy.RECORD_TYPES).
        return cast("RegistryEntry | None", self._registry_call(self._taxonomy.get, facet, name))

    @overload
    def entries(self, facet: Literal["business"]) -> list[Business]: ...
    @overload
    def entries(self, facet: Literal["heritage"]) -> list[HeritageSite]: ...
    @overload
    def entries(self, facet: Literal["campaign"]) -> list[Campaign]: ...
    @overload
    def entries(self, facet: Literal["keywords"]) -> list[Keyword]: ...
    @overload
    def entries(self, facet: str) -> list[RegistryEntry]: ...
    def entries(self, facet: str) -> list[Any]:
        """Every record of a facet's registry (of the facet's type: taxonomy.RECORD_TYPES, as the
        overloads above say)."""
        return self._registry_call(self._taxonomy.all, facet)

    def entry_names(self, facet: str) -> list[str]:
        return self._registry_call(self._taxonomy.names, facet)

    def canonical_name(self, facet: str, name: str) -> str | None:
        """The registered spelling of `name`, or None when it is in no registry."""
        return self._registry_call(self._taxonomy.canonical, facet, name)

    def ensure_entry(self, facet: str, name: str, **details: Any) -> str:
        """The registered spelling of `name`, creating the entry (with `details`) when it is new."""
        return self._registry_call(self._taxonomy.ensure, facet, name, **details)

    def save_entry(self, facet: str, record: RegistryEntry, *, original_name: str | None = None) -> None:
        """Save an entry's details (InvalidName for a bad name, LibraryError when it cannot be stored)."""
        self._registry_call(self._taxonomy.save, facet, record, original_name=original_name)

    def sites_near(self, lat: float, lon: float) -> list[tuple[str, float]]:
        """Heritage sites whose circle contains the point: (name, distance in metres), nearest first."""
        return self._registry_call(lambda: list(self._taxonomy.sites_near(lat, lon)))

    # -- registry edits that touch assets ------------------------------------------------------------
    def usage_count(self, facet: str, name: str) -> int:
        with self._lock:
            return len(self._index.by_facet[facet].get(fold(name), ()))

    def rename_entry(self, facet: str, old: str, new: str) -> int:
        """Rename (or merge into an existing entry) everywhere: registry, catalog and sidecars."""
        with self._lock:
            ids = list(self._index.by_facet[facet].get(fold(old), ()))
            final, _merged = self._registry_call(self._taxonomy.rename, facet, old, new)
            # A rename, not "remove old + add new": the two are the same name once folded when only the
            # case or the accents change, and the sidecar renames in place (keeping IPTC details).
            for doc_id in ids:
                tags = _apply_renames(self._index.docs[doc_id].get("tags") or {}, [(facet, old, final)])
                self._sidecars.edit(doc_id, {"tags": tags}, rename=[[facet, old, final]])
        return len(ids)

    def delete_entry(self, facet: str, name: str) -> int:
        """Delete an entry and take its tag off every asset carrying it; returns how many."""
        with self._lock:
            ids = list(self._index.by_facet[facet].get(fold(name), ()))
            paths = [self._index.docs[i]["path"] for i in ids]
        if paths:
            self.tag(paths, remove={facet: [name]})
        self._registry_call(self._taxonomy.delete, facet, name)
        return len(paths)

    # -- watching ------------------------------------------------------------------------------------
    def watch(
        self,
        root: str | os.PathLike[str],
        *,
        on_status: Callable[[WatchStatus], None] | None = None,
        on_update: Callable[[ScanSummary], None] | None = None,
        **options: Any,
    ) -> LibraryWatch:
        """Keep the catalog in sync with `root` until stop() (reconcile.watch: a FolderWatcher's reported
        paths, and full reconciles on a worker of their own)."""
        folder = normalize_root(root)
        self._register_root(folder)
        options.setdefault("poll_interval", self.settings().poll_interval)
        return watch_folder(self, folder, on_status=on_status, on_update=on_update, **options)

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
        settings = self._registry.get(SETTINGS, 1) or {}
        if complete and settings.get("rebuild_pending") and not self.read_only:
            self._registry.put(SETTINGS, 1, {k: v for k, v in settings.items() if k != "rebuild_pending"})
        return out

    # -- settings (settings.json in the data dir) ----------------------------------------------------
    def settings(self) -> _settings_mod.Settings:
        """This PC's engine settings (default credit, export folder, file-name template, polling
        interval, thumbnail cache cap…), as read from the data dir."""
        with self._lock:
            return self._settings

    def update_settings(self, **changes: Any) -> _settings_mod.Settings:
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
                raise LibraryError(
                    f"Les réglages n'ont pas pu être enregistrés dans « {self.data_dir} » ({_french_os_reason(exc)})."
                ) from None
            self._settings = new
            if "thumb_cache_mb" in changes:
                self._thumbs.max_bytes = new.thumb_max_bytes
            return new

    # -- framing for the crop editor (the policy is core.export.framing's, shared with the exports) ----------
    def working_image(self, doc_id: int, at: float | None = None, *, analysis: bool = False) -> WorkingImage:
        """The upright working copy of an asset the crop editor shows (a video: the frame nearest `at`
        seconds, its poster frame when None); with `analysis`, the picture its automatic frames are computed
        on, by the editor and the export alike. LibraryError if the asset left the catalog; decoding an
        untrusted file raises ProbeError or OSError, which the caller words for the person."""
        from .media.frames import load_analysis_image, load_working_image

        with self._lock:
            doc = self._index.docs.get(int(doc_id))
            if doc is None:
                raise LibraryError("Cette photo ou vidéo n'est plus dans le catalogue.")
            path: str = doc["path"]
            kind: str = doc.get("kind") or "photo"
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
