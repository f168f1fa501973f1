"""The registries between this PC and the team folder: every edit written to the entry's file (or queued
when the share is out of reach), the team's state read back at open, at each scan and when the watcher
reports a change under `.lectoure-media/registry/`, the per-PC registry.json migrated once, the heritage
list seeded once per team folder, sync-service conflict copies merged back.

The team folder is the one of the *primary root*: the first root this PC registered (Library.roots()[0]).
Every PC of the office is expected to have the shared folder as its first root; a second root (a USB disk,
a local folder) carries no registry of its own. With no root yet, edits wait in the queue.

The queue (`team-queue.jsonl` in the data dir) holds one edit per line, appended and fsynced before the
edit is shown; it is replayed in order when the share is back (open, scan, watcher tick), each line
merged three-way with what is on disk then, and rewritten without the lines written.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..fsutil import atomic_write_bytes
from ..model import FACETS, InvalidName
from ..sharelock import ShareLockTimeout
from .conflicts import is_conflict_copy
from .paths import pc_identity
from .registry import BrokenRecord, RegistryFolder, TeamRecord, entry_key, is_entry_file

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

log = logging.getLogger(__name__)

QUEUE_FILE = "team-queue.jsonl"
MIGRATED_FILE = "team-migrated.json"
MAX_QUEUE_BYTES = 16 * 1024 * 1024


def team_doc(rec: TeamRecord) -> dict[str, Any]:
    """A team entry in the shape Taxonomy.remote_set takes."""
    return {"name": rec.name, "fields": rec.fields, "_team": rec.meta}


class TeamSync:
    """One Library's link to its team registry (see the module docstring)."""

    def __init__(
        self,
        data_dir: Path,
        taxonomy: Taxonomy,
        roots: Callable[[], list[str]],
        lock: threading.RLock,
        *,
        read_only: bool,
        seed_path: Callable[[], str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.taxonomy = taxonomy
        self._roots = roots
        self._lock = lock  # the Library's: guards the taxonomy
        self._io = threading.RLock()  # one team operation at a time in this process
        self.read_only = read_only
        self._seed_path = seed_path
        self.pc_label, self.pc_id = pc_identity(data_dir)
        self.queue_path = data_dir / QUEUE_FILE
        self._problem: str | None = None  # why the last write failed (French), None when it worked
        self.broken: dict[str, str] = {}  # path -> French reason, of the team files last read
        self._sigs: dict[str, tuple[int, int, TeamRecord]] = {}  # path -> (size, mtime_ns, record) last read

    # -- where -------------------------------------------------------------------------------------
    def folder(self) -> RegistryFolder | None:
        roots = self._roots()
        return RegistryFolder(roots[0], self.pc_label, self.pc_id) if roots else None

    # -- edits -------------------------------------------------------------------------------------
    def publish(self, op: dict[str, Any]) -> dict[str, Any] | None:
        """Taxonomy's hook: write the edit to the team folder, or queue it. Returns the entry as the
        team has it after the write (None when queued, or for a tombstone)."""
        with self._io:
            folder = self.folder()
            if folder is None or self.pending():
                self._keep(op)
                if folder is not None:
                    self.flush_queue()
                return None
            try:
                rec = self._write(folder, op)
            except (OSError, ShareLockTimeout) as exc:
                self._failed(exc)
                self._keep(op)
                return None
            self._problem = None
            return team_doc(rec) if rec.kind == "entry" else None

    def _keep(self, op: dict[str, Any]) -> None:
        """Queue an edit; a data dir that refuses it too fails the edit in one French sentence."""
        try:
            self._enqueue(op)
        except OSError as exc:
            from ..catalog import CatalogError, _french_os_reason

            raise CatalogError(
                f"La modification de « {op['name']} » n'a pu être écrite ni dans le dossier partagé ni sur ce "
                f"poste ({_french_os_reason(exc)})."
            ) from None

    def _write(self, folder: RegistryFolder, op: dict[str, Any]) -> TeamRecord:
        result = folder.write(
            op["facet"],
            op["name"],
            op.get("kind", "entry"),
            op.get("fields") or {},
            to=op.get("to"),
            base=op.get("base"),
            base_fields=op.get("base_fields"),
            create_only=op.get("create_only"),
            fill=bool(op.get("fill")),
        )
        if result.conflict:
            log.warning("registry entry %s/%s changed meanwhile on another PC: merged", op["facet"], op["name"])
        return result.record

    def _failed(self, exc: BaseException) -> None:
        from ..catalog import _french_os_reason

        reason = _french_os_reason(exc) if isinstance(exc, OSError) else str(exc)
        self._problem = reason
        log.warning("team folder not written: %s", exc)

    # -- the queue ---------------------------------------------------------------------------------
    # Lines are only ever appended (by any process of this PC: the app, a `registry set` beside it), and
    # only the one replayer (team-queue.flush.lock) removes the lines it wrote, from the front, under the
    # same lock as the appends (team-queue.lock), so a line appended during a replay is never lost.
    def _queue_lock(self, timeout: float) -> Any:
        from filelock import FileLock

        return FileLock(str(self.data_dir / "team-queue.lock"), timeout=timeout)

    def _enqueue(self, op: dict[str, Any]) -> None:
        from filelock import Timeout

        line = orjson.dumps({k: v for k, v in op.items() if k != "base" or v is not None}) + b"\n"
        try:
            with self._queue_lock(10.0):
                self._append(line)
        except Timeout:  # a stuck process of this PC: the edit is kept all the same
            log.warning("registry queue lock held for 10 s; appending anyway")
            self._append(line)

    def _append(self, line: bytes) -> None:
        fd = os.open(self.queue_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _lines(self) -> list[bytes]:
        try:
            with open(self.queue_path, "rb") as fh:
                raw = fh.read(MAX_QUEUE_BYTES)
        except FileNotFoundError:
            return []
        except OSError as exc:  # kept in place: the edits it holds are not dropped
            log.warning("registry queue unreadable: %s", exc)
            return []
        return [line for line in raw.splitlines() if line.strip()]

    @staticmethod
    def _parse(line: bytes) -> dict[str, Any] | None:
        try:
            op = orjson.loads(line)
        except orjson.JSONDecodeError:
            return None
        if isinstance(op, dict) and op.get("facet") in FACETS and isinstance(op.get("name"), str):
            return op
        return None

    def queued(self) -> list[dict[str, Any]]:
        """The edits waiting for the team folder, oldest first (a broken line, e.g. cut by a crash, skipped)."""
        return [op for op in map(self._parse, self._lines()) if op is not None]

    def pending(self) -> bool:
        try:
            return self.queue_path.stat().st_size > 0
        except OSError:
            return False

    def flush_queue(self) -> list[TeamRecord]:
        """Write the queued edits in order; stops at the first failure (kept for the next try). Returns
        the records written."""
        from filelock import FileLock, Timeout

        folder = self.folder()
        if folder is None or not self.pending() or not folder.reachable():
            return []
        written: list[TeamRecord] = []
        try:
            with FileLock(str(self.data_dir / "team-queue.flush.lock"), timeout=0), self._io:
                lines = self._lines()
                done = 0
                for line in lines:
                    op = self._parse(line)
                    if op is None:
                        log.warning("unreadable line in the registry queue dropped")
                    else:
                        try:
                            written.append(self._write(folder, op))
                        except (OSError, ShareLockTimeout) as exc:
                            self._failed(exc)
                            break
                        except (BrokenRecord, InvalidName, KeyError, TypeError, ValueError) as exc:
                            log.warning("queued registry edit dropped (invalid): %s", exc)
                    done += 1
                if done:
                    with self._queue_lock(30.0):
                        rest = self._lines()[done:]  # appended meanwhile: kept
                        atomic_write_bytes(self.queue_path, b"".join(line + b"\n" for line in rest))
                    if not rest:
                        self._problem = None
        except Timeout:  # another process of this PC is replaying it (or holds the queue)
            return []
        except OSError as exc:
            log.warning("registry queue not rewritten: %s", exc)
        with self._lock:  # (never taken while holding only _io: see sync)
            for rec in written:
                if rec.kind == "entry":
                    self.taxonomy.remote_set(rec.facet, team_doc(rec))
        return written

    # -- reading the team state --------------------------------------------------------------------
    def _load(self, folder: RegistryFolder) -> tuple[dict[str, dict[str, TeamRecord]], list[tuple[str, Path]]]:
        """Every valid record per facet and key, and the conflict copies found (facet, path)."""
        state: dict[str, dict[str, TeamRecord]] = {f: {} for f in FACETS}
        copies: list[tuple[str, Path]] = []
        broken: dict[str, str] = {}
        sigs: dict[str, tuple[int, int, TeamRecord]] = {}
        for facet in FACETS:
            listed = folder.list_files(facet)
            listing = frozenset(name for name, _, _ in listed)
            base = str(folder.facet_dir(facet))
            for name, size, mtime_ns in listed:
                where = os.path.join(base, name)
                known = self._sigs.get(where)
                try:
                    if known is not None and known[:2] == (size, mtime_ns):
                        rec = known[2]
                    else:
                        rec = folder.read_path(facet, Path(where))
                except FileNotFoundError:
                    continue
                except (BrokenRecord, OSError) as exc:
                    broken[where] = str(exc) if isinstance(exc, BrokenRecord) else "fichier illisible"
                    continue
                stem = name[:-5]
                if stem != rec.key:
                    if is_conflict_copy(name, listing) or stem.startswith(rec.key + "-"):
                        copies.append((facet, Path(where)))
                    else:
                        broken[where] = "le nom enregistré ne correspond pas au nom du fichier"
                    continue
                sigs[where] = (size, mtime_ns, rec)
                state[facet][stem] = rec
        for where, reason in broken.items():
            if self.broken.get(where) != reason:
                log.warning("team registry file ignored: %s (%s)", where, reason)
        self.broken = broken
        self._sigs = sigs
        return state, copies

    def _merge_copies(self, folder: RegistryFolder, copies: list[tuple[str, Path]]) -> bool:
        """Merge sync-service conflict copies back into their entry: the later `modified` wins, the other
        version goes to the history; the copy is removed only once the merge is written."""
        merged = False
        for facet, path in copies:
            try:
                copy = folder.read_path(facet, path)
                try:
                    original = folder.read(facet, copy.name)
                except BrokenRecord:
                    original = None
                if original is None or copy.modified > original.modified:
                    # The copy is the later version: it replaces the original (kept in the history).
                    folder.write(
                        facet,
                        copy.name,
                        copy.kind,
                        copy.fields,
                        to=copy.to,
                        base=None if original is None else original.meta,
                    )
                else:
                    # The original is the later one: the copy's version goes to the history only.
                    folder.append_history(facet, copy.name, copy, conflict=True)
                folder.remove_copy(path)
                merged = True
            except (BrokenRecord, OSError, ShareLockTimeout) as exc:
                log.warning("conflict copy %s not merged: %s", path, exc)
                self.broken[str(path)] = (
                    f"copie de conflit non fusionnée ({exc})" if isinstance(exc, BrokenRecord) else "copie de conflit"
                )
        return merged

    def sync(self) -> bool:
        """Read the team registry back (replaying the queue, merging conflict copies, migrating and seeding
        first when due) and update the registries. Whether anything a person sees changed.

        Lock order: the Library's lock may be held when `_io` is taken (an edit's publish), never the
        reverse; the team folder is read and written without the Library's lock (the window stays free)."""
        folder = self.folder()
        if folder is None:
            return False
        if not folder.reachable():
            self._problem = "dossier partagé injoignable"
            return self._overlay_queue()
        self.flush_queue()
        if not self.read_only:
            folder.remove_stale_temp_files()
        try:
            state, copies = self._load(folder)
            if copies and not self.read_only and self._merge_copies(folder, copies):
                state, _ = self._load(folder)
            if not self.read_only and self._seed_and_migrate(folder, state):
                state, _ = self._load(folder)
        except (OSError, ShareLockTimeout) as exc:
            self._failed(exc)
            return self._overlay_queue()
        return self._apply(state)

    def reload_paths(self, paths: Iterable[str]) -> bool:
        """The watcher saw these team-folder paths change: reload the registry entries they are (a
        conflict copy, or anything unexpected: the whole registry)."""
        folder = self.folder()
        if folder is None:
            return False
        base = str(folder.base) + os.sep
        entries: list[tuple[str, str]] = []
        for path in paths:
            if not path.startswith(base):
                continue
            facet, _, name = path[len(base) :].partition(os.sep)
            if facet not in FACETS or os.sep in name or not is_entry_file(name):
                continue
            entries.append((facet, name))
        if not entries:  # a tick: edits queued while the share was out of reach are retried
            return bool(self.flush_queue()) if self.pending() else False
        if len(entries) > 50:
            return self.sync()
        self.flush_queue()
        changed = False
        for facet, name in entries:
            file = folder.facet_dir(facet) / name
            try:
                rec = folder.read_path(facet, file)
            except FileNotFoundError:
                continue  # a vanished file is no deletion (that is a tombstone)
            except (BrokenRecord, OSError) as exc:
                self.broken[str(file)] = str(exc) if isinstance(exc, BrokenRecord) else "fichier illisible"
                log.warning("team registry file ignored: %s (%s)", file, exc)
                continue
            if name[:-5] != rec.key:
                return self.sync()
            self.broken.pop(str(file), None)
            with self._lock:
                changed = self._apply_one(facet, rec) or changed
        return self._overlay_queue() or changed

    # -- applying to the registries ----------------------------------------------------------------
    def _apply_one(self, facet: str, rec: TeamRecord) -> bool:
        held = self.taxonomy.doc(facet, rec.name)
        if rec.kind == "entry":
            if held is not None and held.get("_team") == rec.meta and held.get("name") == rec.name:
                return False  # the version this PC has already
            return self.taxonomy.remote_set(facet, team_doc(rec)) is not None
        if held is None:
            return False
        meta = held.get("_team") or {}
        if int(meta.get("version") or 0) > rec.version:
            return False  # this PC holds a later version than the tombstone
        return self.taxonomy.remote_drop(facet, rec.name)

    def _apply(self, state: dict[str, dict[str, TeamRecord]]) -> bool:
        changed = False
        with self._lock:
            for facet in FACETS:
                for rec in state[facet].values():
                    changed = self._apply_one(facet, rec) or changed
        # Entries this PC holds that the team folder has no file for: written there (a vanished file is
        # no deletion; deletions are tombstones) unless they are only the default heritage list.
        missing = self._cache_only(state)
        folder = self.folder()
        if missing and folder is not None and not self.read_only:
            for facet, doc in missing:
                try:
                    res = folder.write(facet, doc["name"], "entry", _fields(doc), create_only="entry")
                except (OSError, ShareLockTimeout) as exc:
                    self._failed(exc)
                    break
                with self._lock:
                    self.taxonomy.remote_set(facet, team_doc(res.record), force=True)
        return self._overlay_queue() or changed

    def _cache_only(self, state: dict[str, dict[str, TeamRecord]]) -> list[tuple[str, dict[str, Any]]]:
        seeds = self._seed_docs()
        out = []
        with self._lock:
            for facet in FACETS:
                for doc in self.taxonomy.docs(facet):
                    key = entry_key(doc["name"])
                    if key in state[facet]:
                        continue
                    if facet == "heritage" and _plain(doc) in seeds:
                        continue  # the default list: the team folder decided (seeded, or deleted since)
                    out.append((facet, doc))
        return out

    def _overlay_queue(self) -> bool:
        """Edits still queued are shown as made (the team state read may predate them)."""
        changed = False
        ops = self.queued()
        if not ops:
            return False
        with self._lock:
            for op in ops:
                facet, name = op["facet"], op["name"]
                try:
                    if op.get("kind", "entry") != "entry":
                        changed = self.taxonomy.remote_drop(facet, name) or changed
                    elif op.get("create_only") is None or self.taxonomy.get(facet, name) is None:
                        held = self.taxonomy.doc(facet, name) or {}
                        doc = {"name": name, "fields": op.get("fields") or {}, "_team": held.get("_team") or {}}
                        changed = self.taxonomy.remote_set(facet, doc, force=True) is not None or changed
                except (InvalidName, KeyError, TypeError, ValueError) as exc:
                    log.warning("queued registry edit not shown: %s", exc)
        return changed

    # -- migration and seeding ---------------------------------------------------------------------
    def _seed_docs(self) -> list[dict[str, Any]]:
        if self._seed_path is None:
            return []
        from dataclasses import asdict

        from ..taxonomy import seed_records

        try:
            return [_plain(asdict(r)) for r in seed_records(self._seed_path())]
        except (OSError, ValueError) as exc:
            log.warning("default heritage list unreadable: %s", exc)
            return []

    def _migrated(self) -> list[str]:
        try:
            doc = orjson.loads((self.data_dir / MIGRATED_FILE).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return []
        roots = doc.get("roots") if isinstance(doc, dict) else None
        return [r for r in roots if isinstance(r, str)] if isinstance(roots, list) else []

    def _seed_and_migrate(self, folder: RegistryFolder, state: dict[str, dict[str, TeamRecord]]) -> bool:
        """Seed the heritage list into a team folder that has no heritage file at all (a tombstone counts),
        and write this PC's registry.json entries there once (merged with entries already there). Whether
        anything was written."""
        wrote = False
        seeds = self._seed_docs()
        if not state["heritage"] and seeds:
            for doc in seeds:
                res = folder.write("heritage", doc["name"], "entry", _fields(doc), create_only="any")
                wrote = wrote or res.written
        migrated = self._migrated()
        if folder.root in migrated:
            return wrote
        with self._lock:
            local = [(f, dict(d)) for f in FACETS for d in self.taxonomy.docs(f)]
        for facet, doc in local:
            if facet == "heritage" and _plain(doc) in seeds:
                continue  # the default list is seeded above, only into a team folder without heritage
            key = entry_key(doc["name"])
            on_disk = state[facet].get(key)
            if on_disk is not None and on_disk.kind != "entry":
                # Deleted or renamed in the team since: not brought back; this PC's version is kept in
                # the history.
                folder.append_history(
                    facet,
                    doc["name"],
                    TeamRecord("entry", facet, doc["name"], _fields(doc), "", self.pc_label, self.pc_id, 1),
                    conflict=True,
                )
                continue
            res = folder.write(facet, doc["name"], "entry", _fields(doc), fill=True)
            wrote = wrote or res.written
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.data_dir / MIGRATED_FILE, orjson.dumps({"roots": [*migrated, folder.root]}))
        return wrote

    # -- what the person is told -------------------------------------------------------------------
    def status(self) -> str | None:
        """A French sentence when registry edits wait for the share, else None."""
        n = len(self.queued()) if self.pending() else 0
        if not n:
            return None
        roots = self._roots()
        if not roots:
            return (
                f"{n} modification(s) des registres attendent l'ajout du dossier partagé ; "
                "elles sont gardées sur ce poste."
            )
        why = f" ({self._problem})" if self._problem else ""
        return (
            f"Le dossier partagé est injoignable ou en lecture seule{why} : {n} modification(s) des registres "
            "attendent d'y être écrites ; elles sont gardées sur ce poste."
        )

    def problems(self) -> list[tuple[str, str]]:
        """(path, French reason) of the team registry files that could not be used."""
        return sorted(self.broken.items())

    def history(self, facet: str, name: str) -> list[dict[str, Any]]:
        """Versions of an entry that were overwritten, newest first: {"record": the registry record (None
        for a tombstone), "kind", "modified", "pc", "replaced_at", "replaced_by", "conflict"}."""
        from ..taxonomy import _from_doc

        folder = self.folder()
        if folder is None:
            return []
        out = []
        for line in folder.history(facet, name):
            rec: TeamRecord = line["record"]
            known = {k: v for k, v in rec.fields.items()}
            out.append(
                {
                    **line,
                    "record": _from_doc(facet, {**known, "name": rec.name}) if rec.kind == "entry" else None,
                    "kind": rec.kind,
                    "modified": rec.modified,
                    "pc": rec.pc,
                }
            )
        return out


def _fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("name", "_team")}


def _plain(doc: dict[str, Any]) -> dict[str, Any]:
    """A document without its team version, for comparisons."""
    return {k: v for k, v in doc.items() if k != "_team"}
