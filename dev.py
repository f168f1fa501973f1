#!/usr/bin/env python3
"""One entry point for developers: sets everything up, then runs the app or the tests.

    python3 dev.py demo      # set up, then open the app on a generated demo library
    python3 dev.py test      # set up (venv, dependencies, exiftool/ffmpeg), then run every test
    python3 dev.py app ...   # set up, then run `lectoure-media ...` with any arguments
    python3 dev.py bench     # set up (reference tools too), then run the benchmarks in bench/
    python3 dev.py lint      # set up, then ruff check, ruff format --check and mypy (what CI runs first)

Only the standard library is used here, so it works on a fresh machine with Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-hash"
# System tools the tests call (interop checks, video checks); the benchmarks need the reference tools too.
TEST_TOOLS = {
    "exiftool": "libimage-exiftool-perl",
    "ffprobe": "ffmpeg",
    "ffmpeg": "ffmpeg",
    "desktop-file-validate": "desktop-file-utils",
}
BENCH_TOOLS = {
    **TEST_TOOLS,
    "vipsthumbnail": "libvips-tools",
    "convert-im6.q16": "imagemagick",
}


def say(msg: str) -> None:
    print(f"[dev] {msg}", file=sys.stderr, flush=True)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    # dev.py runs under whatever `python3` the machine has, older than the project's minimum included.
    if sys.version_info < (3, 11):  # noqa: UP036 -- the check is for the interpreter running dev.py itself
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    py = venv_python()
    if not py.exists():
        say(f"creating virtual environment in {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != want:
        say("installing dependencies (first run only)")
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test,lint]"], check=True)
        STAMP.write_text(want)
    build_translations(py)
    return py


def build_translations(py: Path) -> None:
    """Compile resources/translations/*.ts into .qm with PySide6's lrelease (only when a .ts changed)."""
    folder = ROOT / "resources" / "translations"
    lrelease = py.parent / ("pyside6-lrelease.exe" if os.name == "nt" else "pyside6-lrelease")
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)


def apt_install(packages: list[str], why: str) -> bool:
    """Install Debian packages when we can (root, apt-get); False when the person must do it."""
    if not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    say(f"installing {why}: {' '.join(packages)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env, stdout=subprocess.DEVNULL)
    return True


def ensure_system_tools(tools: dict[str, str]) -> None:
    missing = sorted({pkg for exe, pkg in tools.items() if shutil.which(exe) is None})
    if missing and not apt_install(missing, "system packages"):
        still = [exe for exe in tools if shutil.which(exe) is None]
        sys.exit(
            f"Missing tools: {', '.join(still)}. Install the packages {', '.join(missing)} "
            "(or run this script as root on Debian/Ubuntu, which installs them)."
        )


# Shared libraries Qt's xcb platform plugin needs on Linux (DESKTOP-TESTING.md); a minimal Debian lacks some.
QT_XCB_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def ensure_gui_libs() -> None:
    """On Linux, install the X11 libraries the desktop app needs (as root with apt-get), else say which."""
    if not sys.platform.startswith("linux") or not shutil.which("ldconfig"):
        return
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    missing = sorted({pkg for lib, pkg in QT_XCB_LIBS.items() if lib not in known})
    if missing and not apt_install(missing, "the libraries the desktop app needs"):
        say(f"the desktop app needs these packages: {' '.join(missing)} (install them, e.g. with apt-get)")


# The checks `lint` runs, in order; each runs even when an earlier one failed, so one run shows everything.
# Their configuration (rules, line length, strictness, the files left out) is in pyproject.toml.
LINT_STEPS = (
    ("ruff check", ["-m", "ruff", "check", "."]),
    ("ruff format --check", ["-m", "ruff", "format", "--check", "."]),
    ("mypy", ["-m", "mypy"]),
)


def lint(py: Path) -> int:
    """Run every lint step from the repository root; non-zero when any of them failed."""
    failed = []
    for name, args in LINT_STEPS:
        say(name)
        if subprocess.call([str(py), *args], cwd=ROOT) != 0:
            failed.append(name)
    if failed:
        say(f"lint failed: {', '.join(failed)} (`ruff check --fix .` and `ruff format .` fix most of ruff's findings)")
        return 1
    say("lint passed")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "app", "bench", "lint"}:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    py = ensure_venv()
    env = dict(os.environ)
    if cmd in ("demo", "app"):
        ensure_gui_libs()
    if cmd == "demo":
        return subprocess.call([str(py), "-m", "lectoure_media", "--demo", *rest], env=env)
    if cmd == "app":
        return subprocess.call([str(py), "-m", "lectoure_media", *rest], env=env)
    if cmd == "lint":
        return lint(py)
    if cmd == "bench":
        ensure_system_tools(BENCH_TOOLS)
        return subprocess.call([str(py), str(ROOT / "bench" / "run_all.py"), *rest], env=env)
    ensure_system_tools(TEST_TOOLS)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(py), "-m", "pytest", "-q", *rest], env=env, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
