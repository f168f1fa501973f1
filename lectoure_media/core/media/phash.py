"""Perceptual signature of a photo, computed at index time from the reduced decode the probe makes anyway
(the thumbnail's preview, at most 320 px): a 64-bit DCT hash (pHash) for near-duplicate detection, and the
sharpness (variance of the Laplacian) that "keep the best" compares (core/duplicates.py).

pHash (Zauner 2010; the `imagehash` library's `phash`): grey 32x32 image, 2-D DCT, the 8x8 lowest
frequencies, each bit "above the median of those 64". Resizing, recompression, a re-export or a small
exposure change move few bits (typically 0-6 of 64); another picture moves about half of them.

Pillow and plain Python only, no numpy: the probe runs in worker processes, and loading numpy in each
cost a quarter of a second per worker, more than hashing a few hundred photos (bench/bench_duplicates.py).
Only the 8x8 low-frequency block of the DCT is computed (two small matrix products, ~10,000 multiply-adds),
and the Laplacian is Pillow's 3x3 convolution. `imagehash` is not used: it would bring scipy and PyWavelets
into the installer for one function.
"""

from __future__ import annotations

import math
from operator import mul

from PIL import Image, ImageFilter, ImageStat

HASH_SIZE = 8
_SIDE = HASH_SIZE * 4  # 32: the DCT's input side


def _dct_rows(n: int, rows: int) -> list[list[float]]:
    """The first `rows` rows of the orthonormal DCT-II matrix of size n."""
    out = []
    for k in range(rows):
        scale = math.sqrt((1 if k == 0 else 2) / n)
        out.append([scale * math.cos(math.pi * (2 * i + 1) * k / (2 * n)) for i in range(n)])
    return out


_DCT_LOW = _dct_rows(_SIDE, HASH_SIZE)  # 8 x 32
# 4-neighbour Laplacian; divided by 2 and centred on 128 so that Pillow's 8-bit result keeps its sign and
# clips only the strongest edges.
_LAPLACIAN = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=2, offset=128)


def _grey(image: Image.Image) -> Image.Image:
    if image.mode == "L":
        return image
    if image.mode == "RGB":
        return image.convert("L")
    return image.convert("RGB").convert("L")


def phash(image: Image.Image) -> int:
    """The 64-bit perceptual hash of `image` (any size and mode) as an int."""
    # HAMMING: as robust as LANCZOS on the real-photo copies of tests/test_duplicates.py (better on a
    # fine texture), at a third of the cost for this 10x reduction.
    small = _grey(image).resize((_SIDE, _SIDE), Image.Resampling.HAMMING)
    data = list(small.tobytes())  # mode L: one byte per pixel, row by row
    rows = [data[r * _SIDE : (r + 1) * _SIDE] for r in range(_SIDE)]
    # low = D8 . A . D8^T: first each row of A against the 8 basis rows, then the 8 basis rows down the columns.
    half = [[sum(map(mul, row, basis)) for basis in _DCT_LOW] for row in rows]  # 32 x 8
    columns = list(zip(*half, strict=True))  # 8 x 32
    low = [sum(map(mul, basis, col)) for basis in _DCT_LOW for col in columns]  # 64, row-major
    ordered = sorted(low)
    median = (ordered[31] + ordered[32]) / 2
    value = 0
    for coefficient in low:
        value = (value << 1) | (coefficient > median)
    return value


def sharpness(image: Image.Image) -> float:
    """Variance of the Laplacian of the grey image at half size, in the Laplacian's own units: higher is
    sharper. Compare values of images reduced to the same size (the previews are: 320 px long edge)."""
    grey = _grey(image)
    if min(grey.size) >= 6:
        grey = grey.reduce(2)
    if min(grey.size) < 3:
        return 0.0
    edges = grey.filter(_LAPLACIAN).crop((1, 1, grey.width - 1, grey.height - 1))  # borders: no neighbours
    return float(ImageStat.Stat(edges).var[0]) * 4.0


def signature(preview: Image.Image) -> dict[str, object]:
    """The record fields: "phash" (16 hex digits) and "sharpness" (rounded), from one grey conversion."""
    grey = _grey(preview)
    return {"phash": f"{phash(grey):016x}", "sharpness": round(sharpness(grey), 2)}
