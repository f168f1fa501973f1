"""The catalog store: one TinyDB-format JSON file, kept in memory, saved safely in the background.

Why not plain TinyDB: its JSONStorage rewrites the file in place on every write (a crash leaves half a file)
and Table.insert/update rebuild the whole table per call (O(n), ~30 ms at 100,000 assets). We keep TinyDB's
file format and Storage interface -- ``{"table": {"<int id>": {doc}}}``, readable by ``tinydb.TinyDB`` --
but mutate the cached dict in O(1) and let one writer thread save it: serialised with orjson, written to
a temp file, fsync'ed and atomically renamed over the catalog, the previous good file kept as ``.bak``.

The catalog is an index and a cache (ARCHITECTURE.md, "Data ownership"): if it is damaged we restore the
backup, else start empty and let the scan rebuild it from the folder and the XMP sidecars. A damaged file
is never deleted; it is set aside as ``<name>.corrupt-<timestamp>`` for diagnosis.

One process writes a catalog at a time (the Library holds the cross-process lock); other processes open it
read-only and see the last complete snapshot, since the file is only ever replaced whole.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import errno
import gc
import glob
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import tinydb
from tinydb.storages import Storage

from .fsutil import atomic_write_chunks, replace_with_retry

__all__ = ["CatalogError", "SafeJSONStorage", "Store", "META_TABLE"]

log = logging.getLogger(__name__)

META_TABLE = "_meta"
_META_ID = "1"
# A file with no _meta table predates schema versioning (or was written by bare TinyDB): version 1.
_IMPLICIT_SCHEMA = 1

# Retry of a failed background save: doubles from the first value up to the cap, so a full disk is
# retried often enough to recover quickly once space is freed, without spinning.
_RETRY_FIRST = 0.5
_RETRY_MAX = 30.0

Data = dict[str, dict[str, dict[str, Any]]]


# A string JSON cannot hold -- a file name that is not valid UTF-8, which Python gives as lone surrogates
# ("photo\udce9t\udce9.jpg" for Latin-1 bytes on Linux) -- is stored as {FS_BYTES: base64 of its
# UTF-8 bytes with the surrogates passed through}, and turned back into the same string when loaded.
FS_BYTES = "~fsbytes"
_FS_BYTES_JSON = b'"~fsbytes"'


def dumps_catalog(data: Data) -> bytes:
    return b"".join(iter_catalog(data))


def _escape_strings(value: Any) -> Any:
    if type(value) is str:
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return {FS_BYTES: base64.b64encode(value.encode("utf-8", "surrogatepass")).decode("ascii")}
    if type(value) is dict:
        return {k: _escape_strings(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return [_escape_strings(v) for v in value]
    return value


def _unescape_strings(value: Any) -> Any:
    if type(value) is dict:
        if len(value) == 1 and type(value.get(FS_BYTES)) is str:
            try:
                return base64.b64decode(value[FS_BYTES], validate=True).decode("utf-8", "surrogatepass")
            except ValueError:  # (binascii.Error and UnicodeDecodeError are ValueErrors) damaged: as is
                return value
        return {k: _unescape_strings(v) for k, v in value.items()}
    if type(value) is list:
        return [_unescape_strings(v) for v in value]
    return value


def _dumps_doc(doc: Any, where: tuple[str, str], skipped: list[tuple[str, str, str]] | None) -> bytes | None:
    """One document as JSON; a document holding undecodable file names is escaped (see FS_BYTES). One
    that still cannot be written (a value JSON has no form for) is left out of this save and listed in
    `skipped`, so one bad record never blocks the saving of all the others (the catalog is a cache: the
    next scan finds the file again)."""
    try:
        return orjson.dumps(doc)
    except orjson.JSONEncodeError:
        pass
    try:
        return orjson.dumps(_escape_strings(doc))
    except orjson.JSONEncodeError as exc:
        if skipped is None:
            raise
        skipped.append((*where, str(exc)))
        return None


def iter_catalog(data: Data, batch: int = 2000, skipped: list[tuple[str, str, str]] | None = None) -> Iterator[bytes]:
    """TinyDB's JSON layout, written one document per line.

    Still one valid JSON object (TinyDB and any JSON tool read it), but `loads_catalog` can parse it a
    line at a time: parsing the whole file at once makes orjson build its own document tree of the 60 MB
    file next to the Python objects, which nearly doubles the peak memory at open.

    `skipped`, when given, receives (table, id, reason) for each document that cannot be written at all
    (it is then left out); without it such a document raises orjson.JSONEncodeError.
    """
    dumps = orjson.dumps
    yield b"{"
    for t, (name, table) in enumerate(data.items()):
        yield (b",\n" if t else b"\n") + dumps(name) + b": {"
        parts = []
        i = 0
        for key, doc in table.items():
            try:
                line = dumps(doc)
            except orjson.JSONEncodeError:
                escaped = _dumps_doc(doc, (name, str(key)), skipped)
                if escaped is None:
                    continue
                line = escaped
            parts.append((b",\n" if i else b"\n") + dumps(str(key)) + b": " + line)
            i += 1
            if len(parts) == batch:
                yield b"".join(parts)
                parts = []
        yield b"".join(parts) + b"\n}"
    yield b"\n}"  # no newline after: losing the last byte must leave invalid JSON, seen as damage


def loads_catalog(raw: bytes) -> Any:
    """Parse a catalog file; the line-per-document layout of `dumps_catalog` takes a lower-memory path,
    anything else (a file written by TinyDB itself, or a damaged one) goes through a whole-file parse,
    which also produces the precise error for a damaged file."""
    try:
        data = _loads_lines(raw)
    except (orjson.JSONDecodeError, ValueError):
        data = None
    if data is not None:
        return data
    data = orjson.loads(raw)
    if _FS_BYTES_JSON in raw and type(data) is dict:
        for table in data.values():
            if type(table) is dict:
                for key, doc in table.items():
                    if type(doc) is dict:
                        table[key] = _unescape_strings(doc)
    return data


def _loads_lines(raw: bytes) -> Data | None:
    if not (raw.startswith(b"{\n") and raw.endswith(b"\n}")):
        return None
    view = memoryview(raw)
    loads = orjson.loads
    data: Data = {}
    pos, end = 2, len(raw) - 1  # after "{\n"; `end` is the final "}" of the top-level object
    # Documents with escaped file names (FS_BYTES) are rare: found by one search of the bytes ahead.
    marker = raw.find(_FS_BYTES_JSON)
    while pos < end:
        eol = raw.index(b"\n", pos)
        header = raw[pos:eol]
        if not header.endswith(b": {"):
            return None
        name = loads(header[:-3])
        if type(name) is not str or name in data:
            return None
        table: dict[str, Any] = {}
        data[name] = table
        pos = eol + 1
        while True:
            eol = raw.index(b"\n", pos)
            if raw[pos] == 0x7D:  # "}" closes the table, with "," when another table follows
                closing = raw[pos:eol]
                pos = eol + 1
                if closing == b"},":
                    if pos >= end:
                        return None
                    break
                if closing == b"}" and pos == end:
                    return data
                return None
            stop = eol - 1 if raw[eol - 1] == 0x2C else eol  # a "," ends every document line but the last
            sep = raw.index(b'": ', pos, stop)
            if raw[pos] != 0x22:
                return None
            raw_key = raw[pos + 1 : sep]
            # Document ids are plain digits: decoding them directly skips a JSON call per document.
            key: str = raw_key.decode("ascii") if raw_key.isdigit() else loads(view[pos : sep + 1])
            doc = loads(view[sep + 3 : stop])
            if 0 <= marker < eol:
                if marker > sep and type(doc) is dict:
                    doc = _unescape_strings(doc)
                marker = raw.find(_FS_BYTES_JSON, eol)
            table[key] = doc
            pos = eol + 1
    return data if data else None


class CatalogError(Exception):
    """The catalog cannot be opened or saved; the message is a French sentence for the user."""


class UnsavableRecords(Exception):
    """A save wrote every document but these: args[0] lists (table, id, reason) of those with a value JSON
    has no form for. They stay in memory (the data stays dirty) and are written once fixed."""


class _Damaged(Exception):
    """Internal: the bytes of a catalog file are not a usable catalog; args[0] is a short French reason."""


# ---------------------------------------------------------------------------------------------- parsing


def _diagnose_decode_error(raw: bytes, exc: orjson.JSONDecodeError) -> str:
    """Name the kind of damage in words the officer can repeat to support."""
    if not raw.strip():
        return "fichier vide"
    if not raw.strip(b"\x00"):
        return "fichier rempli de zéros"
    msg = str(exc)
    if "unexpected end of data" in msg:
        return "fichier tronqué"
    # A file cut in the middle of a multi-byte character fails UTF-8 validation before JSON parsing.
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as uexc:
        if uexc.reason == "unexpected end of data" and uexc.start >= len(raw) - 3:
            return "fichier tronqué"
        return "contenu illisible"
    # Some file systems leave a run of zeros at the end of a file cut short by a power loss. A catalog
    # we wrote never contains a raw NUL byte (JSON escapes control characters), so a NUL tail means that.
    if raw.endswith(b"\x00"):
        return "fichier tronqué"
    return "contenu illisible"


def _read_schema(data: dict[str, Any]) -> int:
    meta = data.get(META_TABLE)
    if meta is None:
        return _IMPLICIT_SCHEMA
    if type(meta) is not dict:
        raise _Damaged("structure inattendue")
    doc = meta.get(_META_ID)
    if doc is None:
        return _IMPLICIT_SCHEMA
    if type(doc) is not dict:
        raise _Damaged("structure inattendue")
    schema = doc.get("schema", _IMPLICIT_SCHEMA)
    if type(schema) is not int or schema < 1:
        raise _Damaged("numéro de version invalide")
    return schema


def _validate(data: Any) -> dict[str, int]:
    """Check the TinyDB shape (dict of tables, each a dict of "<int>" -> dict); return each table's max id.

    Keys must be canonical decimal strings: ``get`` looks documents up by ``str(doc_id)``, so "01" or
    "٣" would be documents that exist but can never be found.
    """
    if type(data) is not dict:
        raise _Damaged("structure inattendue")
    max_ids: dict[str, int] = {}
    for name, table in data.items():
        if type(table) is not dict:
            raise _Damaged("structure inattendue")
        top = 0
        for key, doc in table.items():
            if type(doc) is not dict or not (key.isascii() and key.isdigit()):
                raise _Damaged("structure inattendue")
            n = int(key)
            if len(key) > 1 and key[0] == "0":
                raise _Damaged("structure inattendue")
            if n > top:
                top = n
        max_ids[name] = top
    meta_doc = data.get(META_TABLE, {}).get(_META_ID, {})
    next_ids = meta_doc.get("next_ids", {})
    if type(next_ids) is not dict or any(type(v) is not int for v in next_ids.values()):
        raise _Damaged("structure inattendue")
    return max_ids


def _max_ids_lenient(data: Data) -> dict[str, int]:
    """Max id per table of data written through TinyDB itself (its keys are always str(int))."""
    out: dict[str, int] = {}
    for name, table in data.items():
        top = 0
        for key in table:
            try:
                n = int(key)
            except (TypeError, ValueError):
                continue
            if n > top:
                top = n
        out[name] = top
    return out


def _french_os_reason(exc: OSError) -> str:
    code = exc.errno
    if code == errno.ENOSPC:
        return "le disque est plein"
    if code in (errno.EACCES, errno.EPERM):
        return "l'accès au fichier est refusé"
    if code == errno.EROFS:
        return "le disque est en lecture seule"
    if code == errno.EDQUOT:
        return "le quota disque est dépassé"
    if code == errno.EISDIR:
        return "le chemin désigne un dossier"
    return f"erreur système ({exc.strerror or exc.__class__.__name__})"


def _backup_date(path: Path) -> str:
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return "date inconnue"
    return datetime.fromtimestamp(stamp).strftime("%d/%m/%Y à %H:%M")


# ---------------------------------------------------------------------------------------------- storage


class SafeJSONStorage(Storage):
    """TinyDB storage that keeps the whole catalog in memory and saves it atomically on ``flush()``.

    ``read()`` hands out the live dict (no copy: 100,000 assets must not be held twice); ``write()`` only
    swaps it in and marks it dirty. The damage detection and the backup fallback happen once, at
    construction; their outcome is in ``recovery``, ``recovered_from_backup`` and ``rebuilt``.

    ``newest_schema``: a file whose schema is newer than this was written by a newer version of the app;
    it is refused with CatalogError and left exactly as it is.
    """

    # Set by _load(); declared here rather than as None in __init__, where mypy would take it for None
    # still after the _load() call.
    recovery: str | None = None

    def __init__(
        self, path: str | os.PathLike[str], read_only: bool = False, *, newest_schema: int | None = None
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self.read_only = read_only
        self.newest_schema = newest_schema
        # Shared with the Store so that mutations, serialisation and the writer's wait use one lock.
        self.lock = threading.RLock()
        # Serialises whole flushes (snapshot + disk write) without holding `lock` during the disk write.
        self._io_lock = threading.Lock()
        self.recovered_from_backup = False
        self.rebuilt = False
        self.write_count = 0  # successful saves to disk; lets tests prove that bursts are coalesced
        self.max_ids: dict[str, int] = {}
        # Hooks set by Store: on_dirty runs (under `lock`) when clean data becomes dirty, on_replace when
        # TinyDB itself swapped in a new dict through write().
        self.on_dirty: Callable[[], None] | None = None
        self.on_replace: Callable[[], None] | None = None
        self._gen = 0  # bumped by every change
        self._saved_gen = 0  # generation that is on disk
        self._dirty_since: float | None = None  # monotonic time of the oldest change not yet snapshotted
        self._closed = False
        self._data: Data = self._load()
        if self.recovery is not None and not read_only:
            # Write a sound main file soon, so the next start does not have to recover again.
            self.mark_dirty()

    @property
    def data(self) -> Data:
        """The live dict, not a copy: the Catalog reads and edits it in place, under `lock`."""
        return self._data

    def swap_in(self, data: Data) -> None:
        """Replace the dict without write()'s checks: a read-only store still migrates in memory."""
        self._data = data

    # -- TinyDB Storage interface

    def read(self) -> Data:
        return self._data

    def write(self, data: Data) -> None:
        if self.read_only:
            raise CatalogError("Le catalogue est ouvert en lecture seule : il ne peut pas être modifié.")
        with self.lock:
            self._data = data
            if self.on_replace is not None:
                self.on_replace()
            self.mark_dirty()

    def close(self) -> None:
        self._closed = True

    # -- dirty tracking (caller holds `lock`)

    def mark_dirty(self) -> None:
        self._gen += 1
        if self._dirty_since is None:
            self._dirty_since = time.monotonic()
            if self.on_dirty is not None:
                self.on_dirty()

    @property
    def dirty(self) -> bool:
        return self._gen != self._saved_gen

    @property
    def dirty_since(self) -> float | None:
        return self._dirty_since

    # -- saving

    def flush(self) -> bool:
        """Save now if anything changed; return whether a file was written. Raise OSError or
        orjson.JSONEncodeError on failure, leaving the data dirty and the previous file intact."""
        if self.read_only:
            return False
        with self._io_lock:
            with self.lock:
                if not self.dirty:
                    return False
                gen = self._gen
                since = self._dirty_since
                self._dirty_since = None
                # A shallow snapshot is enough: stored documents are never mutated after `put`, so the
                # lock is held for a dict copy (~10 ms at 100k), not for the whole serialisation.
                snapshot = {name: dict(table) for name, table in self._data.items()}
            # Serialisation and the disk write run without `lock`, so puts continue meanwhile.
            skipped: list[tuple[str, str, str]] = []
            try:
                self._commit(iter_catalog(snapshot, skipped=skipped))
                del snapshot
            except BaseException:
                with self.lock:
                    self._restore_since(since)
                raise
            with self.lock:
                self.write_count += 1
                if skipped:  # still dirty: they are written once fixed, the rest is on disk already
                    self._restore_since(since)
                else:
                    self._saved_gen = max(self._saved_gen, gen)
            if skipped:
                raise UnsavableRecords(skipped)
            return True

    def _restore_since(self, since: float | None) -> None:
        if since is not None and (self._dirty_since is None or since < self._dirty_since):
            self._dirty_since = since

    def _commit(self, chunks: Iterator[bytes]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._keep_backup()
        atomic_write_chunks(self.path, chunks)

    def _keep_backup(self) -> None:
        """Make `.bak` the current main file before it is replaced.

        A hard link costs no I/O and leaves the main file in place, so there is no instant at which the
        catalog is missing; on a file system without hard links, copy instead.
        """
        tmp = self.path.with_name(f".{self.path.name}.bak-{uuid.uuid4().hex}.tmp")
        try:
            try:
                os.link(self.path, tmp)
            except FileNotFoundError:
                return  # nothing saved yet (or the damaged file was set aside): keep the old backup
            except OSError:
                try:
                    shutil.copyfile(self.path, tmp)
                except FileNotFoundError:
                    return
            replace_with_retry(tmp, self.backup_path)
        finally:
            # Normally gone after the rename; but when .bak is already a link to the main file (a previous
            # save failed after this step), POSIX rename() between two links of one file does nothing.
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    # -- loading and recovery

    def _parse(self, raw: bytes) -> Data:
        if not raw.strip():
            raise _Damaged("fichier vide")
        # orjson creates millions of containers for 100,000 records; with the cyclic GC enabled it would
        # run dozens of collections over the growing heap during the parse (1.5 s instead of 0.5 s).
        # JSON cannot contain reference cycles, so pausing it loses nothing.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            data = loads_catalog(raw)
        except orjson.JSONDecodeError as exc:
            raise _Damaged(_diagnose_decode_error(raw, exc)) from None
        finally:
            if gc_was_enabled:
                gc.enable()
        if type(data) is not dict:
            raise _Damaged("structure inattendue")
        schema = _read_schema(data)
        if self.newest_schema is not None and schema > self.newest_schema:
            raise CatalogError(
                f"Le catalogue « {self.path} » a été créé par une version plus récente de Lectoure Media "
                f"(format {schema}, cette version lit jusqu'au format {self.newest_schema}) : "
                "installez la dernière version ; le fichier n'a pas été modifié."
            )
        self.max_ids = _validate(data)
        return data

    def _read_file(self, path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CatalogError(f"Impossible de lire le catalogue « {path} » : {_french_os_reason(exc)}.") from exc

    def _set_aside(self, path: Path) -> None:
        """Keep a damaged file for diagnosis under a name nothing else uses; never delete it."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            replace_with_retry(path, target)
        except OSError as exc:
            raise CatalogError(
                f"Le catalogue « {path} » est endommagé et n'a pas pu être mis de côté : {_french_os_reason(exc)}."
            ) from exc
        log.warning("catalog file %s is damaged; kept as %s", path, target)

    def _remove_stale_temp_files(self) -> None:
        # A process killed while saving leaves its temp file (up to the catalog's size) behind.
        for tmp in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _load(self) -> Data:
        if not self.read_only:
            self._remove_stale_temp_files()
        raw = self._read_file(self.path)
        main_exists = raw is not None
        if raw is None:
            problem = "introuvable"
        else:
            try:
                return self._parse(raw)
            except _Damaged as dmg:
                problem = f"endommagé ({dmg.args[0]})"
            del raw  # up to the catalog's size: do not hold it while reading the backup
            if not self.read_only:
                self._set_aside(self.path)

        backup_raw = self._read_file(self.backup_path)
        if not main_exists and backup_raw is None:
            return {}  # a new catalog
        if backup_raw is not None:
            try:
                data = self._parse(backup_raw)
            except _Damaged:
                if not self.read_only:
                    self._set_aside(self.backup_path)
            else:
                self.recovered_from_backup = True
                self.recovery = (
                    f"Le catalogue était {problem} ; il a été restauré depuis la sauvegarde "
                    f"du {_backup_date(self.backup_path)}."
                )
                return data
        self.rebuilt = True
        self.max_ids = {}
        self.recovery = (
            f"Le catalogue était {problem} ; aucune sauvegarde utilisable : il sera reconstruit "
            "depuis le dossier et les fichiers XMP."
        )
        return {}


# ------------------------------------------------------------------------------------------------ store


class Store:
    """One catalog file: O(1) document access in memory, write-behind saving, recovery and migration.

    Documents are plain JSON-able dicts with string keys. ``put`` keeps the very dict it is given and
    ``get``/``items`` return the stored dicts themselves (copying 100,000 records per pass would double
    memory and time): never mutate a dict after putting it or one obtained from the store -- build a new
    dict and ``put`` it, otherwise the change is neither saved nor safe against the writer thread.

    ``migrations[v]`` upgrades the whole raw dict from schema v to v + 1; they run at open, in order.
    ``.db`` is a real ``tinydb.TinyDB`` on the same data, for queries and compatibility; mutating through
    it works (it is O(n) per call) but must not race with this object's methods from another thread.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        flush_delay: float = 0.5,
        schema_version: int = 1,
        migrations: Mapping[int, Callable[[Data], Data]] | None = None,
    ) -> None:
        if schema_version < 1:
            raise ValueError("schema_version must be >= 1")
        if flush_delay < 0:
            raise ValueError("flush_delay must be >= 0")
        self.path = Path(path)
        self.read_only = read_only
        self.flush_delay = flush_delay
        self.schema_version = schema_version
        self.last_error: str | None = None
        self._closed = False
        self._stopping = False
        self._failures = 0
        self._retry_at = 0.0

        # TinyDB builds the storage, so `.db` is a genuine TinyDB over exactly our dict.
        self.db = tinydb.TinyDB(
            str(self.path), read_only=read_only, newest_schema=schema_version, storage=SafeJSONStorage
        )
        storage = self.db.storage
        if not isinstance(storage, SafeJSONStorage):  # TinyDB built it from the class given above
            raise TypeError(f"unexpected TinyDB storage {type(storage).__name__}")
        self._storage = storage
        self._lock = self._storage.lock
        self._cond = threading.Condition(self._lock)
        self.recovery = self._storage.recovery
        self.recovered_from_backup = self._storage.recovered_from_backup
        self.rebuilt = self._storage.rebuilt

        with self._lock:
            self._migrate(migrations or {})
            self._next_ids = self._compute_next_ids(self._storage.max_ids)
        self._storage.on_replace = self._on_replace

        self._writer: threading.Thread | None = None
        if not read_only:
            self._storage.on_dirty = self._cond.notify
            self._writer = threading.Thread(
                target=self._writer_loop, name=f"catalog-writer:{self.path.name}", daemon=True
            )
            self._writer.start()
            # Daemon thread (a non-daemon one would block interpreter exit before atexit runs), so the
            # last changes are saved by this hook.
            atexit.register(self._close_at_exit)

    # -- properties

    @property
    def storage(self) -> SafeJSONStorage:
        return self._storage

    @property
    def dirty(self) -> bool:
        with self._lock:
            return self._storage.dirty

    # -- schema

    def _meta_doc(self) -> dict[str, Any]:
        data = self._storage.read()
        meta = data.setdefault(META_TABLE, {})
        return meta.setdefault(_META_ID, {})

    def _migrate(self, migrations: Mapping[int, Callable[[Data], Data]]) -> None:
        data = self._storage.read()
        stored = _read_schema(data)  # already validated at load
        if not data:
            stored = self.schema_version  # a new or rebuilt catalog is born in the current format
        if stored == self.schema_version:
            if META_TABLE not in data or "schema" not in data[META_TABLE].get(_META_ID, {}):
                self._meta_doc()["schema"] = self.schema_version
                if not self.read_only:
                    self._storage.mark_dirty()
            return
        for version in range(stored, self.schema_version):
            step = migrations.get(version)
            if step is None:
                raise CatalogError(
                    f"Le catalogue est au format {version} et cette version ne sait pas le mettre à jour "
                    f"vers le format {self.schema_version}."
                )
            try:
                data = step(data)
                self._storage.max_ids = _validate(data)
            except _Damaged as exc:
                raise CatalogError(
                    f"La mise à jour du catalogue du format {version} au format {version + 1} a produit une "
                    "structure invalide ; le fichier n'a pas été modifié."
                ) from exc
            except Exception as exc:
                raise CatalogError(
                    f"La mise à jour du catalogue du format {version} au format {version + 1} a échoué "
                    f"({exc.__class__.__name__}) ; le fichier n'a pas été modifié."
                ) from exc
        # Swap the migrated dict in directly: storage.write() refuses read-only stores, which still
        # migrate in memory so that they can read an older file.
        self._storage.swap_in(data)
        self._meta_doc()["schema"] = self.schema_version
        if not self.read_only:
            self._storage.mark_dirty()

    def _compute_next_ids(self, max_ids: Mapping[str, int]) -> dict[str, int]:
        saved = self._meta_doc().get("next_ids", {})
        names = set(max_ids) | set(saved)
        return {name: max(saved.get(name, 1), max_ids.get(name, 0) + 1) for name in names}

    def _on_replace(self) -> None:
        # TinyDB wrote a whole new dict: its inserts may have used ids beyond our counters, and
        # drop_tables() also drops the schema stamp, without which the next start would migrate again.
        meta = self._meta_doc()
        meta.setdefault("schema", self.schema_version)
        fresh = self._compute_next_ids(_max_ids_lenient(self._storage.read()))
        for name, value in self._next_ids.items():  # ids handed out before stay used
            fresh[name] = max(fresh.get(name, 1), value)
        self._next_ids = fresh
        meta["next_ids"] = dict(fresh)

    # -- O(1) document access

    def _check_writable(self, table: str) -> None:
        if self.read_only:
            raise CatalogError("Le catalogue est ouvert en lecture seule : il ne peut pas être modifié.")
        if self._closed:
            raise CatalogError("Le catalogue est fermé : il ne peut plus être modifié.")
        if table == META_TABLE:
            raise ValueError(f"table {META_TABLE!r} is reserved for the catalog's own metadata")

    def _invalidate_tinydb(self, table: str) -> None:
        # TinyDB caches query results and its next id per Table object; after our direct mutation
        # both may be stale. Only tables someone opened through `.db` have such caches.
        tbl = self.db._tables.get(table)  # noqa: SLF001 -- TinyDB offers no public lookup without creating
        if tbl is not None:
            tbl.clear_cache()
            tbl._next_id = None  # noqa: SLF001 -- TinyDB has no public way to forget a table's next id

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        """The stored document (do not mutate it), or None."""
        with self._lock:
            tbl = self._storage.data.get(table)
            return None if tbl is None else tbl.get(str(doc_id))

    def put(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Insert or replace a document; the dict is stored as is, so do not mutate it afterwards."""
        self.put_many(table, {doc_id: doc})

    def put_many(self, table: str, docs: Mapping[int, dict[str, Any]]) -> None:
        """Insert or replace several documents as one change: a save contains all of them or none."""
        items = []
        for doc_id, doc in docs.items():
            if type(doc) is not dict:
                raise TypeError("a catalog document must be a dict")
            if type(doc_id) is not int or doc_id < 0:
                raise ValueError(f"invalid document id {doc_id!r}")
            items.append((str(doc_id), doc))
        if not items:
            return
        top = max(docs)
        with self._lock:
            self._check_writable(table)
            data = self._storage.data
            tbl = data.get(table)
            if tbl is None:
                tbl = data[table] = {}
            tbl.update(items)
            if top >= self._next_ids.get(table, 1):
                self._bump_next(table, top + 1)
            self._storage.mark_dirty()
            if self.db._tables:  # noqa: SLF001 -- TinyDB does not say publicly whether it opened a table
                self._invalidate_tinydb(table)

    def delete(self, table: str, doc_id: int) -> bool:
        """Remove a document; return whether it existed. Its id is never handed out again."""
        with self._lock:
            self._check_writable(table)
            tbl = self._storage.data.get(table)
            if tbl is None or tbl.pop(str(doc_id), None) is None:
                return False
            self._storage.mark_dirty()
            if self.db._tables:  # noqa: SLF001 -- TinyDB does not say publicly whether it opened a table
                self._invalidate_tinydb(table)
            return True

    def items(self, table: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """(id, document) pairs as of the call; later changes do not disturb the iteration.

        The snapshot is a list of references (not of documents), taken now rather than at the first
        ``next()``, so that a put between the call and the loop cannot break a live dict iteration."""
        with self._lock:
            tbl = self._storage.data.get(table)
            pairs = list(tbl.items()) if tbl else []
        return ((int(key), doc) for key, doc in pairs)

    def count(self, table: str) -> int:
        with self._lock:
            tbl = self._storage.data.get(table)
            return len(tbl) if tbl else 0

    def tables(self) -> list[str]:
        """Names of the tables holding data (the catalog's own metadata table excluded)."""
        with self._lock:
            return [name for name in self._storage.data if name != META_TABLE]

    def next_id(self, table: str) -> int:
        """A fresh id for `table`: larger than any id used before, including deleted ones and across
        restarts (the counter is saved in the catalog)."""
        with self._lock:
            self._check_writable(table)
            n = self._next_ids.get(table, 1)
            self._bump_next(table, n + 1)
            self._storage.mark_dirty()
            return n

    def _bump_next(self, table: str, value: int) -> None:
        self._next_ids[table] = value
        meta = self._meta_doc()
        next_ids = meta.get("next_ids")
        if next_ids is None:
            next_ids = meta["next_ids"] = {}
        next_ids[table] = value

    # -- saving

    def flush(self) -> None:
        """Save now. Raise CatalogError (and keep `last_error`) if the disk refuses the write."""
        if self.read_only:
            return
        self._flush_reporting()

    def _flush_reporting(self) -> bool:
        try:
            wrote = self._storage.flush()
        except OSError as exc:
            message = (
                f"Le catalogue n'a pas pu être enregistré dans « {self.path.parent} » : "
                f"{_french_os_reason(exc)} ; les modifications sont gardées en mémoire et "
                "l'enregistrement sera retenté."
            )
            self._record_failure(message)
            raise CatalogError(message) from exc
        except orjson.JSONEncodeError as exc:
            message = (
                "Le catalogue contient une valeur qui ne peut pas être enregistrée en JSON "
                f"({exc}) ; les modifications sont gardées en mémoire."
            )
            self._record_failure(message)
            raise CatalogError(message) from exc
        except UnsavableRecords as exc:
            skipped = exc.args[0]
            for table, key, reason in skipped:
                log.error("Catalogue %s : enregistrement %s/%s non sauvegardé (%s)", self.path, table, key, reason)
            message = (
                f"{len(skipped)} enregistrement(s) du catalogue contiennent une valeur qui ne peut pas "
                f"être enregistrée en JSON ({skipped[0][2]}) ; tout le reste est enregistré."
            )
            self._record_failure(message)
            raise CatalogError(message) from None
        with self._lock:
            self.last_error = None
            self._failures = 0
            self._retry_at = 0.0
        return wrote

    def _record_failure(self, message: str) -> None:
        with self._lock:
            self.last_error = message
            self._failures += 1
            backoff = min(_RETRY_MAX, _RETRY_FIRST * 2 ** (self._failures - 1))
            self._retry_at = time.monotonic() + backoff

    def _writer_loop(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._stopping:
                        return
                    since = self._storage.dirty_since
                    if since is None:
                        self._cond.wait()
                        continue
                    due = max(since + self.flush_delay, self._retry_at)
                    remaining = due - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
            try:
                self._flush_reporting()
            except CatalogError as exc:
                log.warning("%s", exc)
            except Exception:  # the writer must survive anything, or nothing would ever be saved again
                log.exception("unexpected error while saving the catalog")
                self._record_failure(
                    "Erreur inattendue lors de l'enregistrement du catalogue ; l'enregistrement sera retenté."
                )

    def close(self) -> None:
        """Save pending changes and stop the writer thread; calling it again does nothing.

        Raise CatalogError if the final save fails (the store is closed anyway)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stopping = True
            self._cond.notify_all()
        atexit.unregister(self._close_at_exit)
        if self._writer is not None:
            self._writer.join()
        try:
            self.flush()
        finally:
            self.db.close()

    def _close_at_exit(self) -> None:
        try:
            self.close()
        except CatalogError as exc:
            log.error("%s", exc)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.path} read_only={self.read_only}>"
