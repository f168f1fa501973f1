#!/usr/bin/env python3
"""Draw the app icon: the square tower of Lectoure's Saint-Gervais cathedral on its hill, gold on blue.

Drawn in vector-like primitives at 1024 px and scaled down, so every size comes from one drawing; the
16 and 32 px sizes get a simpler drawing (tower and hill only) because the nave and windows turn to mud
at that size. Output: resources/icons/lectoure-media-<N>.png for each size and lectoure-media.ico.

    python3 packaging/make_icon.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (256, 128, 64, 48, 32, 16)
BLUE_TOP = (38, 84, 160)
BLUE_BOTTOM = (18, 45, 98)
GOLD = (238, 186, 62)
GOLD_SHADE = (196, 142, 36)
HILL = (232, 224, 200)
CANVAS = 1024


def _background(size: int) -> Image.Image:
    """Rounded square with a vertical blue gradient (the town's blue), transparent corners."""
    gradient = Image.new("RGBA", (size, size))
    px = gradient.load()
    for y in range(size):
        t = y / (size - 1)
        row = tuple(round(a + (b - a) * t) for a, b in zip(BLUE_TOP, BLUE_BOTTOM, strict=True)) + (255,)
        for x in range(size):
            px[x, y] = row
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 0.18, fill=255)
    gradient.putalpha(mask)
    return gradient


def draw(detailed: bool) -> Image.Image:
    img = _background(CANVAS)
    d = ImageDraw.Draw(img)
    s = CANVAS / 1024
    # The hill the town stands on: a wide low ellipse cut by the bottom of the square.
    d.ellipse((-260 * s, 760 * s, 1284 * s, 1400 * s), fill=HILL)
    d.rounded_rectangle((0, 900 * s, CANVAS - 1, CANVAS - 1), radius=CANVAS * 0.18, fill=HILL)
    tower_l, tower_r = (392 * s, 632 * s) if detailed else (352 * s, 672 * s)
    tower_top = 170 * s if detailed else 150 * s
    base = 800 * s
    if detailed:
        # The nave, lower and to the right, with its pitched roof.
        d.rectangle((600 * s, 520 * s, 880 * s, base), fill=GOLD_SHADE)
        d.polygon([(590 * s, 525 * s), (890 * s, 525 * s), (840 * s, 450 * s), (640 * s, 450 * s)], fill=GOLD)
        for x in (660, 740, 820):
            d.rounded_rectangle(((x - 16) * s, 590 * s, (x + 16) * s, 700 * s), radius=16 * s, fill=BLUE_BOTTOM)
        # Buttresses that make the tower read as a cathedral, not a chimney.
        d.polygon(
            [(tower_l - 48 * s, base), (tower_l, base), (tower_l, 380 * s), (tower_l - 22 * s, 420 * s)],
            fill=GOLD_SHADE,
        )
    d.rectangle((tower_l, tower_top, tower_r, base), fill=GOLD)
    # Crenellated flat top: the tower lost its spire in the 18th century.
    merlon = (tower_r - tower_l) / 7
    for i in range(0, 7, 2):
        x0 = tower_l + i * merlon
        d.rectangle((x0, tower_top - 60 * s, x0 + merlon, tower_top), fill=GOLD)
    if detailed:
        # Tall belfry openings and a door.
        mid = (tower_l + tower_r) / 2
        for cx in (mid - 52 * s, mid + 52 * s):
            d.rounded_rectangle((cx - 26 * s, 250 * s, cx + 26 * s, 420 * s), radius=26 * s, fill=BLUE_BOTTOM)
        d.rounded_rectangle((mid - 44 * s, 660 * s, mid + 44 * s, base + 20 * s), radius=44 * s, fill=BLUE_BOTTOM)
    else:
        mid = (tower_l + tower_r) / 2
        d.rectangle((mid - 40 * s, 260 * s, mid + 40 * s, 460 * s), fill=BLUE_BOTTOM)
    return img


def write_icons(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    detailed, simple = draw(True), draw(False)
    written: list[Path] = []
    images: list[Image.Image] = []
    for size in SIZES:
        source = detailed if size >= 48 else simple
        icon = source.resize((size, size), Image.Resampling.LANCZOS)
        path = out_dir / f"lectoure-media-{size}.png"
        icon.save(path, optimize=True)
        written.append(path)
        images.append(icon)
    ico = out_dir / "lectoure-media.ico"
    # Pillow's ICO writer takes the largest image and the list of sizes; the small ones are given
    # explicitly so that 16/32 use the simplified drawing instead of a downscale of the detailed one.
    images[0].save(ico, format="ICO", sizes=[(n, n) for n in SIZES], append_images=images[1:])
    written.append(ico)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "resources" / "icons"
    for p in write_icons(target):
        print(p)
