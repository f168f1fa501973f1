"""The registries in the team folder: one small JSON file per entry.

    <root>/.lectoure-media/registry/<facet>/<key>.json      facet: business, heritage, campaign, keywords
    <root>/.lectoure-media/history/<facet>/<key>.jsonl      versions overwritten (append-only)

`key` is `entry_key(name)`: paths.safe_key of the folded name, so every spelling of a name that the
registries treat as the same ("Cathédrale", "cathedrale") maps to the same file on every PC. A file:

    {"kind": "entry", "facet": "business", "name": "Café du Centre", "fields": {...},
     "modified": "2026-03-01T10:15:00.123456Z", "pc": "BUREAU-2", "pc_id": "BUREAU-2-1a2b3c4d", "version": 7}

`kind` is "entry", "deleted" (a tombstone) or "renamed" (a tombstone with "to": the new name). The record
is generic (facet + name + fields): consents can join as another facet.

Writes: read-merge-write under sharelock.share_lock(file), then fsutil.atomic_write_bytes (temp + fsync +
replace): a reader sees the old file or the new, never a mix, and two PCs never interleave on one entry.
Every overwrite that changes something appends the version it replaces to the entry's history file; when
the version on disk is not the one the writer read before editing (`base`), the overwrite is marked as a
conflict there. Reads validate every file (size, JSON, types, the name folding to the file's key) and
report broken ones instead of failing.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import math
import os
import stat
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from ..fsutil import IS_WINDOWS, _fsync_dir, default_file_mode, replace_with_retry
from ..model import InvalidName, clean_name, fold
from ..sharelock import is_lock_name, share_lock
from .paths import HISTORY, REGISTRY, safe_key, team_dir

MAX_FILE_BYTES = 64 * 1024  # an entry is a few hundred bytes: anything bigger is not ours
MAX_HISTORY_READ = 256 * 1024  # the tail of a history file that is read
KINDS = ("entry", "deleted", "renamed")
LOCK_TIMEOUT = 45.0
TMP = "tmp"  # .lectoure-media/tmp/: temporary files of the atomic writes

# The fields of each facet and their JSON types (None: the value may also be null). Unknown fields (a
# newer version's) are kept as they are, if JSON scalars or lists of strings.
_STR, _BOOL, _NUM, _LIST = "str", "bool", "num", "list"
FIELD_TYPES: dict[str, dict[str, tuple[str, bool]]] = {
    "business": {
        "category": (_STR, True),
        "address": (_STR, False),
        "town_centre": (_BOOL, False),
        "facebook": (_STR, False),
        "instagram": (_STR, False),
        "tiktok": (_STR, False),
        "siret": (_STR, False),
        "closed": (_BOOL, False),
        "notes": (_STR, False),
    },
    "heritage": {
        "lat": (_NUM, True),
        "lon": (_NUM, True),
        "radius_m": (_NUM, False),
        "reference": (_STR, False),
        "approximate": (_BOOL, False),
        "address": (_STR, False),
        "notes": (_STR, False),
    },
    "campaign": {
        "start": (_STR, True),
        "end": (_STR, True),
        "hashtags": (_LIST, False),
        "credit": (_STR, False),
        "notes": (_STR, False),
    },
    "keywords": {},
}


class BrokenRecord(ValueError):
    """A team file that cannot be used; args[0] is a French sentence."""


@functools.lru_cache(maxsize=65536)
def entry_key(name: str) -> str:
    """The file key of an entry name (case, accents and spacing ignored, like the registries)."""
    return safe_key(fold(clean_name(name)))


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class TeamRecord:
    kind: str
    facet: str
    name: str
    fields: dict[str, Any] = field(default_factory=dict)
    modified: str = ""
    pc: str = ""
    pc_id: str = ""
    version: int = 0
    to: str | None = None

    @property
    def key(self) -> str:
        return entry_key(self.name)

    @property
    def meta(self) -> dict[str, Any]:
        """What a PC remembers of the version it read (compared under the lock before overwriting)."""
        return {"version": self.version, "modified": self.modified}

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "kind": self.kind,
            "facet": self.facet,
            "name": self.name,
            "fields": self.fields,
            "modified": self.modified,
            "pc": self.pc,
            "pc_id": self.pc_id,
            "version": self.version,
        }
        if self.kind == "renamed":
            doc["to"] = self.to
        return doc


def _check_value(facet: str, name: str, key: str, value: Any) -> Any:
    spec = FIELD_TYPES.get(facet, {}).get(key)
    if spec is None:  # a newer version's field: kept if plain
        if value is None or isinstance(value, str | bool | int | float):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        raise BrokenRecord(f"le champ « {key} » n'a pas un type reconnu")
    kind, nullable = spec
    if value is None:
        if nullable:
            return None
        raise BrokenRecord(f"le champ « {key} » est vide")
    if kind == _STR and isinstance(value, str):
        return value
    if kind == _BOOL and isinstance(value, bool):
        return value
    if kind == _NUM and isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if kind == _LIST and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise BrokenRecord(f"le champ « {key} » n'a pas le bon type")


def check_fields(facet: str, name: str, fields: Any) -> dict[str, Any]:
    """The fields of an entry, type-checked and checked like a person's entry (taxonomy._validate)."""
    if not isinstance(fields, dict):
        raise BrokenRecord("« fields » n'est pas un objet")
    out = {str(k): _check_value(facet, name, str(k), v) for k, v in fields.items()}
    from ..taxonomy import RECORD_TYPES, _validate

    if facet not in RECORD_TYPES:  # another kind of record (consents): plain values, checked by its owner
        return out
    known = {k: v for k, v in out.items() if k in FIELD_TYPES[facet]}
    try:
        rec = RECORD_TYPES[facet](name=name, **known)
        _validate(facet, rec)
    except (InvalidName, TypeError, ValueError) as exc:
        raise BrokenRecord(str(exc).rstrip(".")) from None
    return out


