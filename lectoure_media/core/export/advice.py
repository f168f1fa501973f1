"""Advice on the export choices: a large enlargement of a video is better shown whole over a blurred fill.

Every enlargement already gets a warning in the export result ("agrandissement : …", at any factor above 1).
Past FIT_SUGGESTION_SCALE the crop is blurry enough that the "fit" mode (the whole frame over a blurred,
enlarged copy of itself, `--fit` in the CLI, the "blurred background" box in the export dialog) looks better:
a 640×360 clip cropped for a 1080×1920 story is enlarged 5.3 times, shown whole only 1.7 times. The export
plan carries the advice, the dialog offers it as one click and the CLI prints a hint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .crop import crop_for
from .presets import ExportPreset

# Enlargement of the cropped window from which the fit mode is suggested.
FIT_SUGGESTION_SCALE = 3.0


def crop_scale(width: int, height: int, preset: ExportPreset) -> float:
    """How many times a crop-mode export enlarges a `width`×`height` picture for `preset` (the window of
    the preset's ratio, whatever its position: its size does not depend on the focal point)."""
    box = crop_for(width, height, preset.width, preset.height, even=True)
    return max(preset.width / box.w, preset.height / box.h)


def fit_scale(width: int, height: int, preset: ExportPreset) -> float:
    """How many times the fit mode enlarges the same picture (the whole frame inside the preset)."""
    return min(preset.width / width, preset.height / height)


@dataclass(frozen=True)
class FitCase:
    """One video × preset the crop would enlarge too much."""

    path: str
    preset_id: str
    preset_label: str
    crop_scale: float
    fit_scale: float


@dataclass
class FitAdvice:
    """Videos that would be enlarged FIT_SUGGESTION_SCALE times or more when cropped."""

    cases: list[FitCase] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.cases)

    @property
    def worst(self) -> FitCase:
        return max(self.cases, key=lambda c: c.crop_scale)

    def message(self) -> str:
        """One French sentence for the export dialog."""
        worst = self.worst
        name = worst.path.replace("\\", "/").rsplit("/", 1)[-1]
        return (
            f"La vidéo « {name} » serait agrandie {_times(worst.crop_scale)} fois pour être recadrée au format "
            f"« {worst.preset_label} » ; entière sur un fond flou, elle ne le serait que "
            f"{_times(worst.fit_scale)} fois."
        )


def _times(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def _size(asset: dict[str, Any] | None) -> tuple[int, int] | None:
    asset = asset or {}
    w, h = asset.get("width"), asset.get("height")
    if isinstance(w, bool) or isinstance(h, bool) or not isinstance(w, int) or not isinstance(h, int):
        return None
    if w < 2 or h < 2:
        return None
    return w, h


def fit_advice(assets: Sequence[dict[str, Any] | None], presets: Sequence[ExportPreset]) -> FitAdvice:
    """The videos of `assets` (catalog records: kind, width and height as displayed) that a crop for one of
    `presets` would enlarge FIT_SUGGESTION_SCALE times or more, where the fit mode would enlarge them less.
    Records of the wrong shape (a sidecar may say anything) are passed over."""
    advice = FitAdvice()
    for asset in assets:
        size = _size(asset)
        if asset is None or asset.get("kind") != "video" or size is None:
            continue
        for preset in presets:
            if not preset.supports("video"):
                continue
            crop, fit = crop_scale(*size, preset), fit_scale(*size, preset)
            if crop >= FIT_SUGGESTION_SCALE and fit < crop:
                advice.cases.append(FitCase(str(asset.get("path") or ""), preset.id, preset.label, crop, fit))
    return advice


__all__ = ["FIT_SUGGESTION_SCALE", "FitAdvice", "FitCase", "crop_scale", "fit_advice", "fit_scale"]
