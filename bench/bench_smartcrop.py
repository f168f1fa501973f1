"""smart_crop on 12 MP photos, called as export_photo calls it, against the unavoidable full JPEG decode.

For each photo and preset the picture is prepared exactly as export_photo prepares it (JPEG shrink-on-load
when the preset needs fewer pixels, EXIF orientation, mode), then smart_crop(work, w, h, source_size=…) is
timed; the share of the face detector (Haar cascade on the ~400 px copy) is timed separately on the same
copy. Two presets cover both paths of export_photo: instagram-portrait (decoded at 1/2 scale, 2000x1500)
and instagram-story (9:16 from a landscape photo needs full resolution: 4000x3000).

Reference, alternating with ours photo by photo: Pillow decoding the same JPEG fully (Image.open + load).
Target: <= 100 ms per photo (median and worst reported).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import numpy as np
from bench_export_photo import make_photos_12mp
from common import machine, verdict
from PIL import Image, ImageOps

from lectoure_media.core.export import smartcrop
from lectoure_media.core.export.crop import crop_for
from lectoure_media.core.export.presets import get_preset

TARGET_MS = 100.0
PRESETS = ("instagram-portrait", "instagram-story")


def prepared(path: Path, width: int, height: int) -> tuple[Image.Image, tuple[int, int]]:
    """The picture export_photo hands to smart_crop (no focal point, no override), and its displayed size."""
    img = Image.open(path)
    orientation = int(img.getexif().get(0x0112, 1) or 1)
    full = (img.height, img.width) if orientation in (5, 6, 7, 8) else img.size
    box = crop_for(*full, width, height)
    factor = min(1.0, max(width / box.w, height / box.h))
    drafted = None
    if factor < 0.5:  # the same rule as export_photo's shrink-on-load
        img.draft(img.mode, (math.ceil(img.width * factor), math.ceil(img.height * factor)))
        drafted = full
    img.load()
    work = ImageOps.exif_transpose(img) if orientation != 1 else img
    if work.mode != "RGB":
        work = work.convert("RGB")
    return work, drafted or work.size


def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    photos = make_photos_12mp(args.count)
    import cv2

    print(
        f"smartcrop: {len(photos)} JPEGs of 12 MP, presets {', '.join(PRESETS)}, {args.rounds} rounds, "
        f"OpenCV {cv2.__version__} ({cv2.getNumThreads()} threads) on {machine()}"
    )

    # The first call loads the Haar cascade (once per export worker process): reported, not mixed in.
    work, size = prepared(photos[0], 1080, 1350)
    t0 = time.perf_counter()
    smartcrop.smart_crop(work, 1080, 1350, source_size=size)
    first_ms = ms(t0)

    decode: list[float] = []
    results = {}
    for preset_id in PRESETS:
        preset = get_preset(preset_id)
        works = [prepared(p, preset.width, preset.height) for p in photos]
        crop_ms: dict[int, list[float]] = {i: [] for i in range(len(photos))}
        faces_ms: list[float] = []
        for _ in range(args.rounds):
            for i, (path, (work, size)) in enumerate(zip(photos, works, strict=True)):
                t0 = time.perf_counter()
                with Image.open(path) as im:
                    im.load()
                decode.append(ms(t0))

                t0 = time.perf_counter()
                smartcrop.smart_crop(work, preset.width, preset.height, source_size=size)
                crop_ms[i].append(ms(t0))

                small = smartcrop._reduced(work, smartcrop.DETECT_SIDE)
                gray = np.asarray(small.convert("L"))
                t0 = time.perf_counter()
                smartcrop._haar(gray)
                faces_ms.append(ms(t0))
        per_photo = [statistics.median(v) for v in crop_ms.values()]  # each photo's median over the rounds
        every = [t for v in crop_ms.values() for t in v]
        med, worst = statistics.median(per_photo), max(every)
        face_med = statistics.median(faces_ms)
        work_size = "x".join(map(str, works[0][0].size))
        print(
            f"  {preset_id}: smart_crop on {work_size}: median {med:.1f} ms, worst photo median "
            f"{max(per_photo):.1f} ms, worst single call {worst:.1f} ms; face detector {face_med:.1f} ms "
            f"({face_med / med:.0%} of it)",
            flush=True,
        )
        results[preset_id] = (med, worst, face_med)
        for w, _ in works:
            w.close()

    dec = statistics.median(decode)
    med_all = max(m for m, _, _ in results.values())
    worst_all = max(w for _, w, _ in results.values())
    ratio = med_all / dec
    print(
        f"  full JPEG decode (Pillow): median {dec:.1f} ms, worst {max(decode):.1f} ms; first smart_crop "
        f"call of a process (cascade loading) {first_ms:.0f} ms"
    )
    parts = ", ".join(f"{k} {m:.1f} ms (faces {f:.1f} ms)" for k, (m, _, f) in results.items())
    print(
        f"smartcrop RESULT: ours {parts}; worst {worst_all:.1f} ms; reference full decode {dec:.1f} ms; "
        f"ratio {ratio:.2f}; target <= {TARGET_MS:.0f} ms per photo: median {verdict(med_all, TARGET_MS)}, "
        f"worst {verdict(worst_all, TARGET_MS)}"
    )
    return {"ours": med_all, "worst": worst_all, "reference": dec, "ratio": ratio}


if __name__ == "__main__":
    main()
