"""The export gate (issue 11): what stops an asset from being published on a platform, in French.

`reasons(rights, consents, preset_id, today)` is a pure function of an asset's rights (rights.public shape),
the consent register (id -> Consent) and the target; an empty list means nothing stands in the way:

- "ne pas publier" set on the asset;
- licence: its end date passed (an end date of today still covers today), CC BY / BY-SA without any
  creator or credit line (the licence requires attribution), "other" without usage terms;
- people shown (yes, or minors shown): no consent linked; a linked consent that is not in the register,
  withdrawn, expired (an expiry date of today still covers today) or whose scope does not cover the
  target (social networks: Instagram, Facebook, TikTok, LinkedIn, X, YouTube presets; website; print);
- minors shown: no valid linked consent that is a minor's, signed with a guardian's name.

`gate_plan` applies it to an export plan (publog.run_export): every row gets its reasons, and with `strict`
the rows that have some are refused (no file written, `refused` set).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .consents import SCOPE_LABELS, Consent

if TYPE_CHECKING:
    from .export.batch import ExportItem, ItemResult
    from .export.plan import ExportPlan
    from .library import Library

SOCIAL = ("instagram", "facebook", "tiktok", "linkedin", "x-", "x_", "twitter", "youtube", "social")
PRINT = ("print", "affiche", "flyer", "impression", "poster")


def platform_scope(preset_id: str) -> str:
    """The consent scope a preset publishes to: "social", "print" or "web" (the website and anything else)."""
    pid = preset_id.casefold()
    if pid == "x" or pid.startswith(SOCIAL):
        return "social"
    if pid.startswith(PRINT):
        return "print"
    return "web"


def _fr_date(iso: str) -> str:
    try:
        return _dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def reasons(rights: Mapping[str, Any], consents: Mapping[str, Consent], preset_id: str, today: _dt.date) -> list[str]:
    """Why the asset must not go to `preset_id` today (French sentences; empty: nothing against it)."""
    from .rights import public

    r = public(rights)
    out: list[str] = []
    if r["do_not_publish"]:
        out.append("Marquée « ne pas publier ».")
    end = r["licence_end"]
    if end and end < today.isoformat():
        out.append(f"Licence expirée le {_fr_date(end)}.")
    if r["licence"] in ("cc-by-4.0", "cc-by-sa-4.0") and not (r["creator"] or r["credit"]):
        out.append("Licence Creative Commons sans auteur ni crédit : la mention de l'auteur est obligatoire.")
    if r["licence"] == "other" and not r["usage_terms"]:
        out.append("Licence « autre » sans conditions d'utilisation : l'usage n'est pas couvert.")
    if r["people"] != "yes" and r["minors"] is not True:
        return out
    scope = platform_scope(preset_id)
    day = today.isoformat()
    linked = list(r["consents"])
    if not linked:
        out.append("Personnes visibles sans consentement.")
    valid: list[Consent] = []
    for cid in linked:
        consent = consents.get(cid)
        if consent is None:
            out.append(f"Consentement « {cid} » introuvable dans le registre.")
        elif consent.withdrawn:
            out.append(f"Consentement de {consent.name} retiré.")
        elif consent.expires is not None and consent.expires < day:
            out.append(f"Consentement de {consent.name} expiré le {_fr_date(consent.expires)}.")
        elif not consent.covers(scope):
            out.append(f"Le consentement de {consent.name} ne couvre pas : {SCOPE_LABELS[scope]}.")
        else:
            valid.append(consent)
    if r["minors"] is True and not any(c.minor and c.guardian for c in valid):
        out.append("Mineurs visibles sans consentement signé par un représentant légal.")
    return out


def gate_plan(
    plan: ExportPlan,
    assets: Mapping[str, Mapping[str, Any] | None],
    consents: Mapping[str, Consent],
    *,
    strict: bool,
    today: _dt.date | None = None,
) -> dict[tuple[str, str], list[str]]:
    """The reasons of every planned (source, preset) row (`assets`: source path -> catalog record). With
    `strict`, the rows that have reasons leave `plan.items` for `plan.skipped`, refused, at their place."""
    from .export.batch import ExportItem, ItemResult

    day = today or _dt.date.today()
    found: dict[tuple[str, str], list[str]] = {}
    for item in plan.items:
        asset = assets.get(item.source) or {}
        found[(item.source, item.preset_id)] = reasons(asset.get("rights") or {}, consents, item.preset_id, day)
    if not strict or not any(found.values()):
        return found
    rows: list[ExportItem | ItemResult] = list(plan.items)
    for position, result in plan.skipped:
        rows.insert(position, result)
    plan.items, plan.skipped = [], []
    for position, row in enumerate(rows):
        if isinstance(row, ExportItem):
            why = found.get((row.source, row.preset_id)) or []
            if why:
                refused = ItemResult(row, error=" ".join(why), rights=list(why), refused=True)
                plan.skipped.append((position, refused))
            else:
                plan.items.append(row)
        else:
            plan.skipped.append((position, row))
    return found


def check(
    assets: Mapping[str, Mapping[str, Any] | None],
    preset_ids: list[str],
    consents: Mapping[str, Consent],
    today: _dt.date | None = None,
) -> dict[str, dict[str, list[str]]]:
    """Reasons per asset path and preset (only those with reasons): what the export dialog lists."""
    day = today or _dt.date.today()
    out: dict[str, dict[str, list[str]]] = {}
    for path, asset in assets.items():
        for pid in preset_ids:
            why = reasons((asset or {}).get("rights") or {}, consents, pid, day)
            if why:
                out.setdefault(path, {})[pid] = why
    return out


def check_paths(lib: Library, paths: Iterable[str], preset_ids: Iterable[str]) -> dict[str, dict[str, list[str]]]:
    """Library.rights_check: `check` on the catalog records with the team folder's register."""
    from .consents import ConsentError
    from .library import LibraryError

    try:
        register = lib.consents.list().by_id()
    except (LibraryError, ConsentError):
        register = {}
    assets = {os.path.abspath(p): lib.get_by_path(os.path.abspath(p)) for p in paths}
    return check(assets, list(preset_ids), register)


__all__ = ["check", "gate_plan", "platform_scope", "reasons"]
