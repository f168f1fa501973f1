"""Coverage of 100,000 assets × 500 businesses (`Library.coverage`, the whole facade call: the export log
read from the registry, the rows, the order and the 24-month series).

Target (issue 12, item 9): ≤ 200 ms. Measured three ways: a report while the export log is unchanged (after
a tag edit or a file arriving: its parse is reused), right after one more export (only that row parsed) and
the first report after the start (the whole log parsed).
Reference in the same run, alternated: one plain pass over the 100,000 stored records grouping their ids by
business name (a dict of lists) — the least work any per-business report has to do without an index.
Run: .venv/bin/python bench/bench_coverage.py [--assets N] [--businesses N] [--exports N] [--pairs N] [--striped]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import alternate, machine, verdict


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--businesses", type=int, default=500)
    parser.add_argument("--exports", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--striped", action="store_true", help="business i % N for asset i (no shoots)")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    from lectoure_media.core.coverage import months_before
    from lectoure_media.core.library import EXPORTS, Library
    from lectoure_media.core.taxonomy import Business

    work = Path(tempfile.mkdtemp(prefix="bench-coverage-"))
    root = work / "Photos"
    lib = Library(work / "data")
    lib._register_root(str(root))
    for b in range(args.businesses):
        lib.save_entry(
            "business",
            Business(
                f"Commerce {b:03d}",
                category=("Restaurants", "Boutiques", "Cafés et bars")[b % 3],
                town_centre=b % 4 != 0,
            ),
        )
    for i in range(args.assets):
        # Photos arrive by shoots (a card's 40 consecutive files, one business each) and one shoot in
        # seven has no business. --striped deals them out one by one instead (the worst case for memory).
        shoot = i if args.striped else i // 40
        tags = {"business": [f"Commerce {shoot % args.businesses:03d}"]} if shoot % 7 else {}
        lib._put(
            lib._new_id(),
            {
                "path": str(root / f"IMG_{i:06d}.JPG"),
                "root": str(root),
                "kind": "photo",
                "size": 3_000_000 + i,
                "mtime_ns": i,
                "fingerprint": f"fp{i:06d}",
                "taken_at": f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00",
                "tags": tags,
            },
        )
    today = date.today()
    step = max(1, args.assets // args.exports)
    for n, i in enumerate(range(0, args.assets, step)):  # one photo in five exported
        entry = {
            "fingerprint": f"fp{i:06d}",
            "source": str(root / f"IMG_{i:06d}.JPG"),
            "preset": ("instagram-portrait", "facebook", "web")[n % 3],
            "output": str(work / "out" / f"IMG_{i:06d}.jpg"),
            "width": 1080,
            "height": 1350,
            "bytes": 1,
            "at": f"{months_before(today, n % 24).isoformat()}T12:00:00",  # spread over the last two years
        }
        lib._registry.put(EXPORTS, lib._registry.next_id(EXPORTS), entry)
        lib._index.add_export(entry)
    lib.close()
    lib = Library(work / "data")  # opened as the app and the CLI open it

    def ours() -> None:
        report = lib.coverage()
        assert sum(r.facet == "business" for r in report.rows) == args.businesses

    docs = lib._index.docs

    def reference() -> None:
        groups: dict[str, list[int]] = {}
        for doc_id, doc in docs.items():
            for name in (doc.get("tags") or {}).get("business", ()):
                groups.setdefault(name, []).append(doc_id)
        assert len(groups) == args.businesses, (len(groups), len(docs))

    from lectoure_media.core import coverage

    added = iter(range(10**6))

    def ours_after_an_export() -> None:  # one export more in the log: only that row is parsed
        n = next(added)
        entry = {
            "fingerprint": f"fp{n % args.assets:06d}",
            "source": str(root / f"IMG_{n % args.assets:06d}.JPG"),
            "preset": "tiktok",
            "output": str(work / "out" / f"new-{n}.mp4"),
            "width": 1080,
            "height": 1920,
            "bytes": 1,
            "at": f"{today.isoformat()}T23:59:{n % 60:02d}",
        }
        lib._registry.put(EXPORTS, lib._registry.next_id(EXPORTS), entry)
        lib._index.add_export(entry)
        ours()

    def ours_cold() -> None:  # the first report after the app starts: the whole log parsed
        coverage._parsed_logs.clear()
        ours()

    ours()  # warm: the lazy imports and the first query's index
    mc, mbc, ratio_c = alternate(ours_cold, reference, pairs=args.pairs, label_ours="ours, first report")
    me, mbe, ratio_e = alternate(ours_after_an_export, reference, pairs=args.pairs, label_ours="ours, after an export")
    ma, mb, ratio = alternate(ours, reference, pairs=args.pairs, label_ref="group-by pass")
    rows = lib.coverage().counts()
    layout = "striped" if args.striped else "shoots of 40"
    print(
        f"coverage: {args.assets} assets × {args.businesses} businesses ({layout}), "
        f"{args.exports} exports on {machine()}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  statuses {rows}")
    print(f"  Library.coverage median {ma * 1000:.1f} ms  {verdict(ma, 0.200)} (target ≤ 200 ms)")
    print(f"  reference (one group-by pass over the records) median {mb * 1000:.1f} ms; ratio {ratio:.2f}")
    print(
        f"  right after an export median {me * 1000:.1f} ms  {verdict(me, 0.200)}; ratio {ratio_e:.2f} "
        f"(reference {mbe * 1000:.1f} ms)"
    )
    print(
        f"  first report after the start (whole log parsed) median {mc * 1000:.1f} ms  {verdict(mc, 0.200)}; "
        f"ratio {ratio_c:.2f} (reference {mbc * 1000:.1f} ms)"
    )
    lib.close()


if __name__ == "__main__":
    main()
