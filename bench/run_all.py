"""Run every benchmark (python3 dev.py bench). Figures go to stdout; copy them into docs/benchmarks.md."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_catalog.py",
    "bench_rescan.py",
    "bench_index.py",
    "bench_watch_latency.py",
    "bench_video.py",
    "bench_export_photo.py",
    "bench_smartcrop.py",
    "bench_gui.py",
]

if __name__ == "__main__":
    only = sys.argv[1:]
    rc = 0
    for script in SCRIPTS:
        if only and not any(o in script for o in only):
            continue
        print(f"== {script}", flush=True)
        rc |= subprocess.call([sys.executable, str(HERE / script)])
    sys.exit(rc)
