"""Rescan of an unchanged 100,000-file tree against `find DIR -printf '%s %T@\\n'`. Target ratio <= 3.

The tree holds small files with media names (content is irrelevant to a rescan of unchanged files: only
names, sizes and modification times are compared). The catalog is prepared so that every file is already
known, exactly as after a first scan; then `Library.scan` is timed against `find` in alternation.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import OUT, alternate, lm_cmd, machine, verdict

from lectoure_media.core.library import Library, normalize_root
from lectoure_media.core.model import empty_tags


def make_tree(root: Path, files: int, per_dir: int = 100) -> None:
    marker = root / f".complete-{files}"
    if marker.exists():
        return
    shutil.rmtree(root, ignore_errors=True)
    for i in range(files):
        d = root / f"{2000 + (i // 20000)}" / f"reportage-{i // per_dir:04d}"
        if i % per_dir == 0:
            d.mkdir(parents=True, exist_ok=True)
        ext = ".JPG" if i % 10 else ".MP4"
        (d / f"IMG_{i:06d}{ext}").write_bytes(b"x" * (100 + i % 50))
    marker.write_text("ok")


def prepare_catalog(data: Path, root: Path) -> int:
    shutil.rmtree(data, ignore_errors=True)
    lib = Library(data)
    root_s = normalize_root(root)
    lib._register_root(root_s)
    n = 0
    for dirpath, dirnames, filenames in os.walk(root_s):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            p = os.path.join(dirpath, name)
            st = os.stat(p)
            video = name.endswith(".MP4")
            lib._put(
                lib._new_id(),
                {
                    "kind": "video" if video else "photo",
                    "format": "mp4" if video else "jpeg",
                    "size": st.st_size,
                    "mtime_ns": st.st_mtime_ns,
                    "fingerprint": f"{st.st_size:x}-{n:032x}",
                    "width": 4000,
                    "height": 3000,
                    "orientation": 1,
                    "taken_at": "2024-05-01T10:00:00",
                    "make": "Canon",
                    "model": "EOS R6",
                    "duration": 12.0 if video else None,
                    "path": p,
                    "root": root_s,
                    "tags": empty_tags(),
                },
            )
            n += 1
    lib.close()
    return n


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--pairs", type=int, default=3)
    args = ap.parse_args()
    root = OUT / f"tree-{args.files}"
    print(f"rescan: building a tree of {args.files} files on {machine()}", flush=True)
    make_tree(root, args.files)
    work = Path(tempfile.mkdtemp(prefix="lm-bench-rescan-"))
    data = work / "data"
    n = prepare_catalog(data, root)
    print(f"  catalog prepared with {n} assets", flush=True)
    lib = Library(data)
    try:
        first = lib.scan(root)
        assert first.unchanged == n and first.added == 0, first.to_json()

        def ours():
            s = lib.scan(root)
            assert s.unchanged == n

        def reference():
            subprocess.run(["find", str(root), "-printf", "%s %T@\n"], check=True, stdout=subprocess.DEVNULL)

        ma, mb, ratio = alternate(ours, reference, args.pairs, "Library.scan", "find -printf")
    finally:
        lib.close()
    t0 = time.perf_counter()
    subprocess.run(lm_cmd("--data-dir", str(data), "scan", str(root), "--json"), check=True, stdout=subprocess.DEVNULL)
    cli = time.perf_counter() - t0
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"rescan RESULT: ours {ma:.3f} s, find {mb:.3f} s, ratio {ratio:.2f} (target <= 3: {verdict(ratio, 3)}); "
        f"whole CLI command incl. start-up and catalog load: {cli:.2f} s"
    )
    return {"ours": ma, "reference": mb, "ratio": ratio, "cli": cli}


if __name__ == "__main__":
    main()
