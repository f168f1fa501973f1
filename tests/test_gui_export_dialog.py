"""The export dialog on a real library: real photos and videos exported by real worker processes."""

import os

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from lectoure_media.gui import export_dialog as ed
from lectoure_media.gui.export_dialog import PROGRESS_STEPS, ExportDialog
from tests.media_factory import make_jpeg, make_video

SIZES = {
    "instagram-square": (1080, 1080),
    "facebook-post": (1200, 630),
    "linkedin-post": (1200, 627),
    "tiktok": (1080, 1920),
}


@pytest.fixture
def open_dialog(qtbot, lib):
    def make(ids, **kwargs):
        dialog = ExportDialog(lib, ids, None, **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    return shown


def scanned(lib, root):
    lib.scan(root)
    return sorted(lib.query_ids(), key=lambda i: lib.asset(i)["path"])


def run(qtbot, dialog, timeout=120_000):
    with qtbot.waitSignal(dialog.exportFinished, timeout=timeout) as blocker:
        dialog.export_button.click()
    return blocker.args[0]


def files_in(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_three_photos_two_presets(qtbot, lib, library_root, tmp_path, open_dialog, monkeypatch):
    for i, name in enumerate(("cathedrale", "bistrot", "fontaine")):
        make_jpeg(library_root / f"{name}.jpg", size=(1600, 1200), seed=i)
    ids = scanned(lib, library_root)
    out = tmp_path / "exports"
    dialog = open_dialog(ids)
    assert "3" in dialog.selection_label.text()
    dialog.set_checked_presets(["instagram-square", "facebook-post"])
    dialog.folder_edit.setText(str(out))
    values = []
    dialog.progress_bar.valueChanged.connect(values.append)

    outcome = run(qtbot, dialog)

    assert not outcome.cancelled and len(outcome.written) == 6 and not outcome.failed
    names = files_in(out)
    assert names == sorted(
        f"{s}_{p}.jpg" for s in ("cathedrale", "bistrot", "fontaine") for p in ("instagram-square", "facebook-post")
    )
    for name in names:
        with Image.open(out / name) as im:
            im.load()
            assert im.size == SIZES[name.split("_", 1)[1][:-4]]
    assert dialog.progress_bar.value() == PROGRESS_STEPS
    assert values == sorted(values) and values[-1] == PROGRESS_STEPS
    rows = [dialog.results.topLevelItem(i) for i in range(dialog.results.topLevelItemCount())]
    assert len(rows) == 6
    assert all(r.text(2).startswith("✓ ") for r in rows), [r.text(2) for r in rows]
    assert "6" in dialog.summary_label.text()
    assert not dialog.warnings_view.isVisible()
    assert dialog.open_folder_button.isEnabled() and not dialog.running
    assert lib.settings().export_folder == str(out)
    assert set(lib.settings().export_presets) == {"instagram-square", "facebook-post"}
    assert len(lib.export_log()) == 6

    # A finished row drags out as the URL of its file.
    mime = dialog.results.mimeData([rows[0]])
    urls = [u.toLocalFile() for u in mime.urls()]
    assert urls == [rows[0].data(0, ed.OutputRole)] and os.path.isfile(urls[0])
    assert rows[0].flags() & Qt.ItemFlag.ItemIsDragEnabled

    # Ctrl+C on one photo: its URL and the picture itself.
    dialog.results.clearSelection()
    rows[1].setSelected(True)
    qtbot.keyClick(dialog.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clip = QGuiApplication.clipboard().mimeData()
    assert [u.toLocalFile() for u in clip.urls()] == [rows[1].data(0, ed.OutputRole)]
    assert clip.hasImage()
    preset_id = os.path.basename(rows[1].data(0, ed.OutputRole)).split("_", 1)[1][:-4]
    assert (clip.imageData().width(), clip.imageData().height()) == SIZES[preset_id]
    # Two rows: both URLs, no single picture.
    rows[0].setSelected(True)
    qtbot.keyClick(dialog.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clip = QGuiApplication.clipboard().mimeData()
    assert sorted(u.toLocalFile() for u in clip.urls()) == sorted(r.data(0, ed.OutputRole) for r in rows[:2])
    assert not clip.hasImage()

    opened = []
    monkeypatch.setattr(
        ed,
        "QDesktopServices",
        type("FakeDesktop", (), {"openUrl": staticmethod(lambda url: opened.append(url.toLocalFile()) or True)}),
    )
    dialog.open_folder_button.click()
    assert opened == [str(out)]


def test_photo_and_video_with_presets_for_one_kind(qtbot, lib, library_root, tmp_path, open_dialog):
    make_jpeg(library_root / "petite.jpg", size=(400, 300))
    make_video(library_root / "clip.mp4", size=(320, 240), seconds=0.5)
    ids = scanned(lib, library_root)
    out = tmp_path / "out"
    dialog = open_dialog(ids, workers=1)
    texts = {
        dialog.preset_list.item(i).data(ed.PresetIdRole): dialog.preset_list.item(i).text()
        for i in range(dialog.preset_list.count())
    }
    assert "1 video(s) will be skipped" in texts["instagram-square"]
    assert "skipped" not in texts["tiktok"]
    assert dialog.trim_check.isEnabled() and dialog.fit_check.isEnabled()
    dialog.set_checked_presets(["instagram-square", "tiktok"])
    dialog.folder_edit.setText(str(out))
    dialog.fit_check.setChecked(True)

    outcome = run(qtbot, dialog)

    assert not outcome.failed, [r.error for r in outcome.failed]
    assert sorted(files_in(out)) == ["clip_tiktok.mp4", "petite_instagram-square.jpg", "petite_tiktok.jpg"]
    assert dialog.results.topLevelItemCount() == 3
    assert dialog.progress_bar.value() == PROGRESS_STEPS
    # A 400x300 photo made 1080 wide is upscaled: the summary lists that warning.
    assert dialog.warnings_view.isVisible()
    assert "agrandissement" in dialog.warnings_view.toPlainText()
    warned = [r for r in outcome.results if r.warnings]
    assert warned and all(any(w in dialog.warnings_view.toPlainText() for w in r.warnings) for r in warned)
    rows = [dialog.results.topLevelItem(i) for i in range(3)]
    assert any(r.text(2).startswith("⚠ ") for r in rows)
    video_row = next(r for r in rows if r.data(0, ed.KindRole) == "video")
    assert os.path.isfile(video_row.data(0, ed.OutputRole))
    # A video row copies as a URL only.
    dialog.results.clearSelection()
    video_row.setSelected(True)
    dialog.copy_selection()
    clip = QGuiApplication.clipboard().mimeData()
    assert [u.toLocalFile() for u in clip.urls()] == [video_row.data(0, ed.OutputRole)]
    assert not clip.hasImage()


def test_cancel_leaves_only_whole_files(qtbot, lib, library_root, tmp_path, open_dialog):
    for i in range(12):
        make_jpeg(library_root / f"photo{i:02d}.jpg", size=(2400, 1800), texture=True, seed=i)
    ids = scanned(lib, library_root)
    out = tmp_path / "out"
    dialog = open_dialog(ids, workers=1)
    dialog.set_checked_presets(["instagram-square", "facebook-post", "linkedin-post"])
    dialog.folder_edit.setText(str(out))
    first = []

    def on_item(result):
        if not first:
            first.append(result)
            dialog.cancel_button.click()

    dialog.itemExported.connect(on_item)

    outcome = run(qtbot, dialog)

    assert first and outcome.cancelled
    assert 1 <= len(outcome.written) < 36 and outcome.not_done
    assert len(outcome.results) == 36
    assert "cancelled" in dialog.summary_label.text().lower()
    assert str(len(outcome.written)) in dialog.summary_label.text()
    names = files_in(out)
    assert not [n for n in names if n.endswith(".part") or n.startswith(".")]
    assert sorted(names) == sorted(os.path.basename(r.output) for r in outcome.written)
    for name in names:
        with Image.open(out / name) as im:
            im.load()  # a truncated JPEG raises here
            assert im.size == SIZES[name.split("_", 1)[1][:-4]]
    texts = [dialog.results.topLevelItem(i).text(2) for i in range(dialog.results.topLevelItemCount())]
    assert len(texts) == 36
    assert sum(t.startswith("✓ ") for t in texts) == len(outcome.written)
    assert sum(t.startswith("— ") for t in texts) == len(outcome.not_done)
    cancelled_row = next(dialog.results.topLevelItem(i) for i, t in enumerate(texts) if t.startswith("— "))
    assert not cancelled_row.flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert dialog.mime_data_for([cancelled_row]) is None
    assert dialog.isVisible() and not dialog.running and dialog.export_button.isEnabled()


def test_closing_during_an_export_asks_then_cancels_closes_and_summarises(
    qtbot, lib, library_root, tmp_path, open_dialog
):
    for i in range(2):
        make_jpeg(library_root / f"p{i}.jpg", size=(800, 600), seed=i)
    ids = scanned(lib, library_root)
    dialog = open_dialog(ids, workers=1)
    dialog.set_checked_presets(["instagram-square"])
    dialog.folder_edit.setText(str(tmp_path / "out"))
    still_open = []

    def close_now(_total):
        dialog.reject()  # what Escape or the window's close button do
        still_open.append(dialog.isVisible() and dialog.running)
        question = dialog.stop_question
        assert question is not None and question.isVisible()  # asked first
        # "Continue the export" would go on; "Stop and close" stops it.
        stop = next(b for b in question.buttons() if b.text() == "Stop and close")
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)

    dialog.exportStarted.connect(close_now)
    outcome = run(qtbot, dialog)
    assert still_open == [True]
    assert outcome.cancelled and not outcome.written
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert dialog.summary_text(outcome) == "Export cancelled: 0 file(s) written, 2 not written."


def test_closing_during_an_export_and_continuing_keeps_it_running(qtbot, lib, library_root, tmp_path, open_dialog):
    make_jpeg(library_root / "p.jpg", size=(800, 600))
    ids = scanned(lib, library_root)
    dialog = open_dialog(ids, workers=1)
    dialog.set_checked_presets(["instagram-square", "facebook-post"])
    dialog.folder_edit.setText(str(tmp_path / "out"))

    def close_now(_total):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        question = dialog.stop_question
        assert question is not None and question.isVisible()
        qtbot.keyClick(question, Qt.Key.Key_Escape)  # the question's Escape: go on exporting

    dialog.exportStarted.connect(close_now)
    outcome = run(qtbot, dialog)
    assert not outcome.cancelled and len(outcome.written) == 2
    assert dialog.isVisible()


def test_naming_example_follows_the_template(qtbot, lib, library_root, open_dialog):
    make_jpeg(library_root / "cathedrale.jpg", size=(800, 600), taken_at="2024:05:01 10:00:00")
    ids = scanned(lib, library_root)
    lib.tag([lib.asset(ids[0])["path"]], add={"campaign": ["Été 2024"]})
    assert lib.wait_sidecars(30)
    dialog = open_dialog(ids)
    dialog.set_checked_presets(["facebook-post"])
    assert dialog.template_edit.text() == "{name}_{preset}"
    assert dialog.example_label.text().endswith("cathedrale_facebook-post.jpg")
    dialog.template_edit.setText("{date}_{campaign}_")
    dialog.field_buttons["name"].click()
    assert dialog.template_edit.text() == "{date}_{campaign}_{name}"
    assert dialog.example_label.text().endswith("2024-05-01_Été 2024_cathedrale.jpg")
    assert dialog.export_button.isEnabled()
    dialog.template_edit.setText("{nom}_{preset}")
    assert dialog.example_label.text().startswith("✗ ") and "{nom}" in dialog.example_label.text()
    assert not dialog.export_button.isEnabled()
    dialog.template_edit.setText("{date:%Y%m%d}-{name}")
    assert dialog.example_label.text().endswith("20240501-cathedrale.jpg")
    assert dialog.export_button.isEnabled()


def test_unusable_destination_is_a_sentence(qtbot, lib, library_root, tmp_path, open_dialog, warnings_shown):
    make_jpeg(library_root / "a.jpg", size=(800, 600))
    ids = scanned(lib, library_root)
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x")
    dialog = open_dialog(ids)
    dialog.set_checked_presets(["instagram-square"])
    dialog.folder_edit.setText(str(blocker_file / "sub"))
    with qtbot.waitSignal(dialog.exportFailed, timeout=30_000) as failed:
        dialog.export_button.click()
    assert "not-a-folder" in failed.args[0] and "Traceback" not in failed.args[0]
    assert failed.args[0] in dialog.summary_label.text()
    assert not dialog.running and dialog.export_button.isEnabled() and dialog.close_button.isVisible()


def test_missing_choices_are_refused_before_starting(qtbot, lib, library_root, tmp_path, open_dialog, warnings_shown):
    make_video(library_root / "clip.mp4", size=(320, 240), seconds=0.5)
    make_jpeg(library_root / "gone.jpg", size=(800, 600))
    ids = scanned(lib, library_root)
    os.remove(library_root / "gone.jpg")
    lib.update_settings(default_credit="Photo : Ville de Lectoure")
    dialog = open_dialog(ids)
    assert "1 missing" in dialog.selection_label.text()
    assert dialog.credit_edit.text() == "Photo : Ville de Lectoure"
    started = []
    dialog.exportStarted.connect(started.append)
    dialog.set_checked_presets([])  # the default format set unticked
    dialog.export_button.click()
    assert warnings_shown[-1] == "Tick at least one format."
    dialog.set_checked_presets(["instagram-square"])  # photos only, and the only photo is gone
    dialog.export_button.click()
    assert warnings_shown[-1] == "Choose the folder where the exported files should go."
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.export_button.click()
    assert warnings_shown[-1] == "None of the ticked formats applies to the selected assets."
    dialog.set_checked_presets(["tiktok"])
    dialog.logo_edit.setText(str(tmp_path / "no-logo.png"))
    dialog.export_button.click()
    assert "no-logo.png" in warnings_shown[-1]
    assert started == [] and not dialog.running and not (tmp_path / "out").exists()


def test_the_default_credit_set_in_the_settings_reaches_the_export_dialog(qtbot, lib, library_root, monkeypatch):
    """As a user would: Paramètres → default credit → Save, then Export from the main window."""
    from PySide6.QtCore import QSettings

    from lectoure_media.gui.main_window import MainWindow
    from lectoure_media.gui.settings_dialog import SettingsDialog

    make_jpeg(library_root / "halle.jpg", size=(400, 300))
    ids = scanned(lib, library_root)
    window = MainWindow(lib, QSettings(str(lib.data_dir / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    settings_dialog = SettingsDialog(lib, window)
    settings_dialog.credit.setText("Photo : Ville de Lectoure")
    settings_dialog.accept()
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    monkeypatch.setattr(window, "selected_ids", lambda: ids)
    window.open_export()
    assert [d.credit_edit.text() for d in opened] == ["Photo : Ville de Lectoure"]


def test_export_choices_belong_to_the_data_dir(qtbot, tmp_path, library_root, warnings_shown):
    """Two data dirs (--data-dir): the folder, formats and template chosen in one never show in the other."""
    from lectoure_media.core.library import Library

    make_jpeg(library_root / "halle.jpg", size=(400, 300))
    with Library(tmp_path / "data-a", probe_workers=1) as a, Library(tmp_path / "data-b", probe_workers=1) as b:
        ids_a, ids_b = scanned(a, library_root), scanned(b, library_root)
        first = ExportDialog(a, ids_a, None, workers=1)
        qtbot.addWidget(first)
        first.set_checked_presets(["facebook-post"])
        first.folder_edit.setText(str(tmp_path / "out-a"))
        first.template_edit.setText("{preset}_{name}")
        run(qtbot, first)
        assert os.listdir(tmp_path / "out-a") == ["facebook-post_halle.jpg"]
        other = ExportDialog(b, ids_b, None)
        qtbot.addWidget(other)
        # PC B never exported: its default is the team's first format set, not PC A's last choice
        assert other.folder_edit.text() == ""
        assert {p.id for p in other.checked_presets()} == {
            "instagram-portrait",
            "instagram-story",
            "facebook-post",
            "tiktok",
        }
        assert other.template_edit.text() == "{name}_{preset}"
        again = ExportDialog(a, ids_a, None)
        qtbot.addWidget(again)
        assert again.folder_edit.text() == str(tmp_path / "out-a")
        assert [p.id for p in again.checked_presets()] == ["facebook-post"]
        assert again.template_edit.text() == "{preset}_{name}"
    assert warnings_shown == []
