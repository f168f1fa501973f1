"""The publication log on the share: one append-only JSON-lines file per PC, read as the union of all.

    <root>/.lectoure-media/publog/<pc-id>.jsonl

Each line is one event, `{"type": "export" | "published", "fingerprint", "source" (relative to the root,
'/' separators), "preset", "output", "width", "height", "bytes", "platform", "date", "url", "at", "pc",
"pc_id", "id"}`; a PC only ever appends to its own file, so two PCs never write the same file.

* Append: one write of whole lines under the file's share_lock, then flush + fsync. A line torn by a kill
  is left where it is: the next append starts on a new line, and a reader skips what does not parse.
* Read: every `*.jsonl` of the folder (lines deduplicated by "id"); each file is re-read from where the last
  read stopped, only when its size or modification time changed. What was read is cached in the data dir
  (`publog-cache.json`): opening a library with a long history reads only what was appended since.
* Share out of reach, read-only, or no root yet: the lines go to a queue in the data dir
  (`publog-queue.jsonl`, fsynced), part of every read, written to the share at the next flush_queue().

No Library here: core/publog.py ties this to the facade and the asset index. Everything read from the
share may be hostile (huge, broken, wrong types): a bad line is skipped, never raised.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..fsutil import IS_WINDOWS, atomic_write_bytes, default_file_mode, printable
from ..sharelock import ShareLockTimeout, share_lock
from .paths import PUBLOG, TEAM_DIR, pc_identity

log = logging.getLogger(__name__)

# "retracted": a publication mark taken back (the app's undo); the log stays append-only.
TYPES = ("export", "published", "retracted")
# CLI.md's `posted --platform` values.
PLATFORMS = ("instagram", "facebook", "tiktok", "linkedin", "x", "youtube", "website")
QUEUE_FILE = "publog-queue.jsonl"
CACHE_FILE = "publog-cache.json"
SUFFIX = ".jsonl"
MAX_LINE = 64 * 1024  # a longer line is not ours: skipped
MAX_TEXT = 4096  # characters of one text field
CHUNK = 1 << 20
LOCK_TIMEOUT = 15.0
TAIL = 32  # bytes before the read offset remembered to notice a file replaced by another
# Ids of rows migrated from a data dir's registry.json: the same row gives the same id on every PC and run.
MIGRATION_NS = uuid.UUID("6f1d3a52-93c4-4f0e-9a57-4c1de1b0b1a1")
TEXT_FIELDS = ("fingerprint", "source", "preset", "output", "platform", "date", "url", "at", "pc", "pc_id", "retracts")
INT_FIELDS = ("width", "height", "bytes")
ROW_FIELDS = ("type", "id", *TEXT_FIELDS, *INT_FIELDS)  # every key of a cleaned entry
_FP, _PRESET, _PLATFORM, _DATE, _AT, _RETRACTS = (
    ROW_FIELDS.index(k) for k in ("fingerprint", "preset", "platform", "date", "at", "retracts")
)


class PublogUnavailable(Exception):
    """The team folder cannot take the line now (out of reach, read-only, locked): it is queued."""


def clean_entry(raw: Any) -> dict[str, Any] | None:
    """The entry with only known fields of the right type, or None when it is not a usable entry."""
    if not isinstance(raw, dict):
        return None
    entry_id, kind, at = raw.get("id"), raw.get("type"), raw.get("at")
    if not isinstance(entry_id, str) or not 0 < len(entry_id) <= 100 or kind not in TYPES:
        return None
    if not isinstance(at, str) or not at or len(at) > 40:
        return None
    out: dict[str, Any] = {"type": kind, "id": entry_id}
    for name in TEXT_FIELDS:
        value = raw.get(name)
        out[name] = value if isinstance(value, str) and len(value) <= MAX_TEXT else None
    for name in INT_FIELDS:
        value = raw.get(name)
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 62
        out[name] = value if ok else None
    if kind == "export" and not out["preset"]:
        return None
    if kind == "retracted" and not out["retracts"]:
        return None
    if kind == "published" and (out["platform"] not in PLATFORMS or not out["date"]):
        return None
    return out


def migrated_id(row: dict[str, Any]) -> str:
    """A deterministic id for a row of the old per-PC export log (registry.json)."""
    keys = ("fingerprint", "source", "preset", "output", "width", "height", "bytes", "at")
    content = orjson.dumps({k: row.get(k) for k in keys}, option=orjson.OPT_SORT_KEYS)
    return str(uuid.uuid5(MIGRATION_NS, content.decode("utf-8", "replace")))


def new_id() -> str:
    return str(uuid.uuid4())


def publog_dir(root: str) -> Path:
    return Path(root) / TEAM_DIR / PUBLOG


def _hide(folder: Path) -> None:
    """The team folder is hidden in Windows Explorer, like the sidecars are left visible but out of the way."""
    if IS_WINDOWS:  # pragma: no cover - Windows only
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.windll.kernel32.SetFileAttributesW(str(folder), 0x02)  # type: ignore[attr-defined]  # Windows-only API


def append_lines(path: Path, data: bytes) -> None:
    """Append whole lines to `path` in one write (+ fsync), starting on a new line if the file ends with a
    torn one; under the file's share_lock (the app and a CLI command of the same PC share the file).
    OSError or ShareLockTimeout when it cannot be done."""
    with share_lock(str(path), timeout=LOCK_TIMEOUT):
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), default_file_mode())
        try:
            size = os.fstat(fd).st_size
            if size:
                os.lseek(fd, size - 1, os.SEEK_SET)
                if os.read(fd, 1) != b"\n":
                    data = b"\n" + data
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass
class _FileState:
    size: int
    mtime_ns: int
    offset: int  # bytes consumed: everything before it was whole lines
    tail: str  # hex of the TAIL bytes before `offset`


class PublicationLog:
    """The union of the team folder's log files and this data dir's queue, kept in memory."""

    def __init__(self, data_dir: str | os.PathLike[str], *, writable: bool) -> None:
        self.data_dir = Path(data_dir)
        self.writable = writable  # may this process write the cache (it owns the data dir)?
        self.pc_label, self.pc_id = pc_identity(self.data_dir)
        self._lock = threading.RLock()
        # Entries as dicts, made on first use: the cache's rows stay lists until an asset's log is asked for
        # (opening a 100,000-line history builds only the ids and the index keys).
        self._entries: dict[str, dict[str, Any]] = {}
        self._by_fp: dict[str, list[dict[str, Any]]] = {}
        self._raw_by_fp: dict[str, list[list[Any]]] = {}  # fingerprint ("" for none) -> cached rows
        self.ids: set[str] = set()
        self.retracted: set[str] = set()  # ids of publication marks taken back
        self.in_team: set[str] = set()  # ids read from a team folder file (not only queued)
        self._files: dict[str, _FileState] = {}
        self._queue_sig: tuple[int, int] | None = None
        self._dirty = False
        self.skipped = 0  # lines that did not parse (torn, hostile)
        self._load_cache()

    def add(self, entry: dict[str, Any]) -> bool:
        """Keep `entry` in memory unless its id is known already; True when it is new."""
        if entry["id"] in self.ids:
            return False
        self.ids.add(entry["id"])
        self._entries[entry["id"]] = entry
        if entry["type"] == "retracted":
            self.retracted.add(entry["retracts"])
        fp = entry.get("fingerprint")
        if fp:
            self._by_fp.setdefault(fp, []).append(entry)
        return True

    def _materialize(self, fp: str) -> None:
        rows = self._raw_by_fp.pop(fp, None)
        for row in rows or ():
            entry = dict(zip(ROW_FIELDS, row, strict=True))
            self._entries[entry["id"]] = entry
            if fp:
                self._by_fp.setdefault(fp, []).append(entry)

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        """Every entry by id."""
        for fp in list(self._raw_by_fp):
            self._materialize(fp)
        return self._entries

    def by_fingerprint(self, fp: str) -> list[dict[str, Any]]:
        self._materialize(fp)
        return list(self._by_fp.get(fp, ()))

    def index_keys(self) -> list[tuple[str, str, str | None, str | None]]:
        """(type, fingerprint, preset or platform, time or date) of every entry with a fingerprint: what the
        asset index keeps, without making a dict per cached row."""
        gone = self.retracted
        out = [(r[0], fp, r[_PRESET] if r[0] == "export" else r[_PLATFORM], r[_AT] if r[0] == "export" else r[_DATE])
               for fp, rows in self._raw_by_fp.items() if fp for r in rows
               if r[0] != "retracted" and r[1] not in gone]  # fmt: skip
        for e in self._entries.values():
            if e["fingerprint"] and e["type"] != "retracted" and e["id"] not in gone:
                kind = e["type"]
                out.append((kind, e["fingerprint"], e["preset" if kind == "export" else "platform"],
                            e["at" if kind == "export" else "date"]))  # fmt: skip
        return out

    @property
    def queue_path(self) -> Path:
        return self.data_dir / QUEUE_FILE

    # -- cache ----------------------------------------------------------------------------------------------
    def _load_cache(self) -> None:
        """What an earlier open read (our own file in the data dir, written from cleaned entries: rows of
        ROW_FIELDS values plus "read from the team folder"; a damaged or foreign cache is ignored)."""
        try:
            doc = orjson.loads((self.data_dir / CACHE_FILE).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return
        if not isinstance(doc, dict) or doc.get("version") != 2 or doc.get("pc_id") != self.pc_id:
            return
        files, rows = doc.get("files"), doc.get("rows")
        if not isinstance(files, dict) or not isinstance(rows, list) or doc.get("fields") != list(ROW_FIELDS):
            return
        for path, st in files.items():
            ints = isinstance(st, list) and len(st) == 4 and all(isinstance(v, int) for v in st[:3])
            if ints and isinstance(st[3], str):
                self._files[path] = _FileState(st[0], st[1], st[2], st[3])
        width = len(ROW_FIELDS) + 1
        ids, team, raw = self.ids, self.in_team, self._raw_by_fp
        for row in rows:
            if not isinstance(row, list) or len(row) != width or row[0] not in TYPES or not isinstance(row[1], str):
                continue
            entry_id = row[1]
            if entry_id in ids:
                continue
            ids.add(entry_id)
            if row.pop():
                team.add(entry_id)
            if row[0] == "retracted":
                self.retracted.add(row[_RETRACTS])
            fp = row[_FP]
            raw_rows = raw.get(fp or "")
            if raw_rows is None:
                raw[fp or ""] = [row]
            else:
                raw_rows.append(row)

    def save_cache(self) -> None:
        """Write what was read to the data dir (owner only; best effort: the cache is rebuilt if lost)."""
        with self._lock:
            if not self.writable or not self._dirty:
                return
            team = self.in_team
            doc = {
                "version": 2,
                "pc_id": self.pc_id,
                "fields": list(ROW_FIELDS),
                "files": {p: [s.size, s.mtime_ns, s.offset, s.tail] for p, s in self._files.items()},
                "rows": [[e[f] for f in ROW_FIELDS] + [e["id"] in team] for e in self._entries.values()]
                + [[*row, row[1] in team] for rows in self._raw_by_fp.values() for row in rows],
            }
            try:
                atomic_write_bytes(self.data_dir / CACHE_FILE, orjson.dumps(doc))
                self._dirty = False
            except OSError as exc:
                log.warning("publication log cache not saved: %s", exc)

    # -- reading --------------------------------------------------------------------------------------------
    def refresh(self, roots: list[str]) -> list[dict[str, Any]]:
        """Read what changed in the team folders of `roots` and in the queue; returns the new entries."""
        new: list[dict[str, Any]] = []
        with self._lock:
            for root in roots:
                folder = publog_dir(root)
                try:
                    listing = list(os.scandir(folder))
                except OSError:
                    continue
                for item in listing:
                    if not item.name.endswith(SUFFIX) or item.name.startswith("."):
                        continue
                    try:
                        st = item.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if not stat.S_ISREG(st.st_mode):
                        continue
                    key = os.path.abspath(item.path)
                    state = self._files.get(key)
                    if state is not None and (state.size, state.mtime_ns) == (st.st_size, st.st_mtime_ns):
                        continue
                    new += self._read_file(key, state, team=True)
            new += self._read_queue()
        return new

    def _read_queue(self) -> list[dict[str, Any]]:
        try:
            st = os.stat(self.queue_path)
        except OSError:
            self._queue_sig = None
            return []
        if self._queue_sig == (st.st_size, st.st_mtime_ns):
            return []
        self._queue_sig = (st.st_size, st.st_mtime_ns)
        return self._read_file(str(self.queue_path), None, team=False)

    def _read_file(self, path: str, state: _FileState | None, *, team: bool) -> list[dict[str, Any]]:
        new: list[dict[str, Any]] = []
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                start = 0
                if state is not None and state.offset <= st.st_size:
                    fh.seek(max(0, state.offset - TAIL))
                    if fh.read(min(TAIL, state.offset)).hex() == state.tail:
                        start = state.offset  # the same file, grown: read only what was appended
                fh.seek(start)
                offset, buf, skipping = start, b"", False
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    buf += chunk
                    lines = buf.split(b"\n")
                    buf = lines.pop()
                    for line in lines:
                        offset += len(line) + 1
                        if skipping:  # the end of an over-long line
                            skipping = False
                            continue
                        entry = self._parse(line)
                        if entry is not None:
                            if self.add(entry):
                                new.append(entry)
                            if team:
                                self.in_team.add(entry["id"])
                    if len(buf) > MAX_LINE:  # never hold a hostile line without end in memory
                        offset += len(buf)
                        buf, skipping = b"", True
                        self.skipped += 1
                if team:
                    fh.seek(max(0, offset - TAIL))
                    tail = fh.read(min(TAIL, offset)).hex()
                    self._files[path] = _FileState(st.st_size, st.st_mtime_ns, offset, tail)
                    self._dirty = True
        except OSError as exc:
            log.warning("publication log %s unreadable: %s", path, exc)
        if new:
            self._dirty = True
        return new

    def _parse(self, line: bytes) -> dict[str, Any] | None:
        line = line.strip()
        if not line:
            return None
        if len(line) > MAX_LINE:
            self.skipped += 1
            return None
        try:
            entry = clean_entry(orjson.loads(line))
        except orjson.JSONDecodeError:
            entry = None
        if entry is None:
            self.skipped += 1
        return entry

    # -- writing --------------------------------------------------------------------------------------------
    def team_file(self, root: str) -> Path:
        return publog_dir(root) / f"{self.pc_id}{SUFFIX}"

    def _write_team(self, root: str, lines: bytes) -> None:
        """Append to this PC's file in `root`'s team folder; PublogUnavailable when the share refuses."""
        if not os.path.isdir(root):
            raise PublogUnavailable(f"Le dossier « {root} » est inaccessible.")
        team = Path(root) / TEAM_DIR
        try:
            if not team.is_dir():
                team.mkdir(exist_ok=True)
                _hide(team)
            (team / PUBLOG).mkdir(exist_ok=True)
            append_lines(self.team_file(root), lines)
        except (OSError, ShareLockTimeout) as exc:
            raise PublogUnavailable(str(exc)) from exc

    def append(self, roots: list[str], entries: list[dict[str, Any]]) -> bool:
        """Add entries: to this PC's file in the first root's team folder, else to the queue in the data
        dir. True when they reached the share. OSError only when even the data dir refuses the queue."""
        if not entries:
            return True
        for entry in entries:  # a file name that is not UTF-8 is kept as text with U+FFFD (valid JSON)
            for name in ("source", "output"):
                if isinstance(entry.get(name), str):
                    entry[name] = printable(entry[name])
        lines = b"".join(orjson.dumps(e) + b"\n" for e in entries)
        with self._lock:
            reached = False
            if roots:
                try:
                    self.flush_queue(roots)
                    self._write_team(roots[0], lines)
                    reached = True
                except PublogUnavailable as exc:
                    log.info("publication log queued (%s)", exc)
            if not reached:
                self._append_queue(lines)
            for entry in entries:
                self.add(entry)
                if reached:
                    self.in_team.add(entry["id"])
            self._dirty = True
            return reached

    def _append_queue(self, lines: bytes) -> None:
        try:
            append_lines(self.queue_path, lines)
        except ShareLockTimeout as exc:
            raise OSError(str(exc)) from None

    def queued(self) -> list[dict[str, Any]]:
        """The entries waiting in the queue."""
        out: list[dict[str, Any]] = []
        try:
            raw = self.queue_path.read_bytes()
        except OSError:
            return out
        for line in raw.split(b"\n"):
            entry = self._parse(line)
            if entry is not None:
                out.append(entry)
        return out

    def flush_queue(self, roots: list[str]) -> int:
        """Write the queued entries to the share; returns how many were written (0 when it still refuses)."""
        if not roots:
            return 0
        with self._lock:
            try:
                if not self.queue_path.exists():
                    return 0
                with share_lock(str(self.queue_path), timeout=LOCK_TIMEOUT):
                    waiting = [e for e in self.queued() if e["id"] not in self.in_team]
                    if waiting:
                        self._write_team(roots[0], b"".join(orjson.dumps(e) + b"\n" for e in waiting))
                    for entry in waiting:
                        self.add(entry)
                        self.in_team.add(entry["id"])
                    self.queue_path.unlink()
                    self._queue_sig = None
                    self._dirty = True
                    return len(waiting)
            except PublogUnavailable as exc:
                log.info("publication log queue kept (%s)", exc)
                return 0
            except (OSError, ShareLockTimeout) as exc:
                log.warning("publication log queue not flushed: %s", exc)
                return 0
