import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
