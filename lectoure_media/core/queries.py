"""Read-only views over the Library's index for the inspector: a selection's summary and the heritage
sites its assets were taken at. A part of the Library split out of library.py: it reads the facade's
private index and registries under its lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import FACETS, fold

if TYPE_CHECKING:
    from .library import Library


@dataclass
class SelectionSummary:
    """A selection as the inspector shows it: the ids still in the catalog (in the order given), their
    total size in bytes, and per facet the names carried with how many of the assets carry each (the
    first spelling met stands for the name)."""

    ids: list[int]
    bytes: int
    tags: dict[str, dict[str, int]]


def selection_summary(lib: Library, ids: Iterable[int]) -> SelectionSummary:
    """Library.selection_summary: read from the stored records without copying them."""
    present: list[int] = []
    total = 0
    tags: dict[str, dict[str, list[Any]]] = {f: {} for f in FACETS}  # folded name -> [spelling, count]
    folded: dict[str, str] = {}
    with lib._lock:
        docs = lib._index.docs
        for i in ids:
            doc = docs.get(int(i))
            if doc is None:
                continue
            present.append(int(i))
            total += doc.get("size") or 0
            for facet, names in (doc.get("tags") or {}).items():
                counts = tags.get(facet)
                if counts is None:
                    continue
                for name in names:
                    key = folded.get(name)
                    if key is None:
                        key = folded[name] = fold(name)
                    entry = counts.get(key)
                    if entry is None:
                        counts[key] = [name, 1]
                    else:
                        entry[1] += 1
    return SelectionSummary(present, total, {f: {name: n for name, n in c.values()} for f, c in tags.items()})


def nearby_sites(lib: Library, ids: Iterable[int], limit: int = 5) -> list[tuple[str, list[int], float]]:
    """Library.nearby_sites: per asset, the nearest heritage site whose circle contains it (when the asset
    does not carry it yet), grouped by site, the most assets first, at most `limit`."""
    with lib._lock:
        docs = [(int(i), lib._index.docs.get(int(i))) for i in ids]
    circles = lib._registry_call(lib._taxonomy.site_circles)
    found: dict[str, tuple[str, list[int], float]] = {}
    for doc_id, doc in docs:
        if doc is None:
            continue
        gps = doc.get("gps")
        if not gps or gps[0] is None or gps[1] is None:
            continue
        best = next(iter(lib._taxonomy.sites_near(gps[0], gps[1], circles)), None)
        if best is None:
            continue
        name, distance = best
        key = fold(name)
        if key in {fold(n) for n in (doc.get("tags") or {}).get("heritage", [])}:
            continue
        _, members, nearest = found.get(key, (name, [], distance))
        members.append(doc_id)
        found[key] = (name, members, min(nearest, distance))
    ranked = sorted(found.values(), key=lambda s: (-len(s[1]), s[2], fold(s[0])))
    return ranked[:limit]
