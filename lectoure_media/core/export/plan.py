"""One export plan for the CLI, the export dialog and Library.export.

From the assets to export and the chosen presets it decides, in one place: the naming fields of each
asset, the credit line (typed → the campaign's → this PC's default), which presets each asset goes
through (photos with the presets that take photos, videos with those that take videos), and which
sources are skipped, each with a French reason. Pure logic: no file is written, no Qt, no Pillow.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ignore import classify
from ..model import VIDEO_EXTENSIONS
from .advice import FitAdvice, fit_advice
from .batch import ExportItem, ItemResult, Kind
from .naming import render_name
from .presets import ExportPreset

KINDS = ("photo", "video")
EXAMPLE_ASSET_NAME = "IMG_1234.jpg"


@dataclass
class KindGroup:
    """Assets of one kind and the chosen presets that accept that kind."""

    kind: str
    paths: list[str]
    preset_ids: list[str]

    @property
    def size(self) -> int:
        return len(self.paths) * len(self.preset_ids)


@dataclass
class ExportPlan:
    """`items` go to the batch; `skipped` are (position, result) rows that fail on their own, at the
    position they take in the results (so the results keep the order of the sources × presets);
    `credit` is the credit line chosen for the batch."""

    items: list[ExportItem] = field(default_factory=list)
    skipped: list[tuple[int, ItemResult]] = field(default_factory=list)
    credit: str | None = None
    # Videos a crop would enlarge a lot: the fit mode is worth offering (advice.py).
    fit_advice: FitAdvice = field(default_factory=FitAdvice)

    def merge(self, results: list[ItemResult]) -> list[ItemResult]:
        """The batch's `results` (one per item) with the skipped rows put back in their places."""
        merged = list(results)
        for position, result in self.skipped:
            merged.insert(position, result)
        return merged


def _first(values: Any) -> str:
    if isinstance(values, (list, tuple)) and values and isinstance(values[0], str):
        return values[0]
    return ""


def naming_fields(asset: dict[str, Any] | None, path: str | None = None) -> dict[str, Any]:
    """The template fields of an asset: name (the file's stem), date (a date, or None), business, site,
    campaign (the first of each). `asset` comes from the catalog (a sidecar may have filled it with
    anything): a value of the wrong type counts as absent."""
    asset = asset or {}
    source = path or asset.get("path") or EXAMPLE_ASSET_NAME
    raw_tags = asset.get("tags")
    tags: dict[str, Any] = raw_tags if isinstance(raw_tags, dict) else {}
    taken = asset.get("taken_at")
    date = None
    if isinstance(taken, str) and taken[:10]:
        try:
            date = _dt.date.fromisoformat(taken[:10])
        except ValueError:
            date = None
    return {
        "name": Path(os.path.basename(str(source))).stem,
        "date": date,
        "business": _first(tags.get("business")),
        "site": _first(tags.get("heritage")),
        "campaign": _first(tags.get("campaign")),
    }


def choose_credit(explicit: str | None, campaign_credits: Iterable[str], default: str | None) -> str | None:
    """The batch's credit line: the one typed; else the credit of the assets' campaign when they share
    exactly one; else this PC's default (Paramètres); else none. Blank text counts as none."""
    explicit = (explicit or "").strip()
    if explicit:
        return explicit
    found = {c.strip() for c in campaign_credits if isinstance(c, str) and c.strip()}
    if len(found) == 1:
        return found.pop()
    return (default or "").strip() or None


def asset_credit(
    asset: dict[str, Any] | None, campaign_credit: Callable[[str], str | None], default: str | None
) -> str | None:
    """One asset's credit line when none is typed (issue 11): its own credit line; else its creators, in its
    campaign's pattern when that has `{creator}` ("Photo : {creator} — Concours photo 2024"), else as
    "Photo : Élodie Martin"; else its campaign's credit; else the default. Values of the wrong type (a
    sidecar is untrusted) count as absent."""
    raw = (asset or {}).get("rights")
    rights: dict[str, Any] = raw if isinstance(raw, dict) else {}
    own = rights.get("credit")
    if isinstance(own, str) and own.strip():
        return own.strip()
    names = rights.get("creator")
    creators = (
        ", ".join(c.strip() for c in names if isinstance(c, str) and c.strip()) if isinstance(names, list) else ""
    )
    tags = (asset or {}).get("tags")
    campaigns = [c for c in ((tags.get("campaign") or []) if isinstance(tags, dict) else []) if isinstance(c, str)]
    found = [f.strip() for f in (campaign_credit(c) for c in campaigns) if isinstance(f, str) and f.strip()]
    if creators:
        # A campaign's pattern ("Photo : {creator} — Concours photo 2024") names the creator its own way.
        pattern = next((f for f in found if "{creator}" in f), None)
        return pattern.replace("{creator}", creators) if pattern else f"Photo : {creators}"
    plain = next((f for f in found if "{creator}" not in f), None)
    return plain or (default or "").strip() or None


