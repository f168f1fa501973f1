"""Soak test: two PCs on one shared folder, real processes, SIGKILL at random moments.

    .venv/bin/python bench/soak.py --kills 500 --seed 1

Two data dirs (PC A and PC B) share one folder of small real JPEGs and one short video. Several slots run
`scan`, `watch`, `tag` (add or remove) and `export` commands (`python -m lectoure_media --data-dir …`) in
their own process groups; most of them get a SIGKILL of the whole group (workers included, like a PC that
loses power) at a random moment within the command's usual run time, the others run to the end.

The expected tag model, per file: every `tag` adds a fresh keyword (`soak-00042`), so each tag has one
history. A tag whose add exited 0 (or printed its JSON result) MUST be in the sidecar and, after a final
rescan on both PCs, in both catalogs — unless a later remove of it exited 0: then it MUST be absent. A killed
(or failed) command "may or may not have applied" (its edit may even be finished by a later open of that PC,
from the catalog's pending edits): such a tag is never touched again and is accepted either way. A remove is
only started once the add of that tag has succeeded and nothing else uses the tag.

At the end (nothing killed any more): every catalog opens (plain JSON and `list`, with no recovery message),
every sidecar is whole XML, `scan` A, B, A, B, then both `list --json`: one record per file, no tag reported
saved is lost, no tag reported removed is back, the two catalogs agree with each other and with the
sidecars, every visible export file decodes whole, and no command ever printed a catalog recovery message.
A summary is printed (kills per command kind, checks, violations with details); the exit status is 1 on any
violation, 3 when the time budget ended before the kills asked for, 0 otherwise.

Not part of the default test run; tests/test_soak.py runs a tiny version of it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("tag-add", "tag-remove", "scan", "watch", "export")
PCS = ("A", "B")
PREFIX = "soak-"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
LR = "{http://ns.adobe.com/lightroom/1.0/}"
WATCH_BUSY = "Le catalogue est déjà ouvert par un autre programme"
RECOVERY_WORDS = ("restauré depuis la sauvegarde", "il sera reconstruit", "aucune sauvegarde utilisable")
# How long a command usually takes before any run of it finished (seconds); then the median of finished runs.
DEFAULT_DURATION = {"tag-add": 0.8, "tag-remove": 0.8, "scan": 1.5, "watch": 4.0, "export": 1.5}
HANG_SECONDS = 120.0  # a command not killed that runs longer than this is reported as hung
PHOTO_PRESETS = ("facebook-cover", "instagram-square", "x-post")
VIDEO_PRESETS = ("x-post", "tiktok")


# ------------------------------------------------------------------------------------------------ model
@dataclass
class Tag:
    name: str
    files: list[str]
    pc: str
    state: str = "adding"  # adding | saved | removing | removed | maybe


@dataclass
class Job:
    seq: int
    kind: str
    pc: str
    argv: list[str]
    proc: subprocess.Popen
    started: float
    kill_at: float | None  # monotonic deadline, None = let it finish
    out_path: Path
    err_path: Path
    tag: Tag | None = None
    files: list[str] = field(default_factory=list)
    killed: bool = False


@dataclass
class Stats:
    launched: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    killed: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    finished: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    failed: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    refused: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    durations: dict = field(default_factory=lambda: {k: [] for k in KINDS})
    exports_reported: list = field(default_factory=list)
    checks: int = 0
    violations: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def kills(self) -> int:
        return sum(self.killed.values())


def lm(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "lectoure_media", "--data-dir", str(data_dir), *args]


def child_env() -> dict:
    env = dict(os.environ)
    env.pop("LECTOURE_MEDIA_DATA_DIR", None)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_checked(argv: list[str], timeout: float = 300.0) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=str(REPO), env=child_env())


# ------------------------------------------------------------------------------------------------ media
def make_library(share: Path, photos: int, seed: int) -> list[str]:
    sys.path.insert(0, str(REPO))
    from tests.media_factory import make_jpeg, make_video

    share.mkdir(parents=True)
    files = []
    for i in range(photos):
        sub = share / ("2026" if i % 2 else "")
        files.append(
            str(
                make_jpeg(
                    sub / f"IMG_{i:04d}.jpg",
                    size=(320, 240),
                    texture=True,
                    seed=seed + i,
                    taken_at=f"2026:05:{1 + i % 28:02d} 10:00:00",
                )
            )
        )
    files.append(str(make_video(share / "VID_0001.mp4", size=(160, 120), seconds=1.0)))
    return sorted(files)


# ------------------------------------------------------------------------------------------------ soak
class Soak:
    def __init__(self, args, work: Path) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.work = work
        self.share = work / "share"
        self.data = {pc: work / f"pc{pc}" for pc in PCS}
        self.out = {pc: work / f"export{pc}" for pc in PCS}
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.stats = Stats()
        self.tags: dict[str, Tag] = {}
        self.jobs: list[Job] = []
        self.seq = 0
        self.tag_seq = 0
        self.files: list[str] = []
        self.history: list[dict] = []  # every finished command: what it touched, when, how it ended
        self.t0 = time.monotonic()

    # -- helpers -------------------------------------------------------------------------------------
    def violation(self, what: str, detail: str) -> None:
        self.stats.violations.append((what, detail))

    def check(self, ok: bool, what: str, detail: str) -> bool:
        self.stats.checks += 1
        if not ok:
            self.violation(what, detail)
        return ok

    def typical(self, kind: str) -> float:
        done = self.stats.durations[kind]
        return statistics.median(done[-50:]) if len(done) >= 3 else DEFAULT_DURATION[kind]

    def watch_running(self, pc: str) -> bool:
        return any(j.kind == "watch" and j.pc == pc for j in self.jobs)

    # -- setup ---------------------------------------------------------------------------------------
    def setup(self) -> None:
        self.files = make_library(self.share, self.args.photos, self.args.seed)
        for pc in PCS:
            self.out[pc].mkdir(parents=True)
            r = run_checked(lm(self.data[pc], "scan", str(self.share), "--json"))
            if r.returncode != 0:
                raise SystemExit(f"setup scan on PC {pc} failed: {r.stderr.strip()}")
            seen = json.loads(r.stdout)["seen"]
            if seen != len(self.files):
                raise SystemExit(f"setup scan on PC {pc} saw {seen} files, expected {len(self.files)}")
        # One tag per PC saved before the kills start: every run has saved tags to lose.
        for i, pc in enumerate(PCS):
            self.tag_seq += 1
            tag = Tag(f"{PREFIX}{self.tag_seq:05d}", [self.files[i % len(self.files)]], pc)
            self.tags[tag.name] = tag
            start = time.monotonic() - self.t0
            r = run_checked(lm(self.data[pc], "tag", *tag.files, "--keyword", tag.name, "--json"))
            self.history.append(
                {
                    "seq": 0,
                    "kind": "tag-add",
                    "pc": pc,
                    "tag": tag.name,
                    "files": tag.files,
                    "outcome": f"exit {r.returncode}",
                    "start": round(start, 3),
                    "end": round(time.monotonic() - self.t0, 3),
                }
            )
            tag.state = "saved" if r.returncode == 0 else "maybe"
            if self.check(
                r.returncode == 0,
                "command failed",
                f"setup tag on PC {pc} exited {r.returncode}: {r.stderr.strip()[:300]}",
            ):
                self.verify_at_exit("tag-add", tag, 0)

    # -- launching -----------------------------------------------------------------------------------
    def pick_kind(self) -> str:
        weights = {"tag-add": 40, "tag-remove": 12, "scan": 16, "watch": 12, "export": 20}
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def launch(self) -> None:
        kind, pc = self.pick_kind(), self.rng.choice(PCS)
        tag = None
        files: list[str] = []
        if kind == "watch" and self.watch_running(pc):
            kind = "scan"  # one app per PC: a second `watch` on the same data dir is refused by design
        if kind == "tag-remove":
            candidates = [t for t in self.tags.values() if t.state == "saved"]
            if not candidates:
                kind = "tag-add"
            else:
                tag = self.rng.choice(candidates)
                tag.state = "removing"
        if kind == "tag-add" and self.rng.random() < self.args.pair_ratio and len(self.jobs) + 2 <= self.args.parallel:
            # Two officers tag the same photo at the same moment, one on each PC.
            files = [self.rng.choice(self.files)]
            for one in PCS:
                self.start("tag-add", one, files=files)
            return
        if kind == "tag-add":
            files = self.rng.sample(self.files, self.rng.choice((1, 1, 1, 2, 3)))
        self.start(kind, pc, tag=tag, files=files)

    def start(self, kind: str, pc: str, *, tag: Tag | None = None, files: list[str] = ()) -> None:
        files = list(files)
        if kind == "tag-remove":
            argv = lm(self.data[pc], "tag", *tag.files, "--keyword", tag.name, "--remove", "--json")
        elif kind == "tag-add":
            self.tag_seq += 1
            tag = Tag(f"{PREFIX}{self.tag_seq:05d}", sorted(files), pc)
            self.tags[tag.name] = tag
            argv = lm(self.data[pc], "tag", *tag.files, "--keyword", tag.name, "--json")
        elif kind == "scan":
            argv = lm(self.data[pc], "scan", str(self.share), "--json")
        elif kind == "watch":
            polling = ["--polling", "--interval", "0.5"] if self.rng.random() < 0.5 else []
            argv = lm(self.data[pc], "watch", str(self.share), *polling)
        elif kind == "export":
            files = files or [self.rng.choice(self.files)]
            preset = self.rng.choice(VIDEO_PRESETS if files[0].endswith(".mp4") else PHOTO_PRESETS)
            argv = lm(self.data[pc], "export", *files, "--preset", preset, "--out", str(self.out[pc]), "--json")
        if kind == "watch":
            kill_after = self.rng.uniform(0.2, 2.0 * self.typical("watch"))
        elif self.rng.random() < self.args.kill_ratio:
            kill_after = self.rng.uniform(0.0, 1.3 * self.typical(kind))
        else:
            kill_after = None
        self.seq += 1
        out_path, err_path = self.logs / f"{self.seq:05d}.out", self.logs / f"{self.seq:05d}.err"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(
                argv,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                cwd=str(REPO),
                env=child_env(),
                start_new_session=True,
            )
        now = time.monotonic()
        self.jobs.append(
            Job(
                self.seq,
                kind,
                pc,
                argv,
                proc,
                now,
                None if kill_after is None else now + kill_after,
                out_path,
                err_path,
                tag,
                files,
            )
        )
        self.stats.launched[kind] += 1

    # -- reaping -------------------------------------------------------------------------------------
    def kill(self, job: Job) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(job.proc.pid, signal.SIGKILL)  # the whole group: probe and export workers too
        job.killed = True

    def reap(self, now: float) -> None:
        for job in list(self.jobs):
            if job.proc.poll() is None:
                if job.kill_at is not None and now >= job.kill_at:
                    self.kill(job)
                    job.proc.wait()
                elif job.kill_at is None and now - job.started > HANG_SECONDS:
                    self.violation(
                        "hung command", f"#{job.seq} {' '.join(job.argv[3:])} ran over {HANG_SECONDS:.0f} s; killed"
                    )
                    self.kill(job)
                    job.proc.wait()
                else:
                    continue
            self.jobs.remove(job)
            self.finish(job, time.monotonic())

    def finish(self, job: Job, now: float) -> None:
        rc = job.proc.returncode
        out = job.out_path.read_text(encoding="utf-8", errors="replace")
        err = job.err_path.read_text(encoding="utf-8", errors="replace")
        was_killed = rc == -signal.SIGKILL
        for word in RECOVERY_WORDS:
            if word in err:
                self.violation("catalog recovery", f"#{job.seq} PC {job.pc} {job.kind}: {err.strip()[:300]}")
                break
        if "Traceback" in err:
            self.violation("traceback on stderr", f"#{job.seq} PC {job.pc} {job.kind}: {err.strip()[-400:]}")
        if was_killed:
            self.stats.killed[job.kind] += 1
        elif rc == 0:
            self.stats.finished[job.kind] += 1
            self.stats.durations[job.kind].append(now - job.started)
        elif job.kind == "watch" and rc == 1 and WATCH_BUSY in err:
            # By design `watch` insists on being this PC's writer: a scan, tag or export of the same PC
            # held the catalog at that moment (the lock of a killed process goes with it).
            self.stats.refused[job.kind] += 1
        else:
            self.stats.failed[job.kind] += 1
            self.violation(
                "command failed",
                f"#{job.seq} PC {job.pc} {' '.join(job.argv[4:])} exited {rc} "
                f"without being killed: {err.strip()[:300]}",
            )
        reported = self.reported_files(job, out)
        outcome = "killed" if was_killed else f"exit {rc}"
        self.history.append(
            {
                "seq": job.seq,
                "kind": job.kind,
                "pc": job.pc,
                "tag": job.tag.name if job.tag else None,
                "files": list(job.tag.files if job.tag else job.files),
                "outcome": outcome,
                "start": round(job.started - self.t0, 3),
                "end": round(now - self.t0, 3),
            }
        )
        if job.kind == "tag-add":
            saved = rc == 0 or reported == set(job.tag.files)
            job.tag.state = "saved" if saved else "maybe"
            if saved:
                self.verify_at_exit(job.kind, job.tag, job.seq)
        elif job.kind == "tag-remove":
            removed = rc == 0 or reported == set(job.tag.files)
            job.tag.state = "removed" if removed else "maybe"
            if removed:
                self.verify_at_exit(job.kind, job.tag, job.seq)
        elif job.kind == "export" and rc == 0:
            try:
                for row in json.loads(out):
                    self.stats.exports_reported.append(row["output"])
            except (ValueError, KeyError, TypeError) as exc:
                self.violation("export output", f"#{job.seq} exited 0 with unreadable JSON ({exc}): {out[:200]}")
        if not self.args.keep:
            job.out_path.unlink(missing_ok=True)
            job.err_path.unlink(missing_ok=True)

    @staticmethod
    def reported_files(job: Job, out: str) -> set[str]:
        """Files a killed `tag --json` still reported done (its JSON printed in full before the kill)."""
        if not job.kind.startswith("tag"):
            return set()
        try:
            return {row["path"] for row in json.loads(out)}
        except (ValueError, KeyError, TypeError):
            return set()

    # -- the loop ------------------------------------------------------------------------------------
    def run(self) -> float:
        t0 = time.monotonic()
        deadline = t0 + self.args.max_seconds
        while True:
            now = time.monotonic()
            self.reap(now)
            if now >= deadline or self.stats.kills() >= self.args.kills:
                if not self.jobs:  # no new work: the last ones run out or are killed on time
                    break
            else:
                while len(self.jobs) < self.args.parallel:
                    self.launch()
            time.sleep(0.01)
        return time.monotonic() - t0

    # -- final checks --------------------------------------------------------------------------------
    def parse_sidecar(self, path: Path) -> set[str] | None:
        """Our tags in one sidecar, parsed on its own (not with the engine under test); None when the file is
        not whole XML (a violation)."""
        data = path.read_bytes()
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            self.check(False, "sidecar not whole XML", f"{path.name}: {exc} ({len(data)} bytes)")
            return None
        self.check(
            data.rstrip().endswith(b'<?xpacket end="w"?>'),
            "sidecar not whole XML",
            f"{path.name}: the packet trailer is missing",
        )
        subject = {li.text or "" for li in root.iter(f"{DC}subject") for li in li.iter(f"{RDF}li")}
        hier = {
            (li.text or "").split("|")[-1]
            for li in root.iter(f"{LR}hierarchicalSubject")
            for li in li.iter(f"{RDF}li")
            if (li.text or "").startswith("Mots-clés|")
        }
        ours = {t for t in subject if t.startswith(PREFIX)}
        self.check(
            ours == {t for t in hier if t.startswith(PREFIX)},
            "sidecar inconsistent",
            f"{path.name}: dc:subject {sorted(ours)} vs lr:hierarchicalSubject {sorted(hier)}",
        )
        return ours

    def sidecar_tags(self) -> dict[str, set[str]]:
        """Every sidecar of the share; our tags per media file."""
        by_media: dict[str, set[str]] = {}
        for path in sorted(self.share.rglob("*")):
            if path.name.startswith(".") and path.is_file():
                self.stats.notes.append(f"leftover hidden file in the share: {path.relative_to(self.share)}")
                continue
            if path.suffix.lower() != ".xmp":
                continue
            ours = self.parse_sidecar(path)
            if ours is not None:
                by_media[str(path)[: -len(".xmp")]] = ours
        return by_media

    def verify_at_exit(self, kind: str, tag: Tag, seq: int) -> None:
        """Right after a tag command succeeded, its sidecars must show it: no other command may have taken
        the tag away (tags are unique, and a remove starts only after its add succeeded)."""
        for f in tag.files:
            side = Path(f + ".xmp")
            have = self.parse_sidecar(side) if side.exists() else set()
            if have is None:
                continue
            running = "".join(
                f"\n      still running: #{j.seq} PC {j.pc} {j.kind} {j.tag.name}"
                for j in self.jobs
                if j.tag is not None and f in j.tag.files
            )
            name = os.path.relpath(f, self.share)
            if kind == "tag-add":
                self.check(
                    tag.name in have,
                    "tag lost",
                    f"sidecar right after #{seq} exited 0: {name} lacks {tag.name}{self.story(f, {tag.name})}{running}",
                )
            else:
                self.check(
                    tag.name not in have,
                    "removed tag back",
                    f"sidecar right after #{seq} exited 0: {name} still has {tag.name}{running}",
                )

    def expectations(self) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
        must, must_not, allowed = ({f: set() for f in self.files} for _ in range(3))
        for tag in self.tags.values():
            for f in tag.files:
                if tag.state == "saved":
                    must[f].add(tag.name)
                elif tag.state == "removed":
                    must_not[f].add(tag.name)
                if tag.state != "removed":
                    allowed[f].add(tag.name)
        return must, must_not, allowed

    def compare(self, where: str, actual: dict[str, set[str]]) -> None:
        must, must_not, allowed = self.expectations()
        for f in self.files:
            have = actual.get(f, set())
            name = os.path.relpath(f, self.share)
            lost = must[f] - have
            self.check(
                not lost, "tag lost", f"{where}: {name} lost {sorted(lost)} (each reported saved){self.story(f, lost)}"
            )
            back = must_not[f] & have
            self.check(not back, "removed tag back", f"{where}: {name} has {sorted(back)} (each reported removed)")
            foreign = have - allowed[f] - must_not[f]
            self.check(not foreign, "unknown tag", f"{where}: {name} has {sorted(foreign)}, never added to it")

    def story(self, path: str, names: set[str]) -> str:
        """The command that saved each lost tag and the tag commands on that file that overlapped it."""
        lines = []
        for name in sorted(names):
            add = next((h for h in self.history if h["tag"] == name and h["kind"] == "tag-add"), None)
            if add is None:
                continue
            lines.append(
                f"{name} added by #{add['seq']} on PC {add['pc']} ({add['outcome']}, "
                f"{add['start']:.2f}–{add['end']:.2f} s)"
            )
            for h in self.history:
                if (
                    h is not add
                    and h["kind"].startswith("tag")
                    and path in h["files"]
                    and h["start"] < add["end"]
                    and h["end"] > add["start"]
                ):
                    lines.append(
                        f"  overlapping #{h['seq']} PC {h['pc']} {h['kind']} {h['tag']} ({h['outcome']}, "
                        f"{h['start']:.2f}–{h['end']:.2f} s)"
                    )
        return "".join("\n      " + line for line in lines)

    def catalog_files_parse(self) -> None:
        for pc in PCS:
            for name in ("catalog.json", "registry.json"):
                path = self.data[pc] / name
                try:
                    json.loads(path.read_bytes())
                    ok, why = True, ""
                except (OSError, ValueError) as exc:
                    ok, why = False, str(exc)
                self.check(ok, "catalog does not open", f"PC {pc} {name}: {why}")

    def list_pc(self, pc: str, label: str) -> list[dict] | None:
        r = run_checked(lm(self.data[pc], "list", "--json"))
        if not self.check(
            r.returncode == 0,
            "catalog does not open",
            f"PC {pc} `list` ({label}) exited {r.returncode}: {r.stderr.strip()[:300]}",
        ):
            return None
        self.check(
            not any(w in r.stderr for w in RECOVERY_WORDS),
            "catalog recovery",
            f"PC {pc} `list` ({label}): {r.stderr.strip()[:300]}",
        )
        try:
            return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        except ValueError as exc:
            self.check(False, "catalog does not open", f"PC {pc} `list --json` ({label}) printed bad JSON: {exc}")
            return None

    def check_exports(self) -> None:
        from PIL import Image

        reported = set(self.stats.exports_reported)
        for pc in PCS:
            for path in sorted(self.out[pc].iterdir()):
                if path.name.startswith("."):
                    self.stats.notes.append(f"hidden temporary export left by a killed process: export{pc}/{path.name}")
                    continue
                try:
                    if path.suffix.lower() == ".mp4":
                        import av

                        with av.open(str(path)) as c:
                            frames = sum(1 for _ in c.decode(video=0))
                        ok, why = frames > 0, f"{frames} frames"
                    else:
                        with Image.open(path) as im:
                            im.load()
                        ok, why = True, ""
                except Exception as exc:  # noqa: BLE001 -- any decoder error is the finding
                    ok, why = False, f"{type(exc).__name__}: {exc}"
                self.check(ok, "partial export file", f"export{pc}/{path.name} ({path.stat().st_size} bytes): {why}")
                reported.discard(str(path))
        self.check(not reported, "reported export missing", f"{sorted(reported)[:5]}")

    def final(self) -> None:
        self.catalog_files_parse()
        for pc in PCS:
            self.list_pc(pc, "first open after the kills")
        # Both PCs rescan twice, in turn: each one's pending edits are written, then read by the other.
        for pc in ("A", "B", "A", "B"):
            r = run_checked(lm(self.data[pc], "scan", str(self.share), "--json"))
            self.check(
                r.returncode == 0 and not any(w in r.stderr for w in RECOVERY_WORDS),
                "final scan failed",
                f"PC {pc} exited {r.returncode}: {r.stderr.strip()[:300]}",
            )
        sidecars = self.sidecar_tags()
        self.compare("sidecar", sidecars)
        catalogs = {}
        for pc in PCS:
            rows = self.list_pc(pc, "after the final rescans")
            if rows is None:
                continue
            paths = [row["path"] for row in rows]
            dup = sorted({p for p in paths if paths.count(p) > 1})
            self.check(not dup, "several records for one file", f"PC {pc}: {dup}")
            self.check(
                sorted(set(paths)) == self.files,
                "catalog records differ from the files",
                f"PC {pc}: extra {sorted(set(paths) - set(self.files))}, "
                f"missing {sorted(set(self.files) - set(paths))}",
            )
            for row in rows:
                self.check(
                    row["status"] == "ok",
                    "asset not ok",
                    f"PC {pc}: {row['path']} is {row['status']} ({row.get('error')})",
                )
            tags = {row["path"]: {t for t in row["tags"]["keywords"] if t.startswith(PREFIX)} for row in rows}
            self.compare(f"catalog {pc}", tags)
            for f in self.files:
                self.check(
                    tags.get(f, set()) == sidecars.get(f, set()),
                    "catalog and sidecar disagree",
                    f"PC {pc}: {os.path.relpath(f, self.share)} catalog-only "
                    f"{sorted(tags.get(f, set()) - sidecars.get(f, set()))}, sidecar-only "
                    f"{sorted(sidecars.get(f, set()) - tags.get(f, set()))}",
                )
            catalogs[pc] = {
                row["path"]: (row["status"], {k: sorted(v) for k, v in row["tags"].items()}) for row in rows
            }
        if len(catalogs) == 2:
            differ = sorted(
                p for p in set(catalogs["A"]) | set(catalogs["B"]) if catalogs["A"].get(p) != catalogs["B"].get(p)
            )
            self.check(
                not differ,
                "catalogs disagree",
                "; ".join(
                    f"{os.path.relpath(p, self.share)}: A {catalogs['A'].get(p)} / B {catalogs['B'].get(p)}"
                    for p in differ[:10]
                ),
            )
        self.catalog_files_parse()
        self.check_exports()

    # -- report --------------------------------------------------------------------------------------
    def summary(self, seconds: float) -> dict:
        s = self.stats
        states: dict[str, int] = {}
        for tag in self.tags.values():
            states[tag.state] = states.get(tag.state, 0) + 1
        return {
            "seed": self.args.seed,
            "kills_asked": self.args.kills,
            "kills": s.kills(),
            "seconds": round(seconds, 1),
            "parallel": self.args.parallel,
            "files": len(self.files),
            "launched": s.launched,
            "killed": s.killed,
            "finished": s.finished,
            "failed": s.failed,
            "refused": s.refused,
            "tags": states,
            "checks": s.checks,
            "violations": [{"kind": k, "detail": d} for k, d in s.violations],
            "notes": s.notes,
            "history": self.history,
        }


def print_summary(rep: dict) -> None:
    print(
        f"soak: seed {rep['seed']}, {rep['files']} files, {rep['parallel']} slots, {rep['seconds']} s of kills "
        f"and commands"
    )
    print(f"  {'kind':11} {'launched':>8} {'killed':>7} {'finished':>8} {'failed':>6} {'refused':>7}")
    for k in KINDS:
        print(
            f"  {k:11} {rep['launched'][k]:8} {rep['killed'][k]:7} {rep['finished'][k]:8} {rep['failed'][k]:6}"
            f" {rep['refused'][k]:7}"
        )
    print("  (refused: `watch` while another command of the same PC held its catalog, as designed)")
    print(f"  kills: {rep['kills']} (asked {rep['kills_asked']}); tags by final state: {rep['tags']}")
    print(f"  checks: {rep['checks']}, violations: {len(rep['violations'])}")
    kinds: dict[str, int] = {}
    for v in rep["violations"]:
        kinds[v["kind"]] = kinds.get(v["kind"], 0) + 1
    for k, n in sorted(kinds.items()):
        print(f"    {k}: {n}")
    for v in rep["violations"][:60]:
        print(f"  VIOLATION {v['kind']}: {v['detail']}")
    if len(rep["violations"]) > 60:
        print(f"  … and {len(rep['violations']) - 60} more (see --report)")
    notes: dict[str, int] = {}
    for n in rep["notes"]:
        notes[n.split(":")[0]] = notes.get(n.split(":")[0], 0) + 1
    for n, c in sorted(notes.items()):
        print(f"  note: {c} × {n}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kills", type=int, default=500, help="SIGKILLs to deliver (default 500)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--parallel", type=int, default=4, help="commands running at once (default 4)")
    p.add_argument("--photos", type=int, default=6, help="small JPEGs in the shared folder (plus one video)")
    p.add_argument(
        "--kill-ratio",
        type=float,
        default=0.65,
        help="share of non-watch commands that get killed (the others run to the end)",
    )
    p.add_argument(
        "--pair-ratio",
        type=float,
        default=0.3,
        help="share of tag additions started as a pair: both PCs tag one file at the same moment",
    )
    p.add_argument(
        "--max-seconds",
        type=float,
        default=900.0,
        help="stop starting commands after this long (the run then reports fewer kills)",
    )
    p.add_argument("--work", metavar="DIR", help="keep everything in DIR (must not exist) instead of a temp dir")
    p.add_argument("--keep", action="store_true", help="keep every command's stdout/stderr under DIR/logs")
    p.add_argument("--report", metavar="FILE", help="also write the summary as JSON")
    args = p.parse_args(argv)
    if args.work:
        work = Path(args.work).resolve()
        if work.exists():
            p.error(f"{work} exists")
        work.mkdir(parents=True)
        cleanup = False
    else:
        work = Path(tempfile.mkdtemp(prefix="lm-soak-"))
        cleanup = True
    soak = Soak(args, work)
    try:
        soak.setup()
        seconds = soak.run()
        soak.final()
        rep = soak.summary(seconds)
    finally:
        for job in soak.jobs:
            soak.kill(job)
    print_summary(rep)
    if args.report:
        Path(args.report).write_text(json.dumps(rep, indent=1, ensure_ascii=False), encoding="utf-8")
    if rep["violations"]:
        print(f"soak: FAILED, {len(rep['violations'])} violations (work folder kept: {work})")
        return 1
    if cleanup:
        shutil.rmtree(work, ignore_errors=True)
    if rep["kills"] < args.kills:
        print(f"soak: INCOMPLETE, {rep['kills']} kills of {args.kills} within --max-seconds")
        return 3
    print("soak: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
