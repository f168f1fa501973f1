"""Cost of the truncated-HEIC check (core/media/heif_check.py) on healthy iPhone-like HEICs.

The photo: 4032x3024, a grid of 512 px tiles (48 tiles, as iPhones write it), a 320 px embedded thumbnail
stored before the tiles, EXIF. `analyse_image(fh, "heif", 320)` (what a probe worker runs: open, check,
thumbnail from the embedded one, EXIF) is timed with the check (ours) and with the check replaced by a
no-op (the code before it), alternating file by file; the check alone and a full decode of the main image
(the other way to notice missing tiles) are timed on the same file.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import OUT, machine

from lectoure_media.core.media import probe_image
from lectoure_media.core.media.heif_check import heif_damage


def make_photo() -> Path:
    from tests.media_factory import make_heic, tiles_last

    path = OUT / "heic" / "IMG_4032x3024_grid.HEIC"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = make_heic(
            path.with_suffix(".tmp"),
            (4032, 3024),
            thumbnails=[320],
            grid_tile=512,
            taken_at="2024:06:21 18:30:00",
            texture=True,
        )
        path.write_bytes(tiles_last(tmp.read_bytes()))
        tmp.unlink()
    return path


def probe_ms(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        with open(path, "rb") as fh:
            t0 = time.perf_counter()
            probe_image.analyse_image(fh, "heif", 320)
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    path = make_photo()
    probe_ms(path, 5)  # warm-up: libheif loaded, file in the page cache
    with_check, without = [], []
    for _ in range(5):
        with_check.append(probe_ms(path, 20))
        probe_image.heif_damage = lambda fh: None
        try:
            without.append(probe_ms(path, 20))
        finally:
            probe_image.heif_damage = heif_damage
    with open(path, "rb") as fh:
        check = []
        for _ in range(200):
            t0 = time.perf_counter()
            assert heif_damage(fh) is None
            check.append(time.perf_counter() - t0)
    from PIL import Image

    full = []
    for _ in range(3):
        t0 = time.perf_counter()
        with Image.open(path, formats=["HEIF"]) as im:
            im.load()
        full.append(time.perf_counter() - t0)
    a, b = statistics.median(with_check), statistics.median(without)
    print(machine())
    print(
        f"probe of a healthy 12 MP grid HEIC: with the check {a:.2f} ms, without {b:.2f} ms "
        f"(+{a - b:.2f} ms, ratio {a / b:.2f}); the check alone {statistics.median(check) * 1000:.3f} ms; "
        f"a full decode of the main image {statistics.median(full) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
