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
        handle = lib.watch(
            library_root,
            on_update=up.on_update,
            on_status=up.on_status,
            mode="native",
            reconcile_interval=3600,
            **{k: v for k, v in FAST.items() if k != "poll_interval"},
        )
        try:
            up.wait_for(lambda: "between.jpg" in names(lib))
        finally:
            handle.stop()


def test_each_update_names_the_records_it_changed(data_dir, library_root, tmp_path):
    """What a view repaints after a watcher batch: the ids changed, not the whole catalog."""
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        make_jpeg(library_root / name, size=(40, 30))
    with Library(data_dir, probe_workers=1) as lib:
        first = lib.scan(library_root)
        ids = {n: int(lib.get_by_path(str(library_root / n))["id"]) for n in ("a.jpg", "b.jpg", "c.jpg")}
        assert first.changed == set(ids.values())
        assert "changed" not in first.to_json()  # the CLI's JSON (CLI.md) is unchanged
        assert lib.scan(library_root).changed == set()
        up = Updates()
        changed = []
        up_on_update = up.on_update

        def on_update(summary):
            with up.cond:
                changed.append(set(summary.changed))
            up_on_update(summary)

        handle = lib.watch(
            library_root,
            on_update=on_update,
            on_status=up.on_status,
            mode="native",
            reconcile_interval=3600,
            **{k: v for k, v in FAST.items() if k != "poll_interval"},
        )
        try:
            up.wait_for(lambda: up.states and up.states[-1] == "watching")
            make_jpeg(tmp_path / "staged.jpg", size=(80, 60))
            os.replace(tmp_path / "staged.jpg", library_root / "b.jpg")
            up.wait_for(lambda: {ids["b.jpg"]} in changed)
            assert lib.asset(ids["b.jpg"])["width"] == 80
            os.unlink(library_root / "c.jpg")
            up.wait_for(lambda: {ids["c.jpg"]} in changed)
            assert set().union(*changed) == {ids["b.jpg"], ids["c.jpg"]}
        finally:
            handle.stop()
