"""The one facade the GUI, the CLI and the tests drive: open a data dir, scan, watch, query, tag.

The facade owns the stores (catalog, registry), the in-memory index, the registries (taxonomy) and the
thumbnail cache, all private, under one lock; its methods delegate to the engines that share them:
stores.py (open, repair, rebuild), reconcile.py (scan, apply_changes, moves), sidecar_writer.py (the
write-behind), tagging.py, queries.py (inspector views), crops.py (framing), publog.py (export and its log;
caption_files.py writes the captions), format_sets.py (the team's format sets), record.py (the stored
record and its public / JSON shapes). Media files are never modified; the XMP sidecar is the durable, shared
record; the catalog is an index rebuilt from the folder and the sidecars at will.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar, cast, overload

from . import coverage, crops, duplicates, format_sets, picks, publog, queries, sirene, stores, tagging
from . import settings as _settings_mod
from .catalog import CatalogError, _french_os_reason
from .duplicates import DEFAULT_THRESHOLD, DuplicateGroup, TrashResult
from .fsutil import path_key
from .livesearch import LiveSearch
from .model import fold
from .news import News
from .queries import SelectionSummary
from .reconcile import LibraryWatch, Progress, Reconciler, ScanSummary
from .reconcile import watch as watch_folder
from .record import compact, normalize_root, public, to_json
from .scan import RootUnreachable
from .search import Filter
from .sidecar_writer import SidecarWriter
from .tagging import TAG_CHUNK, TagChange
from .taxonomy import Business, Campaign, HeritageSite, Keyword
from .team import settings as team_settings

if TYPE_CHECKING:
    from datetime import date

    from .campaign_rights import CampaignRights
    from .catalog import Store
    from .consents import ConsentRegister
    from .coverage import CoverageReport
    from .export.batch import BatchProgressCallback, ItemResult
    from .export.crop import CropBox
    from .export.image import Overlay
    from .format_sets import FormatSet, FormatSetLoad
    from .media.frames import WorkingImage
    from .rights import RightsChange
    from .search import AssetIndex
    from .sirene import ImportSummary
    from .taxonomy import Taxonomy
    from .team.publog import PublicationLog
    from .team.registry_sync import TeamSync
    from .watch import WatchStatus

log = logging.getLogger(__name__)

APP_NAME = "LectoureMedia"
EXPORTS = "exports"  # the old per-PC export log in registry.json: migrated to the team folder (publog.open_log)
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


class Library:
    """Open with `Library(data_dir)`; use as a context manager or call close()."""

    _assets: Store  # the stores, the taxonomy and the index are set by core/stores.py at the open
    _registry: Store
    _taxonomy: Taxonomy
    _team: TeamSync  # the registries' link to the team folder (core/team/registry_sync.py)
    _index: AssetIndex
    _publog: PublicationLog  # the team folder's publication log (core/publog.py, core/team/publog.py)
    _team_settings: team_settings.TeamSettings  # the team folder's settings.json (core/team/settings.py)
    needs_rebuild: bool

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
        self.live_search = LiveSearch(self)  # the search box's queries, off the GUI thread (livesearch.py)
        self.news = News(self)  # media added since this PC last looked, the "date d'ajout" order (news.py)
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
        """Open the catalog and the registry (recovering them if damaged) and index the assets (core/stores.py)."""
        stores.open_stores_and_index(self, flush_delay)

    def _repair_restored_stores(self, flush_delay: float) -> None:
        """A reader that found a damaged file restored from its backup writes the repair when no other
        process holds the catalog (core/stores.py)."""
        stores.repair_restored_stores(self, flush_delay)

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
        publog.save(self)
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
        publog.save(self)

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
        return tagging.canonical_tags(self, tags, categories, strict=strict)

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
        return queries.selection_summary(self, ids)

    def nearby_sites(self, ids: Iterable[int], limit: int = 5) -> list[tuple[str, list[int], float]]:
        """The heritage site each asset was taken at, when it does not carry it yet: (site name, ids of
        those assets, nearest distance in metres), the most assets first, at most `limit`. Per asset only
        the nearest site whose circle contains it counts. A suggestion to confirm, never a tag set on its own."""
        return queries.nearby_sites(self, ids, limit)

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
        return tagging.resolve_for_tagging(self, path)

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
        return tagging.tag_paths(self, paths, add=add, remove=remove, categories=categories)

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

    # -- rights and consents (core/rights.py, core/consents.py, core/rights_gate.py; issue 11) ---------
    def set_rights(self, paths: Iterable[str], **changes: Any) -> list[dict[str, Any]]:
        """Set rights fields on files (rights.delta names them); sidecars written at once. LibraryError."""
        from . import rights

        return rights.set_rights(self, paths, **changes)

    def apply_rights(self, ids: Iterable[int], **changes: Any) -> RightsChange:
        """The GUI's edit of a selection by id; returns its undo for revert_rights. LibraryError."""
        from . import rights

        return rights.apply_rights_by_id(self, ids, **changes)

    def revert_rights(self, change: RightsChange) -> None:
        from . import rights

        rights.revert_rights(self, change)

    def rights_check(self, paths: Iterable[str], preset_ids: Iterable[str]) -> dict[str, dict[str, list[str]]]:
        """The export gate's reasons per asset path and preset (only those with some): rights_gate.py."""
        from . import rights_gate

        return rights_gate.check_paths(self, paths, preset_ids)

    def withdraw_consent(
        self, consent_id: str, publications: Callable[[str], list[dict[str, Any]]] | None = None
    ) -> dict[str, Any]:
        """Withdraw a consent, mark its assets "ne pas publier", report their exports (withdrawal.py)."""
        from . import withdrawal

        return withdrawal.withdraw(self, consent_id, publications)

    @property
    def campaign_rights(self) -> CampaignRights:
        """Campaign default rights (preview, apply) and competition intake (core/campaign_rights.py)."""
        from .campaign_rights import CampaignRights

        return CampaignRights(self)

    @property
    def consents(self) -> ConsentRegister:
        """The consent register in the team folder of the first library root (core/consents.py)."""
        from . import consents

        return consents.register_for(self)

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

    # -- picks: rating, rejected, colour label (core/picks.py) --------------------------------------
    def rate(
        self, paths: Iterable[str], *, stars: int | None = None, reject: bool = False, label: str | None = None
    ) -> list[dict[str, Any]]:
        """Set stars (0-5) or rejected, and/or the colour label ("" clears) of files; sidecars written behind."""
        return picks.rate(self, paths, stars=stars, reject=reject, label=label)

    def set_picks(
        self,
        ids: Iterable[int],
        *,
        stars: int | None = None,
        reject: bool = False,
        pick: bool = False,
        label: str | None = None,
    ) -> picks.PickChange:
        """The same by asset id (the GUI's selection; `pick`: P key); returns what changed, for revert_picks."""
        return picks.set_picks(self, ids, stars=stars, reject=reject, pick=pick, label=label)

    def revert_picks(self, change: picks.PickChange) -> list[int]:
        """Undo set_picks on the assets whose picks have not changed again since."""
        return picks.revert_picks(self, change)

    # -- duplicates (core/duplicates.py) ------------------------------------------------------------
    def duplicates(
        self,
        root: str | None = None,
        *,
        threshold: int = DEFAULT_THRESHOLD,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> list[DuplicateGroup]:
        """Exact copies and near-duplicates (perceptual hashes within `threshold` bits), each with the copy to keep."""
        return duplicates.find_duplicates(self, root, threshold=threshold, progress=progress, cancel=cancel)

    def duplicates_of(self, doc_id: int) -> list[int]:
        """The present assets that duplicate this one (the inspector's "Doublon de …")."""
        return duplicates.duplicates_of(self, doc_id)

    def trash_duplicates(self, keep: int, others: Iterable[int]) -> TrashResult:
        """Merge the others' tags into `keep` (sidecar first), then send them to the system trash and forget them."""
        return duplicates.trash_others(self, keep, others)

    # -- framing (focal point, per-preset crops) -----------------------------------------------------

    def set_focal(self, paths: Iterable[str], focal: tuple[float, float] | None) -> None:
        """Set (or with None, clear) the focal point of assets: used by every preset's crop. Stored in the
        catalog now and in the sidecar (lm:focalPoint) by the background writer, so another PC frames alike."""
        crops.set_focal(self, paths, focal)

    def set_crop(self, path: str, preset_id: str, box: tuple[float, float, float, float] | None) -> None:
        """Set (or clear) the crop of one asset for one preset: a normalised (x, y, w, h) box."""
        crops.set_crop(self, path, preset_id, box)

    # -- publication log -----------------------------------------------------------------------------
    # (the team folder's log, one file per PC, read as the union: core/publog.py, core/team/publog.py)
    def record_export(self, source: str, preset: str, output: str, *, width: int, height: int, size: int) -> None:
        """Log an export of `source` (linked by content fingerprint: it follows renames)."""
        publog.record_export(self, source, preset, output, width=width, height=height, size=size)

    def export_log(self, path: str | None = None) -> list[dict[str, Any]]:
        """Exports from every PC ("pc"), newest first; only one asset's with `path`."""
        return publog.export_log(self, path)

    def publications(self, path: str | None = None) -> list[dict[str, Any]]:
        """Publications marked on every PC, newest first; only one asset's with `path`."""
        return publog.publications(self, path)

    def mark_published(
        self, paths: Iterable[str], platform: str, date: str | None = None, url: str | None = None
    ) -> list[dict[str, Any]]:
        """Log files as published (writes only the team folder). LibraryError in French."""
        return publog.mark_published(self, paths, platform, date, url)

    def unmark_published(self, entry_ids: Iterable[str]) -> None:
        """Take publication marks back by id (undo of mark_published; a "retracted" line each)."""
        publog.unmark_published(self, entry_ids)

    def publication_json(self, doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """CLI.md's `"exports"` and `"published"` of `list --json` for a public asset dict."""
        return publog.asset_log_json(self, doc.get("fingerprint"))

    def refresh_team(self) -> set[int]:
        """Re-read the team folder (watcher, scans); returns the ids of the assets concerned."""
        return publog.refresh(self)

    def coverage(
        self,
        *,
        facet: str | None = None,
        months: int | None = None,
        category: str | None = None,
        town_centre: bool = False,
        today: date | None = None,
    ) -> CoverageReport:
        """Which businesses and heritage sites were featured and when, most overdue first (core/coverage.py);
        `months` defaults to the setting coverage_months. LibraryError (French) for a bad argument."""
        return coverage.library_coverage(
            self, facet=facet, months=months, category=category, town_centre=town_centre, today=today
        )

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
        captions: bool = False,
        strict: bool | None = None,
    ) -> list[ItemResult]:
        """Export every asset for every preset (a batch in worker processes) and log each success.

        The asset's focal point and its crop for the preset (if set) frame the picture; without them the
        smart crop decides. Left out, `out_dir` and `template` come from the settings (export folder,
        file-name template); the credit line is the one given, else the assets' campaign credit, else the
        settings' default credit (export.plan decides). Returns one ItemResult per (path, preset), in that
        order: a missing or unsupported file, or a preset that does not take its kind, fails its own rows
        (French reason) and the others are still written. With `captions`, a caption draft is written beside
        each file (`<file>.txt`, core/caption_files.py) and its path set in the result's `caption`. Each row
        carries the rights gate's reasons (`rights`); with `strict` (None: the setting rights_strict) a row
        with reasons is refused."""
        return publog.run_export(
            self,
            paths,
            preset_ids,
            out_dir,
            template=template,
            credit=credit,
            overlay=overlay,
            trim=trim,
            video_mode=video_mode,
            workers=workers,
            progress=progress,
            cancel=cancel,
            captions=captions,
            strict=strict,
        )

    # -- format sets: named groups of presets in the team folder (core/format_sets.py) ----------------
    def format_sets(self) -> FormatSetLoad:
        """The built-in sets and the team's (iterable; `.warnings`: files skipped, in French)."""
        return format_sets.library_sets(self)

    def format_set(self, name: str) -> FormatSet:
        """The set called `name` (case and accents ignored); LibraryError (French) when there is none."""
        return format_sets.library_set(self, name)

    def save_format_set(self, name: str, preset_ids: Iterable[str]) -> FormatSet:
        """Create or replace a team set (LibraryError in French: bad name, unknown preset, no root, disk)."""
        return format_sets.library_save(self, name, preset_ids)

    def delete_format_set(self, name: str) -> None:
        """Delete a set for the whole team (a built-in one is marked deleted); LibraryError in French."""
        format_sets.library_delete(self, name)

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

    def import_businesses(
        self,
        path: str | os.PathLike[str],
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> ImportSummary:
        """Add the businesses of a SIRENE extract or of the template CSV to the registry (core/sirene.py):
        merged by SIRET else name, only empty fields filled, closed ones marked, nothing deleted. A cancel
        (LibraryError « Import annulé ») leaves the registry as it was."""
        return sirene.import_businesses(self, path, progress=progress, cancel=cancel)

    def undo_import(self, summary: ImportSummary) -> int:
        """Put back the entries an import changed (those not edited since); returns how many."""
        return sirene.undo_import(self, summary)

    def redo_import(self, summary: ImportSummary) -> int:
        """Apply an undone import again; returns how many entries."""
        return sirene.redo_import(self, summary)

    def sites_near(self, lat: float, lon: float) -> list[tuple[str, float]]:
        """Heritage sites whose circle contains the point: (name, distance in metres), nearest first."""
        return self._registry_call(lambda: list(self._taxonomy.sites_near(lat, lon)))

    # -- the team folder's registries (core/team/registry_sync.py) ---------------------------------
    def team_status(self) -> str | None:
        """A French sentence while registry edits wait for the shared folder (out of reach, read-only)."""
        return self._team.status()

    def registry_problems(self) -> list[tuple[str, str]]:
        """(path, French reason) of the team folder's registry files that could not be used (ignored)."""
        return self._team.problems()

    def entry_history(self, facet: str, name: str) -> list[dict[str, Any]]:
        """Earlier versions of an entry (overwritten, or a conflict), newest first (TeamSync.history)."""
        return self._team.history(facet, name)

    def allow_team_edits(self) -> None:
        """Let a read-only library (another process owns the catalog) edit the registries all the same:
        the edits go to the team folder only, and the owner reads them back (`registry set` while `watch` runs)."""
        self._taxonomy.team_only = True

    @property
    def team_edits_allowed(self) -> bool:
        """Registry edits reach the team folder: the owner's library, or a read-only one after allow_team_edits."""
        return not self.read_only or self._taxonomy.team_only

    def edit_registry_only(self, facet: str, name: str, new: str | None = None) -> None:
        """Rename (to `new`) or else delete an entry in the registries only, assets untouched: what a
        process that does not own the catalog can do (the CLI says so)."""
        fn = self._taxonomy.delete if new is None else self._taxonomy.rename
        self._registry_call(fn, facet, name, *(() if new is None else (new,)))

    def sync_registries(self) -> bool:
        """Read the team folder's registries again (a scan does too); whether anything changed."""
        return self._team.sync()

    # -- registry edits that touch assets ------------------------------------------------------------
    def usage_count(self, facet: str, name: str) -> int:
        with self._lock:
            return len(self._index.by_facet[facet].get(fold(name), ()))

    def rename_entry(self, facet: str, old: str, new: str) -> int:
        """Rename (or merge into an existing entry) everywhere: registry, catalog and sidecars."""
        return tagging.rename_entry(self, facet, old, new)

    def delete_entry(self, facet: str, name: str) -> int:
        """Delete an entry and take its tag off every asset carrying it; returns how many."""
        return tagging.delete_entry(self, facet, name)

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
        return stores.rebuild(self, progress=progress)

    # -- settings (settings.json in the data dir) ----------------------------------------------------
    def settings(self) -> _settings_mod.Settings:
        """The engine settings (default credit, export folder, file-name template, polling interval,
        thumbnail cache cap…): this PC's, from the data dir, with the team's (team/settings.py TEAM_KEYS:
        default credit, file-name template) from the team folder over them."""
        with self._lock:
            return team_settings.effective(self)

    def update_settings(self, **changes: Any) -> _settings_mod.Settings:
        """Change some settings and write them to the data dir (atomically); returns the new settings.
        LibraryError (French) for an unknown name, a bad value or a disk that refuses the file."""
        with self._lock:
            try:  # team keys go to the team folder's settings.json (queued while the share refuses it)
                new = team_settings.apply_update(self, changes)
            except _settings_mod.SettingsError as exc:
                raise LibraryError(str(exc)) from None
            except OSError as exc:
                raise LibraryError(
                    f"Les réglages n'ont pas pu être enregistrés dans « {self.data_dir} » ({_french_os_reason(exc)})."
                ) from None
            if "thumb_cache_mb" in changes:
                self._thumbs.max_bytes = new.thumb_max_bytes
            return new

    # -- framing for the crop editor (the policy is core.export.framing's, shared with the exports) ----------
    def working_image(self, doc_id: int, at: float | None = None, *, analysis: bool = False) -> WorkingImage:
        """The upright working copy of an asset the crop editor shows (a video: the frame nearest `at`
        seconds, its poster frame when None); with `analysis`, the picture its automatic frames are computed
        on, by the editor and the export alike. LibraryError if the asset left the catalog; decoding an
        untrusted file raises ProbeError or OSError, which the caller words for the person."""
        return crops.working_image(self, doc_id, at, analysis=analysis)

    def framing_for(self, doc_id: int, preset_id: str) -> CropBox:
        """The box the export cuts from an asset for a preset, from its stored override or focal point, else
        its automatic frame (as the crop editor shows it). LibraryError in French."""
        return crops.framing_for(self, doc_id, preset_id)
