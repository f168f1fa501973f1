"""Registries of the town's vocabulary: businesses, heritage sites, campaigns, free keywords.

Typed records, not bare strings: a business has a category and an address, a site has coordinates and a
radius, a campaign has dates and a credit line. Assets carry the *names*; a name is unique per registry,
compared case- and accent-insensitively ("cathedrale" is "Cathédrale").
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from .model import FACETS, InvalidName, clean_name, fold

if TYPE_CHECKING:
    from .catalog import Store

log = logging.getLogger(__name__)

# Suggested business categories (the sidecar hierarchy level under "Commerces"). Free text is allowed too.
BUSINESS_CATEGORIES = (
    "Restaurants",
    "Cafés et bars",
    "Boulangeries",
    "Boutiques",
    "Épiceries fines",
    "Hébergements",
    "Artisans",
    "Marché",
    "Services",
    "Autres",
)


@dataclass
class Business:
    name: str
    category: str | None = None
    address: str = ""
    town_centre: bool = True
    facebook: str = ""
    instagram: str = ""
    tiktok: str = ""
    notes: str = ""
    siret: str = ""  # the establishment's SIRET (SIRENE import)
    closed: bool = False  # the establishment closed (SIRENE); the entry stays, its assets keep it


@dataclass
class HeritageSite:
    name: str
    lat: float | None = None
    lon: float | None = None
    radius_m: float = 100.0
    reference: str = ""  # Mérimée / Inventaire reference
    approximate: bool = False  # coordinates placed from a description, to be checked on a map
    address: str = ""
    notes: str = ""


@dataclass
class Campaign:
    name: str
    start: str | None = None  # YYYY-MM-DD
    end: str | None = None
    hashtags: list[str] = field(default_factory=list)
    credit: str = ""
    notes: str = ""
    caption_template: str = ""  # the campaign's caption template (core/captions.py fields); "" for the default


@dataclass
class Keyword:
    name: str


RECORD_TYPES: dict[str, type] = {
    "business": Business,
    "heritage": HeritageSite,
    "campaign": Campaign,
    "keywords": Keyword,
}
FACET_LABELS_FR = {
    "business": "commerce",
    "heritage": "site patrimonial",
    "campaign": "campagne",
    "keywords": "mot-clé",
}


def _from_doc(facet: str, doc: dict[str, Any]) -> Any:
    cls = RECORD_TYPES[facet]
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in doc.items() if k in known})


def _validate(facet: str, rec: Any) -> None:
    rec.name = clean_name(rec.name)
    if facet == "business" and rec.category is not None:
        rec.category = clean_name(rec.category) if rec.category.strip() else None
    if facet == "heritage":
        for attr, lo, hi in (("lat", -90, 90), ("lon", -180, 180)):
            value = getattr(rec, attr)
            if value is None:
                continue
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise InvalidName(f"La coordonnée {attr} de « {rec.name} » n'est pas un nombre.") from None
            if not (lo <= value <= hi) or math.isnan(value):
                raise InvalidName(f"La coordonnée {attr} de « {rec.name} » est hors limites ({lo} à {hi}).")
            setattr(rec, attr, value)
        if not (0 < float(rec.radius_m) <= 50_000):
            raise InvalidName(f"Le rayon de « {rec.name} » doit être compris entre 1 m et 50 km.")
    if facet == "campaign":
        from datetime import date

        for attr in ("start", "end"):
            value = getattr(rec, attr)
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise InvalidName(
                        f"La date « {value} » de la campagne « {rec.name} » n'est pas au format AAAA-MM-JJ."
                    ) from None
        if rec.start and rec.end and rec.end < rec.start:
            raise InvalidName(f"La campagne « {rec.name} » se termine avant de commencer.")
        if rec.caption_template:
            from .captions import CaptionTemplateError, check_template

            try:
                check_template(rec.caption_template)
            except CaptionTemplateError as exc:
                raise InvalidName(f"Campagne « {rec.name} » : {exc}") from None


class Taxonomy:
    """Registries kept in one safe TinyDB store (registry.json in the data dir), one table per facet.

    Each table maps a doc id to a record dict; `_by_key` maps the folded name to the doc id.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_key: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        for facet in FACETS:
            for doc_id, doc in store.items(facet):
                self._by_key[facet][fold(doc["name"])] = doc_id

    def _doc(self, facet: str, doc_id: int) -> dict[str, Any]:
        """The document `_by_key` points to; it exists, since the two change together."""
        doc = self.store.get(facet, doc_id)
        if doc is None:
            raise KeyError(f"{facet} #{doc_id} is indexed by name but missing from the registry")
        return doc

    # -- lookup ------------------------------------------------------------------------------------
    def names(self, facet: str) -> list[str]:
        return sorted((doc["name"] for _, doc in self.store.items(facet)), key=fold)

    def all(self, facet: str) -> list[Any]:
        return sorted((_from_doc(facet, doc) for _, doc in self.store.items(facet)), key=lambda r: fold(r.name))

    def get(self, facet: str, name: str) -> Any | None:
        doc_id = self._by_key[facet].get(fold(name))
        return None if doc_id is None else _from_doc(facet, self._doc(facet, doc_id))

    def canonical(self, facet: str, name: str) -> str | None:
        rec = self.get(facet, name)
        return rec.name if rec else None

    # -- edits -------------------------------------------------------------------------------------
    def ensure(self, facet: str, name: str, **attrs: Any) -> str:
        """Return the registered name for `name`, creating the entry when unknown."""
        name = clean_name(name)
        existing = self._by_key[facet].get(fold(name))
        if existing is not None:
            doc = self._doc(facet, existing)
            if facet == "business" and attrs.get("category") and not doc.get("category"):
                self.store.put(facet, existing, {**doc, "category": attrs["category"]})
            registered: str = doc["name"]
            return registered
        rec = RECORD_TYPES[facet](name=name, **{k: v for k, v in attrs.items() if v is not None})
        _validate(facet, rec)
        doc_id = self.store.next_id(facet)
        self.store.put(facet, doc_id, asdict(rec))
        created: str = rec.name
        self._by_key[facet][fold(created)] = doc_id
        return created

    def save(self, facet: str, rec: Any, *, original_name: str | None = None) -> None:
        """Create or update an entry's details. Renames go through Library.rename_entry (assets follow)."""
        _validate(facet, rec)
        key = fold(original_name or rec.name)
        doc_id = self._by_key[facet].get(key)
        if original_name and fold(rec.name) != key:
            raise InvalidName("Pour renommer, utilisez la fonction Renommer (les médias suivent).")
        if doc_id is None:
            doc_id = self.store.next_id(facet)
        self.store.put(facet, doc_id, asdict(rec))
        self._by_key[facet][fold(rec.name)] = doc_id

    def rename(self, facet: str, old: str, new: str) -> tuple[str, bool]:
        """Rename an entry; when `new` already exists the two are merged (the old one disappears).
        Returns (final name, merged?)."""
        new = clean_name(new)
        old_id = self._by_key[facet].get(fold(old))
        if old_id is None:
            raise InvalidName(f"Le {FACET_LABELS_FR[facet]} « {old} » n'existe pas.")
        target_id = self._by_key[facet].get(fold(new))
        if target_id is not None and target_id != old_id:
            target = self._doc(facet, target_id)
            self.store.delete(facet, old_id)
            del self._by_key[facet][fold(old)]
            merged_into: str = target["name"]
            return merged_into, True
        doc = dict(self._doc(facet, old_id))
        doc["name"] = new
        del self._by_key[facet][fold(old)]
        self.store.put(facet, old_id, doc)
        self._by_key[facet][fold(new)] = old_id
        return new, False

    def delete(self, facet: str, name: str) -> bool:
        doc_id = self._by_key[facet].pop(fold(name), None)
        if doc_id is None:
            return False
        self.store.delete(facet, doc_id)
        return True

    # -- seeding -----------------------------------------------------------------------------------
    def seed_heritage(self, path: str) -> int:
        """Load the default heritage list once, into an empty registry."""
        if self.store.count("heritage"):
            return 0
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        added = 0
        for site in data.get("sites", []):
            try:
                rec = HeritageSite(**{k: v for k, v in site.items() if k in {f.name for f in fields(HeritageSite)}})
                self.save("heritage", rec)
                added += 1
            except (InvalidName, TypeError) as exc:
                log.warning("default heritage site skipped: %s", exc)
        return added

    def site_circles(self) -> list[tuple[str, float, float, float]]:
        """(name, latitude, longitude, radius in metres) of every heritage site that has a position."""
        return [
            (doc["name"], doc["lat"], doc["lon"], doc.get("radius_m", 100))
            for _, doc in self.store.items("heritage")
            if doc.get("lat") is not None and doc.get("lon") is not None
        ]

    def sites_near(
        self, lat: float, lon: float, circles: list[tuple[str, float, float, float]] | None = None
    ) -> Iterator[tuple[str, float]]:
        """Heritage sites whose radius contains the point, nearest first (a suggestion, not a tag).
        `circles`: site_circles() listed once by a caller that asks for many points."""
        hits = []
        for name, site_lat, site_lon, radius in self.site_circles() if circles is None else circles:
            d = distance_m(lat, lon, site_lat, site_lon)
            if d <= radius:
                hits.append((d, name))
        for d, name in sorted(hits):
            yield name, d


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))
