"""Shared helpers for the benchmarks: alternate ours and the reference, report medians and the ratio."""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import subprocess
import sys
import threading
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


@contextlib.contextmanager
def watching(lib, root, mode: str):
    """Watch `root` with `lib` (native or polling) until the block ends; yields a Condition notified at every
    status change and every update, once the watcher says it is watching."""
    seen = threading.Condition()
    states: list[str] = []

    def on_status(st):
        with seen:
            states.append(st.state)
            seen.notify_all()

    def on_update(_summary):
        with seen:
            seen.notify_all()

    handle = lib.watch(root, on_status=on_status, on_update=on_update, mode=mode)
    try:
        with seen:
            seen.wait_for(lambda: states and states[-1] in ("watching", "polling"), timeout=30)
        yield seen
    finally:
        handle.stop()


def wait_seconds(seen, predicate, timeout: float = 60) -> float:
    """Seconds from now until `predicate()` holds (checked at each notification of `seen`); inf on timeout."""
    start = time.monotonic()
    with seen:
        ok = seen.wait_for(predicate, timeout=timeout)
    return time.monotonic() - start if ok else float("inf")
