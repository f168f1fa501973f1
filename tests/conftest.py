import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# In CI the property tests draw the same examples on every run: a submission is never failed by an example
# that its own change did not bring. Explored at random on developers' machines, where a failing example is
# then added as an @example (tests/test_crop.py has some).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh per-test data dir (catalog, thumbnails), also exported for child processes."""
    d = tmp_path / "data"
    monkeypatch.setenv("LECTOURE_MEDIA_DATA_DIR", str(d))
    return d


@pytest.fixture
def library_root(tmp_path):
    d = tmp_path / "Photos"
    d.mkdir()
    return d


@pytest.fixture
def lib(data_dir):
    """An open Library on the per-test data dir (one probe worker: tests run on a 2-core machine)."""
    from lectoure_media.core.library import Library

    library = Library(data_dir, probe_workers=1)
    yield library
    library.close()


@pytest.fixture(autouse=True)
def _empty_clipboard_after_gui_tests(request):
    """Qt deletes the clipboard's data at exit; with PySide6 that data may have a Python owner too, and
    the process then crashes after the last test. Empty it after each test that touched Qt."""
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.instance() is not None:
            QGuiApplication.clipboard().clear()
