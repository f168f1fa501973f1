"""Packaging files kept consistent with the app: icons, launcher, desktop entry, installer, notices.

The frozen build itself is checked end to end by `packaging/build --smoke` (minutes, not seconds); these tests
catch, in well under a second, the drift that would break it or make the installer lie.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
SIZES = (256, 128, 64, 48, 32, 16)


def _make_icon_module():
    spec = importlib.util.spec_from_file_location("make_icon", PACKAGING / "make_icon.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _runtime_dependencies() -> list[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return [re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0] for d in deps]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# -- icon ---------------------------------------------------------------------------------------------------------
def test_committed_icons_are_what_the_generator_draws(tmp_path):
    written = _make_icon_module().write_icons(tmp_path)
    assert [p.name for p in written] == [f"lectoure-media-{n}.png" for n in SIZES] + ["lectoure-media.ico"]
    for size in SIZES:
        committed = Image.open(ICONS / f"lectoure-media-{size}.png")
        fresh = Image.open(tmp_path / f"lectoure-media-{size}.png")
        assert committed.size == fresh.size == (size, size)
        assert committed.mode == "RGBA"
        assert ImageChops.difference(committed, fresh).getbbox() is None, f"{size} px icon is stale"


def test_icon_is_gold_on_blue_with_transparent_corners():
    img = Image.open(ICONS / "lectoure-media-256.png").convert("RGBA")
    assert img.getpixel((0, 0))[3] == 0  # rounded corner
    r, g, b, a = img.getpixel((128, 20))  # sky above the tower: blue
    assert a == 255 and b > r + 60
    r, g, b, a = img.getpixel((105, 150))  # tower wall: gold
    assert a == 255 and r > 200 and g > 150 and b < 100


def test_windows_icon_holds_every_size():
    ico = Image.open(ICONS / "lectoure-media.ico")
    assert set(ico.info["sizes"]) == {(n, n) for n in SIZES}
    ico.size = (16, 16)
    ico.load()
    assert ico.size == (16, 16)


# -- Linux package ----------------------------------------------------------------------------------------------
def _fake_install(root: Path) -> Path:
    """The package's layout with the launcher and a stand-in for the frozen binary that echoes its arguments."""
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "opt" / "lectoure-media").mkdir(parents=True)
    launcher = root / "usr" / "bin" / "lectoure-media"
    shutil.copy2(PACKAGING / "linux" / "lectoure-media", launcher)
    app = root / "opt" / "lectoure-media" / "lectoure-media"
    app.write_text('#!/bin/sh\nprintf "%s\\n" "$0" "$@"\n', encoding="utf-8")
    app.chmod(0o755)
    return launcher


@pytest.mark.skipif(os.name == "nt", reason="the launcher is a POSIX shell script for the .deb")
def test_launcher_runs_the_frozen_app_relative_to_itself_with_arguments(tmp_path):
    launcher = _fake_install(tmp_path / "root")
    assert os.access(PACKAGING / "linux" / "lectoure-media", os.X_OK)
    out = subprocess.run(
        [str(launcher), "list", "--text", "deux mots"], capture_output=True, text=True, timeout=10, check=True
    ).stdout
    program, *args = out.splitlines()
    assert Path(program).resolve() == (tmp_path / "root" / "opt" / "lectoure-media" / "lectoure-media").resolve()
    assert args == ["list", "--text", "deux mots"]  # one argument stays one argument
    # Called through a symlink elsewhere on PATH (as /usr/local/bin links do), it still finds /opt.
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "lectoure-media").symlink_to(launcher)
    out = subprocess.run(
        [str(tmp_path / "bin" / "lectoure-media"), "--version"], capture_output=True, text=True, timeout=10, check=True
    ).stdout
    program, *args = out.splitlines()
    assert Path(program).resolve() == (tmp_path / "root" / "opt" / "lectoure-media" / "lectoure-media").resolve()
    assert args == ["--version"]


def test_desktop_entry_launches_the_path_launcher_with_the_packaged_icon():
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(PACKAGING / "linux" / "lectoure-media.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == (PACKAGING / "linux" / "lectoure-media").name
    assert entry["Icon"] == "lectoure-media"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Photography" in entry["Categories"].split(";")
    assert entry["Name"] and entry["Comment[fr]"] and entry["GenericName[fr]"]


def test_desktop_entry_passes_the_freedesktop_validator():
    result = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "linux" / "lectoure-media.desktop")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_control_template_depends_on_what_qt_xcb_needs_and_has_only_known_fields():
    text = (PACKAGING / "linux" / "control.in").read_text(encoding="utf-8")
    assert set(re.findall(r"@([A-Z_]+)@", text)) == {"VERSION", "ARCH", "MAINTAINER", "INSTALLED_SIZE", "GLIBC"}
    depends = re.search(r"^Depends: (.+)$", text, re.M).group(1)
    names = {d.strip().split()[0] for d in depends.split(",")}
    # Without libxcb-cursor0 Qt 6 aborts with "Could not load the Qt platform plugin xcb".
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libegl1", "libfontconfig1"} <= names
    build = (PACKAGING / "build").read_text(encoding="utf-8")
    for placeholder in re.findall(r"@[A-Z_]+@", text):
        assert f"s/{placeholder}/" in build or f"s|{placeholder}|" in build, placeholder


