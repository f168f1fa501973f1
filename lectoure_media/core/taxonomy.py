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
from typing import TYPE_CHECKING, Any, Protocol

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
    siret: str = ""  # SIRET of the establishment (the SIRENE import's key)
    closed: bool = False  # the establishment has closed (SIRENE: etatAdministratifEtablissement = F)
    notes: str = ""


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


class TeamHook(Protocol):
    """Where the registries hand their edits (core/team/registry_sync.TeamSync)."""

    def publish(self, op: dict[str, Any]) -> dict[str, Any] | None: ...


def doc_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """An entry's fields as the team folder stores them (the name and the team version left out)."""
    return {k: v for k, v in doc.items() if k not in ("name", "_team")}


def seed_records(path: str) -> list[HeritageSite]:
    """The default heritage sites (resources/heritage.json), the invalid ones skipped (logged)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    for site in data.get("sites", []):
        try:
            rec = HeritageSite(**{k: v for k, v in site.items() if k in {f.name for f in fields(HeritageSite)}})
            _validate("heritage", rec)
            out.append(rec)
        except (InvalidName, TypeError) as exc:
            log.warning("default heritage site skipped: %s", exc)
    return out


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
    """Registries: the team folder's entries (core/team/registry_sync.py) as this PC last saw them, kept in
    one safe TinyDB store (registry.json in the data dir, one table per facet) as the local cache, so the
    app works when the share is out of reach.

    The records live in memory (`_docs`, written through to the store unless it is read-only: a reader
    still sees the team's changes); `_by_key` maps the folded name to the doc id. Each edit is handed to
    `team` (when set), which writes the entry's file in the team folder or queues it.
    """

    def __init__(self, store: Store, team: TeamHook | None = None) -> None:
        self.store = store
        self.team = team
        self.team_only = False  # a read-only library's edits go to the team folder only (Library.allow_team_edits)
        self._temp_id = 0
        self._docs: dict[str, dict[int, dict[str, Any]]] = {f: dict(store.items(f)) for f in FACETS}
        self._by_key: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        for facet in FACETS:
            for doc_id, doc in self._docs[facet].items():
                self._by_key[facet][fold(doc["name"])] = doc_id

    def _doc(self, facet: str, doc_id: int) -> dict[str, Any]:
        """The document `_by_key` points to; it exists, since the two change together."""
        doc = self._docs[facet].get(doc_id)
        if doc is None:
            raise KeyError(f"{facet} #{doc_id} is indexed by name but missing from the registry")
        return doc

    def _writable(self, remote: bool) -> bool:
        """Whether the cache store takes writes; a read-only one refuses a person's edit (CatalogError)
        unless `team_only` (the edit goes to the team folder only) or it is the team's change read back."""
        if not self.store.read_only:
            return True
        if not (remote or self.team_only):
            from .catalog import CatalogError

            raise CatalogError("Le catalogue est ouvert en lecture seule : il ne peut pas être modifié.")
        return False

    def _put(self, facet: str, doc_id: int, doc: dict[str, Any], *, remote: bool = False) -> None:
        if self._writable(remote):
            self.store.put(facet, doc_id, doc)
        self._docs[facet][doc_id] = doc

    def _drop(self, facet: str, doc_id: int, *, remote: bool = False) -> None:
        if self._writable(remote):
            self.store.delete(facet, doc_id)
        self._docs[facet].pop(doc_id, None)

    def _next_id(self, facet: str, *, remote: bool = False) -> int:
        if not self._writable(remote):
            self._temp_id -= 1
            return self._temp_id
        return self.store.next_id(facet)

    # -- lookup ------------------------------------------------------------------------------------
    def names(self, facet: str) -> list[str]:
        return sorted((doc["name"] for doc in self._docs[facet].values()), key=fold)

    def all(self, facet: str) -> list[Any]:
        return sorted((_from_doc(facet, doc) for doc in self._docs[facet].values()), key=lambda r: fold(r.name))

    def get(self, facet: str, name: str) -> Any | None:
        doc_id = self._by_key[facet].get(fold(name))
        return None if doc_id is None else _from_doc(facet, self._doc(facet, doc_id))

    def canonical(self, facet: str, name: str) -> str | None:
        rec = self.get(facet, name)
        return rec.name if rec else None

    def doc(self, facet: str, name: str) -> dict[str, Any] | None:
        """The stored document of `name` (do not mutate it), or None."""
        doc_id = self._by_key[facet].get(fold(name))
        return None if doc_id is None else self._docs[facet].get(doc_id)

    def docs(self, facet: str) -> list[dict[str, Any]]:
        """The stored documents of a facet (do not mutate them): name, fields and `_team` (the team
        version they come from)."""
        return list(self._docs[facet].values())

    # -- edits -------------------------------------------------------------------------------------
    def _publish(
        self, facet: str, before: dict[str, Any] | None, after: dict[str, Any] | None, **op: Any
    ) -> dict[str, Any] | None:
        """Hand an edit to the team folder; returns the document as the team now has it (None: queued
        or no team)."""
        if self.team is None:
            return None
        doc = after if after is not None else before
        assert doc is not None
        got = self.team.publish(
            {
                "facet": facet,
                "name": doc["name"],
                "kind": "entry" if after is not None else "deleted",
                "fields": doc_fields(after) if after is not None else {},
                "base": (before or {}).get("_team"),
                "base_fields": doc_fields(before) if before is not None else None,
                **op,
            }
        )
        if got is not None and after is not None:
            return self.remote_set(facet, got, force=True)
        return None

    def ensure(self, facet: str, name: str, **attrs: Any) -> str:
        """Return the registered name for `name`, creating the entry when unknown."""
        name = clean_name(name)
        existing = self._by_key[facet].get(fold(name))
        if existing is not None:
            doc = self._doc(facet, existing)
            if facet == "business" and attrs.get("category") and not doc.get("category"):
                new = {**doc, "category": attrs["category"]}
                self._put(facet, existing, new)
                self._publish(facet, doc, new)
            registered: str = self._doc(facet, existing)["name"]
            return registered
        rec = RECORD_TYPES[facet](name=name, **{k: v for k, v in attrs.items() if v is not None})
        _validate(facet, rec)
        doc_id = self._next_id(facet)
        self._put(facet, doc_id, asdict(rec))
        created: str = rec.name
        self._by_key[facet][fold(created)] = doc_id
        adopted = self._publish(facet, None, asdict(rec), create_only="entry")
        return str(adopted["name"]) if adopted else created

    def save(self, facet: str, rec: Any, *, original_name: str | None = None) -> None:
        """Create or update an entry's details. Renames go through Library.rename_entry (assets follow)."""
        _validate(facet, rec)
        key = fold(original_name or rec.name)
        doc_id = self._by_key[facet].get(key)
        if original_name and fold(rec.name) != key:
            raise InvalidName("Pour renommer, utilisez la fonction Renommer (les médias suivent).")
        before = None if doc_id is None else self._docs[facet].get(doc_id)
        if doc_id is None:
            doc_id = self._next_id(facet)
        after = asdict(rec)
        if before is not None and "_team" in before:
            after["_team"] = before["_team"]
        self._put(facet, doc_id, after)
        self._by_key[facet][fold(rec.name)] = doc_id
        self._publish(facet, before, after)

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
            before = self._doc(facet, old_id)
            self._drop(facet, old_id)
            del self._by_key[facet][fold(old)]
            merged_into: str = target["name"]
            self._publish(facet, before, None, kind="renamed", to=merged_into)
            return merged_into, True
        before = self._doc(facet, old_id)
        doc = dict(before)
        doc["name"] = new
        del self._by_key[facet][fold(old)]
        self._put(facet, old_id, doc)
        self._by_key[facet][fold(new)] = old_id
        if fold(new) == fold(old):  # the same file in the team folder: its name's spelling changes
            self._publish(facet, before, doc)
        else:
            self._publish(facet, before, None, kind="renamed", to=new)
            fresh = {k: v for k, v in doc.items() if k != "_team"}
            self._put(facet, old_id, fresh)
            self._publish(facet, None, fresh, create_only=None)
        return new, False

    def delete(self, facet: str, name: str) -> bool:
        doc_id = self._by_key[facet].pop(fold(name), None)
        if doc_id is None:
            return False
        before = self._docs[facet].get(doc_id)
        self._drop(facet, doc_id)
        if before is not None:
            self._publish(facet, before, None, kind="deleted")
        return True

    # -- the team's changes (never published back) ---------------------------------------------------
    def remote_set(self, facet: str, team_doc: dict[str, Any], *, force: bool = False) -> dict[str, Any] | None:
        """Take an entry as the team folder has it (`{"name", "fields", "_team"}`). Returns the stored
        document when it changed what a person sees, else None. An older team version than the one
        this PC holds is ignored unless `force`."""
        name = team_doc["name"]
        key = fold(name)
        doc_id = self._by_key[facet].get(key)
        current = None if doc_id is None else self._docs[facet].get(doc_id)
        meta = team_doc.get("_team") or {}
        held = (current or {}).get("_team") or {}
        if not force and current is not None and int(held.get("version") or 0) > int(meta.get("version") or 0):
            return None
        defaults = asdict(_from_doc(facet, {"name": name}))
        fields = team_doc.get("fields") or {}
        doc = {**defaults, **fields, "name": name, "_team": meta}
        if current is not None and {k: v for k, v in current.items() if k != "_team"} == {
            k: v for k, v in doc.items() if k != "_team"
        }:
            if current.get("_team") != meta:
                self._put(facet, doc_id if doc_id is not None else self._next_id(facet, remote=True), doc, remote=True)
            return None
        if doc_id is None:
            doc_id = self._next_id(facet, remote=True)
        self._put(facet, doc_id, doc, remote=True)
        self._by_key[facet][key] = doc_id
        return doc

    def remote_drop(self, facet: str, name: str) -> bool:
        """Forget an entry the team folder deleted or renamed; whether it was known."""
        doc_id = self._by_key[facet].pop(fold(name), None)
        if doc_id is None:
            return False
        self._drop(facet, doc_id, remote=True)
        return True

    # -- seeding -----------------------------------------------------------------------------------
    def seed_heritage(self, path: str) -> int:
        """Load the default heritage list once, into an empty registry."""
        if self._docs["heritage"]:
            return 0
        added = 0
        for rec in seed_records(path):
            self.save("heritage", rec)
            added += 1
        return added

    def site_circles(self) -> list[tuple[str, float, float, float]]:
        """(name, latitude, longitude, radius in metres) of every heritage site that has a position."""
        return [
            (doc["name"], doc["lat"], doc["lon"], doc.get("radius_m", 100))
            for doc in self._docs["heritage"].values()
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
