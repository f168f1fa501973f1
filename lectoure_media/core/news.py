"""New media: what arrived in the share since the officer last looked at the "nouveaux" list (this PC).

Each record keeps `added_at`, the first time this catalog saw the file (UTC, "YYYY-MM-DDTHH:MM:SS.ffffff";
a move or an edit keeps it). When a scan indexes a folder the catalog held nothing of yet (the first scan,
or a catalog rebuilt from the share), a file's `added_at` is its modification time instead: those files were
there before (it is never later than this PC's last look), the officer must not get "100 000 nouveaux
médias" after a rebuild.

"Last looked" is this PC's setting `news_seen_at` (settings.json in the data dir): moved to now when the
officer opens the list of new media, and when the application closes. Empty (a new data dir), it is set at
the first look, so a fresh installation starts with nothing new.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import threading
from typing import TYPE_CHECKING, Any

from .search import Filter

if TYPE_CHECKING:
    from .library import Library

_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"


def stamp(when: _dt.datetime | None = None) -> str:
    """A UTC time as `added_at` and `news_seen_at` store it (strings of one format compare as times)."""
    when = when or _dt.datetime.now(_dt.UTC)
    return when.astimezone(_dt.UTC).strftime(_FORMAT)


def added_stamp(probe: dict[str, Any], seen_at: str | None) -> str:
    """`added_at` of a file a scan sees for the first time: now; or, when the scan indexes a folder for the
    first time (`seen_at`: this PC's last look, see the module docstring), the file's modification time,
    never later than that look (those files are not news)."""
    now = stamp()
    if seen_at is None:
        return now
    when = seen_at
    mtime_ns = probe.get("mtime_ns")
    if isinstance(mtime_ns, int) and not isinstance(mtime_ns, bool):
        with contextlib.suppress(OverflowError, OSError, ValueError):
            when = min(when, stamp(_dt.datetime.fromtimestamp(mtime_ns / 1e9, _dt.UTC)))
    return min(when, now)


def valid_stamp(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 26:
        return False
    try:
        _dt.datetime.strptime(value, _FORMAT)
    except ValueError:
        return False
    return True


class News:
    """`Library.news`: the media added since this PC last looked, and the "date d'ajout" order."""

    def __init__(self, library: Library) -> None:
        self._lib = library
        self._memory = ""  # when settings.json cannot be written (read-only data dir): this session only
        self._guard = threading.Lock()

    def seen_at(self) -> str:
        """When the officer last looked; the first call on a new data dir makes it now."""
        with self._guard:
            seen = self._memory or self._lib.settings().news_seen_at
            if not seen:
                seen = self._save(stamp())
            return seen

    def mark_seen(self) -> str:
        """The officer looked at the new media (or closed the application): nothing is new any more."""
        with self._guard:
            return self._save(stamp())

    def _save(self, value: str) -> str:
        from .library import LibraryError

        try:
            self._lib.update_settings(news_seen_at=value)
            self._memory = ""
        except LibraryError:  # a data dir the disk refuses: remembered for this session
            self._memory = value
        return value

    def filter(self) -> Filter:
        """The filter of the "nouveaux" list."""
        return Filter(added_since=self.seen_at())

    def ids(self) -> list[int]:
        return self._lib.query_ids(self.filter())

    def count(self) -> int:
        return len(self.ids())

    def is_new(self, asset: dict[str, Any], seen_at: str | None = None) -> bool:
        added = asset.get("added_at")
        return isinstance(added, str) and added > (seen_at if seen_at is not None else self.seen_at())

    def sort_by_added(self, ids: list[int]) -> list[int]:
        """`ids` by date d'ajout, the latest first; records without one (older catalogs) last, by id."""
        with self._lib._lock:
            docs = self._lib._index.docs

            def key(i: int) -> tuple[int, str, int]:
                added = (docs.get(i) or {}).get("added_at")
                return (1, added, i) if isinstance(added, str) else (0, "", i)

            return sorted(ids, key=key, reverse=True)


__all__ = ["News", "added_stamp", "stamp", "valid_stamp"]
