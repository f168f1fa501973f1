"""Filters and the in-memory indexes that answer them without scanning every asset.

TinyDB's own `search` is a full scan per call; at 100,000 assets and one query per keystroke that is too
slow, so the Library keeps these indexes beside the store and updates them on every change.
"""

from __future__ import annotations

import contextlib
import os
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .fsutil import IS_WINDOWS, path_key
from .model import FACETS, fold


@dataclass
class Filter:
    """Every filter of CLI.md's `list`; all given filters must hold (AND). Within one facet, several
    names mean "any of them" (an asset of either restaurant)."""

    business: list[str] = field(default_factory=list)
    heritage: list[str] = field(default_factory=list)
    campaign: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    kind: str | None = None  # "photo" | "video"
    text: str | None = None
    since: str | None = None  # YYYY-MM-DD (inclusive)
    until: str | None = None  # YYYY-MM-DD (inclusive)
    untagged: bool = False
    missing: bool = False
    errors: bool = False  # unreadable files, and assets whose sidecar cannot be read
    root: str | None = None  # only assets under this folder
    shape: str | None = None  # "portrait" | "landscape" | "square" (as displayed)
    exported_to: str | None = None  # preset id: assets exported at least once for it
    not_exported_since: str | None = None  # YYYY-MM-DD: assets with no export on or after that day
    # rights (issue 11; rights.matches): people shown without a valid consent, licence ended, minors shown,
    # "ne pas publier", creator (part of the name, case and accents ignored)
    no_consent: bool = False
    licence_expired: bool = False
    minors: bool = False
    do_not_publish: bool = False
    creator: str | None = None
    valid_consents: frozenset[str] | None = None  # ids of the register's valid consents (None: any linked)
    never_exported: bool = False  # assets with no export at all, from any PC
    published_to: str | None = None  # platform: assets marked published there at least once
    published_since: str | None = None  # YYYY-MM-DD: assets published on or after that day ("ce mois-ci")
    not_published_since: str | None = None  # YYYY-MM-DD: assets with no publication on or after that day
    stars_min: int | None = None  # rated at least this many stars (1-5; rejected assets never match)
    rejected: bool = False  # only assets marked rejected (xmp:Rating -1)
    label: str | None = None  # colour label (stored spelling, "Red"…; core/picks.py)
    added_since: str | None = None  # news.stamp(): assets this catalog first saw after that time (news.py)

    def facet_values(self, facet: str) -> list[str]:
        values: list[str] = getattr(self, facet)
        return values


def shape_of(doc: dict[str, Any]) -> str | None:
    """Portrait, landscape or square (within 2 %), from the displayed size."""
    w, h = doc.get("width"), doc.get("height")
    if not w or not h:
        return None
    if abs(w - h) <= 0.02 * max(w, h):
        return "square"
    return "portrait" if h > w else "landscape"


def sort_date(doc: dict[str, Any]) -> str:
    """Date used to sort and to filter by date: the capture date, else the file's modification time
    (a photo received by messaging apps often has no EXIF date, yet the officer still thinks of it by date)."""
    taken_at: str | None = doc.get("taken_at")
    if taken_at:
        return taken_at
    mtime_ns = doc.get("mtime_ns")
    if mtime_ns:
        try:
            return datetime.fromtimestamp(mtime_ns / 1e9).strftime("%Y-%m-%dT%H:%M:%S")
        except (OverflowError, OSError, ValueError):
            pass
    return ""


def search_text(doc: dict[str, Any], fold_cached: Callable[[str], str] | None = None) -> str:
    """Folded text searched by `--text`: file name and folders under the root, tags, camera, format.

    `fold_cached` folds the short strings that repeat across assets (tag names, camera) only once."""
    fc = fold_cached or fold
    path, root = doc.get("path") or "", doc.get("root") or ""
    rel = path[len(root) :] if root and path.startswith(root) else path
    parts = [
        fold(rel),
        fc(doc.get("format") or ""),
        fc(doc.get("kind") or ""),
        fc(doc.get("make") or ""),
        fc(doc.get("model") or ""),
    ]
    for names in (doc.get("tags") or {}).values():
        parts += [fc(n) for n in names]
    return "\x1f".join(parts)


class FoldCache(dict[str, str]):
    """fold() memoised: the same few hundred tag names and cameras recur on 100,000 assets."""

    def __missing__(self, key: str) -> str:
        value = self[key] = fold(key)
        return value


_SHARED_KEYS = ("root", "kind", "format", "status", "make", "model")