def parse_record(raw: bytes, facet: str) -> TeamRecord:
    """A team file's content, validated; BrokenRecord (French reason) otherwise."""
    if len(raw) > MAX_FILE_BYTES:
        raise BrokenRecord(f"le fichier dépasse {MAX_FILE_BYTES // 1024} Ko")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BrokenRecord("le contenu n'est pas du JSON valide") from None
    if not isinstance(doc, dict):
        raise BrokenRecord("le contenu n'est pas un objet JSON")
    kind = doc.get("kind")
    if kind not in KINDS:
        raise BrokenRecord("le type d'enregistrement (« kind ») est inconnu")
    if doc.get("facet") != facet:
        raise BrokenRecord("le registre indiqué ne correspond pas au dossier")
    try:
        name = clean_name(doc.get("name"))  # type: ignore[arg-type]  # checked: clean_name refuses non-text
    except InvalidName as exc:
        raise BrokenRecord(str(exc).rstrip(".")) from None
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 0 < version < 2**53:
        raise BrokenRecord("le numéro de version est invalide")
    modified, pc, pc_id = doc.get("modified"), doc.get("pc", ""), doc.get("pc_id", "")
    if not isinstance(modified, str) or len(modified) > 40:
        raise BrokenRecord("la date de modification est invalide")
    if not isinstance(pc, str) or not isinstance(pc_id, str) or len(pc) > 200 or len(pc_id) > 200:
        raise BrokenRecord("le nom du poste est invalide")
    fields: dict[str, Any] = {}
    to = None
    if kind == "entry":
        fields = check_fields(facet, name, doc.get("fields", {}))
    elif kind == "renamed":
        try:
            to = clean_name(doc.get("to"))  # type: ignore[arg-type]  # checked: clean_name refuses non-text
        except InvalidName as exc:
            raise BrokenRecord(f"le nouveau nom est invalide ({str(exc).rstrip('.')})") from None
    return TeamRecord(kind, facet, name, fields, modified, pc, pc_id, version, to)


def read_bounded(path: Path) -> bytes:
    """A team file's bytes; BrokenRecord when it is too big (read no further than the limit), a link or
    not a regular file (a FIFO planted under an entry's name must not block the reader)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise BrokenRecord("le fichier est un lien") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise BrokenRecord("ce n'est pas un fichier ordinaire")
        chunks = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_FILE_BYTES:
        raise BrokenRecord(f"le fichier dépasse {MAX_FILE_BYTES // 1024} Ko")
    return raw


def hide_on_windows(path: Path) -> None:
    """Give the team folder the Windows "hidden" attribute (Explorer then shows it only on demand)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x02)  # FILE_ATTRIBUTE_HIDDEN


def is_entry_file(name: str) -> bool:
    """A name that may be an entry file (not a temp file of a write, not a lock)."""
    return name.lower().endswith(".json") and not name.startswith(".") and not is_lock_name(name)


@dataclass
class WriteResult:
    record: TeamRecord  # what is on disk now
    written: bool  # False: nothing to change (or create_only found the entry)
    conflict: bool = False  # the version on disk was not the one read before editing


