"""gui/tasks.Task: a task whose window is closed while it runs drops its result quietly (it used to raise
"Signal source has been deleted" in the worker thread, which pytest-qt reported in whatever test came next)."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject

from lectoure_media.gui.tasks import Task


def test_a_task_outliving_its_window_drops_its_result(qtbot):
    release = threading.Event()
    parent = QObject()
    task = Task(lambda progress, cancel: (release.wait(10), progress(1, 1, "fin"))[1], parent=parent)
    got = []
    task.finished.connect(got.append)
    task.start()
    shiboken6.delete(parent)  # the window closed: the task's Qt object goes with it
    assert not shiboken6.isValid(task)
    release.set()
    assert task.done.wait(10)
    QCoreApplication.processEvents()  # deliver any queued signal (none may come)
    assert got == []


def test_a_live_task_still_reports(qtbot):
    task = Task(lambda progress, cancel: (progress(1, 2, "moitié"), 42)[1])
    steps = []
    task.progress.connect(lambda *a: steps.append(a))
    with qtbot.waitSignal(task.finished, timeout=10_000) as blocker:
        task.start()
    assert blocker.args == [42] and steps == [(1, 2, "moitié")]
