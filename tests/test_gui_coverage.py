"""The coverage view in the main window (pytest-qt, offscreen): reachable by its action and shortcut, most
overdue first with status colours, filters, a click shows the assets in the grid, counts follow files
arriving and tags changing, the chart, CSV export and the SIRENE import."""

from __future__ import annotations

import os
import shutil

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage

from lectoure_media.core.sidecar import sidecar_path_for
from lectoure_media.gui.coverage_view import STATUS_COLOURS
from tests.media_factory import make_jpeg

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def window(qtbot, lib, tmp_path):
    from lectoure_media.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lib, settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    win.stop_watching()


@pytest.fixture
def tagged(qtbot, window, library_root, tmp_path):
    lib = window.library
    make_jpeg(library_root / "bastion.jpg", size=(320, 240), taken_at="2024:05:01 10:00:00", seed=1)
    make_jpeg(library_root / "cafe.jpg", size=(240, 320), taken_at="2024:06:01 10:00:00", seed=2)
    make_jpeg(library_root / "rue.jpg", size=(300, 300), taken_at="2024:07:01 10:00:00", seed=3)
    lib.update_settings(poll_interval=0.5)
    window.open_root(str(library_root))
    qtbot.waitUntil(lambda: window._scan_task is None, timeout=60_000)
    lib.tag(
        [str(library_root / "bastion.jpg")], add={"business": ["Le Bastion"]}, categories={"Le Bastion": "Restaurants"}
    )
    lib.tag(
        [str(library_root / "cafe.jpg")],
        add={"business": ["Café des Sports"]},
        categories={"Café des Sports": "Cafés et bars"},
    )
    lib.wait_sidecars()
    results = lib.export([str(library_root / "bastion.jpg")], ["instagram-portrait"], str(tmp_path / "out"), workers=1)
    assert all(r.output for r in results)
    window._on_library_updated(None)
    return library_root


def rows(view):
    return [(r.facet, r.name, r.status, r.assets) for r in view.model.rows()]


def open_view(qtbot, window):
    view = window.coverage_view
    window.act_coverage.trigger()
    assert view.isVisibleTo(window) and not window.grid.isVisibleTo(window)
    qtbot.waitUntil(lambda: view.report is not None and not view.is_busy(), timeout=10_000)
    return view


