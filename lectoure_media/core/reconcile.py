"""Reconcile: keep the catalog in step with the folder (full scans, a watcher's reported paths, moves,
sidecars edited elsewhere). The Reconciler shares the Library's lock and index; the Library drives it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .fsutil import fold_name, json_path, path_key
from .news import added_stamp
from .picks import state_with
from .record import framing_from_own, framing_with, normalize_root, probe_fields, without_probe
from .scan import (
    RootUnreachable,
    SidecarMap,
    check_root,
    indexable,
    is_walkable_dir_stat,
    reached_without_links,
    remove_leftovers,
    walk,
)
from .sidecar_writer import _apply_delta, _apply_renames, _cleaned_tags, sidecar_key
from .team.paths import is_team_path

if TYPE_CHECKING:
    from .library import Library
    from .media.pool import ProbePool
    from .sidecar import SidecarData
    from .watch import FolderWatcher, WatchStatus

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
# Where a walk found sidecars: sidecar key -> (size, mtime_ns) (scan.SidecarMap); None: look on disk.
Sidecars = Mapping[str, tuple[int, int]]
# A sidecar's signature as the catalog keeps it: (sidecar key, size, mtime_ns).
SidecarSig = tuple[Any, ...]


@dataclass
class ScanSummary:
    root: str
    seen: int = 0
    added: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    missing: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)  # {path, reason}
    seconds: float = 0.0
    cancelled: bool = False
    recorded: bool = True  # False when another process owns the catalog (nothing was written)
    # Ids whose record this pass changed (added, updated, moved, marked missing, tags re-read): what a view
    # repaints after a watcher batch. Not part of the CLI's JSON.
    changed: set[int] = field(default_factory=set)
    # The team folder's registries changed (another PC's edit read back): the registries editor, the
    # facets and the inspector reload them. Not part of the CLI's JSON.
    registry_changed: bool = False

    def to_json(self) -> dict[str, Any]:
        # (json_path: a file name that is not UTF-8 is shown with U+FFFD plus its bytes, docs/cli.md)
        return {
            **json_path(self.root, "root"),
            "seen": self.seen,
            "added": self.added,
            "updated": self.updated,
            "moved": self.moved,
            "unchanged": self.unchanged,
            "missing": self.missing,
            "errors": [{**e, **json_path(e["path"])} for e in self.errors],
            "seconds": round(self.seconds, 3),
        }


class Reconciler:
    """Scan and apply_changes for one Library (one reconcile at a time: the probe pool is not shared)."""

    def __init__(self, lib: Library, probe_workers: int | None, probe_time_budget: float) -> None:
        self._first_indexing: str | None = None  # this PC's last look while a scan indexes a new root (news.py)
        self._lib = lib
        self._scan_lock = threading.RLock()
        self._probe_workers = probe_workers
        self._probe_time_budget = probe_time_budget
        self._pool: ProbePool | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _probe_pool(self) -> ProbePool:
        if self._pool is None:
            from .media.pool import ProbePool

            self._pool = ProbePool(
                workers=self._probe_workers,
                time_budget=self._probe_time_budget,
                thumb_dir=str(self._lib._thumbs.directory),
                thumb_max_bytes=self._lib._thumbs.max_bytes,
            )
        return self._pool

    def scan(
        self, root: str | os.PathLike[str], *, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> ScanSummary:
        """Reconcile the catalog with the folder: new, changed, moved, vanished (→ missing) files.

        Raises RootUnreachable when the root cannot be read: then nothing is marked missing.
        """
        with self._scan_lock:
            summary = self._scan(root, progress, cancel)
        if not summary.cancelled:
            summary.changed |= self._lib.refresh_team()  # the team folder (publication log, settings)
        return summary

    def _scan(
        self, root_arg: str | os.PathLike[str], progress: Progress | None, cancel: threading.Event | None
    ) -> ScanSummary:
        t0 = time.perf_counter()
        root = normalize_root(root_arg)
        summary = ScanSummary(root=root, recorded=not self._lib.read_only)
        by_path, docs = self._lib._index.by_path, self._lib._index.docs
        # index.file_sigs is read without the lock: a racing edit at worst makes a file look changed, and
        # changed files are all re-examined below under the lock.
        found = walk(root, cancel, self._lib._index.file_sigs)
        if cancel is not None and cancel.is_set():
            summary.cancelled = True
            return summary
        check_root(root)  # the share may have dropped during the walk: then the walk proves nothing
        if not self._lib.read_only and found.leftovers:  # hidden temp files of writes killed long ago
            remove_leftovers(found.leftovers)
        conflict_errors: list[dict[str, str]] = []  # copies kept (reported after the totals below)
        if not self._lib.read_only and found.sidecars:  # sync services' conflict copies (sync_conflicts.py)
            from .sync_conflicts import merge_walked

            conflict_errors = merge_walked(found.sidecars, _Either(found.media, found.unchanged))
        self._lib._register_root(root)
        # The team registry first: names read from sidecars below are then found, not re-created one by one.
        summary.registry_changed = self._sync_registries()
        summary.seen = len(found.media) + len(found.unchanged)
        summary.unchanged = len(found.unchanged)
        prefix = path_key(os.path.join(root, ""))
        skip_prefixes = tuple(path_key(os.path.join(d, "")) for d, _ in found.unreadable_dirs)

        to_probe: list[str] = []
        vanished: list[int] = []
        media, sidecars = found.media, found.sidecars
        with self._lib._lock:
            # The hot loop of a rescan (100,000 unchanged files): dict lookups and comparisons only.
            for key, (path, size, mtime_ns) in media.items():
                doc_id = by_path.get(key)
                if doc_id is None:
                    to_probe.append(path)
                    continue
                doc = docs[doc_id]
                if doc.get("size") != size or doc.get("mtime_ns") != mtime_ns or doc.get("status") == "missing":
                    to_probe.append(path)
                elif (sidecars or doc.get("sidecar_sig")) and _walk_sidecar_sig(key, sidecars) != _sig(
                    doc.get("sidecar_sig")
                ):
                    self._reload_sidecar(doc_id, path, sidecars)
                    summary.updated += 1
                    summary.changed.add(doc_id)
                else:
                    summary.unchanged += 1
            no_skip = ("\0",)
            seen = found.unchanged
            for key, doc_id in by_path.items():
                if (
                    key not in seen
                    and key not in media
                    and key.startswith(prefix)
                    and not key.startswith(skip_prefixes or no_skip)
                    and docs[doc_id].get("status") != "missing"
                ):
                    vanished.append(doc_id)

        moves_from: dict[str, list[int]] = {}  # fingerprint -> [doc ids] that could be the origin of a moved file
        for doc_id in vanished:
            fp = self._lib._index.docs[doc_id].get("fingerprint")
            if fp:
                moves_from.setdefault(fp, []).append(doc_id)
        self._probe_and_apply(root, to_probe, found.sidecars, moves_from, summary, progress, cancel)
        if summary.cancelled:
            summary.seconds = time.perf_counter() - t0
            return summary
        with self._lib._lock:
            for doc_id in vanished:
                gone = self._lib._index.docs.get(doc_id)
                gone_key = path_key(gone["path"]) if gone is not None else None
                if (
                    gone is not None
                    and gone.get("status") != "missing"
                    and gone_key not in media
                    and gone_key not in found.unchanged
                ):
                    self._lib._put(doc_id, {**gone, "status": "missing"})
                    summary.changed.add(doc_id)
            self._fill_totals(summary, prefix)
            summary.errors += conflict_errors
        summary.seconds = time.perf_counter() - t0
        return summary

    def _sync_registries(self, paths: list[str] | None = None) -> bool:
        """Read the team registry back (all of it, or the entries of these paths); never fails a scan."""
        try:
            team = self._lib._team
            return team.sync() if paths is None else team.reload_paths(paths)
        except Exception:
            log.exception("team registry not read")
            return False

    def _fill_totals(self, summary: ScanSummary, prefix: str) -> None:
        missing = self._lib._index.by_status.get("missing", set())
        errors = self._lib._index.by_status.get("error", set())
        summary.missing = sum(1 for i in missing if path_key(self._lib._index.docs[i]["path"]).startswith(prefix))
        found = [
            {"path": self._lib._index.docs[i]["path"], "reason": self._lib._index.docs[i].get("error") or ""}
            for i in errors
            if path_key(self._lib._index.docs[i]["path"]).startswith(prefix)
        ]
        for i in self._lib._index.bad_sidecar:  # a sidecar that could not be read: the path is the sidecar's
            doc = self._lib._index.docs[i]
            if path_key(doc["path"]).startswith(prefix):
                found.append(
                    {"path": doc.get("sidecar_error_path") or doc["path"] + ".xmp", "reason": doc["sidecar_error"]}
                )
        summary.errors = sorted(found, key=lambda e: e["path"])

    def _probe_and_apply(
        self,
        root: str,
        paths: list[str],
        sidecars: Sidecars | None,
        moves_from: dict[str, list[int]],
        summary: ScanSummary,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        if not paths:
            return
        # Nothing of this root in the catalog yet (first scan, rebuild): its files are not "new" (news.py).
        first_indexing = not self._lib._index.by_root.get(path_key(root))
        self._first_indexing = self._lib.news.seen_at() if first_indexing else None
        total = len(paths)
        if progress:
            progress(0, total, "analyse")
        for done, (path, result) in enumerate(self._probe_pool().map(paths, cancel=cancel), start=1):
            with self._lib._lock:
                self._apply_probe(root, path, result, sidecars, moves_from, summary)
            if progress:
                progress(done, total, path)
        if cancel is not None and cancel.is_set():
            summary.cancelled = True

    def _apply_probe(
        self,
        root: str,
        path: str,
        result: dict[str, Any],
        sidecars: Sidecars | None,
        moves_from: dict[str, list[int]],
        summary: ScanSummary,
    ) -> None:
        key = path_key(path)
        fields_ = probe_fields(result)
        doc_id = self._lib._index.by_path.get(key)
        if doc_id is not None:  # changed in place (or came back after being missing)
            doc = {**without_probe(self._lib._index.docs[doc_id]), **fields_}
            self._lib._put(doc_id, doc)
            self._reload_sidecar(doc_id, path, sidecars, force=True)
            summary.updated += 1
            summary.changed.add(doc_id)
            return
        origin = self._find_move_origin(result.get("fingerprint"), moves_from)
        if origin is not None:
            old = self._lib._index.docs[origin]
            doc = {**without_probe(old), **fields_, "path": path, "root": root}
            self._lib._put(origin, doc)
            self._follow_sidecar(old["path"], path, doc)
            self._reload_sidecar(origin, path, sidecars, force=True)
            summary.moved += 1
            summary.changed.add(origin)
            return
        doc = {**fields_, "path": path, "root": root, "added_at": added_stamp(fields_, self._first_indexing)}
        doc_id = self._lib._new_id()
        self._lib._put(doc_id, doc)
        self._reload_sidecar(doc_id, path, sidecars, force=True)
        summary.added += 1
        summary.changed.add(doc_id)

    def _find_move_origin(self, fingerprint: str | None, moves_from: dict[str, list[int]]) -> int | None:
        if not fingerprint:
            return None
        candidates = moves_from.get(fingerprint)
        if candidates:
            return candidates.pop(0)
        for doc_id in self._lib._index.with_fingerprint(fingerprint):
            if self._lib._index.docs[doc_id].get("status") == "missing":
                return doc_id
        return None

    def _follow_sidecar(self, old_path: str, new_path: str, doc: dict[str, Any]) -> None:
        """Tags follow a moved file: bring its sidecar along (or write one from the catalog's tags)."""
        if self._lib.read_only:
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
            self._lib._sidecars.queue_tags(new_path, add=doc["tags"], remove=None)

    def _sidecar_sig(self, path: str, sidecars: Sidecars | None) -> SidecarSig | None:
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

    def _reload_sidecar(self, doc_id: int, path: str, sidecars: Sidecars | None, force: bool = False) -> None:
        """The sidecar is the truth for tags (a removal made on another PC must reach this one)."""
        from . import sidecar

        doc = self._lib._index.docs[doc_id]
        sig = self._sidecar_sig(path, sidecars)
        if not force and sig == _sig(doc.get("sidecar_sig")):
            return
        if (
            sig is None
            and doc.get("sidecar_sig") is None
            and not doc.get("pending_sidecar")
            and (doc.get("from_file") or (doc.get("embedded") and not doc.get("tags")))
        ):
            # Never tagged here, but the file carries keywords (a merchant's or photographer's photo arrives
            # tagged): they are its tags, and nothing is written until a person edits them (see _edit).
            embedded = doc.get("embedded") or {}
            tags = self._lib._canonical_tags(embedded.get("tags") or {}, embedded.get("categories"))
            self._lib._put(doc_id, {**doc, "tags": tags, "from_file": True if any(tags.values()) else None})
            return
        if sig is None:
            # No sidecar (never tagged, or deleted by hand): keep the catalog's tags — a person entered
            # them — and write them back unless there are none.
            if doc.get("sidecar_error"):
                doc = {**doc, "sidecar_error": None, "sidecar_error_path": None}
                self._lib._put(doc_id, doc)
            if doc.get("tags") and doc.get("sidecar_sig") is None:
                self._lib._sidecars.queue_tags(path, add=doc["tags"], remove=None)
            elif doc.get("sidecar_sig") is not None:
                self._lib._put(doc_id, {**doc, "sidecar_sig": None})
            return
        data = sidecar.read_sidecar(path)
        if data.error:
            # Keep the catalog's tags, and say why the sidecar was not read (scan errors, list --errors,
            # the inspector); the next tag edit sets the file aside and writes a new one.
            log.warning("sidecar of %s unreadable: %s", path, data.error)
            self._lib._put(
                doc_id, {**doc, "sidecar_sig": list(sig), "sidecar_error": data.error, "sidecar_error_path": data.path}
            )
            return
        self._lib._put(
            doc_id,
            {
                **doc,
                **self.state_from_sidecar(data, doc.get("pending_sidecar")),
                "sidecar_sig": list(sig),
                "from_file": None,  # a sidecar (ours or another PC's) rules
                "sidecar_error": None,
                "sidecar_error_path": None,
            },
        )

    def state_from_sidecar(self, data: SidecarData, pending: dict[str, Any] | None) -> dict[str, Any]:
        """Tags and framing as the sidecar holds them, with our edits not yet written applied on top.

        The pending edits are applied before the names are registered: a sidecar written just before a
        merge still holds the merged-away name, which must not come back into the registry."""
        tags = data.tags
        framing = framing_from_own(data.own)
        if pending:
            tags = _apply_renames(
                _apply_delta(_cleaned_tags(tags), pending.get("add"), pending.get("remove")), pending.get("rename")
            )
            if pending.get("own"):
                framing = framing_with(framing, pending["own"])
        from .rights import compact as rights_compact

        rights = {"rights": rights_compact(data.rights) if data.rights else None}
        picked = state_with(data.rating, data.label, (pending or {}).get("picks"))
        return {"tags": self._lib._canonical_tags(tags, data.categories), **framing, **rights, **picked}

    # -- watcher hints -------------------------------------------------------------------------------
    def apply_changes(self, root: str, paths: Iterable[str], *, cancel: threading.Event | None = None) -> ScanSummary:
        """Reconcile only the paths a watcher reported (files, sidecars or folders)."""
        from .team.paths import is_team_path

        paths = set(paths)
        team = {p for p in paths if is_team_path(p, root)}
        with self._scan_lock:
            # _apply_changes reads the team registry's entries among `paths` back (and never takes them for media)
            summary = self._apply_changes(root, paths, cancel)
        if team:  # another PC (or process) wrote the team folder: its publication log and settings
            summary.changed |= self._lib.refresh_team()
        return summary

    def _apply_changes(self, root_arg: str, paths: Iterable[str], cancel: threading.Event | None) -> ScanSummary:
        root = normalize_root(root_arg)
        summary = ScanSummary(root=root, recorded=not self._lib.read_only)
        check_root(root)
        from .ignore import classify, media_for_sidecar

        # Folders reported (created, renamed, moved in) stand for everything inside them. They are expanded
        # first, so that a file moved along with its folder is matched with the record it left behind.
        # What is looked at follows the walk's rule (scan.indexable): links are never followed, so a
        # `d/up -> ..` or a link to /dev/zero reported by the watcher is not indexed either.
        files: set[str] = set()
        folders: dict[str, bool] = {}  # folder -> reached without links (one lstat per level, per batch)
        paths = set(paths)
        team = {p for p in paths if is_team_path(p, root)}
        if team:  # the team folder (.lectoure-media/): its registry entries, never media
            paths -= team
            summary.registry_changed = self._sync_registries(sorted(team))
        elif self._lib._team.pending():  # edits queued while the share was out of reach: retried
            summary.registry_changed = self._sync_registries([])
        for path in paths:
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
        with self._lib._lock:
            for path in sorted(files):
                kind = classify(os.path.basename(path))
                if kind == "sidecar":
                    sidecars.append(path)
                    continue
                key = path_key(path)
                doc_id = self._lib._index.by_path.get(key)
                try:
                    st = os.lstat(path)
                except FileNotFoundError:
                    if doc_id is not None:
                        gone.append(doc_id)
                    elif key.startswith(prefix):  # a deleted folder: everything under it
                        gone.extend(i for k, i in self._lib._index.by_path.items() if k.startswith(key + os.sep))
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
                    doc = self._lib._index.docs[doc_id]
                    if doc.get("status") != "missing" and (doc.get("size"), doc.get("mtime_ns")) == (
                        st.st_size,
                        st.st_mtime_ns,
                    ):
                        summary.unchanged += 1
                        continue
                to_probe.append(path)
            moves_from: dict[str, list[int]] = {}
            for doc_id in gone:
                fp = self._lib._index.docs[doc_id].get("fingerprint")
                if fp:
                    moves_from.setdefault(fp, []).append(doc_id)
        self._probe_and_apply(root, to_probe, None, moves_from, summary, None, cancel)
        if not self._lib.read_only and sidecars:  # a sync service's conflict copy: merged into its original
            from .ignore import SIDECAR_SUFFIX
            from .sync_conflicts import merge_copies

            handled, media_changed, errors = merge_copies(sidecars)
            summary.errors += errors
            sidecars = [p for p in sidecars if p not in handled] + [m + SIDECAR_SUFFIX for m in media_changed]
        with self._lib._lock:
            for path in sidecars:  # after the media: a sidecar that moved with its file finds its record
                for media in self._media_for_sidecar(path, media_for_sidecar(path)):
                    doc_id = self._lib._index.by_path.get(path_key(media))
                    if doc_id is not None:
                        self._reload_sidecar(doc_id, media, None)
                        summary.updated += 1
                        summary.changed.add(doc_id)
            for doc_id in gone:
                old = self._lib._index.docs.get(doc_id)
                if old and old.get("status") != "missing" and indexable(root, old["path"], folders) is None:
                    self._lib._put(doc_id, {**old, "status": "missing"})
                    summary.missing += 1
                    summary.changed.add(doc_id)
        return summary

    def _media_for_sidecar(self, sidecar_path: str, direct: list[str]) -> list[str]:
        """Catalogued media a sidecar may belong to: `IMG.JPG.xmp` -> `IMG.JPG`, `IMG.xmp` -> `IMG.*`, in
        any case and Unicode form (a share written from Windows may hold `IMG.jpg.xmp` beside `IMG.JPG`):
        the folder is listed when the exact name is not catalogued."""
        by_path = self._lib._index.by_path
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
        return [
            os.path.join(folder, n)
            for n in names
            if (fold_name(n) == base or fold_name(os.path.splitext(n)[0]) == base)
            and path_key(os.path.join(folder, n)) in by_path
        ]


def watch(
    lib: Library,
    root: str,
    *,
    on_status: Callable[[WatchStatus], None] | None = None,
    on_update: Callable[[ScanSummary], None] | None = None,
    **options: Any,  # FolderWatcher's: mode, poll_interval, reconcile_interval...
) -> LibraryWatch:
    """Keep `lib`'s catalog in sync with `root` (registered, normalised) until stop(): a FolderWatcher
    reports changed paths (handled on its thread), and full reconciles (periodic, or after the share comes
    back) run on a worker of their own so the watcher keeps collecting events meanwhile."""
    from .watch import FolderWatcher

    def changes(paths: set[str]) -> None:
        try:
            summary = lib.apply_changes(root, paths)
        except RootUnreachable as exc:  # the watcher notices too, and says so in its status
            log.warning("%s", exc)
            return
        if on_update:
            on_update(summary)

    def full() -> None:
        try:
            summary = lib.scan(root)
        except RootUnreachable as exc:
            log.warning("%s", exc)
            return
        if on_update:
            on_update(summary)

    reconciler = _Coalescing(full, name="reconcile")
    started = threading.Event()

    def status(st: WatchStatus) -> None:
        # Files copied between the caller's scan and the moment the observer is really watching
        # raised no event: one reconcile as soon as watching starts catches them.
        if st.state in ("watching", "polling") and not started.is_set():
            started.set()
            reconciler.request()
        if on_status:
            on_status(st)

    watcher = FolderWatcher(
        root, changes, on_status=status, on_reconnect=reconciler.request, on_reconcile=reconciler.request, **options
    )
    retry = _TeamRetry(lib, root, on_update)
    reconciler.start()
    watcher.start()
    retry.start()
    return LibraryWatch(watcher, reconciler, retry)


class _TeamRetry:
    """Registry edits queued while the share was out of reach or read-only are retried every RETRY
    seconds while watching (a share made writable again raises no event); `on_update` hears of it."""

    RETRY = 10.0

    def __init__(self, lib: Library, root: str, on_update: Callable[[ScanSummary], None] | None) -> None:
        self._lib, self._root, self._on_update = lib, root, on_update
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="team-retry", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.RETRY):
            team = self._lib._team
            if not team.pending():
                continue
            try:
                team.flush_queue()
            except Exception:  # retried at the next turn
                log.exception("queued registry edits not written")
            if self._on_update is not None and not team.pending():
                summary = ScanSummary(root=self._root, recorded=not self._lib.read_only, registry_changed=True)
                self._on_update(summary)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5.0)


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

    def __init__(self, watcher: FolderWatcher, reconciler: _Coalescing, retry: _TeamRetry | None = None) -> None:
        self.watcher = watcher
        self._reconciler = reconciler
        self._retry = retry

    @property
    def status(self) -> WatchStatus:
        return self.watcher.status

    def stop(self) -> None:
        self.watcher.stop()
        self._reconciler.stop()
        if self._retry is not None:
            self._retry.stop()


