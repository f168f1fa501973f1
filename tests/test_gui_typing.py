"""Defects the type checker found in the GUI (issue 9, GUI types): each was a real fault, not only a
missing annotation."""

import pytest
from PySide6.QtCore import Qt

from lectoure_media.gui.models import AssetListModel
from tests.media_factory import make_jpeg


@pytest.fixture
def model(qtbot, lib, library_root):
    for name in ("b-photo.jpg", "a-photo.jpg"):
        make_jpeg(library_root / name)
    lib.scan(library_root)
    return AssetListModel(lib)


def test_the_models_sort_choice_does_not_hide_qt_sort(model):
    """`AssetListModel.sort` was a str attribute that replaced QAbstractItemModel.sort(): a view (or Qt)
    asking the model to sort got "'str' object is not callable"."""
    model.sort(0, Qt.SortOrder.AscendingOrder)  # Qt's own method: the model keeps its query order
    assert callable(model.sort)


def test_the_sort_choice_still_orders_the_rows(model, lib):
    model.refresh()
    assert model.rowCount() == 2
    model.set_sort("name")
    assert model.sort_by == "name"
    names = [model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]
    assert names == ["a-photo.jpg", "b-photo.jpg"]