def _add_to(index: dict[str, set[int]], key: str, doc_id: int) -> None:
    ids = index.get(key)
    if ids is None:
        index[key] = ids = set()
    ids.add(doc_id)


class AssetIndex:
    """Secondary indexes over the asset documents (doc id -> dict)."""

    def __init__(self) -> None:
        self.docs: dict[int, dict[str, Any]] = {}
        self.by_facet: dict[str, dict[str, set[int]]] = {f: {} for f in FACETS}
        self.by_kind: dict[str, set[int]] = {}
        self.by_status: dict[str, set[int]] = {}
        self.by_root: dict[str, set[int]] = {}  # library root (as a path key) -> ids: the GUI filters by root
        self._root_keys: dict[str, str] = {}
        self.by_path: dict[str, int] = {}
        # path key -> (size, mtime_ns) of present files without a sidecar: what a rescan compares against
        # (None for a record that lacks them: it then matches no file)
        self.file_sigs: dict[str, tuple[int | None, int | None]] = {}
        # content fingerprint -> id, or a set of ids for the rare duplicates (use with_fingerprint): 100,000
        # one-element sets would cost 20 MB and a tenth of the open time
        self.by_fingerprint: dict[str, int | set[int]] = {}
        self.untagged: set[int] = set()
        self.pending: set[int] = set()  # tag edits not yet written to the sidecar
        self.bad_sidecar: set[int] = set()  # present assets whose sidecar could not be read (sidecar_error)
        self.text: dict[int, str] = {}  # folded search text, filled on first use (see _text_of)
        self._dates: list[tuple[str, int]] | None = None  # sorted (sort_date, id); rebuilt lazily
        self._fold = FoldCache()
        # publication log by content fingerprint: {fingerprint: {preset id: last export time}}
        self.exports: dict[str, dict[str, str]] = {}
        # publications by content fingerprint: {fingerprint: {platform: last publication date}}
        self.published: dict[str, dict[str, str]] = {}
        # picks (core/picks.py): id -> rating (-1..5) and id -> colour label, for the assets that have one
        self.ratings: dict[int, int] = {}
        self.labels: dict[int, str] = {}
        # id -> 64-bit perceptual hash of the present photos that have one (core/duplicates.py)
        self.phashes: dict[int, int] = {}
        self.version = 0  # +1 at every change: a result kept from before (livesearch.py) is then stale

    def add_publication(self, entry: dict[str, Any]) -> None:
        """A "published" line of the publication log (team/publog.py): {fingerprint: {platform: last date}}."""
        fp = entry.get("fingerprint")
        if fp:
            platforms = self.published.setdefault(fp, {})
            if entry["date"] > platforms.get(entry["platform"], ""):
                platforms[entry["platform"]] = entry["date"]

    def _with_any(self, fps: Iterable[str]) -> set[int]:
        return {i for fp in fps for i in self.with_fingerprint(fp)}

    def add_export(self, entry: dict[str, Any]) -> None:
        self.version += 1
        fp = entry.get("fingerprint")
        if fp:
            presets = self.exports.setdefault(fp, {})
            if entry["at"] > presets.get(entry["preset"], ""):
                presets[entry["preset"]] = entry["at"]

    # -- maintenance -------------------------------------------------------------------------------
    def add(self, doc_id: int, doc: dict[str, Any]) -> None:
        self.version += 1
        if doc_id in self.docs:
            self.remove(doc_id)
        self._add(doc_id, doc)
        if self._dates is not None:  # keep the date order: re-sorting 100k assets per tag edit is too slow
            insort(self._dates, (sort_date(doc), doc_id))

    def load(self, items: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """Index many documents at once (catalog open): the same indexes as add() for each, and the date
        order built now rather than at the first query. The strings that repeat across documents (root,
        format, camera, tag names) are interned on the way, in place: at 100,000 assets that saves tens of
        megabytes. This is add() unrolled with local names: at 100,000 assets the per-call overhead of
        the general path was more than half of the catalog's open time."""
        self.version += 1
        if self.docs:  # only an empty index takes the bulk path
            for doc_id, doc in items:
                self.add(doc_id, doc)
            return
        interned: dict[str, str] = {}
        intern = interned.setdefault
        docs = self.docs
        fc = self._fold
        by_facet = self.by_facet
        untagged, pending = self.untagged, self.pending
        by_path, file_sigs = self.by_path, self.file_sigs
        by_kind: dict[str, list[int]] = {}
        by_status: dict[str, list[int]] = {}
        by_root: dict[str, list[int]] = {}
        by_fp = self.by_fingerprint
        root_key = self._root_key
        windows = IS_WINDOWS
        dates: list[tuple[str, int]] = []
        for doc_id, doc in items:
            docs[doc_id] = doc
            get = doc.get
            for key in _SHARED_KEYS:
                value = get(key)
                if value is not None:
                    doc[key] = intern(value, value)
            tagged = False
            tags = get("tags")
            if tags:
                for facet, names in tags.items():
                    if names:
                        names = tags[facet] = [intern(n, n) for n in names]
                        index = by_facet.get(facet)
                        if index is not None:
                            tagged = True
                            for name in names:
                                key = fc[name]
                                ids = index.get(key)
                                if ids is None:
                                    index[key] = {doc_id}
                                else:
                                    ids.add(doc_id)
            if not tagged:
                untagged.add(doc_id)
            if get("pending_sidecar"):
                pending.add(doc_id)
            if get("rating") is not None or get("label") is not None:
                self._add_picks(doc_id, doc)
            if get("phash"):
                self._add_phash(doc_id, doc)
            status = get("status") or "ok"
            if status != "missing" and get("sidecar_error"):
                self.bad_sidecar.add(doc_id)
            for group, key in ((by_kind, get("kind") or ""), (by_status, status), (by_root, root_key(doc))):
                members = group.get(key)
                if members is None:
                    group[key] = [doc_id]
                else:
                    members.append(doc_id)
            path = doc["path"]
            key = path if not windows and path.isascii() and path[:1] != "\\" else path_key(path)
            by_path[key] = doc_id
            if status != "missing" and not get("sidecar_sig"):
                file_sigs[key] = (get("size"), get("mtime_ns"))
            fp = get("fingerprint")
            if fp:
                if fp in by_fp:
                    _add_fingerprint(by_fp, fp, doc_id)
                else:
                    by_fp[fp] = doc_id
            dates.append((get("taken_at") or sort_date(doc), doc_id))
        for target, groups in ((self.by_kind, by_kind), (self.by_status, by_status), (self.by_root, by_root)):
            for key, members in groups.items():
                target[key] = set(members)
        dates.sort()
        self._dates = dates

    def _add(self, doc_id: int, doc: dict[str, Any]) -> None:
        self.docs[doc_id] = doc
        fc = self._fold
        tagged = False
        tags = doc.get("tags")
        if tags:
            for facet, names in tags.items():
                index = self.by_facet.get(facet)
                if index is not None:
                    for name in names:
                        _add_to(index, fc[name], doc_id)
                        tagged = True
        if doc.get("pending_sidecar"):
            self.pending.add(doc_id)
        self._add_picks(doc_id, doc)
        self._add_phash(doc_id, doc)
        if doc.get("sidecar_error") and doc.get("status") != "missing":
            self.bad_sidecar.add(doc_id)
        if not tagged:
            self.untagged.add(doc_id)
        _add_to(self.by_kind, doc.get("kind") or "", doc_id)
        _add_to(self.by_status, doc.get("status") or "ok", doc_id)
        _add_to(self.by_root, self._root_key(doc), doc_id)
        key = path_key(doc["path"])
        self.by_path[key] = doc_id
        if doc.get("status") != "missing" and not doc.get("sidecar_sig"):
            self.file_sigs[key] = (doc.get("size"), doc.get("mtime_ns"))
        fp = doc.get("fingerprint")
        if fp:
            _add_fingerprint(self.by_fingerprint, fp, doc_id)

    def _add_picks(self, doc_id: int, doc: dict[str, Any]) -> None:
        rating, label = doc.get("rating"), doc.get("label")
        if rating is not None:
            self.ratings[doc_id] = rating
        if label is not None:
            self.labels[doc_id] = label

    def _add_phash(self, doc_id: int, doc: dict[str, Any]) -> None:
        value = doc.get("phash")
        if isinstance(value, str) and len(value) == 16 and (doc.get("status") or "ok") == "ok":
            with contextlib.suppress(ValueError):  # a damaged catalog: the asset simply has no hash
                self.phashes[doc_id] = int(value, 16)

    def with_fingerprint(self, fp: str) -> tuple[int, ...] | set[int]:
        """Ids of the assets with this content fingerprint (usually one; copies of a file share it)."""
        ids = self.by_fingerprint.get(fp)
        if ids is None:
            return ()
        return (ids,) if isinstance(ids, int) else ids

    def _root_key(self, doc: dict[str, Any]) -> str:
        root = doc.get("root") or ""
        key = self._root_keys.get(root)  # a handful of roots for 100,000 assets: computed once each
        if key is None:
            key = self._root_keys[root] = path_key(root)
        return key

    def _under(self, folder: str) -> set[int]:
        """Ids of the assets under `folder`: whole library roots come from by_root (the usual case: the
        GUI shows one root), only a root that contains `folder` has its paths compared one by one."""
        key = path_key(os.path.abspath(folder))
        prefix = path_key(os.path.join(os.path.abspath(folder), ""))
        ids: set[int] = set()
        for root, members in self.by_root.items():
            if root == key or root.startswith(prefix):
                ids |= members
            elif not root or key.startswith(path_key(os.path.join(root, ""))):  # folder inside this root
                ids |= {i for i in members if path_key(self.docs[i]["path"]).startswith(prefix)}
        return ids

    def _text_of(self, doc_id: int) -> str:
        """The folded search text of an asset, computed on first use: building it for 100,000 assets at
        open would cost a third of the open time, and most queries narrow by facet or date first."""
        text = self.text.get(doc_id)
        if text is None:
            text = self.text[doc_id] = search_text(self.docs[doc_id], self._fold.__getitem__)
        return text

    def remove(self, doc_id: int) -> None:
        self.version += 1
        doc = self.docs.pop(doc_id, None)
        if doc is None:
            return
        for facet, names in (doc.get("tags") or {}).items():
            if facet in self.by_facet:
                for name in names:
                    _discard(self.by_facet[facet], self._fold[name], doc_id)
        self.untagged.discard(doc_id)
        self.pending.discard(doc_id)
        self.bad_sidecar.discard(doc_id)
        self.ratings.pop(doc_id, None)
        self.labels.pop(doc_id, None)
        self.phashes.pop(doc_id, None)
        _discard(self.by_kind, doc.get("kind") or "", doc_id)
        _discard(self.by_status, doc.get("status") or "ok", doc_id)
        _discard(self.by_root, self._root_key(doc), doc_id)
        key = path_key(doc["path"])
        if self.by_path.get(key) == doc_id:
            del self.by_path[key]
            self.file_sigs.pop(key, None)
        if doc.get("fingerprint"):
            _discard_fingerprint(self.by_fingerprint, doc["fingerprint"], doc_id)
        self.text.pop(doc_id, None)
        if self._dates is not None:
            entry = (sort_date(doc), doc_id)
            at = bisect_left(self._dates, entry)
            if at < len(self._dates) and self._dates[at] == entry:
                del self._dates[at]
            else:
                self._dates = None

    def facet_counts(self, facet: str) -> dict[str, int]:
        """Assets per name (folded key) — the counts beside each facet entry in the GUI."""
        return {k: len(v) for k, v in self.by_facet[facet].items() if v}

    def _sorted_dates(self) -> list[tuple[str, int]]:
        if self._dates is None:
            self._dates = sorted((sort_date(d), i) for i, d in self.docs.items())
        return self._dates

    # -- queries -----------------------------------------------------------------------------------
    def query(self, flt: Filter) -> list[int]:
        """Ids matching every filter, newest first."""
        candidates: set[int] | None = None

        def narrow(ids: set[int]) -> None:
            nonlocal candidates
            candidates = set(ids) if candidates is None else candidates & ids

        for facet in FACETS:
            names = flt.facet_values(facet)
            if names:
                ids: set[int] = set()
                for name in names:
                    ids |= self.by_facet[facet].get(fold(name), set())
                narrow(ids)
        if flt.kind:
            narrow(self.by_kind.get(flt.kind, set()))
        if flt.missing:
            narrow(self.by_status.get("missing", set()))
        if flt.errors:
            narrow(self.by_status.get("error", set()) | self.bad_sidecar)
        if flt.untagged:
            narrow(self.untagged)
        if flt.exported_to:
            fps = [fp for fp, presets in self.exports.items() if flt.exported_to in presets]
            narrow({i for fp in fps for i in self.with_fingerprint(fp)})
        if flt.not_exported_since:
            recent = [fp for fp, presets in self.exports.items() if max(presets.values()) >= flt.not_exported_since]
            exclude = {i for fp in recent for i in self.with_fingerprint(fp)}
            narrow(set(self.docs) - exclude)
        if flt.never_exported:
            narrow(set(self.docs) - self._with_any(self.exports))
        if flt.published_to:
            narrow(self._with_any(fp for fp, p in self.published.items() if flt.published_to in p))
        if flt.published_since:
            since = flt.published_since
            narrow(self._with_any(fp for fp, p in self.published.items() if max(p.values()) >= since))
        if flt.not_published_since:
            since = flt.not_published_since
            recent_pub = self._with_any(fp for fp, p in self.published.items() if max(p.values()) >= since)
            narrow(set(self.docs) - recent_pub)
        if flt.stars_min is not None:
            narrow(
                {i for i, r in self.ratings.items() if r >= max(flt.stars_min, 0)}
                if flt.stars_min > 0
                else set(self.docs) - {i for i, r in self.ratings.items() if r < 0}
            )
        if flt.rejected:
            narrow({i for i, r in self.ratings.items() if r < 0})
        if flt.label:
            from .picks import parse_label

            wanted = fold(parse_label(flt.label) or flt.label)  # "rouge" finds "Red"
            narrow({i for i, label in self.labels.items() if fold(label) == wanted})
        if flt.root:
            under = self._under(flt.root)
            if len(under) < len(self.docs):  # the usual single-root library: everything, nothing to narrow
                narrow(under)

        dates = self._sorted_dates()
        if flt.since or flt.until:
            lo = bisect_left(dates, (flt.since or "",)) if flt.since else 0
            # "until 2024-06-30" includes that whole day: compare against the next character after the date.
            hi = bisect_right(dates, (flt.until + "\uffff",)) if flt.until else len(dates)
            if candidates is None or len(candidates) > (hi - lo):
                in_range = {i for _, i in dates[lo:hi]}
                narrow(in_range)
            else:
                lo_key, hi_key = (flt.since or ""), (flt.until + "\uffff" if flt.until else "\uffff")
                candidates = {i for i in candidates if lo_key <= sort_date(self.docs[i]) <= hi_key}

        if flt.added_since:
            docs, since = self.docs, flt.added_since
            scope_added: Iterable[int] = docs.keys() if candidates is None else candidates
            candidates = {i for i in scope_added if (docs[i].get("added_at") or "") > since}

        if flt.shape:
            docs = self.docs
            scope: Iterable[int] = docs.keys() if candidates is None else candidates
            candidates = {i for i in scope if shape_of(docs[i]) == flt.shape}

        if flt.no_consent or flt.licence_expired or flt.minors or flt.do_not_publish or flt.creator:
            from .rights import matches

            docs = self.docs
            scope = docs.keys() if candidates is None else candidates
            candidates = {
                i
                for i in scope
                if (docs[i].get("rights") or docs[i].get("embedded_rights"))
                and matches(
                    docs[i].get("rights"),
                    no_consent=flt.no_consent,
                    licence_expired_only=flt.licence_expired,
                    minors=flt.minors,
                    do_not_publish=flt.do_not_publish,
                    creator=flt.creator,
                    valid_consents=flt.valid_consents,
                    embedded=docs[i].get("embedded_rights"),
                )
            }

        words = fold(flt.text).split() if flt.text else []
        if words:
            text_of = self._text_of
            scope = self.docs.keys() if candidates is None else candidates
            candidates = {i for i in scope if all(w in text_of(i) for w in words)}

        if candidates is None:
            return [i for _, i in reversed(dates)]
        if len(candidates) * 8 < len(dates):
            return sorted(candidates, key=lambda i: (sort_date(self.docs[i]), i), reverse=True)
        return [i for _, i in reversed(dates) if i in candidates]


def _add_fingerprint(index: dict[str, int | set[int]], fp: str, doc_id: int) -> None:
    ids = index.get(fp)
    if ids is None:
        index[fp] = doc_id
    elif isinstance(ids, int):
        if ids != doc_id:
            index[fp] = {ids, doc_id}
    else:
        ids.add(doc_id)


def _discard_fingerprint(index: dict[str, int | set[int]], fp: str, doc_id: int) -> None:
    ids = index.get(fp)
    if ids is None:
        return
    if isinstance(ids, int):
        if ids == doc_id:
            del index[fp]
        return
    ids.discard(doc_id)
    if len(ids) == 1:
        index[fp] = next(iter(ids))
    elif not ids:
        del index[fp]


def _discard(index: dict[str, set[int]], key: str, doc_id: int) -> None:
    ids = index.get(key)
    if ids is not None:
        ids.discard(doc_id)
        if not ids:
            del index[key]
