"""Export items and the plan's kind choice, on the values a hand-edited sidecar or catalog may hold."""

from __future__ import annotations

import pytest

from lectoure_media.core.export.batch import ExportItem
from lectoure_media.core.export.plan import asset_kind


def test_export_item_turns_json_lists_into_tuples():
    item = ExportItem(source="a.jpg", preset_id="tiktok", focal=[0.25, 0.75], override=[0.1, 0.2, 0.5, 0.6])
    assert item.focal == (0.25, 0.75) and isinstance(item.focal, tuple)
    assert item.override == (0.1, 0.2, 0.5, 0.6) and isinstance(item.override, tuple)
    assert ExportItem(source="a.jpg", preset_id="tiktok").focal is None


@pytest.mark.parametrize("kind", ["audio", "", None, 3, ["video"], {"video": 1}, "Video"])
def test_asset_kind_of_a_hostile_record_comes_from_the_file_name(kind):
    assert asset_kind("/x/clip.mp4", {"kind": kind}) == "video"
    assert asset_kind("/x/photo.jpg", {"kind": kind}) == "photo"


def test_asset_kind_trusts_a_valid_record():
    assert asset_kind("/x/clip.mp4", {"kind": "photo"}) == "photo"
    assert asset_kind("/x/photo.jpg", {"kind": "video"}) == "video"
    assert asset_kind("/x/photo.jpg", None) == "photo"
