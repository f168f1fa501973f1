"""Time from the end of a copy into the watched folder to the asset being in the catalog, with the
default settings (stability 2 s; polling every 5 s). Target (issue #2): within 10 s, both observers.
Five copies per mode; reports the median and the worst."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import machine, verdict, wait_seconds, watching
from PIL import Image

from lectoure_media.core.library import Library


def measure(mode: str, copies: int = 5) -> list[float]:
    work = Path(tempfile.mkdtemp(prefix="lm-bench-watch-"))
    root = work / "Photos"
    root.mkdir()
    staged = work / "staged.jpg"
    Image.new("RGB", (3000, 2000), (120, 90, 60)).save(staged, quality=90)
    out = []
    with Library(work / "data") as lib:
        lib.scan(root)
        with watching(lib, root, mode) as seen:
            for i in range(copies):
                target = root / f"copie-{i}.jpg"
                shutil.copyfile(staged, target)
                out.append(wait_seconds(seen, lambda t=target: lib.get_by_path(str(t)) is not None))
    shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> dict:
    print(f"watch latency on {machine()}")
    results = {}
    for mode in ("native", "polling"):
        lat = measure(mode)
        results[mode] = lat
        print(
            f"watch RESULT: {mode}: median {statistics.median(lat):.1f} s, worst {max(lat):.1f} s "
            f"(target <= 10 s: {verdict(max(lat), 10.0)}); each: {', '.join(f'{x:.1f}' for x in lat)}"
        )
    return results


if __name__ == "__main__":
    main()
