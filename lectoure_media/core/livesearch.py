"""Search as the officer types: text queries answered off the GUI thread, holding the library lock briefly.

`Library.query_ids` runs the whole query under the library's lock; with a text at 100,000 assets that is
69 ms (317 ms the first time, when the search texts are built), and a worker thread holding the lock that
long would block the GUI thread as soon as it reads a record to paint a row. Here a text query runs in
three steps: (1) under the lock, the other filters (indexed, a few ms) and the search texts already built;
(2) without the lock, the missing search texts are built and every candidate is matched; (3) under the lock
again, the new texts are kept for the next query. A query whose words extend the previous one's ("bou" →
"boul") only looks at the previous result, as long as the catalog did not change in between.

`cancel` stops a query a newer keystroke made useless (it returns None).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .model import fold
from .search import Filter, search_text

if TYPE_CHECKING:
    from .library import Library

# Candidates between two looks at `cancel`.
CHECK_EVERY = 2000
# Search texts stored per taking of the lock, once built.
KEEP_CHUNK = 5000


@dataclass
class _Last:
    base: Filter
    words: tuple[str, ...]
    version: int
    ids: list[int]  # the result, in the query's order (newest first)


def _extends(words: tuple[str, ...], previous: tuple[str, ...]) -> bool:
    """Whether anything matching `words` also matches `previous` (each old word is inside a new one)."""
    return all(any(old in new for new in words) for old in previous)


class LiveSearch:
    """The search box's queries (see the module docstring); one per Library: `Library.live_search`."""

    def __init__(self, library: Library) -> None:
        self._lib = library
        self._last: _Last | None = None
        self._guard = threading.Lock()  # the cache of the last result (queries may overlap briefly)

    def query_ids(self, flt: Filter, cancel: threading.Event | None = None) -> list[int] | None:
        """Ids matching `flt`, newest first, as Library.query_ids gives them; None when `cancel` was set."""
        words = tuple(fold(flt.text).split()) if flt.text else ()
        lib = self._lib
        if not words:
            return lib.query_ids(flt)
        base = replace(flt, text=None)
        with self._guard:
            last = self._last
        dates: list[tuple[str, int]] | None = None
        under: set[int] | None = None
        with lib._lock:
            index = lib._index
            version = index.version
            if last is not None and last.version == version and last.base == base and _extends(words, last.words):
                scope = last.ids  # the previous result holds every answer of this longer query
            elif base == Filter(root=base.root):
                # Only the folder (the search box's usual case): the date order copied in C, read below.
                dates = list(index._sorted_dates())
                under = index._under(base.root) if base.root else None
                if under is not None and len(under) >= len(index.docs):
                    under = None
                scope = []
            else:
                scope = index.query(base)  # facets, dates, kind…: narrowed by the indexes first
            # Copies made in C (a few ms at 100,000): the loop below runs on them, without the lock.
            texts, docs = dict(index.text), dict(index.docs)
        if dates is not None:
            scope = [i for _, i in reversed(dates) if under is None or i in under]
        fold_cached = index._fold.__getitem__
        matched: list[int] = []
        built: dict[int, tuple[str, Any]] = {}
        for n, i in enumerate(scope):
            if cancel is not None and n % CHECK_EVERY == 0 and cancel.is_set():
                return None
            text = texts.get(i)
            if text is None:
                doc = docs.get(i)
                if doc is None:  # removed meanwhile
                    continue
                text = search_text(doc, fold_cached)
                built[i] = (text, doc)
            if all(w in text for w in words):
                matched.append(i)
        items = list(built.items())
        for start in range(0, len(items), KEEP_CHUNK):  # the lock taken briefly, a chunk at a time
            with lib._lock:
                for i, (text, doc) in items[start : start + KEEP_CHUNK]:
                    if index.docs.get(i) is doc:  # unchanged since it was read: the text is still right
                        index.text[i] = text
        with lib._lock:
            still = index.version == version
        if still:
            with self._guard:
                self._last = _Last(base, words, version, matched)
        return matched


__all__ = ["LiveSearch"]
