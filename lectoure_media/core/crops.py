"""An asset's framing as the crop editor edits it: its working image, the box the export cuts for a
preset, and the focal point / per-preset crops stored for it (catalog now, sidecar by the write-behind).
The policy is core.export.framing's, shared with the exports. A part of the Library split out of
library.py: it reads the facade's private index and queues edits on its SidecarWriter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import orjson

from .record import OWN_CROPS, OWN_FOCAL, framing_with

if TYPE_CHECKING:
    from .export.crop import CropBox
    from .library import Library
    from .media.frames import WorkingImage

GONE = "Cette photo ou vidéo n'est plus dans le catalogue."


def working_image(lib: Library, doc_id: int, at: float | None = None, *, analysis: bool = False) -> WorkingImage:
    """Library.working_image."""
    from .library import LibraryError
    from .media.frames import load_analysis_image, load_working_image

    with lib._lock:
        doc = lib._index.docs.get(int(doc_id))
        if doc is None:
            raise LibraryError(GONE)
        path: str = doc["path"]
        kind: str = doc.get("kind") or "photo"
    return load_analysis_image(path, kind) if analysis else load_working_image(path, kind, at)


def framing_for(lib: Library, doc_id: int, preset_id: str) -> CropBox:
    """Library.framing_for."""
    from .export.crop import InvalidCrop
    from .export.framing import frame_for, needs_smart, smart_frames
    from .export.presets import UnknownPreset, get_preset
    from .library import LibraryError

    asset = lib.asset(int(doc_id))
    if asset is None:
        raise LibraryError(GONE)
    try:
        preset = get_preset(preset_id, lib.data_dir)
    except UnknownPreset as exc:
        raise LibraryError(str(exc)) from None
    kind = asset["kind"] or "photo"
    if not preset.supports(kind):
        raise LibraryError(f"Le format « {preset.label} » ne s'applique pas à ce type de fichier.")
    override, focal = asset["crops"].get(preset.id), asset["focal"]
    work = lib.working_image(int(doc_id), analysis=True)
    smart = None
    if needs_smart(focal, override):
        smart = smart_frames(work.image, work.source_size, [preset], kind=kind)
    try:
        return frame_for(work.source_size, preset, kind=kind, focal=focal, override=override, smart=smart)
    except InvalidCrop as exc:
        raise LibraryError(str(exc)) from None


def set_focal(lib: Library, paths: Iterable[str], focal: tuple[float, float] | None) -> None:
    """Library.set_focal."""
    from .library import LibraryError

    if focal is not None:
        x, y = (float(v) for v in focal)
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            raise LibraryError("Le point d'intérêt doit être à l'intérieur de l'image (valeurs de 0 à 1).")
        value: str | None = f"{x:.4f},{y:.4f}"
    else:
        value = None
    set_own(lib, [lib.resolve_for_tagging(p) for p in paths], {OWN_FOCAL: value})


def set_crop(lib: Library, path: str, preset_id: str, box: tuple[float, float, float, float] | None) -> None:
    """Library.set_crop."""
    from .library import LibraryError

    doc_id = lib.resolve_for_tagging(path)
    with lib._lock:
        crops = dict(lib._index.docs[doc_id].get("crops") or {})
    if box is None:
        crops.pop(preset_id, None)
    else:
        x, y, w, h = (float(v) for v in box)
        if not (x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= 1.0001 and y + h <= 1.0001):
            raise LibraryError("Le recadrage doit rester à l'intérieur de l'image.")
        crops[preset_id] = [round(v, 5) for v in (x, y, w, h)]
    set_own(lib, [doc_id], {OWN_CROPS: orjson.dumps(crops).decode() if crops else None})


def set_own(lib: Library, ids: list[int], own: dict[str, str | None]) -> None:
    """Queue the app's own framing fields (focal point, crops) of assets for the catalog and the sidecars."""
    with lib._lock:
        for doc_id in ids:
            doc = lib._index.docs[doc_id]
            lib._sidecars.edit(
                doc_id, framing_with({"focal": doc.get("focal"), "crops": doc.get("crops")}, own), own=own
            )
