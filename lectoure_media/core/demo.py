"""A demo library generated on the spot: photos with EXIF dates and GPS near the heritage sites, a short
video, pre-tagged with a few businesses, sites and campaigns — so `--demo` needs no setup and no download."""

from __future__ import annotations

import json
import math
import os
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw, ImageFont

from .captions import MONTHS_FR  # the folders are named as the captions date: 10-octobre

if TYPE_CHECKING:
    from .library import Library

DEMO_VERSION = 1
BUSINESSES = [
    ("Le Bistrot de la Cathédrale", "Restaurants"),
    ("Boulangerie du Bastion", "Boulangeries"),
    ("La Boutique Gasconne", "Boutiques"),
    ("Café des Sports", "Cafés et bars"),
    ("Auberge de la Fontaine", "Restaurants"),
]
CAMPAIGNS = ["Concours photo 2026", "Villes et Villages Fleuris 2026", "Marché de Noël 2026"]
KEYWORDS = ["été", "nuit", "fleurs", "marché", "portrait"]
PALETTES = [
    ((222, 184, 135), (139, 90, 43)),
    ((135, 206, 235), (25, 25, 112)),
    ((240, 230, 140), (85, 107, 47)),
    ((255, 182, 193), (128, 0, 64)),
    ((176, 196, 222), (47, 79, 79)),
    ((255, 160, 122), (139, 69, 19)),
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The shipped DejaVu Sans (Pillow's built-in font has no French accents)."""
    from ..resources import resource_path

    try:
        return ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), size)
    except (OSError, FileNotFoundError):
        return ImageFont.load_default(size=size)