class RegistryFolder:
    """The registry folder of one team folder (the primary root's)."""

    def __init__(self, root: str, pc_label: str, pc_id: str) -> None:
        self.root = root
        self.team = team_dir(root)
        self.base = self.team / REGISTRY
        self.pc_label = pc_label
        self.pc_id = pc_id

    def facet_dir(self, facet: str) -> Path:
        return self.base / facet

    def path_for(self, facet: str, name: str) -> Path:
        return self.facet_dir(facet) / f"{entry_key(name)}.json"

    def history_path(self, facet: str, name: str) -> Path:
        return self.team / HISTORY / facet / f"{entry_key(name)}.jsonl"

    def reachable(self) -> bool:
        return os.path.isdir(self.root)

    # -- reading -------------------------------------------------------------------------------------
    def list_files(self, facet: str) -> list[tuple[str, int, int]]:
        """(name, size, mtime_ns) of the possible entry files of a facet (the folder missing: none); links,
        folders and FIFOs left out."""
        out = []
        try:
            with os.scandir(self.facet_dir(facet)) as it:
                for e in it:
                    if is_entry_file(e.name) and e.is_file(follow_symlinks=False):
                        st = e.stat(follow_symlinks=False)
                        out.append((e.name, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            return []
        return sorted(out)

    def read(self, facet: str, name: str) -> TeamRecord | None:
        """The record of `name` on disk (None: no file); BrokenRecord, OSError."""
        try:
            raw = read_bounded(self.path_for(facet, name))
        except FileNotFoundError:
            return None
        rec = parse_record(raw, facet)
        if rec.key != entry_key(name):
            raise BrokenRecord("le nom enregistré ne correspond pas au nom du fichier")
        return rec

    def read_path(self, facet: str, path: Path) -> TeamRecord:
        return parse_record(read_bounded(path), facet)

    def history(self, facet: str, name: str, limit: int = 20) -> list[dict[str, Any]]:
        """The versions overwritten, newest first (at most `limit`; broken lines skipped)."""
        path = self.history_path(facet, name)
        try:
            with open(path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                size = fh.tell()
                fh.seek(max(0, size - MAX_HISTORY_READ))
                raw = fh.read(MAX_HISTORY_READ)
        except OSError:
            return []
        out: list[dict[str, Any]] = []
        for line in reversed(raw.splitlines()):
            try:
                doc = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if not isinstance(doc, dict) or not isinstance(doc.get("record"), dict):
                continue
            try:
                rec = parse_record(orjson.dumps(doc["record"]), facet)
            except BrokenRecord:
                continue
            out.append(
                {
                    "record": rec,
                    "replaced_at": str(doc.get("replaced_at", "")),
                    "replaced_by": str(doc.get("replaced_by", "")),
                    "conflict": doc.get("conflict") is True,
                }
            )
            if len(out) >= limit:
                break
        return out

    # -- writing -------------------------------------------------------------------------------------
    def append_history(self, facet: str, name: str, rec: TeamRecord | dict[str, Any], *, conflict: bool) -> None:
        path = self.history_path(facet, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = orjson.dumps(
            {
                "record": rec.to_doc() if isinstance(rec, TeamRecord) else rec,
                "replaced_at": now_iso(),
                "replaced_by": self.pc_label,
                "conflict": conflict,
            }
        )
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        try:
            os.write(fd, line + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)

    def write(
        self,
        facet: str,
        name: str,
        kind: str = "entry",
        fields: dict[str, Any] | None = None,
        *,
        to: str | None = None,
        base: dict[str, Any] | None = None,
        base_fields: dict[str, Any] | None = None,
        create_only: str | None = None,
        fill: bool = False,
    ) -> WriteResult:
        """Write one entry (or tombstone) under the share lock; raises OSError or ShareLockTimeout.

        base: {"version", "modified"} of the version this PC read before editing (None: it knew none);
        when the disk holds another one, the edit is merged three-way with `base_fields` (the fields as
        read then): fields this PC changed take its values, the others keep the disk's; the version
        replaced goes to the history, marked as a conflict. create_only "entry": do nothing when an entry
        exists; "any": also when a tombstone exists (seeding). fill: only fill the disk entry's empty
        fields (migration), the local version going to the history when a value differs."""
        name = clean_name(name)
        path = self.path_for(facet, name)
        if not self.reachable():  # never create the root of a share that is not mounted
            raise FileNotFoundError(errno.ENOENT, "dossier partagé introuvable", self.root)
        for folder in (self.team, self.base, path.parent):
            if folder.is_symlink():  # a link planted in the share must not send our writes elsewhere
                raise OSError(errno.ELOOP, "un dossier de l'équipe est un lien", str(folder))
        new_team = not self.team.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        if new_team:
            hide_on_windows(self.team)
        with share_lock(str(path), timeout=LOCK_TIMEOUT) as lock:
            broken_raw: bytes | None = None
            try:
                disk = self.read(facet, name)
            except BrokenRecord:
                disk = None
                with contextlib.suppress(OSError, BrokenRecord):
                    broken_raw = read_bounded(path)
            except OSError:
                raise
            if disk is not None and create_only and (disk.kind == "entry" or create_only == "any"):
                return WriteResult(disk, False)
            # Another PC wrote since this one read (or created the entry this one believed new); a tombstone
            # this PC did not know of is simply replaced.
            conflict = disk is not None and (
                disk.meta != {k: base.get(k) for k in ("version", "modified")}
                if base is not None
                else disk.kind == "entry"
            )
            new_fields = dict(fields or {})
            local_to_history = False
            if kind == "entry" and disk is not None and disk.kind == "entry":
                if fill:
                    merged = dict(disk.fields)
                    for k, v in new_fields.items():
                        if merged.get(k) in (None, "", []):
                            merged[k] = v
                        elif merged.get(k) != v and v not in (None, "", []):
                            local_to_history = True
                    new_fields = merged
                    conflict = False
                elif conflict and base_fields is not None:
                    merged = dict(disk.fields)
                    for k, v in new_fields.items():
                        if k not in base_fields or base_fields.get(k) != v:
                            merged[k] = v
                    new_fields = merged
                else:
                    unknown = {k: v for k, v in disk.fields.items() if k not in FIELD_TYPES.get(facet, {})}
                    new_fields = {**unknown, **new_fields}
            if kind != "entry":
                new_fields = {}
            if (
                disk is not None
                and disk.kind == kind
                and disk.name == name
                and disk.fields == new_fields
                and disk.to == to
                and not local_to_history
            ):
                return WriteResult(disk, False, conflict)
            if kind == "entry" and disk is not None and disk.kind != "entry" and create_only == "any":
                return WriteResult(disk, False)
            rec = TeamRecord(
                kind,
                facet,
                name,
                new_fields,
                now_iso(),
                self.pc_label,
                self.pc_id,
                (disk.version if disk is not None else 0) + 1,
                to if kind == "renamed" else None,
            )
            if disk is not None:
                self.append_history(facet, name, disk, conflict=conflict)
            elif broken_raw is not None:
                self.append_history(
                    facet, name, {"kind": "broken", "raw": broken_raw.decode("utf-8", "replace")}, conflict=True
                )
            if local_to_history:
                local = TeamRecord("entry", facet, name, dict(fields or {}), now_iso(), self.pc_label, self.pc_id, 1)
                self.append_history(facet, name, local, conflict=True)
            if not lock.held():  # judged dead and broken by another PC meanwhile: start over
                raise OSError(f"le verrou de « {path.name} » a été repris par un autre poste")
            self._commit(path, orjson.dumps(rec.to_doc(), option=orjson.OPT_INDENT_2))
            return WriteResult(rec, True, conflict)

    def _commit(self, path: Path, data: bytes) -> None:
        """Atomic write whose temporary file lives in `.lectoure-media/tmp/` (same share, so the rename is
        atomic): a registry folder only ever holds whole entry files, even after a kill -9."""
        tmp_dir = self.team / TMP
        tmp_dir.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=str(tmp_dir))
        try:
            if hasattr(os, "fchmod"):
                with contextlib.suppress(OSError):  # some CIFS mounts refuse it; the mount then decides access
                    os.fchmod(fd, default_file_mode())
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            replace_with_retry(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if not IS_WINDOWS:
            _fsync_dir(path.parent)

    def remove_stale_temp_files(self, older_than: float = 3600.0) -> None:
        """Temporary files of writes killed long ago (names unique to one write: none can be in use)."""
        now = time.time()
        try:
            with os.scandir(self.team / TMP) as it:
                for e in it:
                    with contextlib.suppress(OSError):
                        if e.name.endswith(".tmp") and now - e.stat(follow_symlinks=False).st_mtime > older_than:
                            os.unlink(e.path)
        except OSError:
            return

    def remove_copy(self, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
