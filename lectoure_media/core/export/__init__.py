"""Export engine: platform presets, crop geometry, smart crop, photo export, output naming.

This package module only holds the types that photo and video export share, so that importing it (for
example to list presets) does not pull in Pillow or OpenCV. Import the pieces from their modules:
`presets`, `crop`, `smartcrop`, `image`, `naming`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


class ExportError(Exception):
    """An export could not be written; str(error) is one French sentence meant for the user."""


class Cancelled(ExportError):
    """Raised by a progress callback to stop an export; the export then removes its temporary file."""

    def __init__(self, message: str = "L'export a été annulé.") -> None:
        super().__init__(message)


# progress(fraction 0..1, French label of the current step). It may raise Cancelled to stop the export.
ProgressCallback = Callable[[float, str], None]


@dataclass
class ExportResult:
    """What one export wrote. `crop` is the source region used, in displayed source pixels."""

    output: str
    width: int
    height: int
    bytes: int
    quality: int | None
    warnings: list[str] = field(default_factory=list)
    crop: tuple[int, int, int, int] | None = None
