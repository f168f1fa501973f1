"""The sidecar write-behind: a person's edit reaches the record at once and its XMP sidecar later.

Each edit is a delta (names added / removed, renames, own fields) merged into the record's `pending_sidecar`
(so a crash loses nothing) and queued for one background thread that applies it to the sidecar under the
cross-PC lock (sidecar.update_sidecar), then subtracts what it wrote (edits made meanwhile stay pending).
The writer shares the Library's lock and index; it holds no state of its own but the queue.
"""

from __future__ import annotations

import collections
import logging
import os
import queue
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .fsutil import path_key
from .model import FACETS, InvalidName, clean_name, empty_tags, fold, unique_names
from .record import OWN_FROM_FILE

if TYPE_CHECKING:
    from .library import Library
    from .sidecar import SidecarData

log = logging.getLogger(__name__)

# Write failures kept for the user (the newest): a share gone offline during a 100,000-asset rename would
# otherwise grow the list without end.
ERRORS_KEPT = 1000

# facet -> names (the tag model's form, as in a record's "tags").
Tags = dict[str, list[str]]
# A sidecar delta not written yet, as the record keeps it in "pending_sidecar" (JSON): "add" and "remove"
# (Tags), optionally "own" (lm: field -> string, None deletes) and "rename" ([facet, old, new] lists).
Pending = dict[str, Any]


def sidecar_key(path: str) -> str:
    """Index key of a sidecar file, its ".xmp"/".XMP" suffix spelled one way."""
    key = path_key(path)
    return key[:-4] + ".xmp"