def test_view_lists_most_overdue_first_and_a_click_shows_the_assets(qtbot, window, tagged):
    view = open_view(qtbot, window)
    view.facet_box.setCurrentIndex(view.facet_box.findData("business"))
    qtbot.waitUntil(lambda: [r[0] for r in rows(view)] == ["business", "business"], timeout=10_000)
    assert rows(view) == [("business", "Café des Sports", "never", 1), ("business", "Le Bastion", "ok", 1)]
    colour = view.model.data(view.model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert colour == QColor(STATUS_COLOURS["never"])
    assert view.model.data(view.model.index(1, 0), Qt.ItemDataRole.BackgroundRole) == QColor(STATUS_COLOURS["ok"])
    assert "1" in view.summary.text()

    view.category_box.setCurrentIndex(view.category_box.findData("Restaurants"))
    qtbot.waitUntil(lambda: [r[1] for r in rows(view)] == ["Le Bastion"], timeout=10_000)
    view.category_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(rows(view)) == 2, timeout=10_000)

    # a click on the café's row: the grid comes back with its one photo
    index = view.model.index(0, 1)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.grid.isVisibleTo(window) and not window.coverage_view.isVisibleTo(window)
    assert not window.act_coverage.isChecked()
    qtbot.waitUntil(
        lambda: [os.path.basename(window.library.asset(i)["path"]) for i in window.model.ids()] == ["cafe.jpg"],
        timeout=10_000,
    )
    # the shortcut brings the view back, the keyboard opens a row too
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.isVisibleTo(window) and not window.grid.isVisibleTo(window)
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)  # Escape: back to the grid as it was
    assert (
        window.grid.isVisibleTo(window)
        and not window.coverage_view.isVisibleTo(window)
        and not window.act_coverage.isChecked()
    )
    window.act_coverage.trigger()
    view.table.setCurrentIndex(view.model.index(1, 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: [os.path.basename(window.library.asset(i)["path"]) for i in window.model.ids()] == ["bastion.jpg"],
        timeout=10_000,
    )


def test_counts_follow_files_arriving_and_tags_changing(qtbot, window, tagged):
    view = open_view(qtbot, window)
    view.facet_box.setCurrentIndex(view.facet_box.findData("business"))
    qtbot.waitUntil(lambda: ("business", "Le Bastion", "ok", 1) in rows(view), timeout=10_000)
    qtbot.waitUntil(lambda: window._watch is not None, timeout=10_000)
    # a photo arrives on the share with its sidecar (tagged on another PC): the watcher reports it
    staged = tagged.parent / "staged.jpg"
    make_jpeg(staged, size=(200, 100), taken_at="2024:08:01 10:00:00", seed=9)
    shutil.copyfile(sidecar_path_for(str(tagged / "bastion.jpg")), sidecar_path_for(str(tagged / "nouveau.jpg")))
    shutil.copyfile(staged, tagged / "nouveau.jpg")
    qtbot.waitUntil(lambda: ("business", "Le Bastion", "ok", 2) in rows(view), timeout=30_000)
    view.table.setCurrentIndex(view.model.index(1, 1))  # the person is on the Bastion's row
    assert view.model.row_at(1).name == "Le Bastion"
    # a tag set in the inspector (the watcher stopped: the view hears of it from the inspector itself)
    window.stop_watching()
    rue = window.library.get_by_path(str(tagged / "rue.jpg"))["id"]
    window.inspector.tag_ids([rue], "business", "Café des Sports")
    qtbot.waitUntil(lambda: ("business", "Café des Sports", "never", 2) in rows(view), timeout=10_000)
    assert rows(view)[0][1] == "Café des Sports"
    assert view.table.currentIndex().isValid()  # still on the Bastion's row after the refreshes
    assert view.model.row_at(view.table.currentIndex().row()).name == "Le Bastion"


def test_chart_csv_and_import(qtbot, window, tagged, tmp_path):
    view = open_view(qtbot, window)
    points = view.chart.points
    assert len(points) == 24 and points[-1].total == 2 and points[-1].featured == 1  # exported today
    image = QImage(view.chart.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    view.chart.render(image)
    last_bar_x = int(view.chart._plot().right() - view.chart._plot().width() / 48)
    assert view.chart.bar_at(last_bar_x) == 23
    blue = QColor("#3b7dd8").rgb()
    column = [image.pixel(last_bar_x, y) for y in range(image.height())]
    assert column.count(blue) > 10  # the bar of this month is drawn (50 %)
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    at = QPoint(last_bar_x, view.chart.height() // 2)
    QApplication.sendEvent(view.chart, QHelpEvent(QEvent.Type.ToolTip, at, view.chart.mapToGlobal(at)))
    qtbot.waitUntil(lambda: "1 of 2 businesses featured (50 %)" in QToolTip.text(), timeout=5000)

    out = tmp_path / "couverture.csv"
    assert view.export_csv(str(out))
    messages = []
    view.message.connect(messages.append)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert not view.export_csv(str(blocker / "couverture.csv"))  # its folder is a file: said, not raised
    assert "couverture.csv" in messages[-1]
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data and "Café des Sports".encode() in data

    extract = tmp_path / "sirene.csv"
    extract.write_text(
        "siret;etatAdministratifEtablissement;enseigne1Etablissement;activitePrincipaleEtablissement;"
        "numeroVoieEtablissement;typeVoieEtablissement;libelleVoieEtablissement\n"
        "12345678900011;A;Chez Paulette;56.10A;3;RUE;NATIONALE\n",
        encoding="cp1252",
    )
    view.import_businesses(str(extract))
    qtbot.waitUntil(lambda: any(r[1] == "Chez Paulette" for r in rows(view)), timeout=10_000)
    assert view.last_import.startswith("Import")
    facet_names = window.facets.lists["business"]
    assert any("Chez Paulette" in facet_names.item(i).text() for i in range(facet_names.count()))
    # Ctrl+Z undoes the import (the entry had no asset), Ctrl+Shift+Z brings it back
    assert window.undo_stack.undoText() == "Import businesses"
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: not any(r[1] == "Chez Paulette" for r in rows(view)), timeout=10_000)
    assert window.library.entry("business", "Chez Paulette") is None
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: any(r[1] == "Chez Paulette" for r in rows(view)), timeout=10_000)
    # a big extract: progress shown, "Cancel the import" stops it with nothing changed
    many = "siret;etatAdministratifEtablissement;enseigne1Etablissement;activitePrincipaleEtablissement\n" + "".join(
        f"{10_000_000_000_000 + i:014d};A;Commerce {i};47.71Z\n" for i in range(40_000)
    )
    (tmp_path / "gros.csv").write_text(many, encoding="utf-8")
    view.import_businesses(str(tmp_path / "gros.csv"))
    assert view.cancel_import_button.isVisible() and view.import_progress.isVisible()
    view.cancel_import_button.click()
    qtbot.waitUntil(lambda: "annulé" in view.last_import, timeout=20_000)
    assert not view.cancel_import_button.isVisible() and view.import_button.isEnabled()
    assert window.library.entry("business", "Commerce 39999") is None
    view.import_businesses(str(tmp_path / "absent.csv"))
    qtbot.waitUntil(lambda: "absent.csv" in view.last_import, timeout=10_000)


def test_view_fits_a_small_laptop_screen(qtbot, window, tagged):
    view = open_view(qtbot, window)
    assert view.minimumSizeHint().width() <= 1366 - 2 * 250  # beside the two docks
    assert view.minimumSizeHint().height() <= 768 - 150
    # every column visible at once in the window at 1366 × 768 (no sideways scrolling)
    qtbot.waitUntil(lambda: view.table.viewport().width() > 0)
    assert window.width() <= 1366
    assert not view.table.horizontalScrollBar().isVisible()
    assert view.chart.height() >= view.chart.minimumHeight()


def test_view_is_french(qtbot, qapp, lib, tmp_path, library_root):
    from lectoure_media.gui.main_window import MainWindow
    from tests.test_gui_translation import (
        TS,
        compile_qm,
        english_sources,
        installed_translation,
        mnemonic_clashes,
        normalize,
        read_ts,
        shown_texts,
        untranslated,
    )

    qm = compile_qm(TS, tmp_path / "fr.qm")
    with installed_translation(qapp, qm):
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        win = MainWindow(lib, settings)
        qtbot.addWidget(win)
        win.show()
        lib.ensure_entry("business", "Le Bastion", category="Restaurants")
        win.act_coverage.trigger()
        view = win.coverage_view
        qtbot.waitUntil(lambda: view.report is not None and not view.is_busy(), timeout=10_000)
        texts = shown_texts(view)
        assert untranslated(texts, english_sources(read_ts())) == []
        shown = {normalize(t) for _w, _p, t in texts}
        assert {"Commerces et sites", "Centre-ville seulement", "Exporter en CSV…", "Importer des commerces…"} <= shown
        headers = [view.model.headerData(i, Qt.Orientation.Horizontal) for i in range(view.model.columnCount())]
        assert headers[:3] == ["Statut", "Nom", "Catégorie"]
        assert view.model.data(view.model.index(0, 0)) == "Jamais"
        assert win.act_coverage.text() == "Co&uverture"
        buttons = [b.text() for b in (view.import_button, view.csv_button, view.centre_box)]
        menus = [a.text() for a in win.menuBar().actions()]
        assert mnemonic_clashes(buttons + menus) == {}
        win.stop_watching()


def test_closing_the_window_waits_for_a_running_report(qtbot, window, tagged, monkeypatch):
    """The library closes right after the window: a report still computing must be finished by then, and
    no new one may start."""
    import threading

    view = open_view(qtbot, window)
    started, release = threading.Event(), threading.Event()
    real = window.library.coverage

    def slow(**kw):
        started.set()
        release.wait(10)
        return real(**kw)

    monkeypatch.setattr(window.library, "coverage", slow)
    view.refresh()
    assert started.wait(10)
    threading.Timer(0.3, release.set).start()
    window.shutdown()
    assert view._started and all(t.done.is_set() for t in view._started)
    view.schedule_refresh()
    view.refresh()
    assert not view._timer.isActive() and all(t.done.is_set() for t in view._started)
