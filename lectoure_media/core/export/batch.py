"""Batch export: many (source, preset) pairs in worker processes, one progress stream, a clean cancel.

Why worker processes rather than threads: decoding, resizing and encoding a 12 MP photo holds the GIL for
most of its time, and every source comes from the untrusted watched folder, so a decoder crash or hang must
cost one item, never the application. Why not concurrent.futures: one crashed worker breaks the whole
executor, and a stuck worker cannot be stopped alone (see media/pool.py, same reasoning). Each worker here
has its own pipe and at most one item at a time, so the job always knows which item a dead worker was on.

Photos run in parallel; at most one video is in flight at a time, because x264 already uses every core.

Cancel: no new item is handed out, a shared multiprocessing Event makes the running exports raise Cancelled
at their next progress report (they then delete their own temporary file), and a worker still busy after a
grace period is terminated. A terminated worker cannot clean up, so the job removes the hidden ".part" files
it may have left: only names that were not in the output folder when the run started and that carry the
temporary prefix of an item whose worker was stopped (export_photo and export_video both use
".<target stem>.XXXXXXXX.part").
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import itertools
import logging
import multiprocessing
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from ..fsutil import long_path
from ..procs import stop_worker, worker_tasks
from . import Cancelled, ExportError
from .naming import DEFAULT_TEMPLATE, InvalidTemplate, UnsafePath, render_name, safe_join
from .presets import ExportPreset, load_presets_report

if TYPE_CHECKING:  # at run time the module stays free of Pillow until a worker needs it
    from .image import Overlay

log = logging.getLogger(__name__)

Kind = Literal["photo", "video"]
KINDS = ("photo", "video")
VIDEO_MODES = ("crop", "fit")

# Starting a worker imports Pillow, numpy and friends; on a loaded 2-core office PC that can take seconds.
STARTUP_TIMEOUT = 60.0
# How long running exports get to notice a cancel before their worker is terminated.
STOP_GRACE = 5.0
# A worker that reports nothing for this long is stuck on a hostile file: exports report several times a
# second (video: every 0.5 % of the clip), so this is generous even for a 100 MP TIFF.
STALL_TIMEOUT = 300.0
# Workers that die before they are ready, in a row: past this the installation is broken, not a file.
MAX_STARTUP_FAILURES = 3
# An item sent to a worker that died before taking it is handed out again, at most this many times.
MAX_REDELIVERIES = 2
# How often run() looks at the cancel event while it waits for workers.
POLL = 0.05
# Progress reports between item completions reach the caller at most this often (a GUI repaints on each).
PROGRESS_INTERVAL = 0.05
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_PART_TAIL = re.compile(r"[A-Za-z0-9_]{6,16}\.part")

CANCELLED_MESSAGE = Cancelled().args[0]


# --------------------------------------------------------------------------------------------- types
@dataclass
class ExportItem:
    """One source file exported for one preset.

    `focal` is the normalised (x, y) focal point and `override` the normalised (x, y, w, h) crop kept for
    this preset; both as stored in the sidecar. `fields` fill the naming template: name (default: the
    source's stem), date (a date, or an ISO "YYYY-MM-DD…" text), business, site, campaign.
    """

    source: str
    preset_id: str
    kind: Kind = "photo"
    focal: tuple[float, float] | None = None
    override: tuple[float, float, float, float] | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    credit: str | None = None  # this asset's credit line (export.plan's chain); None: the batch's

    def __post_init__(self) -> None:
        self.source = os.fspath(self.source)
        # Sidecars and the catalog hand these over as JSON lists, whatever the fields' declared tuples say.
        focal: object = self.focal
        if isinstance(focal, list):
            self.focal = tuple(focal)
        override: object = self.override
        if isinstance(override, list):
            self.override = tuple(override)


def _overlay_for(overlay: Overlay | None, credit: str | None) -> Overlay | None:
    """The overlay of one item: with `use_asset_credit`, its text is the item's own credit line."""
    if overlay is None or not overlay.use_asset_credit:
        return overlay
    import dataclasses

    return dataclasses.replace(overlay, text=credit or None, use_asset_credit=False)


@dataclass
class ExportOptions:
    """Settings shared by every item of a batch. `data_dir` holds the user's presets.json, if any."""

    out_dir: str
    template: str = DEFAULT_TEMPLATE
    credit: str | None = None
    overlay: Overlay | None = None
    trim: bool = False
    video_mode: Literal["crop", "fit"] = "crop"
    data_dir: str | None = None


@dataclass
class ItemResult:
    """What became of one item. `error` is one French sentence; `cancelled` tells a cancel from a failure."""

    item: ExportItem
    output: str | None = None
    width: int | None = None
    height: int | None = None
    bytes: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    cancelled: bool = False
    caption: str | None = None  # the caption file written beside `output` (Library.export(captions=True))
    rights: list[str] = field(default_factory=list)  # the rights gate's reasons (rights_gate.py)
    refused: bool = False  # not exported: refused by the rights gate (strict)

    @property
    def ok(self) -> bool:
        return self.error is None and self.output is not None


@dataclass(frozen=True)
class BatchProgress:
    """One report of the batch's single progress stream.

    `done_items` counts items that have their final result (written, failed or cancelled); `last_result`
    is set on the report that announces one of them, None on the others.
    """

    done_items: int
    total_items: int
    fraction_overall: float
    current_label: str
    last_result: ItemResult | None = None


BatchProgressCallback = Callable[[BatchProgress], None]


# ------------------------------------------------------------------------------------------- helpers
def _kind_word(kind: str) -> str:
    return "vidéos" if kind == "video" else "photos"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _name_fields(item: ExportItem) -> dict[str, Any]:
    fields = dict(item.fields or {})
    if not fields.get("name"):
        fields["name"] = Path(item.source).stem
    date = fields.get("date")
    if isinstance(date, str) and _ISO_DATE.match(date):
        # The catalog stores dates as ISO text; a date object lets "{date:%Y%m%d}" work in the template.
        with contextlib.suppress(ValueError):
            fields["date"] = _dt.date.fromisoformat(date[:10])
    fields["preset"] = item.preset_id
    return fields


def _temp_prefix(out_path: str) -> str:
    """The prefix export_photo and export_video give the temporary file of `out_path`."""
    return f".{Path(out_path).stem[:40]}."


def _part_files(folder: str) -> set[str]:
    try:
        with os.scandir(long_path(folder)) as it:
            return {e.name for e in it if e.name.startswith(".") and e.name.endswith(".part")}
    except OSError:
        return set()


# ------------------------------------------------------------------------------------------- the job
class _Worker:
    __slots__ = (
        "proc",
        "conn",
        "ready",
        "started",
        "index",
        "task_id",
        "began",
        "last_seen",
        "fraction",
        "label",
        "assigned_at",
        "gone",
    )

    def __init__(self, proc: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self.proc = proc
        self.conn = conn
        self.ready = False
        self.started = time.monotonic()
        self.index: int | None = None
        self.task_id: int | None = None
        # The worker acknowledged the item: from then on its death is blamed on the file.
        self.began = False
        self.last_seen = self.started
        self.fraction = 0.0
        self.label = ""
        self.assigned_at = 0.0
        self.gone = False


class ExportJob:
    """Export `items` with `options` in up to `workers` processes (default: min(CPU count, 4)).

    `stop_grace` and `stall_timeout` are the cancel grace period and the silence after which a worker is
    considered stuck. `initializer(*initargs)` runs in each worker before its first item (tests use it to
    install hooks). Raises ExportError (French) at once for a template or video mode that no item could use.
    """

    def __init__(
        self,
        items: Iterable[ExportItem],
        options: ExportOptions,
        *,
        workers: int | None = None,
        stop_grace: float = STOP_GRACE,
        stall_timeout: float = STALL_TIMEOUT,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self.items = list(items)
        self.options = options
        self.workers = max(1, workers or min(os.cpu_count() or 1, 4))
        self.stop_grace = float(stop_grace)
        self.stall_timeout = float(stall_timeout)
        self._initializer = initializer
        self._initargs = initargs
        self._ctx = multiprocessing.get_context("spawn")  # what Windows users get, tested on Linux too
        self._running = False
        self._lock = threading.Lock()
        self._pids: list[int] = []
        try:
            render_name(options.template, name="nom", preset="format")
        except InvalidTemplate as exc:
            raise ExportError(str(exc)) from None
        if options.video_mode not in VIDEO_MODES:
            raise ExportError(
                f"Mode d'export vidéo « {options.video_mode} » inconnu ; possibles : {', '.join(VIDEO_MODES)}."
            )

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the workers of the current run (empty outside run())."""
        with self._lock:
            return list(self._pids)

    # -- planning (in the caller's process) ----------------------------------------------------------------
    def _plan(self, item: ExportItem, presets: dict[str, ExportPreset]) -> dict[str, Any] | str:
        """The task a worker needs for `item`, or the French reason it cannot be exported."""
        if item.kind not in KINDS:
            return f"Type d'élément « {item.kind} » inconnu : « photo » ou « video » attendu."
        preset = presets.get(item.preset_id)
        if preset is None:
            return f"Préréglage inconnu « {item.preset_id} »."
        if not preset.supports(item.kind):
            return f"Le format « {preset.label} » ne s'applique pas aux {_kind_word(item.kind)}."
        try:
            name = render_name(self.options.template, **_name_fields(item))
            ext = ".mp4" if item.kind == "video" else preset.extension
            out_path = safe_join(self.options.out_dir, name + ext)
        except (InvalidTemplate, UnsafePath) as exc:
            return str(exc)
        warnings = []
        credit = item.credit if item.credit is not None else self.options.credit
        if item.kind == "video" and (self.options.overlay is not None or self.options.credit):
            warnings.append("le crédit et la surimpression ne s'appliquent pas aux vidéos")
        return {
            "kind": item.kind,
            "source": item.source,
            "preset": preset,
            "out_path": str(out_path),
            "focal": item.focal,
            "override": item.override,
            "credit": credit,
            "overlay": _overlay_for(self.options.overlay, credit),
            "mode": self.options.video_mode,
            "trim": self.options.trim,
            "warnings": warnings,
        }

    # -- running -----------------------------------------------------------------------------------------
    def run(
        self, progress: BatchProgressCallback | None = None, cancel: threading.Event | None = None
    ) -> list[ItemResult]:
        """Export every item; returns one ItemResult per item, in the order of the items.

        `progress` is called in this thread. Setting `cancel` (from any thread), or raising Cancelled from
        `progress`, stops the batch: results of items not written say so (`cancelled`), and no partial file
        is left in the output folder. Raises ExportError only when the output folder does not exist.
        """
        with self._lock:
            if self._running:
                raise RuntimeError("ExportJob.run() est déjà en cours")
            self._running = True
        try:
            return _Run(self, progress, cancel).execute()
        finally:
            with self._lock:
                self._running = False
                self._pids = []


class _Run:
    """State of one ExportJob.run(): the workers, the queue, the results."""

    def __init__(self, job: ExportJob, progress: BatchProgressCallback | None, cancel: threading.Event | None) -> None:
        self.job = job
        self.ctx = job._ctx  # noqa: SLF001 -- _Run is ExportJob.run's helper (this module)
        self.callback = progress
        self.user_cancel = cancel
        self.items = job.items
        self.total = len(self.items)
        self.results: list[ItemResult | None] = [None] * self.total
        self.tasks: dict[int, dict[str, Any]] = {}
        self.pending: deque[int] = deque()
        self.pool: list[_Worker] = []
        self.task_ids = itertools.count(1)
        self.stop_event = self.ctx.Event()
        self.cancelling = False
        self.cancel_flag = False
        self.cancel_at = 0.0
        self.startup_failures = 0
        self.broken = False
        self.redeliveries: dict[int, int] = {}
        self.dirty: set[str] = set()  # temp prefixes of items whose worker was stopped mid-export
        self.done = 0
        self.written = 0
        self.failed = 0
        self.best_fraction = 0.0
        self.last_emit = 0.0
        self.deferred: str | None = None
        self.out_dir = os.fspath(job.options.out_dir)

    # -- progress -----------------------------------------------------------------------------------------
    def emit(self, label: str, result: ItemResult | None = None, *, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and result is None and now - self.last_emit < PROGRESS_INTERVAL:
            self.deferred = label  # shown by flush(): the caller always ends up seeing the latest step
            return
        self.last_emit = now
        self.deferred = None
        running = sum(min(max(w.fraction, 0.0), 1.0) for w in self.pool if w.index is not None)
        fraction = (self.done + running) / self.total if self.total else 1.0
        # A redelivered item starts again from 0: the bar must not go backwards for that.
        self.best_fraction = min(1.0, max(self.best_fraction, fraction))
        report = BatchProgress(self.done, self.total, self.best_fraction, label, result)
        try:
            self.callback(report)
        except Cancelled:
            # Acted on by the main loop: cancelling from here would change the pool while it is walked.
            self.cancel_flag = True

    def flush(self) -> None:
        if self.deferred is not None and time.monotonic() - self.last_emit >= PROGRESS_INTERVAL:
            self.emit(self.deferred)

    def item_label(self, index: int, step: str) -> str:
        item = self.items[index]
        return f"{Path(item.source).name} — {item.preset_id} : {step}"

    def finish(self, index: int, result: ItemResult) -> None:
        if self.results[index] is not None:
            return
        self.results[index] = result
        self.done += 1
        if result.cancelled:
            step = "annulé"
        elif result.error is not None:
            self.failed += 1
            step = "échec"
        else:
            self.written += 1
            step = "terminé"
        self.emit(self.item_label(index, step), result)

    # -- cancel -------------------------------------------------------------------------------------------
    def cancel_requested(self) -> bool:
        return self.cancel_flag or (self.user_cancel is not None and self.user_cancel.is_set())

    def start_cancel(self) -> None:
        if self.cancelling:
            return
        self.cancelling = True
        self.cancel_at = time.monotonic()
        self.stop_event.set()
        while self.pending:
            index = self.pending.popleft()
            self.finish(index, ItemResult(self.items[index], error=CANCELLED_MESSAGE, cancelled=True))
        for w in list(self.pool):
            if w.index is None:
                self.stop_worker(w)
            elif not w.ready:
                # Still importing: it has not touched the item yet, nothing to wait for.
                index = w.index
                self.kill(w)
                self.finish(index, ItemResult(self.items[index], error=CANCELLED_MESSAGE, cancelled=True))

    # -- workers ------------------------------------------------------------------------------------------
    def spawn(self) -> _Worker:
        initializer, initargs = self.job._initializer, self.job._initargs  # noqa: SLF001 -- _Run is ExportJob.run's helper (this module)
        parent_conn, child_conn = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(
            target=_worker_main,
            args=(child_conn, self.stop_event, initializer, initargs),
            name="lectoure-export",
            daemon=True,  # never outlive the application, even if run() is interrupted
        )
        proc.start()
        child_conn.close()
        worker = _Worker(proc, parent_conn)
        self.pool.append(worker)
        self.publish_pids()
        return worker

    def publish_pids(self) -> None:
        """The pool's process ids, for ExportJob.worker_pids (read from other threads)."""
        pids = [w.proc.pid for w in self.pool if w.proc.pid is not None]
        with self.job._lock:  # noqa: SLF001 -- _Run is ExportJob.run's helper (this module)
            self.job._pids = pids  # noqa: SLF001 -- _Run is ExportJob.run's helper (this module)

    def remove(self, w: _Worker) -> None:
        if w in self.pool:
            self.pool.remove(w)
        if w.gone:
            return
        w.gone = True
        stop_worker(w.proc, w.conn, 5.0)
        self.publish_pids()

    def kill(self, w: _Worker) -> None:
        """Stop `w` at once; its item's temporary file, if any, is removed at the end of the run."""
        if w.index is not None and w.ready:
            self.dirty.add(_temp_prefix(self.tasks[w.index]["out_path"]))
        w.index = w.task_id = None
        self.remove(w)

    def stop_worker(self, w: _Worker) -> None:
        """Ask an idle worker to leave; remove() afterwards joins it."""
        with contextlib.suppress(OSError):
            w.conn.send(None)

    def idle_worker(self) -> _Worker | None:
        for w in list(self.pool):
            if w.index is None:
                if w.proc.exitcode is not None:
                    self.remove(w)  # died while idle: handing it an item would blame that item
                    continue
                return w
        return None

    def next_index(self) -> int | None:
        video_busy = any(w.index is not None and self.items[w.index].kind == "video" for w in self.pool)
        for pos, index in enumerate(self.pending):
            if self.items[index].kind != "video" or not video_busy:
                del self.pending[pos]
                return index
        return None

    def dispatch(self) -> None:
        while self.pending and not self.cancelling and not self.broken:
            worker = self.idle_worker()
            if worker is None and len(self.pool) >= self.job.workers:
                return
            index = self.next_index()
            if index is None:
                return
            if worker is None:
                worker = self.spawn()
            task_id = next(self.task_ids)
            try:
                worker.conn.send((task_id, self.tasks[index]))
            except OSError:
                self.pending.appendleft(index)
                self.remove(worker)
                continue
            now = time.monotonic()
            worker.index, worker.task_id, worker.began = index, task_id, False
            worker.fraction, worker.label, worker.assigned_at = 0.0, "", now
            worker.last_seen = now

    def result_from(self, index: int, payload: dict[str, Any]) -> ItemResult:
        warnings = list(self.tasks[index]["warnings"]) + list(payload.get("warnings") or [])
        return ItemResult(
            self.items[index],
            output=payload.get("output"),
            width=payload.get("width"),
            height=payload.get("height"),
            bytes=payload.get("bytes"),
            warnings=warnings,
            error=payload.get("error"),
            seconds=float(payload.get("seconds") or 0.0),
            cancelled=bool(payload.get("cancelled")),
        )

    def drain(self, w: _Worker) -> None:
        while True:
            try:
                if not w.conn.poll():
                    return
                msg = w.conn.recv()
            except (EOFError, OSError):
                return
            w.last_seen = time.monotonic()
            tag = msg[0]
            if tag == "ready":
                w.ready = True
                self.startup_failures = 0
                continue
            if msg[1] != w.task_id or w.index is None:
                continue  # belongs to an item already given up on
            index = w.index
            if tag == "began":
                w.began = True
            elif tag == "progress":
                w.fraction, w.label = float(msg[2]), str(msg[3])
                self.emit(self.item_label(index, w.label))
            elif tag == "done":
                w.index = w.task_id = None
                w.began = False
                w.fraction = 0.0
                self.finish(index, self.result_from(index, msg[2]))

    def on_death(self, w: _Worker) -> None:
        index, ready, began, code = w.index, w.ready, w.began, w.proc.exitcode
        if index is not None and ready:
            self.dirty.add(_temp_prefix(self.tasks[index]["out_path"]))
        w.index = w.task_id = None
        self.remove(w)
        if index is None:
            return
        item = self.items[index]
        if self.cancelling:
            self.finish(index, ItemResult(item, error=CANCELLED_MESSAGE, cancelled=True))
            return
        if not ready:
            # Died while starting: not the file's fault (it was not even opened).
            self.startup_failures += 1
            if self.startup_failures >= MAX_STARTUP_FAILURES:
                log.error("les processus d'export ne démarrent pas (code %s)", code)
                self.broken = True
                self.finish(index, ItemResult(item, error=_broken_message()))
            else:
                self.pending.appendleft(index)
            return
        if not began:
            # Killed from outside before it took the item: bounded, so an item cannot bounce forever.
            self.redeliveries[index] = self.redeliveries.get(index, 0) + 1
            if self.redeliveries[index] <= MAX_REDELIVERIES:
                self.pending.appendleft(index)
                return
        log.warning("le processus d'export est mort sur %s (code %s)", item.source, code)
        self.finish(
            index,
            ItemResult(
                item,
                error=f"Le processus d'export s'est arrêté brutalement sur « {Path(item.source).name} » : "
                "le fichier est sans doute endommagé.",
                seconds=time.monotonic() - w.assigned_at,
            ),
        )

    def check_timeouts(self) -> None:
        now = time.monotonic()
        for w in list(self.pool):
            if w not in self.pool:
                continue
            if not w.ready and now - w.started > STARTUP_TIMEOUT:
                log.error("un processus d'export n'a pas démarré en %s s", STARTUP_TIMEOUT)
                w.proc.kill()
                w.proc.join(2.0)
                self.on_death(w)
            elif w.index is not None and w.ready and now - w.last_seen > self.job.stall_timeout:
                index = w.index
                name = Path(self.items[index].source).name
                log.warning("export de %s arrêté : aucun progrès depuis %g s", name, self.job.stall_timeout)
                self.kill(w)
                self.finish(
                    index,
                    ItemResult(
                        self.items[index],
                        seconds=now - w.assigned_at,
                        error=f"L'export de « {name} » ne progressait plus depuis {self.job.stall_timeout:g} s : "
                        "il a été arrêté.",
                    ),
                )
            elif w.index is not None and self.cancelling and now - self.cancel_at > self.job.stop_grace:
                index = w.index
                log.warning("export de %s arrêté de force après l'annulation", self.items[index].source)
                self.kill(w)
                self.finish(
                    index,
                    ItemResult(self.items[index], error=CANCELLED_MESSAGE, cancelled=True, seconds=now - w.assigned_at),
                )

    def wait_once(self) -> None:
        handles: list[Any] = []
        for w in self.pool:
            handles += [w.conn, w.proc.sentinel]
        if handles:
            wait(handles, POLL)
        for w in list(self.pool):
            if w not in self.pool:
                continue
            self.drain(w)
            if w.proc.exitcode is not None:
                self.drain(w)  # a last result written just before the exit
                self.on_death(w)

    def shutdown(self) -> None:
        for w in self.pool:
            if w.index is not None:
                w.proc.kill()  # only on an interrupted run: nothing to wait for
                if w.ready:
                    self.dirty.add(_temp_prefix(self.tasks[w.index]["out_path"]))
            else:
                self.stop_worker(w)
        deadline = time.monotonic() + 2.0
        for w in self.pool:
            w.proc.join(max(0.0, deadline - time.monotonic()))
        for w in list(self.pool):
            self.remove(w)

    def remove_leftovers(self, before: set[str]) -> None:
        """Delete the hidden temp files that workers stopped by force left in the output folder."""
        if not self.dirty:
            return
        for name in _part_files(self.out_dir) - before:
            if any(name.startswith(p) and _PART_TAIL.fullmatch(name[len(p) :]) for p in self.dirty):
                try:
                    os.unlink(long_path(os.path.join(self.out_dir, name)))
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    log.warning("fichier temporaire %s impossible à supprimer : %s", name, exc)

    # -- the loop -----------------------------------------------------------------------------------------
    def execute(self) -> list[ItemResult]:
        if not os.path.isdir(long_path(self.out_dir)):
            raise ExportError(f"Le dossier d'export {self.out_dir} n'existe pas.")
        report = load_presets_report(self.job.options.data_dir)
        presets = {p.id: p for p in report.presets}
        before = _part_files(self.out_dir)
        self.emit("Préparation de l'export", force=True)
        for index, item in enumerate(self.items):
            task = self._plan_safely(item, presets)
            if isinstance(task, str):
                self.finish(index, ItemResult(item, error=task))
            else:
                self.tasks[index] = task
                self.pending.append(index)
        try:
            while True:
                if not self.cancelling and self.cancel_requested():
                    self.start_cancel()
                if self.broken:
                    while self.pending:
                        index = self.pending.popleft()
                        self.finish(index, ItemResult(self.items[index], error=_broken_message()))
                self.dispatch()
                if not self.pending and not any(w.index is not None for w in self.pool):
                    break
                self.wait_once()
                self.check_timeouts()
                self.flush()
        finally:
            self.shutdown()
            self.remove_leftovers(before)
        verb = "annulé" if self.cancelling else "terminé"
        summary = f"Export {verb} : {_plural(self.written, 'fichier')} écrit{'s' if self.written > 1 else ''}"
        if self.failed:
            summary += f", {_plural(self.failed, 'erreur')}"
        self.emit(summary + ".", force=True)
        return [
            r if r is not None else ItemResult(self.items[i], error=CANCELLED_MESSAGE, cancelled=True)
            for i, r in enumerate(self.results)
        ]

    def _plan_safely(self, item: ExportItem, presets: dict[str, ExportPreset]) -> dict[str, Any] | str:
        try:
            return self.job._plan(item, presets)  # noqa: SLF001 -- _Run is ExportJob.run's helper (this module)
        except (TypeError, ValueError) as exc:  # fields of an unexpected type, from a hand-edited sidecar
            log.warning("élément d'export invalide %r : %s", item, exc)
            return f"Les informations de nommage de « {Path(item.source).name} » sont invalides."


def _broken_message() -> str:
    return "Les processus d'export ne démarrent pas : l'installation semble endommagée."


# ----------------------------------------------------------------------------------- inside the worker
class _SentProgress(TypedDict):
    """The last progress a worker sent its parent: what it said, how far, and when (monotonic)."""

    fraction: float
    label: str | None
    at: float


def _worker_main(
    conn: Connection, stop_event: Any, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]
) -> None:
    for task_id, task in worker_tasks(conn, initializer, initargs):
        payload = _export_task(conn, task_id, task, stop_event)
        try:
            conn.send(("done", task_id, payload))
        except (OSError, ValueError):
            return


def _export_task(conn: Connection, task_id: int, task: dict[str, Any], stop_event: Any) -> dict[str, Any]:
    t0 = time.perf_counter()
    name = Path(task["source"]).name
    state: _SentProgress = {"fraction": -1.0, "label": None, "at": 0.0}

    def progress(fraction: float, label: str) -> None:
        if stop_event.is_set():
            raise Cancelled()
        now = time.monotonic()
        if label != state["label"] or (fraction - state["fraction"] >= 0.01 and now - state["at"] >= 0.1):
            state.update({"fraction": fraction, "label": label, "at": now})
            try:
                conn.send(("progress", task_id, fraction, label))
            except (OSError, ValueError):
                raise Cancelled() from None  # the parent is gone: nobody wants this file any more

    try:
        if task["kind"] == "photo":
            from . import image  # looked up on the module at each call, so a test initializer can wrap it

            result = image.export_photo(
                task["source"],
                task["preset"],
                task["out_path"],
                focal=task["focal"],
                override=task["override"],
                credit=task["credit"],
                overlay=task["overlay"],
                progress=progress,
            )
        else:
            from . import video

            result = video.export_video(
                task["source"],
                task["preset"],
                task["out_path"],
                focal=task["focal"],
                override=task["override"],
                mode=task["mode"],
                trim=task["trim"],
                progress=progress,
                cancel=stop_event,
            )
    except Cancelled as exc:
        return {"error": str(exc), "cancelled": True, "seconds": time.perf_counter() - t0}
    except ExportError as exc:
        return {"error": str(exc), "seconds": time.perf_counter() - t0}
    except MemoryError:
        return {"error": f"La mémoire a manqué pour exporter « {name} ».", "seconds": time.perf_counter() - t0}
    except Exception as exc:  # noqa: BLE001 -- a bug met on one file must cost that file, not the batch
        log.error("erreur inattendue pendant l'export de %s", task["source"], exc_info=True)
        return {
            "error": f"L'export de « {name} » a échoué (erreur interne {type(exc).__name__}).",
            "seconds": time.perf_counter() - t0,
        }
    return {
        "output": result.output,
        "width": result.width,
        "height": result.height,
        "bytes": result.bytes,
        "warnings": list(result.warnings),
        "seconds": time.perf_counter() - t0,
    }


__all__ = ["BatchProgress", "ExportItem", "ExportJob", "ExportOptions", "ItemResult"]
