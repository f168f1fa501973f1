"""Captions of exported files: the context of an asset read through the library, and the `.txt` written
beside each exported file (Library.export(captions=True), `export --captions`).

The text itself is core/captions.py's (pure). Here: which business, site, campaigns and credit an asset has
(the registries through the facade, the credit by the export's chain), and the file — UTF-8, written to a
temporary name then published under `<exported file>.txt` without ever replacing an existing file (the
export's rule: "name (2).txt" when taken).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import tempfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .captions import Caption, CaptionContext, CaptionTemplateError, build_caption, check_template, platform_for_preset
from .export.plan import choose_credit

if TYPE_CHECKING:
    from .export.batch import ItemResult
    from .export.presets import ExportPreset
    from .library import Library

log = logging.getLogger(__name__)

CAPTION_SUFFIX = ".txt"


def _names(asset: dict[str, Any] | None, facet: str) -> list[str]:
    tags = (asset or {}).get("tags")
    values = tags.get(facet) if isinstance(tags, dict) else None
    return [v for v in values if isinstance(v, str) and v.strip()] if isinstance(values, list) else []


def asset_credit(asset: dict[str, Any] | None, path: str) -> str | None:
    """The asset's own credit line: the catalog's rights when it has them, else the sidecar's
    photoshop:Credit (what the export writes into the file's metadata)."""
    rights = (asset or {}).get("rights")
    if isinstance(rights, dict) and isinstance(rights.get("credit"), str) and rights["credit"].strip():
        return str(rights["credit"]).strip()
    from . import sidecar

    credit = sidecar.read_rights(path).get("credit")  # never raises: a bad sidecar gives {}
    return credit.strip() if isinstance(credit, str) and credit.strip() else None


def _taken(asset: dict[str, Any] | None) -> _dt.date | None:
    taken = (asset or {}).get("taken_at")
    if isinstance(taken, str) and len(taken) >= 10:
        with contextlib.suppress(ValueError):
            return _dt.date.fromisoformat(taken[:10])
    return None


def caption_context(
    lib: Library, path: str, *, credit: str | None = None
) -> tuple[CaptionContext, str | None, list[str]]:
    """(context, campaign template or None, French warnings) of the asset at `path`.

    The credit: the one typed for the batch (drawn on the picture), else the asset's own, else its
    campaign's, else the default credit of the settings (export.plan.choose_credit)."""
    asset = lib.get_by_path(path)
    businesses = _names(asset, "business")
    sites = _names(asset, "heritage")
    campaigns = _names(asset, "campaign")
    handles: dict[str, str] = {}
    if businesses:
        rec = lib.entry("business", businesses[0])
        for attr in ("instagram", "facebook", "tiktok"):
            value = getattr(rec, attr, "") if rec is not None else ""
            if isinstance(value, str) and value.strip():
                handles[attr] = value
    hashtags: list[str] = []
    campaign_credits: list[str] = []
    template: str | None = None
    warnings: list[str] = []
    for name in campaigns:
        camp = lib.entry("campaign", name)
        if camp is None:
            continue
        tags = getattr(camp, "hashtags", None)
        if isinstance(tags, list):
            hashtags += [t for t in tags if isinstance(t, str)]
        if isinstance(camp.credit, str) and camp.credit.strip():
            campaign_credits.append(camp.credit)
        own = getattr(camp, "caption_template", "")
        if template is None and isinstance(own, str) and own.strip():
            try:
                check_template(own)
                template = own
            except CaptionTemplateError as exc:
                warnings.append(
                    f"Le modèle de légende de la campagne « {camp.name} » ne peut pas servir ({exc}) : "
                    "le modèle par défaut est utilisé."
                )
    chosen = choose_credit(
        credit or asset_credit(asset, path),
        campaign_credits[:1] if campaign_credits else [],
        lib.settings().default_credit,
    )
    context = CaptionContext(
        business=businesses[0] if businesses else "",
        handles=handles,
        site=sites[0] if sites else "",
        campaign=campaigns[0] if campaigns else "",
        hashtags=hashtags,
        credit=chosen or "",
        date=_taken(asset),
    )
    return context, template, warnings


def caption_for(
    lib: Library,
    path: str,
    preset_id: str,
    *,
    credit: str | None = None,
    presets: dict[str, ExportPreset] | None = None,
) -> Caption:
    """The caption draft of one asset for one export preset (its platform is the preset's). `presets`: the
    presets by id, read once by a caller that builds many captions."""
    from .export.presets import get_preset

    preset = presets[preset_id] if presets is not None and preset_id in presets else get_preset(preset_id, lib.data_dir)
    context, template, warnings = caption_context(lib, path, credit=credit)
    caption = build_caption(context, platform_for_preset(preset.id, preset.platform or preset.label), template)
    if warnings:
        caption = Caption(**{**caption.__dict__, "warnings": tuple(warnings) + caption.warnings})
    return caption


def caption_path(output: str) -> str:
    """Where the caption of an exported file goes: its path with ".txt" appended."""
    return output + CAPTION_SUFFIX


def write_caption_file(output: str, text: str) -> str:
    """Write `text` (UTF-8) beside the exported file `output` and return the path written: `<output>.txt`,
    or "<output> (2).txt"… when that name is taken (an existing file is never replaced). Atomic: a
    temporary file in the same folder, synced, then given its name."""
    from .export.naming import publish_file

    folder = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(prefix=".caption-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            if not text.endswith("\n"):
                fh.write(b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        return str(publish_file(tmp, caption_path(os.path.abspath(output))))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_captions(lib: Library, results: Iterable[ItemResult], *, credit: str | None = None) -> None:
    """The post-step of Library.export(captions=True): one caption file per written file, its path in
    `result.caption`. A caption that cannot be written leaves the export as it is and says why (French)
    in the result's warnings."""
    from .export.presets import load_presets
    from .fsutil import printable

    presets = {p.id: p for p in load_presets(lib.data_dir)}
    for r in results:
        if not r.ok or r.output is None:
            continue
        try:
            # The credit drawn on this file (the rights chain of export.plan.asset_credit) when it has one.
            item_credit = r.item.credit if r.item.credit is not None else credit
            caption = caption_for(lib, r.item.source, r.item.preset_id, credit=item_credit, presets=presets)
            r.caption = write_caption_file(r.output, caption.text)
            r.warnings.extend(caption.warnings)
        except OSError as exc:
            from .catalog import _french_os_reason

            log.warning("caption of %s not written: %r", r.output, exc)
            r.warnings.append(
                f"La légende de « {printable(os.path.basename(r.output))} » n'a pas pu être écrite "
                f"({_french_os_reason(exc)})."
            )
        except (CaptionTemplateError, KeyError) as exc:
            log.warning("caption of %s not built: %r", r.output, exc)
            r.warnings.append(f"La légende de « {printable(os.path.basename(r.output))} » n'a pas été écrite : {exc}")


__all__ = ["CAPTION_SUFFIX", "asset_credit", "caption_context", "caption_for", "caption_path", "write_captions"]
