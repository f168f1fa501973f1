"""Team registry (issue 10): time from a registry edit on PC A to PC B's watching library having it, with
the default settings (stability 2 s; polling every 5 s), against the same run's reference: a photo copied
into the folder reaching PC B's catalog (bench 4's measure). Target: within 10 s on a polled share, and no
slower than a sidecar-borne change. Also the cost of the scan-time reload of a 2,000-entry registry
(unchanged files: stat only) against `os.stat` of the same files. Five edits per mode."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import alternate, machine, verdict, wait_seconds, watching
from PIL import Image

from lectoure_media.core.library import Library
from lectoure_media.core.taxonomy import Business


def latency(mode: str, edits: int = 5) -> tuple[list[float], list[float]]:
    work = Path(tempfile.mkdtemp(prefix="lm-bench-team-"))
    root = work / "Photos"
    root.mkdir()
    staged = work / "staged.jpg"
    Image.new("RGB", (1200, 800), (120, 90, 60)).save(staged, quality=90)
    ours, ref = [], []
    with Library(work / "A") as a, Library(work / "B") as b:
        a.scan(root)
        b.scan(root)
        with watching(b, root, mode) as seen:
            for i in range(edits):
                address = f"{i} rue Nationale"
                a.save_entry("business", Business("Café", address=address))
                arrived = lambda v=address: (b.entry("business", "Café") or Business("")).address == v  # noqa: E731 -- one-line predicate
                ours.append(wait_seconds(seen, arrived))
                target = root / f"copie-{i}.jpg"
                shutil.copyfile(staged, target)
                ref.append(wait_seconds(seen, lambda t=target: b.get_by_path(str(t)) is not None))
    shutil.rmtree(work, ignore_errors=True)
    return ours, ref


def reload_cost(entries: int = 2000) -> None:
    work = Path(tempfile.mkdtemp(prefix="lm-bench-team-reload-"))
    root = work / "Photos"
    root.mkdir()
    with Library(work / "A") as a:
        a.scan(root)
        for i in range(entries):
            a.ensure_entry("keywords", f"mot-clé {i}")
        files = list((root / ".lectoure-media" / "registry" / "keywords").iterdir())
        a.sync_registries()  # the first read parses; the next ones only stat unchanged files

        def stat_all() -> None:
            for f in files:
                os.stat(f)

        ours, ref, ratio = alternate(a.sync_registries, stat_all, pairs=5, label_ref="os.stat of each file")
        print(
            f"team RESULT: reload of {entries} unchanged entries: {ours * 1000:.1f} ms, "
            f"os.stat of the same files {ref * 1000:.1f} ms (ratio {ratio:.1f})"
        )
    shutil.rmtree(work, ignore_errors=True)


def main() -> dict:
    print(f"team registry on {machine()}")
    results = {}
    for mode in ("native", "polling"):
        ours, ref = latency(mode)
        results[mode] = (ours, ref)
        print(
            f"team RESULT: {mode}: registry edit median {statistics.median(ours):.1f} s, worst {max(ours):.1f} s "
            f"(target <= 10 s: {verdict(max(ours), 10.0)}); photo copy (same run) median "
            f"{statistics.median(ref):.1f} s, worst {max(ref):.1f} s"
        )
    reload_cost()
    return results


if __name__ == "__main__":
    main()
