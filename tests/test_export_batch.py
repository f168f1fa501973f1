"""Batch export in worker processes: sizes, one progress stream, per-item failures, cancel, names, no overwrite."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from lectoure_media.core.export import Cancelled, ExportError
from lectoure_media.core.export.batch import BatchProgress, ExportItem, ExportJob, ExportOptions
from tests.media_factory import make_jpeg, make_random_bytes, make_truncated_jpeg, make_video

PRESETS = {"instagram-square": (1080, 1080), "instagram-portrait": (1080, 1350), "facebook-post": (1200, 630)}
FOCAL = (0.5, 0.5)  # skips the smart crop where a test is about the batch, not about framing


# -- hooks run INSIDE the workers (installed by the job's initializer) --------------------------------------------
def _leave_part(out_path: str) -> None:
    """What a killed export leaves: the hidden temp file export_photo/export_video would be writing."""
    wanted = Path(out_path)
    fd, _ = tempfile.mkstemp(prefix=f".{wanted.stem[:40]}.", suffix=".part", dir=wanted.parent)
    os.write(fd, b"\xff\xd8 half a picture")
    os.close(fd)


def install_hooks(log_dir: str | None = None) -> None:
    """Files named "crash…" kill their worker, "hang…" block it (after a temp file and one progress report,
    ignoring cancel); with `log_dir`, each video export writes its start and end times there."""
    from lectoure_media.core.export import image, video

    real_photo, real_video = image.export_photo, video.export_video

    def photo(src, preset, out_path, **kw):
        name = Path(src).name
        if name.startswith("crash"):
            _leave_part(str(out_path))
            os._exit(70)
        if name.startswith("hang"):
            _leave_part(str(out_path))
            # The test may cancel as soon as the temp file exists, before this report: a worker that
            # does not stop ignores that too (CI once saw it return here and the job end at once).
            with contextlib.suppress(Cancelled):
                kw["progress"](0.5, "Blocage")
            threading.Event().wait()
        return real_photo(src, preset, out_path, **kw)

    def vid(src, preset, out_path, **kw):
        start = time.monotonic()
        try:
            return real_video(src, preset, out_path, **kw)
        finally:
            if log_dir is not None:
                with open(Path(log_dir) / f"{os.getpid()}-{Path(src).stem}.json", "w") as fh:
                    json.dump([start, time.monotonic()], fh)

    image.export_photo = photo
    video.export_video = vid


# -- helpers ------------------------------------------------------------------------------------------------------
@pytest.fixture
def out_dir(tmp_path) -> Path:
    d = tmp_path / "exports"
    d.mkdir()
    return d


def photos(folder: Path, n: int, size=(1600, 1200), prefix="IMG") -> list[Path]:
    return [make_jpeg(folder / f"{prefix}_{i}.jpg", size, texture=True, seed=i) for i in range(n)]


def items_for(sources, presets=PRESETS, focal=FOCAL) -> list[ExportItem]:
    return [ExportItem(str(s), p, "photo", focal=focal) for s in sources for p in presets]


def part_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def assert_complete_pictures(folder: Path) -> list[Path]:
    """Every file in the folder decodes to the last byte (a half-written JPEG raises here)."""
    files = sorted(folder.iterdir())
    for f in files:
        with Image.open(f) as im:
            im.load()
    return files


def assert_french_sentence(text: str | None) -> None:
    assert text and (text[0].isupper() or text[0] == "«") and text.endswith("."), text
    assert "Traceback" not in text and "Error" not in text


class Recorder:
    def __init__(self, job: ExportJob | None = None) -> None:
        self.events: list[BatchProgress] = []
        self.threads: set[int] = set()
        self.pids: set[int] = set()
        self.job = job

    def __call__(self, p: BatchProgress) -> None:
        self.events.append(p)
        self.threads.add(threading.get_ident())
        if self.job is not None:
            self.pids.update(self.job.worker_pids)


# -- tests --------------------------------------------------------------------------------------------------------
def test_six_photos_three_presets_two_workers(tmp_path, out_dir):
    sources = photos(tmp_path / "src", 6)
    items = [ExportItem(str(s), p, "photo") for s in sources for p in PRESETS]  # no focal: smart crop runs
    job = ExportJob(items, ExportOptions(out_dir=str(out_dir)), workers=2)
    rec = Recorder(job)
    results = job.run(progress=rec)

    assert [r.item for r in results] == items  # results in the order of the items
    assert all(r.error is None and not r.cancelled for r in results), [r.error for r in results]
    for r in results:
        w, h = PRESETS[r.item.preset_id]
        assert (r.width, r.height) == (w, h)
        out = Path(r.output)
        assert out.parent == out_dir.resolve()
        assert out.name == f"{Path(r.item.source).stem}_{r.item.preset_id}.jpg"
        assert r.bytes == out.stat().st_size > 10_000
        assert r.seconds > 0
        with Image.open(out) as im:
            assert im.size == (w, h) and im.format == "JPEG"
    assert len(assert_complete_pictures(out_dir)) == 18
    assert part_files(out_dir) == []

    # One stream, in the caller's thread, from worker processes (two of them, never more).
    assert rec.threads == {threading.get_ident()}
    assert len(rec.pids) == 2 and os.getpid() not in rec.pids
    done = [e.done_items for e in rec.events]
    assert done == sorted(done) and done[-1] == 18
    assert all(e.total_items == 18 for e in rec.events)
    fractions = [e.fraction_overall for e in rec.events]
    assert fractions == sorted(fractions) and fractions[0] < 0.1 and fractions[-1] == 1.0
    finals = [e for e in rec.events if e.last_result is not None]
    assert [e.done_items for e in finals] == list(range(1, 19))
    assert sorted(id(e.last_result) for e in finals) == sorted(id(r) for r in results)
    # Labels say which file and which step, in French, between completions too.
    steps = ("Ouverture", "Décodage", "Recadrage", "Couleurs", "Compression", "Écriture", "Enregistrement")
    assert any(
        e.last_result is None and e.current_label.endswith(steps) and " — " in e.current_label for e in rec.events
    )
    assert rec.events[-1].current_label == "Export terminé : 18 fichiers écrits."
    assert job.worker_pids == []


def test_broken_sources_fail_alone(tmp_path, out_dir):
    src = tmp_path / "src"
    good = photos(src, 3)
    broken = [
        make_truncated_jpeg(src / "coupée.jpg", keep=0.3),
        make_random_bytes(src / "bruit.jpg"),
        src / "absente.jpg",
        src,
    ]
    sources = good[:2] + broken + good[2:]
    items = items_for(sources, ["instagram-square"])
    results = ExportJob(items, ExportOptions(out_dir=str(out_dir)), workers=2).run()

    by_name = {Path(r.item.source).name: r for r in results}
    for s in good:
        r = by_name[s.name]
        assert r.error is None and Path(r.output).is_file()
    for s in broken:
        r = by_name[s.name]
        assert r.output is None and not r.cancelled
        assert_french_sentence(r.error)
        assert f"« {s.name} »" in r.error
    assert "illisible ou endommagé" in by_name["coupée.jpg"].error
    assert "introuvable" in by_name["absente.jpg"].error
    assert len(assert_complete_pictures(out_dir)) == 3


def test_worker_crash_and_hang_cost_one_item_and_leave_no_temp_file(tmp_path, out_dir):
    src = tmp_path / "src"
    good = photos(src, 2, size=(800, 600))
    crash = make_jpeg(src / "crash.jpg", (800, 600))
    hang = make_jpeg(src / "hang.jpg", (800, 600))
    items = items_for([good[0], crash, hang, good[1]], ["instagram-square"])
    job = ExportJob(items, ExportOptions(out_dir=str(out_dir)), workers=2, stall_timeout=1.5, initializer=install_hooks)
    results = job.run()

    assert [r.error is None for r in results] == [True, False, False, True]
    assert "s'est arrêté brutalement sur « crash.jpg »" in results[1].error
    assert "ne progressait plus depuis 1.5 s" in results[2].error
    for r in results[1:3]:
        assert_french_sentence(r.error)
        assert not r.cancelled and r.output is None
    assert part_files(out_dir) == []
    assert sorted(p.name for p in assert_complete_pictures(out_dir)) == [
        "IMG_0_instagram-square.jpg",
        "IMG_1_instagram-square.jpg",
    ]


def test_cancel_after_first_result(tmp_path, out_dir):
    sources = photos(tmp_path / "src", 6)
    items = items_for(sources)
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def progress(p: BatchProgress) -> None:
        if p.last_result is not None and not cancel.is_set():
            cancel.set()
            cancelled_at.append(time.monotonic())

    results = ExportJob(items, ExportOptions(out_dir=str(out_dir)), workers=2).run(progress, cancel)
    returned = time.monotonic()

    assert returned - cancelled_at[0] < 3.0  # photos notice the cancel at their next step
    written = [r for r in results if r.error is None]
    stopped = [r for r in results if r.cancelled]
    assert 1 <= len(written) < 18 and len(stopped) >= 10
    assert len(written) + len(stopped) == 18
    for r in stopped:
        assert r.output is None and r.error == "L'export a été annulé."
    assert part_files(out_dir) == []
    files = assert_complete_pictures(out_dir)
    assert sorted(str(f.resolve()) for f in files) == sorted(r.output for r in written)


def test_cancel_terminates_a_worker_that_does_not_stop(tmp_path, out_dir):
    src = tmp_path / "src"
    sources = [make_jpeg(src / "hang.jpg", (800, 600))] + photos(src, 3, size=(800, 600))
    items = items_for(sources, ["instagram-square"])
    cancel = threading.Event()
    cancelled_at: list[float] = []
    labels: list[str] = []

    def progress(p: BatchProgress) -> None:
        labels.append(p.current_label)
        # The hook reports "Blocage" right after it made its temp file, so the stream's latest report comes
        # after that file exists: cancel exactly while the worker hangs.
        if not cancel.is_set() and any(n.startswith(".hang") for n in part_files(out_dir)):
            cancel.set()
            cancelled_at.append(time.monotonic())

    job = ExportJob(items, ExportOptions(out_dir=str(out_dir)), workers=2, stop_grace=0.5, initializer=install_hooks)
    results = job.run(progress, cancel)
    waited = time.monotonic() - cancelled_at[0]

    assert 0.5 <= waited < 4.0
    assert results[0].cancelled and results[0].output is None
    assert part_files(out_dir) == []
    assert_complete_pictures(out_dir)
    assert labels[-1].startswith("Export annulé : ")


def test_cancel_from_the_progress_callback(tmp_path, out_dir):
    sources = photos(tmp_path / "src", 4, size=(800, 600))

    def progress(p: BatchProgress) -> None:
        if p.last_result is not None:
            raise Cancelled()

    results = ExportJob(items_for(sources), ExportOptions(out_dir=str(out_dir)), workers=2).run(progress)
    assert any(r.cancelled for r in results)
    assert len(list(out_dir.iterdir())) == sum(r.error is None for r in results) < 12
    assert part_files(out_dir) == []


def test_cancel_before_start_runs_nothing(tmp_path, out_dir):
    sources = photos(tmp_path / "src", 2, size=(400, 300))
    cancel = threading.Event()
    cancel.set()
    job = ExportJob(items_for(sources), ExportOptions(out_dir=str(out_dir)))
    rec = Recorder(job)
    results = job.run(rec, cancel)
    assert all(r.cancelled for r in results) and len(results) == 6
    assert list(out_dir.iterdir()) == []
    assert rec.pids == set()  # no worker was started for nothing
    assert rec.events[-1].done_items == 6 and rec.events[-1].current_label == "Export annulé : 0 fichier écrit."


def test_names_from_hostile_tags_stay_inside_the_output_folder(tmp_path, out_dir):
    src = make_jpeg(tmp_path / "src" / "photo.jpg", (600, 400))
    cases = [
        ("{business}_{name}_{preset}", {"business": "../../Boulangerie"}),
        ("{business}", {"business": "CON"}),
        ("{name}", {"name": "..\\..\\NUL"}),
        ("{site}/{campaign}", {"site": "..", "campaign": "/etc/passwd"}),
        ("{date:%Y%m%d}_{name}_{preset}", {"date": "2025-06-14T10:00:00"}),
    ]
    results = []
    for template, fields in cases:
        item = ExportItem(str(src), "instagram-square", "photo", focal=FOCAL, fields=fields)
        results += ExportJob([item], ExportOptions(out_dir=str(out_dir), template=template), workers=1).run()

    names = [Path(r.output).name for r in results]
    assert all(r.error is None for r in results), [r.error for r in results]
    assert names[0] == "Boulangerie_photo_instagram-square.jpg"
    assert names[1] == "_CON.jpg"
    assert names[2] == "_NUL.jpg"
    assert not names[3].startswith(".") and "/" not in names[3]
    assert names[4] == "20250614_photo_instagram-square.jpg"
    for r in results:
        assert Path(r.output).parent == out_dir.resolve()
    # Nothing was written anywhere else under tmp_path.
    everything = {p for p in tmp_path.rglob("*") if p.is_file()}
    assert everything == {src} | set(out_dir.iterdir())


def test_second_run_never_overwrites(tmp_path, out_dir):
    sources = photos(tmp_path / "src", 2, size=(800, 600))
    taken = out_dir / "IMG_1_instagram-square.jpg"
    taken.write_bytes(b"not ours")  # a file the officer put there: it must survive
    job = ExportJob(items_for(sources, ["instagram-square"]), ExportOptions(out_dir=str(out_dir)), workers=2)

    first = job.run()
    first_bytes = {r.output: Path(r.output).read_bytes() for r in first}
    second = job.run()

    assert [Path(r.output).name for r in first] == ["IMG_0_instagram-square.jpg", "IMG_1_instagram-square (2).jpg"]
    assert [Path(r.output).name for r in second] == ["IMG_0_instagram-square (2).jpg", "IMG_1_instagram-square (3).jpg"]
    assert taken.read_bytes() == b"not ours"
    assert all(Path(p).read_bytes() == data for p, data in first_bytes.items())
    assert len(list(out_dir.iterdir())) == 5


def test_plan_errors_are_per_item_and_need_no_worker(tmp_path, out_dir):
    photo = make_jpeg(tmp_path / "src" / "a.jpg", (400, 300))
    clip = tmp_path / "src" / "clip.mp4"
    items = [
        ExportItem(str(photo), "no-such-preset", "photo"),
        ExportItem(str(clip), "instagram-square", "video"),
        ExportItem(str(photo), "instagram-square", "document"),
        ExportItem(str(photo), "instagram-square", "photo", fields={"colour": "red"}),
    ]
    job = ExportJob(items, ExportOptions(out_dir=str(out_dir)))
    rec = Recorder(job)
    results = job.run(rec)
    errors = [r.error for r in results]
    assert errors[0] == "Préréglage inconnu « no-such-preset »."
    assert errors[1] == "Le format « Instagram — publication carrée » ne s'applique pas aux vidéos."
    assert "« document » inconnu" in errors[2]
    assert "colour" in errors[3]
    for e in errors:
        assert_french_sentence(e)
    assert rec.pids == set() and list(out_dir.iterdir()) == []
    assert rec.events[-1].current_label == "Export terminé : 0 fichier écrit, 4 erreurs."


def test_job_level_errors_raise(tmp_path):
    with pytest.raises(ExportError, match="modèle de nom"):
        ExportJob([], ExportOptions(out_dir=str(tmp_path), template="{name"))
    with pytest.raises(ExportError, match="inconnu"):
        ExportJob([], ExportOptions(out_dir=str(tmp_path), video_mode="stretch"))
    job = ExportJob([], ExportOptions(out_dir=str(tmp_path / "absent")))
    with pytest.raises(ExportError, match="n'existe pas"):
        job.run()


def test_video_items_one_at_a_time_beside_photos(tmp_path, out_dir):
    src = tmp_path / "src"
    data = tmp_path / "data"
    data.mkdir()
    # A user preset redefining a built-in keeps its video abilities: small here, so encoding stays quick.
    (data / "presets.json").write_text(json.dumps([{"id": "x-post", "width": 320, "height": 180}]))
    clips = [make_video(src / f"clip{i}.mp4", (320, 240), seconds=1.0, audio=True) for i in range(2)]
    pics = photos(src, 2, size=(800, 600))
    log_dir = tmp_path / "log"
    log_dir.mkdir()
    items = [ExportItem(str(c), "x-post", "video") for c in clips] + items_for(pics, ["x-post"])
    job = ExportJob(
        items,
        ExportOptions(out_dir=str(out_dir), data_dir=str(data), credit="Ville de Lectoure"),
        workers=2,
        initializer=install_hooks,
        initargs=(str(log_dir),),
    )
    results = job.run()

    assert all(r.error is None for r in results), [r.error for r in results]
    assert [Path(r.output).suffix for r in results] == [".mp4", ".mp4", ".jpg", ".jpg"]
    assert all((r.width, r.height) == (320, 180) for r in results)
    assert results[0].warnings == ["le crédit et la surimpression ne s'appliquent pas aux vidéos"]
    import av

    for r in results[:2]:
        with av.open(r.output) as c:
            v = c.streams.video[0]
            assert (v.codec_context.width, v.codec_context.height) == (320, 180)
            assert c.duration / 1e6 == pytest.approx(1.0, abs=0.15)
    spans = sorted(json.loads(f.read_text()) for f in log_dir.iterdir())
    assert len(spans) == 2 and spans[0][1] <= spans[1][0]  # never two videos at once
    assert part_files(out_dir) == []
