"""The team folder's publication log at 100,000 lines (two PCs' files): how much does a long history cost the open?

Measured in the same run, each the median of --repeat opens (the close, which may save the cache, untimed):
  * empty: the same library without any log line (the reference: what the rest of the open costs);
  * full read: the log present but no cache in the data dir (a new PC, or a lost cache): every line parsed;
  * cached: the usual open (the data dir's cache holds what was read; files unchanged);
  * after append: another PC appended 10 lines since (only those bytes are read).
Targets: cached - empty <= 0.6 × (full read - empty); after append <= 1.5 × cached (only the new bytes are
read; the rest is the noise of a shared machine).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import machine, verdict

from lectoure_media.core.library import Library


def line(i: int, pc: str) -> bytes:
    return orjson.dumps(
        {"type": "export", "id": str(uuid.uuid4()), "fingerprint": f"fp{i % 5000}", "source": f"d/{i}.jpg",
         "preset": "tiktok", "output": f"/o/{i}.jpg", "width": 1080, "height": 1920, "bytes": 1234,
         "platform": None, "date": "2024-01-01", "url": None, "at": "2024-01-01T10:00:00", "pc": pc, "pc_id": pc}
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-publog-"))
    root = work / "share"
    folder = root / ".lectoure-media" / "publog"
    folder.mkdir(parents=True)
    half = args.lines // 2
    for pc in ("PC-A", "PC-B"):
        (folder / f"{pc}.jsonl").write_bytes(b"\n".join(line(i, pc) for i in range(half)) + b"\n")
    data = work / "data"
    with Library(data) as lib:
        lib.scan(root)

    def open_lib() -> tuple[float, int]:
        """Seconds to open (the close, which may save the cache, is not timed), entries seen."""
        t0 = time.perf_counter()
        lib = Library(data)
        seconds = time.perf_counter() - t0
        count = len(lib._publog.entries)
        lib.close()
        return seconds, count

    def timed(fn) -> float:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    cache = data / "publog-cache.json"
    saved = cache.read_bytes()
    full = statistics.median(_without_cache(open_lib, cache) for _ in range(args.repeat))
    cache.write_bytes(saved)
    open_lib()  # (the cache restored above: written back once)
    cacheds, afters = [], []
    for _ in range(args.repeat):  # interleaved, so that both see the same machine load
        cacheds.append(open_lib()[0])
        with open(folder / "PC-B.jsonl", "ab") as fh:
            fh.write(b"\n".join(line(i, "PC-B") for i in range(10)) + b"\n")
        seconds, count = open_lib()
        afters.append(seconds)
    cached, after = statistics.median(cacheds), statistics.median(afters)
    for f in folder.glob("*.jsonl"):
        f.unlink()
    cache.unlink()
    empty = statistics.median(open_lib()[0] for _ in range(args.repeat))
    shutil.rmtree(work, ignore_errors=True)
    print(machine())
    print(f"{args.lines} lines ({count} entries after the appends); empty log (reference): {empty * 1000:.0f} ms")
    print(f"full read, no cache: {full * 1000:.0f} ms (+{(full - empty) * 1000:.0f} ms)")
    ratio = (cached - empty) / max(full - empty, 1e-9)
    print(f"cached: {cached * 1000:.0f} ms (+{(cached - empty) * 1000:.0f} ms, {ratio:.2f} × the full read's) "
          f"{verdict(ratio, 0.6)}")  # fmt: skip
    print(f"after 10 appended lines: {after * 1000:.0f} ms {verdict(after / cached, 1.5)}")


def _without_cache(open_lib, cache: Path) -> float:
    cache.unlink(missing_ok=True)
    seconds, _ = open_lib()
    return seconds


if __name__ == "__main__":
    main()
