"""Index 200+ full-resolution JPEGs with thumbnails from an empty catalog, against
`exiftool -json -r` + `vipsthumbnail -s 256` on the same files, in the same run. Target ratio <= 0.5."""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, alternate, lm_cmd, machine, run_quiet, verdict
from PIL import Image, ImageDraw, ImageFilter


def camera_like(path: Path, rng: random.Random, size=(3456, 2304)) -> None:
    """An 8 MP picture with photo-like entropy (gradients, shapes, sensor noise), EXIF date/GPS/camera:
    decode cost close to a real camera JPEG (3-5 MB at q90), unlike a flat synthetic image."""
    w, h = size
    small = Image.new("RGB", (w // 8, h // 8))
    d = ImageDraw.Draw(small)
    for y in range(small.height):
        c = tuple(int(v) for v in (rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 220)))
        d.line([(0, y), (small.width, y)], fill=c)
    for _ in range(60):
        x, y = rng.randrange(small.width), rng.randrange(small.height)
        r = rng.randint(5, 80)
        d.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rng.randint(0, 255) for _ in range(3)))
    img = small.filter(ImageFilter.GaussianBlur(2)).resize((w, h), Image.BICUBIC)
    noise = Image.merge("RGB", [Image.effect_noise((w, h), 18) for _ in range(3)])
    img = Image.blend(img, noise, 0.18)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS R6"
    exif.get_ifd(0x8769)[0x9003] = f"2025:{rng.randint(1, 12):02d}:{rng.randint(1, 28):02d} 10:00:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (43.0, 56.0, 2.0), "E", (0.0, 37.0, 26.0)
    img.save(path, "JPEG", quality=90, exif=exif)


def make_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    have = sorted(folder.glob("*.jpg"))
    rng = random.Random(8)
    for i in range(len(have), count):
        camera_like(folder / f"IMG_{i:04d}.jpg", rng)
        if i % 20 == 0:
            print(f"  generated {i}/{count}", flush=True)
    return sorted(folder.glob("*.jpg"))[:count]


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--pairs", type=int, default=3)
    args = ap.parse_args()
    for tool in ("exiftool", "vipsthumbnail"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (python3 dev.py bench installs it)")
    photos_dir = OUT / f"photos-{args.count}"
    photos = make_photos(photos_dir, args.count)
    total_mb = sum(p.stat().st_size for p in photos) / 1e6
    print(f"index: {len(photos)} JPEGs of 8 MP ({total_mb:.0f} MB) on {machine()}")
    work = Path(tempfile.mkdtemp(prefix="lm-bench-index-"))

    def ours():
        data = work / "data"
        shutil.rmtree(data, ignore_errors=True)
        run_quiet(lm_cmd("--data-dir", str(data), "scan", str(photos_dir), "--json"))

    def reference():
        thumbs = work / "vips"
        shutil.rmtree(thumbs, ignore_errors=True)
        thumbs.mkdir()
        run_quiet(["exiftool", "-json", "-r", str(photos_dir)])
        run_quiet(["vipsthumbnail", "-s", "256", "-o", f"{thumbs}/%s.jpg", *map(str, photos)])

    ma, mb, ratio = alternate(ours, reference, args.pairs, "lectoure-media scan", "exiftool+vipsthumbnail")
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"index RESULT: ours {ma:.2f} s, reference {mb:.2f} s, ratio {ratio:.2f} (target <= 0.5: {verdict(ratio, 0.5)})"
    )
    return {"ours": ma, "reference": mb, "ratio": ratio}


if __name__ == "__main__":
    main()
