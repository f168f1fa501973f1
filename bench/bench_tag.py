"""Tagging a 10,000-asset selection from the GUI (offscreen): the longest time the GUI thread is blocked while
the TagCommand is pushed, applied, undone and redone, and how long each step takes to complete.

Target (issue #9): no stall of the GUI thread over 50 ms. The sidecar writer runs meanwhile, as in the app
(the records' files do not exist, but each sidecar write is real and competes for the interpreter).
Reference in the same run: the same measurement while a plain Python loop runs on another thread for 2 s
(what any background work costs the GUI thread on this machine at this moment).
Run: .venv/bin/python bench/bench_tag.py [--assets N]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import machine, verdict


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.disable(logging.CRITICAL)  # a failed write logs a traceback: not what is measured
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from lectoure_media.core.library import Library
    from lectoure_media.gui.commands import TagCommand

    app = QApplication([sys.argv[0]])
    work = Path(tempfile.mkdtemp(prefix="bench-tag-"))
    root = work / "Photos"
    root.mkdir()
    lib = Library(work / "data")
    lib._register_root(str(root))
    ids = []
    for i in range(args.assets):
        doc_id = lib._new_id()
        lib._put(
            doc_id,
            {
                "path": str(root / f"IMG_{i:06d}.JPG"),
                "root": str(root),
                "kind": "photo",
                "size": 3_000_000 + i,
                "mtime_ns": i,
                "taken_at": f"2024-05-{1 + i % 28:02d}T10:00:00",
                "tags": {"business": [f"Commerce {i % 90}"]} if i % 3 else {},
            },
        )
        ids.append(doc_id)
    lib.close()
    lib = Library(work / "data")  # opened as the app opens it (the catalog's objects frozen for the GC)
    stack = QUndoStack()
    clock = QElapsedTimer()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    done: list[int] = []

    def step(label: str, action) -> tuple[str, float, float]:
        done.clear()
        ticks.clear()
        clock.start()
        timer.start()
        t0 = time.perf_counter()
        ticks.append(clock.elapsed())
        action()
        ticks.append(clock.elapsed())
        while not done:
            app.processEvents()
            time.sleep(0.001)
        total = time.perf_counter() - t0
        timer.stop()
        ticks.append(clock.elapsed())
        stall = max(b - a for a, b in zip(ticks, ticks[1:], strict=False))  # consecutive ticks
        return label, stall, total

    def busy_loop() -> None:
        end = time.perf_counter() + 2.0
        while time.perf_counter() < end:
            pass
        done.append(0)

    command = TagCommand(lib, ids, "keywords", ["Marché de nuit"], [], lambda changed: done.append(len(changed)))
    rows = [
        step("push (tag)", lambda: stack.push(command)),
        step("undo", stack.undo),
        step("redo", stack.redo),
        step("reference", lambda: threading.Thread(target=busy_loop).start()),
    ]
    print(f"tagging: {args.assets} assets on {machine()}")
    for label, stall, total in rows:
        print(f"  {label:11s} longest GUI-thread stall {stall:4.0f} ms  (done in {total:.2f} s)  {verdict(stall, 50)}")
    os._exit(0)  # the sidecar writer is still busy with the 10,000 files: not measured


if __name__ == "__main__":
    main()
