"""Exports and their publication log: the batch Library.export runs, and the log of what was published
(kept in registry.json: it outlives a rebuilt catalog). A part of the Library split out of library.py: it
works on the facade's private registry store and index under its lock.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, cast

if TYPE_CHECKING:
    from .export.batch import BatchProgressCallback, ItemResult
    from .export.image import Overlay
    from .library import Library


def record_export(lib: Library, source: str, preset: str, output: str, *, width: int, height: int, size: int) -> None:
    """Library.record_export: linked to the asset by its content fingerprint, so it follows renames too."""
    from .library import EXPORTS

    with lib._lock:
        doc_id = lib._id_for_path(source)
        doc = lib._index.docs.get(doc_id) if doc_id is not None else None
        entry = {
            "fingerprint": (doc or {}).get("fingerprint"),
            "source": os.path.abspath(source),
            "preset": preset,
            "output": os.path.abspath(output),
            "width": width,
            "height": height,
            "bytes": size,
            "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        if not lib.read_only:
            lib._registry.put(EXPORTS, lib._registry.next_id(EXPORTS), entry)
        lib._index.add_export(entry)


def export_log(lib: Library, path: str | None = None) -> list[dict[str, Any]]:
    """Exports, newest first; only those of one asset when `path` is given."""
    from .library import EXPORTS

    with lib._lock:
        fp = None
        if path is not None:
            doc_id = lib._id_for_path(path)
            fp = lib._index.docs[doc_id].get("fingerprint") if doc_id is not None else None
            if fp is None:
                return []
        rows = [e for _, e in lib._registry.items(EXPORTS) if fp is None or e.get("fingerprint") == fp]
    return sorted(rows, key=lambda e: e["at"], reverse=True)


def _rights_gate(lib: Library, plan: Any, sources: list[tuple[str, Any]], strict: bool) -> dict[Any, list[str]]:
    """The rights gate on the plan (rights_gate.gate_plan) with the register of the team folder."""
    from .consents import ConsentError
    from .library import LibraryError
    from .rights_gate import gate_plan

    try:
        register = lib.consents.list().by_id()
    except (LibraryError, ConsentError):
        register = {}  # no root yet: no register, so any linked consent is "not in the register"
    assets = {os.path.abspath(p): a for p, a in sources}
    return gate_plan(plan, assets, register, strict=strict)


def run_export(
    lib: Library,
    paths: Iterable[str],
    preset_ids: Iterable[str],
    out_dir: str | None,
    *,
    template: str | None,
    credit: str | None,
    overlay: Overlay | None,
    trim: bool,
    video_mode: Literal["crop", "fit"],
    workers: int | None,
    progress: BatchProgressCallback | None,
    cancel: threading.Event | None,
    captions: bool = False,
    strict: bool | None = None,
) -> list[ItemResult]:
    """Library.export: plan the batch (export.plan), run it in worker processes, log each success."""
    from .export.batch import ExportJob, ExportOptions
    from .export.plan import plan_export
    from .export.presets import get_preset
    from .library import LibraryError

    settings = lib.settings()
    if out_dir is None or not str(out_dir).strip():
        out_dir = settings.export_folder
        if not out_dir:
            raise LibraryError(
                "Aucun dossier d'export : indiquez-en un, ou réglez le dossier d'export par défaut dans les paramètres."
            )
    template = template or settings.name_template
    presets = [get_preset(pid, lib.data_dir) for pid in preset_ids]
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"Impossible de créer le dossier d'export « {out_dir} » : {exc.strerror or exc}.") from None

    def campaign_credit(name: str) -> str | None:
        rec = lib.entry("campaign", name)
        return rec.credit if rec is not None else None

    sources = [(path, lib.get_by_path(os.path.abspath(path))) for path in paths]
    plan = plan_export(
        sources, presets, credit=credit, default_credit=settings.default_credit, campaign_credit=campaign_credit
    )
    found = _rights_gate(lib, plan, sources, settings.rights_strict if strict is None else strict)
    options = ExportOptions(
        out_dir=out_dir,
        template=template,
        credit=plan.credit,
        overlay=overlay,
        trim=trim,
        video_mode=video_mode,
        data_dir=str(lib.data_dir),
    )
    results = plan.merge(ExportJob(plan.items, options, workers=workers).run(progress=progress, cancel=cancel))
    for r in results:
        r.rights = r.rights or list(found.get((r.item.source, r.item.preset_id), []))
    for r in results:
        if r.output and not r.error:
            # cast: a written file always has its size (the worker returns the ExportResult's ints).
            lib.record_export(
                r.item.source,
                r.item.preset_id,
                r.output,
                width=cast(int, r.width),
                height=cast(int, r.height),
                size=cast(int, r.bytes),
            )
    if captions:  # a post-step: a caption never holds up or undoes an export
        from .caption_files import write_captions

        write_captions(lib, results, credit=credit)
    return results
