"""Tag edits by asset id (the GUI's selections): what changed, and its exact undo.

apply_tags records, per asset, the names really added and really removed (and the registry entries the edit
created), so revert() restores each asset's own previous state. Both work under the Library's lock, let go
every TAG_CHUNK assets; the edits reach the sidecars through the Library's SidecarWriter.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .fsutil import printable
from .model import FACETS, InvalidName, clean_name, empty_tags, fold
from .record import public
from .sidecar_writer import _apply_delta, _apply_renames

if TYPE_CHECKING:
    from .library import Library

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
TAG_CHUNK = 200  # assets apply_tags / revert change per hold of the lock
# What one edit adds and removes, per facet: (folded name, name) pairs to add; folded names to remove.
_Adding = list[tuple[str, list[tuple[str, str]]]]
_Removing = list[tuple[str, list[str]]]


@contextlib.contextmanager
def _collector_paused(large: bool) -> Iterator[None]:
    """An edit of 10,000 records creates some 100,000 objects and no reference cycle: with the cyclic
    collector running, full collections walk the growing heap while holding the interpreter, and the window
    (waiting for it) froze for 50-100 ms at a time (bench/bench_tag.py). As at the catalog open, the collector
    pauses for a large edit, and what it built is frozen (never walked again; freed by reference counting).
    Small edits leave the collector alone (a freeze also keeps any cyclic garbage of the moment forever)."""
    if not large:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def resolve_for_tagging(lib: Library, path: str) -> int:
    """Library.resolve_for_tagging: the catalog id of a file, indexing it first under a known root."""
    from .library import LibraryError

    path = os.path.abspath(path)
    doc_id = lib._id_for_path(path)
    if doc_id is not None:
        return doc_id
    if not os.path.isfile(path) and not path.isascii():  # typed NFC, written NFD by a Mac (or the reverse)
        import unicodedata

        path = next((p for p in (unicodedata.normalize(f, path) for f in ("NFC", "NFD")) if os.path.isfile(p)), path)
    if not os.path.isfile(path):
        raise LibraryError(f"Le fichier « {printable(path)} » n'existe pas.")
    root = lib.root_of(path)
    if root is None:
        raise LibraryError(
            f"« {path} » n'est pas dans un dossier déjà analysé ou surveillé ; "
            "lancez d'abord « lectoure-media scan DOSSIER »."
        )
    from .ignore import classify

    if classify(os.path.basename(path)) != "media":
        raise LibraryError(f"« {path} » n'est pas une photo ou une vidéo prise en charge.")
    lib.apply_changes(root, [path])
    doc_id = lib._id_for_path(path)
    if doc_id is None:
        raise LibraryError(f"« {path} » n'a pas pu être indexé.")
    return doc_id


def canonical_tags(
    lib: Library, tags: dict[str, list[str]], categories: dict[str, str] | None = None, *, strict: bool = False
) -> dict[str, list[str]]:
    """Library._canonical_tags: registered spelling of each name; unknown names become registry entries
    (writer only). strict: a bad name typed by the user raises InvalidName; names read from files are skipped."""
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
            if lib.read_only:
                name = lib._taxonomy.canonical(facet, name) or name
            else:
                cat = (categories or {}).get(name) if facet == "business" else None
                name = lib._taxonomy.ensure(facet, name, **({"category": cat} if cat else {}))
            if fold(name) not in seen:
                seen.add(fold(name))
                out[facet].append(name)
    return out


@dataclass
class TagChange:
    """What Library.apply_tags changed: per asset id, per facet, the names it gained and the names (as
    spelled on the asset) it lost; per facet, the registry entries the edit created (name -> record)."""

    added: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    removed: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    created: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        """The assets changed, in the order given."""
        return list(self.added)


def apply_tags(
    lib: Library,
    ids: Iterable[int],
    *,
    add: dict[str, list[str]] | None = None,
    remove: dict[str, list[str]] | None = None,
    categories: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> TagChange:
    """Library.apply_tags (its docstring is the contract): chunks of TAG_CHUNK assets under the lock, the
    cyclic collector paused for a large edit, the assets already changed reverted if one chunk fails."""
    change = TagChange()
    order = list(dict.fromkeys(int(i) for i in ids))
    with lib._lock:
        known = {f: {fold(n) for n in (add or {}).get(f, []) if lib._taxonomy.get(f, n) is not None} for f in FACETS}
        add_c = lib._canonical_tags(add or {}, categories, strict=True) if add else empty_tags()
        remove_c = {f: [fold(clean_name(n)) for n in (remove or {}).get(f, [])] for f in FACETS}
        for facet in FACETS:
            for name in add_c[facet]:
                record = lib._taxonomy.get(facet, name) if fold(name) not in known[facet] else None
                if record is not None:  # (a read-only library registers nothing)
                    change.created.setdefault(facet, {})[name] = record
    adding: _Adding = [(f, [(fold(n), n) for n in add_c[f]]) for f in FACETS if add_c[f]]
    removing: _Removing = [(f, remove_c[f]) for f in FACETS if remove_c[f]]
    try:
        with _collector_paused(len(order) > TAG_CHUNK):
            _tag_chunks(lib, order, adding, removing, change, progress)
    except Exception as exc:
        log.exception("tagging failed midway; undoing the assets already changed")
        with lib._lock:
            _revert_tags(lib, change)
            _forget_created(lib, change)
        from .library import LibraryError

        raise LibraryError(f"Les étiquettes n'ont pas pu être modifiées ({exc}) ; rien n'a été changé.") from None
    return change


def _tag_chunks(
    lib: Library, order: list[int], adding: _Adding, removing: _Removing, change: TagChange, progress: Progress | None
) -> None:
    for start in range(0, len(order), TAG_CHUNK):
        with lib._lock:
            _tag_chunk(lib, order[start : start + TAG_CHUNK], adding, removing, change)
        time.sleep(0)  # a thread waiting for the interpreter (the window's) may take it now
        if progress:
            progress(min(start + TAG_CHUNK, len(order)), len(order), "")


def _tag_chunk(lib: Library, ids: list[int], adding: _Adding, removing: _Removing, change: TagChange) -> None:
    docs = lib._index.docs
    for doc_id in ids:
        doc = docs.get(doc_id)
        if doc is None:  # deleted from the catalog since the selection was made
            continue
        tags = doc.get("tags") or {}
        gained: dict[str, list[str]] = {}
        lost: dict[str, list[str]] = {}
        for facet, names in adding:
            have = {fold(n) for n in tags.get(facet, ())}
            plus = [n for key, n in names if key not in have]
            if plus:
                gained[facet] = plus
        for facet, keys in removing:
            minus = [n for n in tags.get(facet, ()) if fold(n) in keys]
            if minus:
                lost[facet] = minus
        if gained or lost:
            lib._sidecars.edit(doc_id, {"tags": _apply_delta(tags, gained, lost)}, add=gained, remove=lost)
            change.added[doc_id], change.removed[doc_id] = gained, lost


def revert(lib: Library, change: TagChange, *, progress: Progress | None = None) -> list[int]:
    """Undo `change` (from apply_tags) on the assets still in the catalog, and delete the registry
    entries it created unless assets carry them by then or their details were edited since. Returns
    the ids changed back. The lock is let go every TAG_CHUNK assets, as in apply_tags."""
    ids = change.ids
    out: list[int] = []
    with _collector_paused(len(ids) > TAG_CHUNK):
        for start in range(0, len(ids), TAG_CHUNK):
            with lib._lock:
                out += _revert_tags(lib, change, ids[start : start + TAG_CHUNK])
            time.sleep(0)
            if progress:
                progress(min(start + TAG_CHUNK, len(ids)), len(ids), "")
    with lib._lock:
        _forget_created(lib, change)
    return out


def _revert_tags(lib: Library, change: TagChange, ids: list[int] | None = None) -> list[int]:
    docs = lib._index.docs
    out = []
    for doc_id in change.ids if ids is None else ids:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        gained, lost = change.added.get(doc_id, {}), change.removed.get(doc_id, {})
        lib._sidecars.edit(doc_id, {"tags": _apply_delta(doc.get("tags") or {}, lost, gained)}, add=lost, remove=gained)
        out.append(doc_id)
    return out


def _forget_created(lib: Library, change: TagChange) -> None:
    for facet, records in change.created.items():
        for name, record in records.items():
            if not lib._index.by_facet[facet].get(fold(name)) and lib._taxonomy.get(facet, name) == record:
                lib._taxonomy.delete(facet, name)


def rename_entry(lib: Library, facet: str, old: str, new: str) -> int:
    """Library.rename_entry: rename (or merge into an existing entry) in the registry, catalog and sidecars."""
    with lib._lock:
        ids = list(lib._index.by_facet[facet].get(fold(old), ()))
        final, _merged = lib._registry_call(lib._taxonomy.rename, facet, old, new)
        # A rename, not "remove old + add new": the two are the same name once folded when only the
        # case or the accents change, and the sidecar renames in place (keeping IPTC details).
        for doc_id in ids:
            tags = _apply_renames(lib._index.docs[doc_id].get("tags") or {}, [(facet, old, final)])
            lib._sidecars.edit(doc_id, {"tags": tags}, rename=[[facet, old, final]])
    return len(ids)


def delete_entry(lib: Library, facet: str, name: str) -> int:
    """Library.delete_entry: delete an entry and take its tag off every asset carrying it; returns how many."""
    with lib._lock:
        ids = list(lib._index.by_facet[facet].get(fold(name), ()))
        paths = [lib._index.docs[i]["path"] for i in ids]
    if paths:
        lib.tag(paths, remove={facet: [name]})
    lib._registry_call(lib._taxonomy.delete, facet, name)
    return len(paths)


def tag_paths(
    lib: Library,
    paths: Iterable[str],
    *,
    add: dict[str, list[str]] | None = None,
    remove: dict[str, list[str]] | None = None,
    categories: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Library.tag: add/remove tags on files; the sidecars are written by the background writer."""
    ids = [lib.resolve_for_tagging(p) for p in paths]
    with lib._lock:
        add_c = canonical_tags(lib, add or {}, categories, strict=True) if add else empty_tags()
        remove_c = {
            f: [lib._taxonomy.canonical(f, n) or clean_name(n) for n in (remove or {}).get(f, [])] for f in FACETS
        }
        out = []
        for doc_id in ids:
            doc = lib._index.docs[doc_id]
            lib._sidecars.edit(
                doc_id, {"tags": _apply_delta(doc.get("tags") or {}, add_c, remove_c)}, add=add_c, remove=remove_c
            )
            out.append(public(doc_id, lib._index.docs[doc_id]))
        return out
