"""100,000-asset synthetic catalog: open time, combined query, tag edit latency and time to disk, RSS.

Targets: open <= 1.5 s, business + date + text query <= 30 ms, tag edit returns <= 5 ms and is on disk
within 1 s, RSS <= 400 MB. Reference measured in the same run: plain TinyDB (its default JSONStorage and
Query search / Table.update) on the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import machine, verdict

BUSINESSES = [f"Commerce {i:03d}" for i in range(120)] + ["Le Bistrot de la Cathédrale", "Café des Sports"]
SITES = [
    "Cathédrale Saint-Gervais-et-Saint-Protais",
    "Fontaine Diane (Hountélie)",
    "Promenade et bastion",
    "Remparts",
    "Tour d'Albinhac",
    "Tannerie royale",
]
CAMPAIGNS = ["Concours photo 2024", "Villes et Villages Fleuris 2025", "Marché de Noël 2025", "Été 2026"]
KEYWORDS = ["été", "nuit", "fleurs", "marché", "portrait", "drone", "fête", "musique"]


def prepare(data: Path, files_dir: Path, n: int) -> None:
    from lectoure_media.core.library import Library
    from lectoure_media.core.model import empty_tags

    shutil.rmtree(data, ignore_errors=True)
    files_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(100)
    lib = Library(data)
    root = str(files_dir)
    lib._register_root(root)
    for i in range(n):
        tags = empty_tags()
        if rng.random() < 0.7:
            tags["business"] = [rng.choice(BUSINESSES)]
        if rng.random() < 0.5:
            tags["heritage"] = [rng.choice(SITES)]
        if rng.random() < 0.3:
            tags["campaign"] = [rng.choice(CAMPAIGNS)]
        tags["keywords"] = rng.sample(KEYWORDS, rng.randint(0, 2))
        for facet, names in tags.items():
            for name in names:
                lib.ensure_entry(facet, name)
        year = rng.randint(2015, 2026)
        rel = f"{year}/reportage-{i // 200:04d}/IMG_{i:06d}.JPG"
        path = os.path.join(root, rel)
        if i < 50:  # the assets the tag-edit measurement touches exist on disk (their sidecars are written)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            Path(path).write_bytes(b"\xff\xd8\xff\xd9")
        lib._put(
            lib._new_id(),
            {
                "kind": "photo" if i % 12 else "video",
                "format": "jpeg",
                "size": rng.randint(2_000_000, 9_000_000),
                "mtime_ns": 1_700_000_000_000_000_000 + i,
                "fingerprint": f"{i:x}-{rng.getrandbits(128):032x}",
                "width": 4000,
                "height": 3000,
                "orientation": 1,
                "taken_at": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(7, 21):02d}:00:00",
                "make": "Canon",
                "model": "EOS R6",
                "gps": [43.93 + rng.random() / 100, 0.62 + rng.random() / 100, 160.0],
                "thumb": f"{i:x}-{rng.getrandbits(64):016x}",
                "path": path,
                "root": root,
                "tags": tags,
            },
        )
    lib.close()


def child(data: Path) -> None:
    """Runs in a fresh process so open time and RSS are those of a real start."""
    t0 = time.perf_counter()
    from lectoure_media.core.library import Library
    from lectoure_media.core.search import Filter

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    lib = Library(data)
    t_open = time.perf_counter() - t0
    queries = [
        Filter(business=[b], since="2020-01-01", until="2024-12-31", text=t)
        for b, t in zip(BUSINESSES[:20] * 2, ["img", "cathedrale", "canon", "ete", "reportage-01"] * 8, strict=False)
    ]
    qt, counts = [], []
    for f in queries:
        t0 = time.perf_counter()
        res = lib.query(f)
        qt.append(time.perf_counter() - t0)
        counts.append(len(res))
    t0 = time.perf_counter()
    everything = lib.query_ids(Filter(text="cathedrale"))
    t_text_all = time.perf_counter() - t0  # cold: search texts are computed on first use
    t0 = time.perf_counter()
    lib.query_ids(Filter(text="fontaine"))
    t_text_warm = time.perf_counter() - t0
    docs = [
        d for d in (lib.asset(i) for i in lib.query_ids(Filter(text="reportage-0000"))) if os.path.exists(d["path"])
    ][:20]
    edit, disk = [], []
    catalog = data / "catalog.json"
    for i, d in enumerate(docs):
        before = catalog.stat().st_mtime_ns
        t0 = time.perf_counter()
        lib.tag([d["path"]], add={"keywords": [f"bench-{i}"]})
        edit.append(time.perf_counter() - t0)
        while catalog.stat().st_mtime_ns == before:  # wait for the write-behind flush (bounded below)
            if time.perf_counter() - t0 > 5:
                break
            time.sleep(0.005)
        disk.append(time.perf_counter() - t0)
        lib.wait_sidecars()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the check below reads the file
    lib.close()
    saved = catalog.read_bytes()
    ok = all(f'"bench-{i}"'.encode() in saved for i in range(len(docs)))
    print(
        json.dumps(
            {
                "import": t_import,
                "open": t_open,
                "query_median": statistics.median(qt),
                "query_max": max(qt),
                "hits_median": statistics.median(counts),
                "text_all": t_text_all,
                "text_all_warm": t_text_warm,
                "text_all_hits": len(everything),
                "edit_median": statistics.median(edit),
                "edit_max": max(edit),
                "disk_median": statistics.median(disk),
                "disk_max": max(disk),
                "persisted": ok,
                "rss_mb": rss_mb,
            }
        )
    )


def reference(data: Path) -> None:
    """Plain TinyDB on the same file: default JSONStorage, Query search, Table.update."""
    from tinydb import Query, TinyDB, where

    ref = data.parent / "ref.json"
    shutil.copy(data / "catalog.json", ref)
    t0 = time.perf_counter()
    db = TinyDB(ref)
    table = db.table("assets")
    n = len(table)
    t_open = time.perf_counter() - t0
    q = Query()
    qt = []
    for b in BUSINESSES[:5]:
        t0 = time.perf_counter()
        table.search(
            q.tags.business.any([b])
            & (q.taken_at >= "2020-01-01")
            & (q.taken_at <= "2024-12-31\uffff")
            & q.relpath.test(lambda s: "img" in s.lower())
        )
        qt.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    table.update({"note": "x"}, doc_ids=[1])
    t_edit = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps({"docs": n, "open": t_open, "query_median": statistics.median(qt), "edit": t_edit, "rss_mb": rss_mb})
    )
    del where


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--assets", type=int, default=100_000)
    ap.add_argument("--child", type=Path)
    ap.add_argument("--reference", type=Path)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return {}
    if args.reference:
        reference(args.reference)
        return {}
    work = Path(tempfile.mkdtemp(prefix="lm-bench-catalog-"))
    data = work / "data"
    print(f"catalog: preparing {args.assets} synthetic assets on {machine()}", flush=True)
    prepare(data, work / "files", args.assets)
    size_mb = (data / "catalog.json").stat().st_size / 1e6
    runs = []
    refs = []
    for _ in range(5):  # alternate ours / reference in fresh processes (5 pairs: the open time is noisy here)
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(data)], check=True, capture_output=True, text=True
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
        out = subprocess.run(
            [sys.executable, __file__, "--reference", str(data)], check=True, capture_output=True, text=True
        ).stdout
        refs.append(json.loads(out.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "persisted"}
    ref = {k: statistics.median(r[k] for r in refs) for k in refs[0]}
    print(f"  catalog file: {size_mb:.0f} MB; persisted every edit: {all(r['persisted'] for r in runs)}")
    print(  # the spread of the noisy figure: each alternated pair, ours / plain TinyDB
        "  open per pair: "
        + ", ".join(f"{r['open']:.2f}/{q['open']:.2f} s" for r, q in zip(runs, refs, strict=True))
        + f"; ratio min {min(r['open'] / q['open'] for r, q in zip(runs, refs, strict=True)):.2f}, "
        + f"max {max(r['open'] / q['open'] for r, q in zip(runs, refs, strict=True)):.2f}"
    )
    print(
        f"catalog RESULT: open {med['open']:.2f} s (target <= 1.5: {verdict(med['open'], 1.5)}; plain TinyDB "
        f"{ref['open']:.2f} s, ratio {med['open'] / ref['open']:.2f})"
    )
    print(
        f"catalog RESULT: business+date+text query median {med['query_median'] * 1000:.2f} ms, max "
        f"{med['query_max'] * 1000:.2f} ms (target <= 30 ms: {verdict(med['query_max'], 0.030)}; plain TinyDB "
        f"search {ref['query_median'] * 1000:.0f} ms, ratio {med['query_median'] / ref['query_median']:.4f}); "
        f"text-only over all assets {med['text_all'] * 1000:.0f} ms the first time (search texts built on "
        f"first use), {med['text_all_warm'] * 1000:.0f} ms after"
    )
    print(
        f"catalog RESULT: tag edit returns in median {med['edit_median'] * 1000:.2f} ms, max "
        f"{med['edit_max'] * 1000:.2f} ms (target <= 5 ms: {verdict(med['edit_max'], 0.005)}; plain TinyDB "
        f"Table.update {ref['edit'] * 1000:.0f} ms); on disk after median {med['disk_median']:.2f} s, max "
        f"{med['disk_max']:.2f} s (target <= 1 s: {verdict(med['disk_max'], 1.0)})"
    )
    print(
        f"catalog RESULT: RSS {med['rss_mb']:.0f} MB (target <= 400 MB: {verdict(med['rss_mb'], 400)}; plain "
        f"TinyDB {ref['rss_mb']:.0f} MB)"
    )
    shutil.rmtree(work, ignore_errors=True)
    return {"ours": med, "reference": ref}


if __name__ == "__main__":
    main()
