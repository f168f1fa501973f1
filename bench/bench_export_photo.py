"""Export 20 camera-like 12 MP JPEGs (~3.9 MB each) to instagram-portrait (1080x1350): our export_photo (in-process,
sequential, focal point given so no smart crop, no overlay) against ImageMagick
`convert-im6.q16 SRC -resize 1080x1350^ -gravity center -extent 1080x1350 -strip -quality 90 OUT`
on the same files, alternating whole sets. Target ratio <= 1.0.

Ours runs as shipped: quality 95 with the automatic search under the preset's 8 MB limit (one encode when
the first one fits, which this script checks and reports). For a like-for-like view of the encoder's share,
the same export at quality 90 (ImageMagick's setting) is timed in the same pairs, for information.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import numpy as np
from bench_index import camera_like
from common import OUT, machine, verdict
from PIL import Image

from lectoure_media.core.export.image import export_photo
from lectoure_media.core.export.presets import get_preset

IM = "convert-im6.q16"
SIZE_12MP = (4000, 3000)
TARGET = 1.0


def grainy_camera_like(path: Path, seed: int) -> None:
    """bench_index's camera_like at 12 MP plus luminance grain (sigma 6, a phone or camera at ISO 400-800).

    camera_like alone gives 1.5 MB files at 12 MP, a third of what a camera writes, and decoding cost
    follows the entropy-coded size: with the grain a file is ~3.9 MB at quality 92, like the real thing.
    """
    camera_like(path, random.Random(seed), size=SIZE_12MP)
    with Image.open(path) as im:
        exif = im.info.get("exif")
        arr = np.asarray(im.convert("RGB"), dtype=np.int16)
    grain = np.random.default_rng(seed).normal(0.0, 6.0, size=arr.shape[:2])[..., None]
    Image.fromarray(np.clip(arr + grain, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=92, exif=exif)


def make_photos_12mp(count: int) -> list[Path]:
    """Camera-like 12 MP JPEGs, generated once and kept under bench/out (also used by bench_smartcrop)."""
    folder = OUT / "photos-12mp"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        # One seed per file: a cached set grown later holds the same pictures as one generated at once.
        path = folder / f"IMG_{i:04d}.jpg"
        if not path.exists():
            tmp = path.with_name(f".{path.stem}.tmp.jpg")  # an interrupted run must not leave a half file
            grainy_camera_like(tmp, 1200 + i)
            tmp.replace(path)
            print(f"  generated {i + 1}/{count}", flush=True)
    return [folder / f"IMG_{i:04d}.jpg" for i in range(count)]


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--pairs", type=int, default=3)
    args = ap.parse_args()
    if not shutil.which(IM):
        sys.exit(f"{IM} is needed (Debian package imagemagick)")
    photos = make_photos_12mp(args.count)
    total_mb = sum(p.stat().st_size for p in photos) / 1e6
    preset = get_preset("instagram-portrait")
    preset_q90 = dataclasses.replace(preset, quality=90)
    print(
        f"export-photo: {len(photos)} JPEGs of 12 MP ({total_mb:.0f} MB) -> {preset.id} "
        f"{preset.width}x{preset.height} on {machine()}"
    )
    work = Path(tempfile.mkdtemp(prefix="lm-bench-export-"))
    last: dict[str, list] = {}

    def ours(p=preset, key="ours"):
        out = Path(tempfile.mkdtemp(dir=work))
        last[key] = [export_photo(src, p, out / f"{src.stem}.jpg", focal=(0.5, 0.5)) for src in photos]

    def ours_q90():
        ours(preset_q90, "ours_q90")

    def reference():
        out = Path(tempfile.mkdtemp(dir=work))
        geometry = f"{preset.width}x{preset.height}"
        for src in photos:
            subprocess.run(
                [
                    IM,
                    str(src),
                    "-resize",
                    geometry + "^",
                    "-gravity",
                    "center",
                    "-extent",
                    geometry,
                    "-strip",
                    "-quality",
                    "90",
                    str(out / f"{src.stem}.jpg"),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        last["reference"] = sorted(out.glob("*.jpg"))

    times: dict[str, list[float]] = {"ours": [], "reference": [], "ours_q90": []}
    for i in range(args.pairs):
        for key, fn in (("ours", ours), ("reference", reference), ("ours_q90", ours_q90)):
            t0 = time.perf_counter()
            fn()
            times[key].append(time.perf_counter() - t0)
        print(
            f"  pair {i + 1}: ours {times['ours'][-1]:.2f} s, ImageMagick {times['reference'][-1]:.2f} s, "
            f"ours at q90 {times['ours_q90'][-1]:.2f} s",
            flush=True,
        )

    # Both sides really produced the preset's size.
    for r in last["ours"]:
        with Image.open(r.output) as im:
            assert im.size == (preset.width, preset.height), (r.output, im.size)
    for f in last["reference"]:
        with Image.open(f) as im:
            assert im.size == (preset.width, preset.height), (f, im.size)
    assert len(last["reference"]) == len(photos)

    qualities = sorted({r.quality for r in last["ours"]})
    one_encode = sum(r.quality == preset.quality for r in last["ours"])
    ours_kb = statistics.median(r.bytes for r in last["ours"]) / 1024
    q90_kb = statistics.median(r.bytes for r in last["ours_q90"]) / 1024
    ref_kb = statistics.median(f.stat().st_size for f in last["reference"]) / 1024
    shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["ours"] / med["reference"]
    n = len(photos)
    print(
        f"  quality search: {one_encode}/{n} photos fitted the {preset.max_bytes / 1024 / 1024:.0f} MB limit "
        f"at the first encode (quality used: {', '.join(map(str, qualities))})"
    )
    print(
        f"  per photo: ours {med['ours'] / n * 1000:.0f} ms (q{preset.quality}, median file {ours_kb:.0f} KiB), "
        f"ImageMagick {med['reference'] / n * 1000:.0f} ms (q90, {ref_kb:.0f} KiB), "
        f"ours at q90 {med['ours_q90'] / n * 1000:.0f} ms ({q90_kb:.0f} KiB)"
    )
    print(
        f"export-photo RESULT: ours {med['ours']:.2f} s, reference {med['reference']:.2f} s, ratio {ratio:.2f} "
        f"(target <= {TARGET}: {verdict(ratio, TARGET)}); ours at q90 {med['ours_q90']:.2f} s, "
        f"ratio {med['ours_q90'] / med['reference']:.2f}"
    )
    return {"ours": med["ours"], "reference": med["reference"], "ratio": ratio, "ours_q90": med["ours_q90"]}


if __name__ == "__main__":
    main()
