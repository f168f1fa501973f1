"""The framing policy: which box of the picture one preset cuts, for the photo export, the video export and
the crop editor alike, so the frame the person sees in the editor is the box the export cuts, to the pixel.

Order of precedence: the per-preset override stored for the asset (normalised x, y, w, h), else the largest
window centred on the focal point, else the automatic (smart) frame when one was computed, else the largest
window centred on the picture. Videos need even sides (H.264 with 4:2:0 chroma): every box made for a video
has them, so an override drawn in the editor is cut as drawn, never moved by a pixel at export.

All boxes are in source pixels as displayed (after EXIF orientation or video rotation).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from PIL import Image

from .crop import CropBox, apply_override, crop_for
from .presets import ExportPreset


def even_for(kind: str) -> bool:
    """Whether boxes for this kind of asset must have even sides (videos)."""
    return kind == "video"


def needs_smart(focal: Sequence[float] | None, override: Sequence[float] | None) -> bool:
    """Whether `frame_for` would use an automatic frame: neither an override nor a focal point is set (the
    photo export skips the smart-crop analysis otherwise)."""
    return override is None and focal is None


def frame_for(
    source_size: tuple[int, int],
    preset: ExportPreset,
    *,
    kind: str,
    focal: Sequence[float] | None = None,
    override: Sequence[float] | None = None,
    smart: CropBox | Mapping[str, CropBox] | None = None,
) -> CropBox:
    """The box `preset` cuts from a picture of `source_size` (displayed pixels).

    `smart` is the automatic frame for this preset, or a mapping preset id → frame (as `smart_frames`
    returns); it is used only without override and focal point, and only if it fits the picture and has the
    sides the kind needs (a frame computed on another picture, or by an older version, is not trusted).
    Raises InvalidCrop (French message) for an unusable override, focal point or size.
    """
    src_w, src_h = source_size
    even = even_for(kind)
    if override is not None:
        return apply_override(src_w, src_h, preset.width, preset.height, override, even=even)
    if focal is not None:
        return crop_for(src_w, src_h, preset.width, preset.height, focal=focal, even=even)
    box = smart.get(preset.id) if isinstance(smart, Mapping) else smart
    if box is not None and _usable(box, src_w, src_h, even):
        return box
    return crop_for(src_w, src_h, preset.width, preset.height, even=even)


def _usable(box: CropBox, src_w: int, src_h: int, even: bool) -> bool:
    inside = box.x >= 0 and box.y >= 0 and box.w >= 1 and box.h >= 1 and box.right <= src_w and box.bottom <= src_h
    return inside and (not even or (box.w % 2 == 0 and box.h % 2 == 0))


def smart_frames(
    image: Image.Image,
    source_size: tuple[int, int],
    presets: Sequence[ExportPreset],
    *,
    kind: str,
    cancel: threading.Event | None = None,
) -> dict[str, CropBox] | None:
    """The automatic frame of every preset on one working picture (None when `cancel` was set): the crop
    editor and the video export call this on the same picture (a video's poster frame)."""
    from .smartcrop import smart_boxes  # numpy and OpenCV: loaded only when a frame is computed

    return smart_boxes(
        image, source_size, [(p.id, p.width, p.height) for p in presets], even=even_for(kind), cancel=cancel
    )


__all__ = ["even_for", "frame_for", "needs_smart", "smart_frames"]
