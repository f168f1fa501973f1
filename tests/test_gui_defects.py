"""Defects of the desktop app found in review (issue 9): repaints per watcher batch, one thumbnail
loader, dead code."""

import ast
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from lectoure_media.gui.models import ThumbRole
from tests.media_factory import make_jpeg

GUI = Path(__file__).resolve().parents[1] / "lectoure_media"


@pytest.fixture
def window(qtbot, lib, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lib, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.stop_watching()


def test_a_watcher_batch_repaints_only_the_rows_it_changed(qtbot, window, library_root, tmp_path):
    names = [f"photo-{i:02d}.jpg" for i in range(8)]
    for i, name in enumerate(names):
        make_jpeg(library_root / name, size=(60, 40), taken_at=f"2024:05:{i + 1:02d} 10:00:00")
    window.settings.setValue("watch/poll_interval", 0.5)
    window.open_root(str(library_root))
    qtbot.waitUntil(lambda: window._scan_task is None, timeout=60_000)
    qtbot.waitUntil(lambda: window._watch is not None, timeout=10_000)
    model = window.model
    assert model.rowCount() == len(names)
    repainted = []  # (first row, last row) of every repaint that is not a thumbnail arriving

    def on_data_changed(top_left, bottom_right, roles=()):
        if list(roles) != [ThumbRole]:
            repainted.append((top_left.row(), bottom_right.row()))

    model.dataChanged.connect(on_data_changed)
    target = library_root / "photo-03.jpg"
    asset_id = int(window.library.get_by_path(str(target))["id"])
    staged = tmp_path / "staged.jpg"
    make_jpeg(staged, size=(90, 60), taken_at="2024:05:04 10:00:00")  # same date: the row keeps its place
    os.replace(staged, target)
    row = model.row_of(asset_id)
    qtbot.waitUntil(lambda: window.library.asset(asset_id)["width"] == 90 and (row, row) in repainted, timeout=30_000)
    # Every watcher batch and reconcile that arrived meanwhile (the one at the start of watching changed
    # nothing) repainted this row alone, not the 8 rows of the grid.
    assert set(repainted) == {(row, row)}


def test_many_changed_rows_are_one_signal_and_a_registry_edit_one_more(qtbot, lib, tmp_path):
    from lectoure_media.core.library import normalize_root
    from lectoure_media.core.search import Filter
    from lectoure_media.gui.models import AssetListModel

    root = normalize_root(tmp_path / "big")
    for i in range(2000):
        lib._put(
            lib._new_id(),
            {
                "path": f"{root}/IMG_{i:05d}.JPG",
                "root": root,
                "kind": "photo",
                "format": "jpeg",
                "size": 1000 + i,
                "mtime_ns": i,
                "width": 40,
                "height": 30,
                "taken_at": f"2020-01-01T00:00:{i % 60:02d}",
            },
        )
    model = AssetListModel(lib)
    model.set_filter(Filter())
    signals = []
    model.dataChanged.connect(lambda a, b, roles=(): signals.append((a.row(), b.row())))
    ids = model.ids()
    model.assets_changed(ids[10:1500])
    assert signals == [(10, 1499)]
    signals.clear()
    model.assets_changed([ids[7], ids[3]])
    assert signals == [(3, 3), (7, 7)]
    signals.clear()
    model.all_changed()
    assert signals == [(0, 1999)]


def test_grid_and_preview_read_thumbnails_through_one_loader(qtbot, window, lib, library_root):
    from PySide6.QtCore import QRunnable

    from lectoure_media.gui import inspector, models
    from lectoure_media.gui.models import ThumbnailLoader

    assert isinstance(window.model.thumbnails, ThumbnailLoader)
    assert isinstance(window.inspector.thumbnails, ThumbnailLoader)
    jobs = [
        name
        for module in (models, inspector)
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, QRunnable) and value.__module__ == module.__name__
    ]
    assert jobs == ["_ThumbnailJob"]
    # The loader itself: the caller's token comes back with the image, EXIF orientation applied (stored
    # 40×60 pixels, displayed 60×40), and a null image for a file that is not a picture.
    make_jpeg(library_root / "turned.jpg", size=(60, 40), orientation=6)
    (library_root / "broken.jpg").write_bytes(b"not a jpeg")
    loader = ThumbnailLoader()
    got = {}
    loader.loaded.connect(lambda token, image: got.__setitem__(token, image))
    loader.load(("grid", 1), str(library_root / "turned.jpg"))
    loader.load(7, str(library_root / "broken.jpg"))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=10_000)
    assert (got[("grid", 1)].width(), got[("grid", 1)].height()) == (60, 40)
    assert got[7].isNull()


def _names_used(tree: ast.AST) -> set[str]:
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
    return used


OWNED = ["gui/facets.py", "gui/grid.py", "gui/inspector.py", "gui/main_window.py", "gui/models.py", "gui/text.py"]
# Called only by tests and the self-test (waiting for the worker threads, finding an asset's row), on purpose.
TEST_HOOKS = {"wait_for_thumbnails", "wait_for_preview", "row_of"}


@pytest.mark.parametrize("relpath", OWNED)
def test_no_import_kept_only_for_re_export_and_no_uncalled_method(relpath):
    """An import the module does not use (kept for `from main_window import RootUnreachable`), and a method
    nothing in the application calls (FacetPanel.clear_selection), are dead code."""
    from PySide6 import QtCore, QtGui, QtWidgets  # the Qt classes whose virtual methods a gui class overrides

    tree = ast.parse((GUI / relpath).read_text(encoding="utf-8"))
    used_here = _names_used(tree)
    unused_imports = [
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module != "__future__"
        for alias in node.names
        if (alias.asname or alias.name) not in used_here
    ]
    assert unused_imports == []
    assert not any(
        isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in n.targets) for n in tree.body
    ), "__all__ only re-exported names nobody imports from here"

    elsewhere = set()
    for path in GUI.rglob("*.py"):
        elsewhere |= _names_used(ast.parse(path.read_text(encoding="utf-8")))
    qt_names = {
        name
        for module in (QtCore, QtGui, QtWidgets)
        for cls in vars(module).values()
        if isinstance(cls, type)
        for name in dir(cls)
    }
    uncalled = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
            if fn.name.startswith("__") or fn.name in qt_names or fn.name in TEST_HOOKS:
                continue  # Python and Qt call these
            if fn.name not in elsewhere:
                uncalled.append(f"{cls.name}.{fn.name}")
    assert uncalled == []