class _Either:
    """`key in` either of two containers (the walk's changed and unchanged media keys), without a union."""

    def __init__(self, first: Container[str], second: Container[str]) -> None:
        self._first, self._second = first, second

    def __contains__(self, key: object) -> bool:
        return key in self._first or key in self._second


def _walk_sidecar_sig(media_key: str, sidecars: Sidecars | None) -> SidecarSig | None:
    """(sidecar key, size, mtime_ns) of a media file's sidecar among those a walk found: `IMG.JPG.xmp`,
    else the Adobe-style `IMG.xmp`, each in any case (the same choice as sidecar.find_sidecar: the exact
    spelling first, else the first case-variant in sorted order)."""
    if not sidecars:
        return None
    key: str | None = media_key + ".xmp"
    found = sidecars.get(media_key + ".xmp")
    if found is None:
        key = _case_variant(media_key + ".xmp", sidecars)
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


def _case_variant(key: str, sidecars: Sidecars) -> str | None:
    """The key of a sidecar spelled like `key` but for case or Unicode form (`IMG.jpg.xmp` for `IMG.JPG.xmp`):
    the first in sorted order when several are, else None."""
    folded = sidecars.folded() if isinstance(sidecars, SidecarMap) else None
    variants: list[str] | None
    if folded is None:
        wanted = fold_name(key)
        variants = [k for k in sidecars if fold_name(k) == wanted]
    else:
        variants = folded.get(fold_name(key))
    return min(variants) if variants else None


def _sig(value: Iterable[Any] | None) -> SidecarSig | None:
    """A stored sidecar signature (a JSON list) as a tuple, to compare with a fresh one."""
    return tuple(value) if value else None