def _picture(w: int, h: int, title: str, subtitle: str, rng: random.Random) -> Image.Image:
    """A readable placeholder: sky/ground gradient, a stone building silhouette, a caption."""
    top, bottom = rng.choice(PALETTES)
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    for y in range(h):
        t = y / max(1, h - 1)
        draw.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    base = int(h * 0.78)
    x = int(w * 0.1)
    while x < w * 0.9:
        bw = rng.randint(w // 12, w // 6)
        bh = rng.randint(h // 6, h // 2)
        stone = tuple(rng.randint(150, 210) for _ in range(3))
        draw.rectangle([x, base - bh, x + bw, base], fill=stone, outline=(90, 80, 70), width=max(1, w // 400))
        if rng.random() < 0.4:  # a tower with a pointed roof
            draw.polygon([(x, base - bh), (x + bw // 2, base - bh - bw), (x + bw, base - bh)], fill=(120, 60, 50))
        for wy in range(base - bh + bh // 6, base - bh // 6, max(8, bh // 4)):
            draw.rectangle([x + bw // 4, wy, x + bw // 4 + bw // 6, wy + bh // 10], fill=(60, 50, 40))
        x += bw + rng.randint(2, w // 40)
    draw.rectangle([0, base, w, h], fill=(100, 120, 70))
    big, small = _font(max(14, h // 14)), _font(max(10, h // 28))
    draw.rectangle([0, int(h * 0.84), w, h], fill=(0, 0, 0))
    draw.text((w // 30, int(h * 0.855)), title, fill=(255, 255, 255), font=big)
    draw.text((w // 30, int(h * 0.93)), subtitle, fill=(220, 220, 220), font=small)
    return img


def _exif(taken: datetime, lat: float, lon: float, make: str, model: str) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0132] = taken.strftime("%Y:%m:%d %H:%M:%S")
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    gps = exif.get_ifd(0x8825)

    def dms(value: float) -> tuple[float, float, float]:
        value = abs(value)
        d = int(value)
        m = int((value - d) * 60)
        s = round(((value - d) * 60 - m) * 60, 2)
        return (float(d), float(m), float(s))

    gps[1] = "N" if lat >= 0 else "S"
    gps[2] = dms(lat)
    gps[3] = "E" if lon >= 0 else "W"
    gps[4] = dms(lon)
    gps[5] = 0
    gps[6] = 160.0
    return exif


def _video(
    path: Path, taken: datetime, seconds: float = 2.0, size: tuple[int, int] = (640, 360), fps: int = 25
) -> None:
    import av

    with av.open(str(path), "w") as container:
        container.metadata["creation_time"] = taken.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for i in range(int(seconds * fps)):
            img = _picture(size[0], size[1], "Lectoure", f"vidéo de démonstration — {i / fps:.1f} s", random.Random(7))
            d = ImageDraw.Draw(img)
            cx = int((i / (seconds * fps)) * size[0])
            d.ellipse([cx - 20, 40, cx + 20, 80], fill=(255, 215, 0))
            frame = av.VideoFrame.from_image(img)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def generate(
    folder: Path, sites: list[dict[str, Any]], *, count: int = 24, seed: int = 2026
) -> list[tuple[Path, dict[str, list[str]]]]:
    """Write the demo files; return (path, tags) pairs."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 4, 1, 9, 30)
    cameras = [("Apple", "iPhone 15"), ("Canon", "EOS R6"), ("Nikon", "Z 6II"), ("SAMSUNG", "Galaxy S24")]
    out = []
    for i in range(count):
        site = sites[i % len(sites)]
        business = BUSINESSES[i % len(BUSINESSES)] if i % 3 else None
        campaign = CAMPAIGNS[i % len(CAMPAIGNS)] if i % 2 == 0 else None
        taken = start + timedelta(days=i * 9, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
        # A point within the site's radius, so "where was this taken" really matches the registry.
        r = rng.uniform(0, site.get("radius_m", 50)) / 111_000
        ang = rng.uniform(0, 2 * math.pi)
        lat, lon = site["lat"] + r * math.sin(ang), site["lon"] + r * math.cos(ang) / math.cos(math.radians(43.9))
        portrait = i % 4 == 1
        w, h = (1600, 2400) if portrait else (2400, 1600)
        sub = folder / f"{taken:%Y}" / f"{taken:%m}-{MONTHS_FR[taken.month - 1]}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"IMG_{1000 + i}.JPG"
        title = business[0] if business else site["name"]
        img = _picture(w, h, title, f"{site['name']} — {taken:%d/%m/%Y}", rng)
        make, model = cameras[i % len(cameras)]
        img.save(path, "JPEG", quality=88, exif=_exif(taken, lat, lon, make, model))
        os.utime(path, (taken.timestamp(), taken.timestamp()))
        tags = {
            "heritage": [site["name"]],
            "business": [business[0]] if business else [],
            "campaign": [campaign] if campaign else [],
            "keywords": [KEYWORDS[i % len(KEYWORDS)]],
        }
        out.append((path, tags))
    video = folder / "2026" / "video" / "VID_2001.MP4"
    video.parent.mkdir(parents=True, exist_ok=True)
    try:
        taken = datetime(2026, 7, 14, 22, 15)
        _video(video, taken)
        os.utime(video, (taken.timestamp(), taken.timestamp()))
        out.append(
            (video, {"heritage": [sites[0]["name"]], "business": [], "campaign": [CAMPAIGNS[0]], "keywords": ["vidéo"]})
        )
    except Exception:  # PyAV without an encoder: the demo still works with photos only
        import logging

        logging.getLogger(__name__).exception("demo video could not be encoded")
    return out


def ensure_demo_library(lib: Library, folder: Path, progress: Callable[[int, int, str], None] | None = None) -> Path:
    """Generate (once) and index the demo library with its tags; returns its root."""
    folder = Path(folder)
    marker = folder / ".lectoure-demo.json"
    fresh = not marker.exists()
    if fresh:
        sites = [
            {"name": s.name, "lat": s.lat, "lon": s.lon, "radius_m": s.radius_m}
            for s in lib.entries("heritage")
            if s.lat is not None
        ][:8]
        if not sites:
            sites = [
                {"name": "Cathédrale Saint-Gervais-et-Saint-Protais", "lat": 43.93389, "lon": 0.62389, "radius_m": 80}
            ]
        items = generate(folder, sites)
    lib.scan(str(folder), progress=progress)
    if fresh:
        categories = dict(BUSINESSES)
        for path, tags in items:
            lib.tag([str(path)], add=tags, categories={b: categories[b] for b in tags["business"]})
        lib.wait_sidecars()
        marker.write_text(json.dumps({"version": DEMO_VERSION}), encoding="utf-8")
    return folder
