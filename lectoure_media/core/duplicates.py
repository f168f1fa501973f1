"""Duplicates (issue 12, item 7): exact copies and near-duplicates, the copy to keep, and the others sent
to the system trash after their tags were merged into it.

Exact copies share the content fingerprint the index already keeps (size + head and tail blocks,
fingerprint.py); a group found that way is confirmed by hashing the whole files, so "exact" is exact.
Near-duplicates (resized, recompressed or re-exported copies, burst shots) are photos whose perceptual
hashes (64-bit pHash of the preview, computed at index time: media/phash.py) differ in at most
`threshold` bits (default 8). Measured on real photos (tests/fixtures/photos, tests/test_duplicates.py):
copies at other sizes and JPEG/WebP/PNG qualities differ by 0-4 bits, a frame shifted by 1-3 % (a burst)
by 0-8 (up to 18 on fine textures: brick, grass), a 90 % crop by 8-22, views of one scene shifted by a
tenth of the frame or more by 22 or more, unrelated photos by 22 or more.

Photos indexed before the hash existed are hashed once from their thumbnail (`_backfill`).

Grouping uses multi-index hashing: the 64 bits are cut into threshold + 1 chunks, and only photos equal
on some chunk are compared (numpy XOR + popcount per bucket); 20,000 photos group in well under a second
(bench/bench_duplicates.py, against a BK-tree walked in Python). Pairs within the threshold are joined
(union-find), so a burst of shots each close to the next forms one group.
Each exact group takes part in the near grouping through the copy it keeps.

"Keep the best": the highest resolution, then the sharpest (variance of the Laplacian of the preview),
then the one with more tags, then the shortest path.

Trashing (`trash_others`) never deletes: the others' tags are merged into the kept asset and its sidecar is
written first (nothing is trashed if that fails); each file then goes to the system trash with its
`IMG.JPG.xmp` sidecar (send2trash: the Windows recycle bin, the XDG trash on Linux, where they can be
restored), and the catalog forgets it. On Windows a network share has no recycle bin (the system would
delete for good): there the files are moved into `.lectoure-media/corbeille/<date>/` of the watched folder
instead, from where they can be moved back.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .fsutil import long_path, path_key, printable
from .model import FACETS, fold

if TYPE_CHECKING:
    from .library import Library

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 8
MAX_THRESHOLD = 32  # past half the bits, two unrelated pictures "match"
_BLOCK = 512  # rows compared at once: 512 x 20,000 distances is 10 MB
_MIH_MIN = 1000  # below this many hashes, comparing every pair is as fast
_MIH_MAX_THRESHOLD = 12  # past this, chunks of 4 bits or less put too many hashes in each bucket
SHARE_TRASH = "corbeille"  # under the team folder, for shares without a system trash

Progress = Callable[[int, int, str], None]


@dataclass
class DuplicateGroup:
    """Assets that are copies of one picture: `kind` "exact" (same bytes) or "near" (same picture),
    `ids` (the kept one first) and `keep`, the id suggested to keep."""

    kind: str
    ids: list[int]
    keep: int

    @property
    def others(self) -> list[int]:
        return [i for i in self.ids if i != self.keep]


@dataclass
class TrashResult:
    """What trash_others did: the paths sent to the trash (`trashed`), those that stayed, with a French
    reason (`errors`), and per facet the names merged into the kept asset (`merged`)."""

    trashed: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    merged: dict[str, list[str]] = field(default_factory=dict)


def _check_threshold(threshold: int) -> int:
    from .library import LibraryError

    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 0 <= threshold <= MAX_THRESHOLD:
        raise LibraryError(f"Le seuil de ressemblance doit être un nombre entier de 0 à {MAX_THRESHOLD}.")
    return threshold


def _hash_int(value: object) -> int | None:
    if not isinstance(value, str) or len(value) != 16:
        return None
    try:
        return int(value, 16)
    except ValueError:
        return None


def _quality(doc_id: int, doc: dict[str, Any]) -> tuple[int, float, int, int, str]:
    w, h = doc.get("width") or 0, doc.get("height") or 0
    sharp = doc.get("sharpness")
    tags = sum(len(v) for v in (doc.get("tags") or {}).values())
    path: str = doc.get("path") or ""
    return (int(w) * int(h), float(sharp) if isinstance(sharp, (int, float)) else 0.0, tags, -len(path), path)


def best(docs: dict[int, dict[str, Any]], ids: Iterable[int]) -> int:
    """The id to keep among `ids`: highest resolution, then sharpness, then more tags, then shortest path."""
    ranked = sorted(ids, key=lambda i: _quality(i, docs[i]))
    top = _quality(ranked[-1], docs[ranked[-1]])[:4]
    # among equals, the first path in alphabetical order (stable whatever the scan order)
    return min((i for i in ranked if _quality(i, docs[i])[:4] == top), key=lambda i: docs[i].get("path") or "")


def _full_hash(path: str) -> str | None:
    h = hashlib.blake2b(digest_size=20)
    try:
        with open(long_path(path), "rb") as fh:
            while chunk := fh.read(1024 * 1024):
                h.update(chunk)
    except OSError as exc:
        log.info("duplicate check: %s unreadable (%r)", path, exc)
        return None
    return h.hexdigest()


def _popcount(values: Any) -> Any:
    """Set bits of each uint64 (numpy 2's bitwise_count; on numpy 1.26 a byte table)."""
    import numpy as np

    count = getattr(np, "bitwise_count", None)
    if count is not None:
        return count(values)
    table = np.array([bin(b).count("1") for b in range(256)], dtype=np.uint8)
    as_bytes = np.ascontiguousarray(values).view(np.uint8).reshape(*values.shape, 8)
    return table[as_bytes].sum(axis=-1, dtype=np.uint8)


def near_pairs(hashes: list[int], threshold: int, cancel: threading.Event | None = None) -> list[tuple[int, int]]:
    """(i, j), i < j, of the positions in `hashes` whose Hamming distance is at most `threshold`.

    Multi-index hashing: cut the 64 bits into threshold + 1 chunks; two hashes within `threshold` bits
    are equal on at least one chunk (pigeonhole), so only hashes sharing a chunk value are compared, bucket
    by bucket (numpy). A large threshold (chunks too narrow to sort anything out) or a small set compares
    every pair, in blocks of rows."""
    import numpy as np

    n = len(hashes)
    if n < 2:
        return []
    arr = np.array(hashes, dtype=np.uint64)
    if n < _MIH_MIN or threshold > _MIH_MAX_THRESHOLD:
        return [(int(i), int(j)) for i, j in _pairs_blocked(arr, threshold, cancel)]
    chunks = threshold + 1
    found: list[Any] = []
    shift = 0
    for k in range(chunks):
        if cancel is not None and cancel.is_set():
            return []
        width = 64 // chunks + (1 if k < 64 % chunks else 0)
        keys = (arr >> np.uint64(shift)) & np.uint64((1 << width) - 1)
        shift += width
        order = np.argsort(keys, kind="stable")
        cuts = np.flatnonzero(np.diff(keys[order])) + 1
        for a, b in zip([0, *cuts.tolist()], [*cuts.tolist(), n], strict=True):
            if b - a < 2:
                continue
            ids = order[a:b]
            local = _pairs_blocked(arr[ids], threshold, cancel)
            if len(local):
                found.append(np.sort(ids[local], axis=1))
    if not found:
        return []
    pairs = np.unique(np.concatenate(found), axis=0)
    return [(int(i), int(j)) for i, j in pairs.tolist()]


def _pairs_blocked(arr: Any, threshold: int, cancel: threading.Event | None = None) -> Any:
    """Every pair of `arr` (uint64) compared, in blocks of rows: an (m, 2) array of positions i < j."""
    import numpy as np

    n = len(arr)
    out: list[Any] = []
    for start in range(0, n, _BLOCK):
        if cancel is not None and cancel.is_set():
            break
        rows = arr[start : start + _BLOCK]
        close = _popcount(rows[:, None] ^ arr[None, start:]) <= threshold
        # The block's columns start at `start`: column c of row r is hash start + c, itself when c == r.
        # Keep the upper triangle only; matches are rare, so only the rows holding one are located.
        close[:, : len(rows)][np.tril_indices(len(rows))] = False
        hit = np.flatnonzero(close.any(axis=1))
        if len(hit):
            ii, jj = np.nonzero(close[hit])
            out.append(np.stack((hit[ii] + start, jj + start), axis=1))
    return np.concatenate(out) if out else np.empty((0, 2), dtype=np.int64)


def _components(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for x in range(n):
        groups.setdefault(find(x), []).append(x)
    return [g for g in groups.values() if len(g) > 1]


def find_duplicates(
    lib: Library,
    root: str | None = None,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[DuplicateGroup]:
    """Library.duplicates: exact groups first, then near groups, each sorted by its kept asset's path."""
    threshold = _check_threshold(threshold)
    with lib._lock:
        docs = lib._index.docs
        scope = lib._index._under(root) if root else set(docs)
        present = {i: docs[i] for i in scope if (docs[i].get("status") or "ok") == "ok"}
        by_fp: dict[str, list[int]] = {}
        for i, doc in present.items():
            fp = doc.get("fingerprint")
            if fp:
                by_fp.setdefault(fp, []).append(i)
    candidates = [sorted(ids) for ids in by_fp.values() if len(ids) > 1]
    total = len(candidates) + 1
    groups: list[DuplicateGroup] = []
    in_exact: dict[int, int] = {}  # id -> the kept id of its exact group
    for n, ids in enumerate(candidates):
        if cancel is not None and cancel.is_set():
            return []
        by_content: dict[str, list[int]] = {}
        for i in ids:
            digest = _full_hash(present[i]["path"])
            if digest is not None:
                by_content.setdefault(digest, []).append(i)
        for same in by_content.values():
            if len(same) > 1:
                keep = best(present, same)
                groups.append(DuplicateGroup("exact", [keep, *(i for i in same if i != keep)], keep))
                in_exact.update(dict.fromkeys(same, keep))
        if progress:
            progress(n + 1, total, "")

    _backfill(lib, present, progress, cancel)
    if cancel is not None and cancel.is_set():
        return []
    # Near: one hash per picture (an exact group takes part through the copy it keeps).
    ids_h = [
        (i, h)
        for i, doc in present.items()
        if in_exact.get(i, i) == i and doc.get("kind") == "photo" and (h := _hash_int(doc.get("phash"))) is not None
    ]
    ids_h.sort()
    pairs = near_pairs([h for _, h in ids_h], threshold, cancel)
    if cancel is not None and cancel.is_set():
        return []
    for comp in _components(len(ids_h), pairs):
        ids = [ids_h[k][0] for k in comp]
        keep = best(present, ids)
        groups.append(DuplicateGroup("near", [keep, *sorted(i for i in ids if i != keep)], keep))
    if progress:
        progress(total, total, "")
    groups.sort(key=lambda g: (g.kind != "exact", present[g.keep].get("path") or ""))
    return groups


def _backfill(
    lib: Library, present: dict[int, dict[str, Any]], progress: Progress | None, cancel: threading.Event | None
) -> None:
    """Photos indexed before the hash existed: hashed once from their thumbnail (the same 320 px picture
    the probe hashes) and, when this process owns the catalog, kept on the record."""
    from PIL import Image, UnidentifiedImageError

    from .media.phash import signature

    missing = [i for i, d in present.items() if d.get("kind") == "photo" and not d.get("phash") and d.get("thumb")]
    for n, doc_id in enumerate(missing):
        if cancel is not None and cancel.is_set():
            return
        doc = present[doc_id]
        path = lib.thumbnail_path(doc)
        if path is None:
            continue
        try:
            with Image.open(path) as im:
                fields = signature(im.convert("RGB"))
        except (OSError, UnidentifiedImageError, ValueError) as exc:
            log.info("thumbnail of %s not hashed: %r", doc.get("path"), exc)
            continue
        with lib._lock:
            current = lib._index.docs.get(doc_id)
            if current is not None and current.get("thumb") == doc.get("thumb"):
                lib._put(doc_id, {**current, **fields})
        present[doc_id] = {**doc, **fields}
        if progress and n % 50 == 0:
            progress(n, len(missing), "")


def duplicates_of(lib: Library, doc_id: int, *, threshold: int = DEFAULT_THRESHOLD) -> list[int]:
    """Ids of the present assets that duplicate `doc_id`: the same fingerprint, or (photos) a perceptual
    hash within `threshold` bits. For the inspector's "Doublon de …" (one numpy pass over the hashes)."""
    import numpy as np

    with lib._lock:
        docs = lib._index.docs
        doc = docs.get(int(doc_id))
        if doc is None:
            return []
        out = [i for i in lib._index.with_fingerprint(doc.get("fingerprint") or "") if i != doc_id]
        mine = _hash_int(doc.get("phash"))
        hashes = lib._index.phashes
        if mine is not None and len(hashes) > 1:
            ids = np.fromiter(hashes.keys(), dtype=np.int64, count=len(hashes))
            arr = np.fromiter(hashes.values(), dtype=np.uint64, count=len(hashes))
            close = ids[_popcount(arr ^ np.uint64(mine)) <= threshold].tolist()
            out += [i for i in close if i != doc_id and i not in out]
        return [i for i in out if (docs[i].get("status") or "ok") == "ok"]


# ------------------------------------------------------------------------------------------------ trash


def _is_network_path_windows(path: str) -> bool:  # pragma: no cover - Windows only
    """A UNC path or a mapped network drive: there the recycle bin does not exist."""
    if path.startswith("\\\\"):
        return True
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(path))[0]
    if not drive:
        return False
    drive_remote = 4  # DRIVE_REMOTE
    windll = ctypes.windll  # type: ignore[attr-defined]  # Windows only
    return bool(windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)


def _move_to_share_trash(path: str, root: str) -> None:
    """Move `path` into `<root>/.lectoure-media/corbeille/<date>/<its relative path>` (never overwriting)."""
    from .team.paths import TEAM_DIR

    rel = os.path.relpath(path, root)
    target = os.path.join(root, TEAM_DIR, SHARE_TRASH, time.strftime("%Y-%m-%d"), rel)
    os.makedirs(os.path.dirname(long_path(target)), exist_ok=True)
    stem, ext = os.path.splitext(target)
    n = 1
    while os.path.lexists(long_path(target)):
        target, n = f"{stem} ({n}){ext}", n + 1
    shutil.move(long_path(path), long_path(target))


def _send_to_trash(path: str, root: str | None) -> None:
    """The system trash (send2trash), or the share's own when the system has none there (Windows shares)."""
    if sys.platform == "win32" and root and _is_network_path_windows(path):  # pragma: no cover - Windows only
        _move_to_share_trash(path, root)
        return
    from send2trash import send2trash  # type: ignore[import-untyped]  # no stubs published

    send2trash(path)


def trash_others(
    lib: Library,
    keep: int,
    others: Iterable[int],
    *,
    trash: Callable[[str, str | None], None] | None = None,
) -> TrashResult:
    """Library.trash_duplicates: merge the tags of `others` into `keep` (sidecar written first: nothing
    is trashed if it cannot be), then send each other file and its own sidecar to the trash and forget
    it in the catalog. A file that cannot be trashed stays (its French reason in `errors`)."""
    from .library import LibraryError
    from .sidecar import sidecar_path_for

    trash = trash or _send_to_trash
    keep = int(keep)
    result = TrashResult()
    with lib._lock:
        docs = lib._index.docs
        if keep not in docs:
            raise LibraryError("La photo à garder n'est plus dans le catalogue ; rien n'a été mis à la corbeille.")
        victims = [int(i) for i in dict.fromkeys(others) if int(i) != keep and int(i) in docs]
        kept_tags = docs[keep].get("tags") or {}
        have = {f: {fold(n) for n in kept_tags.get(f, ())} for f in FACETS}
        for i in victims:
            for facet, names in (docs[i].get("tags") or {}).items():
                for name in names:
                    if facet in have and fold(name) not in have[facet]:
                        have[facet].add(fold(name))
                        result.merged.setdefault(facet, []).append(name)
        paths = {i: docs[i]["path"] for i in victims}
        keep_path = docs[keep]["path"]
    if result.merged:
        mark = lib.sidecar_error_mark()
        lib.apply_tags([keep], add=result.merged)
        if not lib.wait_sidecars(timeout=120) or any(
            path_key(p) == path_key(keep_path) for p, _ in lib.sidecar_errors_since(mark)
        ):
            raise LibraryError(
                f"Les étiquettes n'ont pas pu être enregistrées sur « {printable(os.path.basename(keep_path))} » ;"
                " rien n'a été mis à la corbeille."
            )
    for i, path in paths.items():
        root = lib.root_of(path)
        try:
            trash(path, root)
        except Exception as exc:  # noqa: BLE001 -- any failure keeps the file and is reported in French
            log.warning("trash of %s failed: %r", path, exc)
            result.errors.append(
                (path, f"« {printable(os.path.basename(path))} » n'a pas pu être mis à la corbeille ({exc}).")
            )
            continue
        side = sidecar_path_for(path)
        if os.path.isfile(long_path(side)):
            try:
                trash(side, root)
            except Exception as exc:  # noqa: BLE001 -- the media is in the trash; its sidecar is only reported
                log.warning("trash of %s failed: %r", side, exc)
                result.errors.append((side, f"Le fichier XMP « {os.path.basename(side)} » est resté en place ({exc})."))
        result.trashed.append(path)
        _forget(lib, i, path)
    return result


def _forget(lib: Library, doc_id: int, path: str) -> None:
    """The catalog forgets a trashed file (a read-only open leaves that to the catalog's owner, whose
    watcher sees the file go)."""
    from .library import ASSETS

    with lib._lock:
        doc = lib._index.docs.get(doc_id)
        if doc is None or doc["path"] != path:
            return
        lib._index.remove(doc_id)
        if not lib.read_only:
            lib._assets.delete(ASSETS, doc_id)
