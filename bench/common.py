"""Shared helpers for the benchmarks: alternate ours and the reference, report medians and the ratio."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REPO = HERE.parent


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f", {int(fh.readline().split()[1]) // 1024 // 1024} GiB RAM"
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_quiet(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def alternate(ours, reference, pairs: int = 3, label_ours: str = "ours", label_ref: str = "reference"):
    """Run A B A B … and return (median ours, median reference, ratio)."""
    a, b = [], []
    for i in range(pairs):
        a.append(timed(ours))
        b.append(timed(reference))
        print(f"  pair {i + 1}: {label_ours} {a[-1]:.3f} s, {label_ref} {b[-1]:.3f} s", flush=True)
    ma, mb = statistics.median(a), statistics.median(b)
    return ma, mb, ma / mb


def lm_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "lectoure_media", *args]


def verdict(ratio: float, target: float) -> str:
    return "OK" if ratio <= target else "MISSED"
