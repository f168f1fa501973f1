"""Library.watch keeps the catalog in sync with the folder, with both observers."""
import os
import threading

import pytest

from lectoure_media.core.library import Library
from lectoure_media.core.search import Filter
from tests.media_factory import make_jpeg

FAST = dict(poll_interval=0.3, stable_seconds=0.5, health_interval=0.3, retry_interval=0.5)


class Updates:
    def __init__(self):
        self.cond = threading.Condition()
        self.states = []

    def on_update(self, summary):
        with self.cond:
            self.cond.notify_all()

    def on_status(self, status):
        with self.cond:
            self.states.append(status.state)
            self.cond.notify_all()

    def wait_for(self, predicate, timeout=20):
        with self.cond:
            assert self.cond.wait_for(predicate, timeout=timeout), "condition not met in time"


def names(lib, **flt):
    return sorted(os.path.basename(d["path"]) for d in lib.query(Filter(**flt)))


@pytest.mark.parametrize("mode", ["native", "polling"])
def test_copy_rename_delete_and_share_loss(data_dir, library_root, mode):
    make_jpeg(library_root / "a.jpg", size=(80, 60))
    with Library(data_dir, probe_workers=1) as lib:
        lib.scan(library_root)
        lib.tag([str(library_root / "a.jpg")], add={"business": ["Le Bistrot"]})
        lib.wait_sidecars()
        up = Updates()
        handle = lib.watch(library_root, on_update=up.on_update, on_status=up.on_status, mode=mode, **FAST)
        try:
            up.wait_for(lambda: up.states and up.states[-1] in ("watching", "polling"))
            make_jpeg(library_root / "new" / "b.jpg", size=(90, 60))  # a copy into a new folder
            up.wait_for(lambda: "b.jpg" in names(lib))
            os.rename(library_root / "a.jpg", library_root / "new" / "a-renamed.jpg")
            os.rename(str(library_root / "a.jpg") + ".xmp", str(library_root / "new" / "a-renamed.jpg") + ".xmp")
            up.wait_for(lambda: names(lib, business=["Le Bistrot"]) == ["a-renamed.jpg"])
            assert names(lib, missing=True) == []
            os.unlink(library_root / "new" / "b.jpg")
            up.wait_for(lambda: names(lib, missing=True) == ["b.jpg"])

            away = library_root.parent / "disconnected"
            os.rename(library_root, away)  # the share drops
            up.wait_for(lambda: "unreachable" in up.states)
            assert names(lib, missing=True) == ["b.jpg"]  # nothing else marked missing
            os.rename(away, library_root)
            up.wait_for(lambda: up.states[-1] in ("watching", "polling"))
            make_jpeg(library_root / "after.jpg", size=(50, 40))
            up.wait_for(lambda: "after.jpg" in names(lib))
            assert names(lib, missing=True) == ["b.jpg"]
            assert names(lib, business=["Le Bistrot"]) == ["a-renamed.jpg"]
        finally:
            handle.stop()



def test_files_added_between_the_scan_and_the_start_of_watching_are_caught(data_dir, library_root):
    make_jpeg(library_root / "a.jpg", size=(40, 30))
    with Library(data_dir, probe_workers=1) as lib:
        lib.scan(library_root)
        make_jpeg(library_root / "between.jpg", size=(40, 30))  # no watcher yet: no event will ever come
        up = Updates()
        handle = lib.watch(library_root, on_update=up.on_update, on_status=up.on_status, mode="native",
                           reconcile_interval=3600, **{k: v for k, v in FAST.items() if k != "poll_interval"})
        try:
            up.wait_for(lambda: "between.jpg" in names(lib))
        finally:
            handle.stop()