def asset_kind(path: str, asset: dict[str, Any] | None) -> Kind:
    kind = (asset or {}).get("kind")
    if kind == "photo":
        return "photo"
    if kind == "video":
        return "video"
    return "video" if os.path.splitext(path)[1].lower() in VIDEO_EXTENSIONS else "photo"


def split_by_kind(assets: Sequence[dict[str, Any]], presets: Sequence[ExportPreset]) -> list[KindGroup]:
    """Photos with the presets that take photos, videos with those that take videos; empty groups dropped."""
    groups = []
    for kind in KINDS:
        paths = [a["path"] for a in assets if a.get("kind") == kind]
        preset_ids = [p.id for p in presets if p.supports(kind)]
        if paths and preset_ids:
            groups.append(KindGroup(kind, paths, preset_ids))
    return groups


def skip_reason(path: str) -> str | None:
    """Why `path` cannot be exported at all (French), or None."""
    if not os.path.lexists(path):
        return f"Fichier introuvable : « {path} »."
    if not os.path.isfile(path) or classify(os.path.basename(path)) != "media":
        return f"« {path} » n'est pas une photo ou une vidéo prise en charge."
    return None


def plan_export(
    sources: Sequence[tuple[str, dict[str, Any] | None]],
    presets: Sequence[ExportPreset],
    *,
    credit: str | None = None,
    default_credit: str | None = None,
    campaign_credit: Callable[[str], str | None] = lambda _name: None,
) -> ExportPlan:
    """The plan for every (path, catalog record or None) × preset, in that order.

    A source that is missing or not a supported media file is skipped (one row per preset, French
    reason); a preset that does not take the source's kind is left to the batch, which fails that row
    with its own reason. `campaign_credit(name)` gives the credit line of a campaign, if any."""
    plan = ExportPlan()
    credits: list[str] = []
    exported: list[dict[str, Any] | None] = []
    for path, asset in sources:
        path = os.path.abspath(path)
        reason = skip_reason(path)
        if reason is not None:
            for preset in presets:
                plan.skipped.append(
                    (
                        len(plan.items) + len(plan.skipped),
                        ItemResult(ExportItem(source=path, preset_id=preset.id), error=reason),
                    )
                )
            continue
        exported.append(asset)
        tags = (asset or {}).get("tags")
        for campaign in (tags.get("campaign") or []) if isinstance(tags, dict) else []:
            if isinstance(campaign, str):
                found = campaign_credit(campaign)
                if found:
                    credits.append(found)
        fields = naming_fields(asset, path)
        own_credit = None if (credit or "").strip() else asset_credit(asset, campaign_credit, default_credit)
        crops = (asset or {}).get("crops")
        for preset in presets:
            override = crops.get(preset.id) if isinstance(crops, dict) else None
            plan.items.append(
                ExportItem(
                    source=path,
                    preset_id=preset.id,
                    kind=asset_kind(path, asset),
                    focal=(asset or {}).get("focal"),
                    override=override,
                    fields=fields,
                    credit=own_credit,
                )
            )
    plan.credit = choose_credit(credit, credits, default_credit)
    plan.fit_advice = fit_advice(exported, presets)
    return plan


def example_file_name(template: str, asset: dict[str, Any] | None, preset: ExportPreset | None) -> str:
    """The name the first item of a batch would get; raises InvalidTemplate (French) for a bad template."""
    if asset is None:
        asset = {"path": EXAMPLE_ASSET_NAME, "kind": "photo", "taken_at": _dt.date.today().isoformat()}
    preset_id = preset.id if preset is not None else "instagram-square"
    name = render_name(template, preset=preset_id, **naming_fields(asset))
    if asset.get("kind") == "video":
        return name + ".mp4"
    return name + (preset.extension if preset is not None else ".jpg")


__all__ = [
    "ExportPlan",
    "KindGroup",
    "asset_credit",
    "asset_kind",
    "choose_credit",
    "example_file_name",
    "naming_fields",
    "plan_export",
    "skip_reason",
    "split_by_kind",
]