# -- Windows installer --------------------------------------------------------------------------------------------
def test_installer_is_per_user_by_default_bilingual_and_keeps_the_catalog_dir_the_app_uses():
    from lectoure_media.core.library import APP_NAME

    iss = (PACKAGING / "windows" / "lectoure-media.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert re.search(r"^PrivilegesRequiredOverridesAllowed=.*commandline", iss, re.M)
    assert 'Name: "french"' in iss and 'Name: "english"' in iss
    assert re.search(r"^DefaultDirName=\{autopf\}", iss, re.M)
    assert re.search(r'^Name: "desktopicon".*Flags: unchecked', iss, re.M)
    # The uninstaller must look for the catalog where platformdirs puts it for the app's name.
    assert f"{{localappdata}}\\{APP_NAME}')" in iss
    assert "/PURGEDATA" in iss and "UninstallSilent()" in iss
    for message in ("AppComment", "DeleteUserData"):
        assert f"french.{message}=" in iss and f"english.{message}=" in iss
    # Every file the script references exists (paths are relative to packaging/windows/).
    for rel in re.findall(r'(?:Source|SetupIconFile|LicenseFile)[:=] *"?(\.\.\\[^"\r\n]+?)"?(?:;|$)', iss, re.M):
        assert (PACKAGING / "windows" / rel.replace("\\", "/")).exists(), rel


# -- licences -----------------------------------------------------------------------------------------------------
def test_notices_start_with_the_app_licence_shown_on_the_installer_licence_page():
    notices = (PACKAGING / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").strip() in notices
    assert "MIT" in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]["text"]


def test_every_runtime_dependency_is_shipped_with_its_licence_and_named_in_the_notices():
    spec = (PACKAGING / "lectoure_media.spec").read_text(encoding="utf-8")
    shipped = {_norm(n) for n in re.findall(r'"([^"]+)"', spec.split("SHIPPED_DISTRIBUTIONS = [", 1)[1].split("]")[0])}
    notices = _norm((PACKAGING / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8"))
    for dep in _runtime_dependencies():
        assert _norm(dep) in shipped, f"{dep} is not in the spec's SHIPPED_DISTRIBUTIONS"
        assert _norm(dep) in notices, f"{dep} is not named in THIRD-PARTY-NOTICES.txt"
    for text in ("LGPL-3.0.txt", "GPL-2.0.txt", "GPL-3.0.txt"):
        assert "GNU" in (PACKAGING / "licenses" / text).read_text(encoding="utf-8")[:400]


def test_spec_ships_resources_the_app_loads():
    spec = (PACKAGING / "lectoure_media.spec").read_text(encoding="utf-8")
    used = set()
    for path in (ROOT / "lectoure_media").rglob("*.py"):
        used |= set(re.findall(r'resource_path\("([^"]+)"', path.read_text(encoding="utf-8")))
    assert used, "no resource_path() call found: the scan is broken"
    for first in used:
        assert (ROOT / "resources" / first).exists(), first
    # The spec copies all of resources/ (except .ts sources) and compiles nothing itself.
    assert 'RESOURCES.rglob("*")' in spec and '"resources/translations"' in spec
    assert "haarcascade_" in spec and 'copy_metadata("lectoure-media")' in spec


def test_the_builds_use_the_python_the_package_requires():
    """The Windows CI build, the Linux build script's check and the notices name the lowest Python the
    package declares: a raised `requires-python` must not ship a runtime that cannot run the app."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = re.fullmatch(r">=\s*3\.(\d+)", pyproject["project"]["requires-python"].strip())
    assert found, pyproject["project"]["requires-python"]
    minor = int(found.group(1))
    ci = (PACKAGING / "ci" / "windows-build.yml").read_text(encoding="utf-8")
    ci_versions = re.findall(r'python-version:\s*"3\.(\d+)"', ci)
    assert ci_versions and {int(v) for v in ci_versions} == {minor}
    build = (PACKAGING / "build").read_text(encoding="utf-8")
    assert f"sys.version_info < (3, {minor}))" in build
    notices = (PACKAGING / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    assert f"Python 3.{minor} runtime" in notices
