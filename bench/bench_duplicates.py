"""Duplicates (issue 12, items 7 and 9), three figures measured in one run:

1. What the perceptual hash adds to indexing: each of the index benchmark's 8 MP camera-like JPEGs
   (bench_index.make_photos) probed as the scan's workers do (probe_file, thumbnail included), with the
   hash and without it, alternating photo by photo. Target: <= 5 % more. The hash alone is timed too.
2. Grouping 20,000 hashed photos (a synthetic catalog: 2,000 pictures with 1-4 near copies each and
   unrelated photos) through Library.duplicates. Target: <= 5 s. The reference is a BK-tree in Python (the
   textbook structure for Hamming search, what `imagehash` users build), alternating with ours on the
   first 4,000 hashes: at radius 8 of 64 bits it visits most of the tree and needs minutes for 20,000.
3. Recall on copies of the real photos in tests/fixtures/photos (resized, recompressed, re-exported), and
   false groups among views cut from one picture (what tests/test_duplicates.py asserts).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench_index import make_photos
from common import OUT, alternate, machine, verdict


def hash_cost(count: int, pairs: int) -> dict:
    """Each photo probed with and without the hash, alternating photo by photo (A B B A …) so that the
    load of a shared machine falls on both alike; plus the hash alone on the previews."""
    from PIL import Image

    from lectoure_media.core.media import probe
    from lectoure_media.core.media.phash import signature
    from lectoure_media.core.media.thumbs import ThumbCache

    photos = make_photos(OUT / "photos-200", max(count, 1))[:count]
    work = Path(tempfile.mkdtemp(prefix="lm-bench-dup-"))
    thumbs = ThumbCache(str(work / "thumbs"), 10**9)
    real = probe._signature

    def once(path: Path, with_hash: bool) -> float:
        probe._signature = real if with_hash else (lambda _preview, _path: {})
        try:
            t0 = time.perf_counter()
            probe.probe_file(str(path), thumbs)
            return time.perf_counter() - t0
        finally:
            probe._signature = real

    print(f"hash cost: {len(photos)} JPEGs of 8 MP probed with thumbnails, {machine()}")
    once(photos[0], True)  # warm-up: imports, the DCT matrix
    once(photos[0], False)
    with_t, without_t = [], []
    for rep in range(pairs):
        a = b = 0.0
        for k, path in enumerate(photos):
            order = (True, False) if (k + rep) % 2 == 0 else (False, True)
            for flag in order:
                if flag:
                    a += once(path, True)
                else:
                    b += once(path, False)
        with_t.append(a)
        without_t.append(b)
        print(f"  round {rep + 1}: with the hash {a:.3f} s, without {b:.3f} s", flush=True)
    ma, mb = statistics.median(with_t), statistics.median(without_t)
    previews = []
    for path in photos[:10]:
        im = Image.open(path)
        im.draft("RGB", (320, 320))
        im = im.convert("RGB")
        im.thumbnail((320, 320))
        previews.append(im)
    t0 = time.perf_counter()
    for im in previews * 10:
        signature(im)
    alone = (time.perf_counter() - t0) / (len(previews) * 10)
    shutil.rmtree(work, ignore_errors=True)
    ratio = ma / mb
    print(f"hash cost RESULT: {ma:.2f} s with, {mb:.2f} s without: {(ratio - 1) * 100:+.1f} % (target <= +5 %:"
          f" {verdict(ratio, 1.05)}); the hash alone: {alone * 1000:.2f} ms per photo, "
          f"{alone * len(photos) / mb * 100:.1f} % of the probe time")  # fmt: skip
    return {"with": ma, "without": mb, "ratio": ratio, "alone_ms": alone * 1000}


_NO_HASH = """
import lectoure_media.core.media.probe as _probe
_probe._signature = lambda _preview, _path: {}
"""


def scan_cost(count: int, pairs: int) -> dict:
    """bench_index's measure (`lectoure-media scan` of the 8 MP JPEGs into an empty catalog, worker
    processes and all) with the hash and without it: the run without gets a sitecustomize.py that
    turns the hash off in every process, the scan's workers included."""
    import os
    import subprocess

    from common import lm_cmd

    photos_dir = OUT / f"photos-dup-{count}"
    photos_dir.mkdir(parents=True, exist_ok=True)
    for p in make_photos(OUT / "photos-200", count)[:count]:
        if not (photos_dir / p.name).exists():
            os.link(p, photos_dir / p.name)
    work = Path(tempfile.mkdtemp(prefix="lm-bench-dup-scan-"))
    off = work / "nohash"
    off.mkdir()
    (off / "sitecustomize.py").write_text(_NO_HASH, encoding="utf-8")

    def scan(env_extra: dict[str, str]):
        def run() -> None:
            data = work / "data"
            shutil.rmtree(data, ignore_errors=True)
            env = {**os.environ, **env_extra}
            subprocess.run(lm_cmd("--data-dir", str(data), "scan", str(photos_dir), "--json"), check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)  # fmt: skip

        return run

    repo = str(Path(__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH", "")
    without_env = {"PYTHONPATH": os.pathsep.join(p for p in (str(off), repo, path) if p)}
    with_env = {"PYTHONPATH": os.pathsep.join(p for p in (repo, path) if p)}
    print(f"scan cost: `lectoure-media scan` of {count} JPEGs of 8 MP, with the hash and without")
    scan(with_env)()  # warm-up (page cache)
    ma, mb, ratio = alternate(scan(with_env), scan(without_env), pairs, "with the hash", "without")
    shutil.rmtree(work, ignore_errors=True)
    print(f"scan cost RESULT: {ma:.2f} s with, {mb:.2f} s without: {(ratio - 1) * 100:+.1f} % (target <= +5 %:"
          f" {verdict(ratio, 1.05)})")  # fmt: skip
    return {"with": ma, "without": mb, "ratio": ratio}


def synthetic_hashes(n: int, seed: int = 12) -> list[int]:
    rng = random.Random(seed)
    out: list[int] = []
    while len(out) < n:
        base = rng.getrandbits(64)
        out.append(base)
        if len(out) <= n // 10 * 3:  # about 2,000 pictures with 1-4 near copies
            for _ in range(rng.randint(1, 4)):
                h = base
                for _ in range(rng.randint(0, 5)):
                    h ^= 1 << rng.randrange(64)
                out.append(h)
    return out[:n]


class BKTree:
    """The reference: a BK-tree over Hamming distance (what `imagehash` users usually build)."""

    def __init__(self) -> None:
        self.root: tuple[int, int, dict] | None = None

    def add(self, value: int, ident: int) -> None:
        if self.root is None:
            self.root = (value, ident, {})
            return
        node = self.root
        while True:
            d = (value ^ node[0]).bit_count()
            child = node[2].get(d)
            if child is None:
                node[2][d] = (value, ident, {})
                return
            node = child

    def near(self, value: int, radius: int) -> list[int]:
        out, stack = [], [self.root] if self.root else []
        while stack:
            node = stack.pop()
            d = (value ^ node[0]).bit_count()
            if d <= radius:
                out.append(node[1])
            for k, child in node[2].items():
                if d - radius <= k <= d + radius:
                    stack.append(child)
        return out


def grouping(n: int, pairs: int) -> dict:
    from lectoure_media.core.duplicates import DEFAULT_THRESHOLD
    from lectoure_media.core.library import Library

    hashes = synthetic_hashes(n)
    data = Path(tempfile.mkdtemp(prefix="lm-bench-dup-cat-"))
    root = str(data / "Photos")
    lib = Library(data / "data", probe_workers=1)
    try:
        lib._register_root(root)
        for i, h in enumerate(hashes):
            lib._put(
                lib._new_id(),
                {"path": f"{root}/IMG_{i:05d}.JPG", "root": root, "kind": "photo", "size": 1000 + i,
                 "fingerprint": f"fp{i}", "phash": f"{h:016x}", "width": 4000, "height": 3000,
                 "sharpness": float(i % 97)},
            )  # fmt: skip
        found: list = []

        def ours() -> None:
            found[:] = lib.duplicates()

        print(f"grouping: {n} hashed photos, threshold {DEFAULT_THRESHOLD} bits")
        times = []
        for i in range(pairs):
            t0 = time.perf_counter()
            ours()
            times.append(time.perf_counter() - t0)
            print(f"  run {i + 1}: Library.duplicates {times[-1]:.3f} s", flush=True)
        ma = statistics.median(times)
        in_groups = sum(len(g.ids) for g in found)
        print(f"grouping RESULT: {ma:.2f} s for {n} photos ({len(found)} groups, {in_groups} photos in them)"
              f" (target <= 5 s: {verdict(ma, 5.0)})")  # fmt: skip

        small = hashes[:4000]

        def ours_small() -> None:
            from lectoure_media.core.duplicates import _components, near_pairs

            _components(len(small), near_pairs(small, DEFAULT_THRESHOLD))

        def reference() -> None:
            tree = BKTree()
            for i, h in enumerate(small):
                tree.add(h, i)
            for h in small:
                tree.near(h, DEFAULT_THRESHOLD)

        sa, sb, ratio = alternate(ours_small, reference, pairs, "multi-index hashing + union-find", "BK-tree (Python)")
        print(
            f"grouping reference RESULT on {len(small)} hashes: ours {sa:.3f} s, BK-tree {sb:.2f} s, ratio {ratio:.3f}"
        )
        return {"ours": ma, "groups": len(found), "small_ours": sa, "small_bktree": sb}
    finally:
        lib.close()
        shutil.rmtree(data, ignore_errors=True)


def recall() -> dict:
    from PIL import Image

    from lectoure_media.core.library import Library
    from tests.test_duplicates import ORIGINALS, _save, copies_of

    work = Path(tempfile.mkdtemp(prefix="lm-bench-dup-recall-"))
    root = work / "Photos"
    expected = {}
    for src in ORIGINALS:
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, root / src.name)
        expected[src.name] = {src.name} | {p.name for p in copies_of(src, root / "copies")}
    big = Image.open(ORIGINALS[0].parent / "motorcycle_left.jpg").convert("RGB")
    w, h = big.size
    for k, dx in enumerate((0.1, 0.2, 0.3)):
        _save(big.crop((int(w * dx), 0, int(w * dx) + int(w * 0.7), h)), root / "rue" / f"vue-{k}.jpg", quality=90)
    with Library(work / "data", probe_workers=1) as lib:
        lib.scan(str(root))
        groups = [{Path(lib.asset(i)["path"]).name for i in g.ids} for g in lib.duplicates(str(root))]
    group_of = {name: g for g in groups for name in g}
    total = sum(len(m) - 1 for m in expected.values())
    found = sum(c in group_of.get(o, set()) for o, m in expected.items() for c in m - {o})
    owner = {n: o for o, m in expected.items() for n in m}
    false = [g for g in groups if len({owner.get(n, n) for n in g}) > 1]
    shutil.rmtree(work, ignore_errors=True)
    print(f"recall RESULT: {found}/{total} copies found ({found / total:.1%}, target >= 95 %), "
          f"{len(false)} false group(s) among {len(groups)}")  # fmt: skip
    return {"recall": found / total, "false_groups": len(false)}


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=40, help="8 MP JPEGs for the hash cost")
    ap.add_argument("--photos", type=int, default=20_000, help="hashed photos to group")
    ap.add_argument("--pairs", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    out = {
        "hash": hash_cost(args.count, args.pairs),
        "scan": scan_cost(args.count, args.pairs),
        "grouping": grouping(args.photos, args.pairs),
        "recall": recall(),
    }
    print(f"(bench_duplicates took {time.perf_counter() - t0:.0f} s; medians of {args.pairs} pairs)")
    return out


if __name__ == "__main__":
    main()