class SidecarWriter:
    """The queue of sidecar writes and the thread that performs them (one per Library)."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib
        self._jobs: queue.Queue[tuple[int, str] | None] = queue.Queue()  # (id, path); None stops
        self._idle = threading.Condition(lib._lock)
        self._pending = 0
        # (sequence number, path, French reason) of the latest failures; `_failures` counts them all.
        self._errors: collections.deque[tuple[int, str, str]] = collections.deque(maxlen=ERRORS_KEPT)
        self._failures = 0
        # Unreadable sidecars a write replaced (kept aside, or left in place): what the user must be told.
        self._notices: collections.deque[dict[str, str | None]] = collections.deque(maxlen=ERRORS_KEPT)
        # Read-only (the catalog's owner is another process): the edits this process made, the only ones it
        # writes. The catalog's pending_sidecar deltas belong to the owner, who writes and clears them.
        self._own_pending: dict[int, Pending] = {}
        self._thread = threading.Thread(target=self._loop, name="sidecar-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=timeout)

    def _record_error(self, path: str, reason: str) -> None:
        with self._lib._lock:
            self._failures += 1
            self._errors.append((self._failures, path, reason))

    def failure_count(self) -> int:
        """How many writes failed since the open (a mark for `errors(since=...)`)."""
        with self._lib._lock:
            return self._failures

    def errors(self, since: int = 0) -> list[tuple[str, str]]:
        """(path, reason) of the failures after mark `since` that are still kept, oldest first."""
        with self._lib._lock:
            return [(path, reason) for n, path, reason in self._errors if n > since]

    def notices(self) -> list[dict[str, str | None]]:
        with self._lib._lock:
            return list(self._notices)

    def queue_tags(self, path: str, add: Tags | None, remove: Tags | None) -> None:
        doc_id = self._lib._index.by_path.get(path_key(path))
        if doc_id is None or self._lib.read_only:
            return  # the owner of the catalog writes it (a read-only open writes only what its user edits)
        self.edit(doc_id, {}, add=add or {}, remove=remove or {})

    def edit(
        self,
        doc_id: int,
        changes: dict[str, Any],
        *,
        add: Tags | None = None,
        remove: Tags | None = None,
        own: dict[str, str | None] | None = None,
        rename: Sequence[Sequence[str]] | None = None,
        picks: dict[str, str | None] | None = None,
    ) -> None:
        """Apply a person's edit to the record now, and queue the same delta for its sidecar (the record
        keeps it as pending_sidecar until written, so a crash loses nothing). Call with the lock held."""
        doc = self._lib._index.docs[doc_id]
        if doc.get("from_file"):
            # First edit of an asset tagged by its file's own keywords: the new sidecar starts from them (the
            # tags after this edit), so those kept stay and one removed now stays removed.
            add = _apply_delta(changes.get("tags", doc.get("tags")) or {}, add, None)
            own = {**(own or {}), OWN_FROM_FILE: "1"}
            changes = {**changes, "from_file": None}
        pending = _merge_pending(doc.get("pending_sidecar"), add or {}, remove or {}, own, rename, picks)
        if self._lib.read_only:
            self._own_pending[doc_id] = _merge_pending(
                self._own_pending.get(doc_id), add or {}, remove or {}, own, rename, picks
            )
        self._lib._put(doc_id, {**doc, **changes, "pending_sidecar": pending})
        self._pending += 1
        self._jobs.put((doc_id, doc["path"]))

    def requeue_pending(self) -> None:
        """The owner retries the edits a previous session could not write. A read-only open must not: it
        could never record them as done, so each open would write them again, over later changes made on
        other PCs (a tag removed elsewhere would come back)."""
        if self._lib.read_only:
            return
        with self._lib._lock:
            for doc_id in sorted(self._lib._index.pending):
                self._pending += 1
                self._jobs.put((doc_id, self._lib._index.docs[doc_id]["path"]))

    def _loop(self) -> None:
        from . import sidecar

        while True:
            job = self._jobs.get()
            if job is None:
                return
            doc_id, path = job
            try:
                with self._lib._lock:
                    doc = self._lib._index.docs.get(doc_id)
                    if self._lib.read_only:
                        pending = self._own_pending.get(doc_id)
                    else:
                        pending = (doc or {}).get("pending_sidecar")
                if pending and not (doc and doc["path"] == path) and self._lib.read_only:
                    # Nobody would write this edit later (only the owner's catalog keeps edits): say so.
                    raise sidecar.SidecarError(
                        "Le fichier a été déplacé ou retiré pendant l'enregistrement ; les"
                        " étiquettes n'ont pas été enregistrées."
                    )
                if pending and doc and doc["path"] == path:
                    added = pending.get("add", {}).get("business", [])
                    categories = {
                        n: b.category
                        for n, b in ((n, self._lib._taxonomy.get("business", n)) for n in added)
                        if b is not None and b.category
                    }
                    data = sidecar.update_sidecar(
                        path,
                        add=pending.get("add"),
                        remove=pending.get("remove"),
                        categories=categories,
                        own=pending.get("own"),
                        rename=[tuple(r) for r in pending.get("rename", [])],
                        picks=pending.get("picks"),
                    )
                    with self._lib._lock:
                        doc = self._lib._index.docs.get(doc_id)
                        if self._lib.read_only:
                            mine = _subtract_pending(self._own_pending.pop(doc_id, None), pending)
                            if mine:
                                self._own_pending[doc_id] = mine
                        if doc is not None:
                            still = _subtract_pending(doc.get("pending_sidecar"), pending)
                            # The signature of the file we wrote (or read): stat-ing the sidecar now could
                            # give another PC's newer version, which would then never be read.
                            sig = (sidecar_key(data.path), *data.signature) if data.path and data.signature else None
                            # Unusable and nothing written (the edit changed nothing): the catalog's tags
                            # stay, the reason is reported.
                            state = {} if data.error else self._lib._reconciler.state_from_sidecar(data, still)
                            self._lib._put(
                                doc_id,
                                {
                                    **doc,
                                    **state,
                                    "pending_sidecar": still,
                                    "sidecar_sig": list(sig) if sig else None,
                                    "sidecar_error": data.error,
                                    "sidecar_error_path": data.path if data.error else None,
                                },
                            )
                        if data.replaced_reason:
                            self._notices.append(_replaced_notice(path, data))
            except Exception as exc:  # a share gone read-only or offline: keep the edit pending, say so
                log.exception("sidecar write failed for %s", path)
                with self._lib._lock:
                    self._record_error(path, f"{exc}")
            finally:
                with self._lib._lock:
                    self._pending -= 1
                    self._idle.notify_all()

    def wait(self, timeout: float | None = 60.0) -> bool:
        """Block until every queued sidecar write has been attempted."""
        with self._lib._lock:
            return self._idle.wait_for(lambda: self._pending <= 0, timeout=timeout)


def _replaced_notice(media_path: str, data: SidecarData) -> dict[str, str | None]:
    """What a write did with an unusable sidecar, for the user (`message`, one French sentence) and for
    scripts: the media, the sidecar, where it was kept (None: left in place), the file written, why."""
    # update_sidecar sets `replaced` with `replaced_reason` (the caller's condition), and `path` on every write.
    assert data.replaced is not None and data.path is not None
    old, new = os.path.basename(data.replaced), os.path.basename(data.path)
    if data.set_aside:
        message = (
            f"Le fichier XMP illisible « {old} » a été conservé sous le nom "
            f"« {os.path.basename(data.set_aside)} » et un nouveau fichier « {new} » a été écrit."
        )
    else:
        message = (
            f"Le fichier XMP illisible « {old} » a été laissé tel quel et un nouveau fichier « {new} » a été écrit."
        )
    return {
        "path": media_path,
        "sidecar": data.replaced,
        "kept_as": data.set_aside,
        "written": data.path,
        "reason": data.replaced_reason,
        "message": message,
    }


def _apply_delta(tags: Tags, add: Tags | None, remove: Tags | None) -> Tags:
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


def _cleaned_tags(tags: Tags) -> Tags:
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


def _apply_renames(tags: Tags, renames: Iterable[Sequence[str]] | None) -> Tags:
    """Tags with each (facet, old, new) rename applied: names equal to `old` once folded become `new`."""
    for facet, old, new in renames or ():
        tags = {**tags, facet: unique_names(new if fold(n) == fold(old) else n for n in tags.get(facet, []))}
    return tags


def _merge_pending(
    pending: Pending | None,
    add: Tags,
    remove: Tags,
    own: dict[str, str | None] | None = None,
    rename: Sequence[Sequence[str]] | None = None,
    picks: dict[str, str | None] | None = None,
) -> Pending:
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
    out: Pending = {"add": p_add, "remove": p_rem}
    p_own = {**(pending or {}).get("own", {}), **(own or {})}
    if p_own:
        out["own"] = p_own
    p_picks = {**(pending or {}).get("picks", {}), **(picks or {})}  # xmp:Rating / xmp:Label (core/picks.py)
    if p_picks:
        out["picks"] = p_picks
    p_rename = list((pending or {}).get("rename", [])) + [list(r) for r in rename or ()]
    if p_rename:
        out["rename"] = p_rename
    if rename:
        # The sidecar applies renames before additions: an addition not written yet must carry the new
        # name already, or it would bring the old name back.
        out["add"] = _apply_renames(out["add"], rename)
    return out


def _subtract_pending(current: Pending | None, written: Pending) -> Pending | None:
    """What is still to write after `written` reached the sidecar (edits made meanwhile stay)."""
    if not current:
        return None
    if current == written:
        return None
    out: Pending = {"add": {}, "remove": {}}
    for part in ("add", "remove"):
        for facet in FACETS:
            done = {fold(n) for n in written.get(part, {}).get(facet, [])}
            out[part][facet] = [n for n in current.get(part, {}).get(facet, []) if fold(n) not in done]
    done_own = written.get("own", {})
    own = {k: v for k, v in current.get("own", {}).items() if k not in done_own or done_own[k] != v}
    if own:
        out["own"] = own
    done_picks = written.get("picks", {})
    picks = {k: v for k, v in current.get("picks", {}).items() if k not in done_picks or done_picks[k] != v}
    if picks:
        out["picks"] = picks
    renames = current.get("rename", [])[len(written.get("rename", [])) :]  # appended in order
    if renames:
        out["rename"] = renames
    if not own and not picks and not renames and not any(out[p][f] for p in ("add", "remove") for f in FACETS):
        return None
    return out
