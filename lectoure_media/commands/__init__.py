"""Command-line subcommands added after the first six (cli.py keeps scan, watch, list, tag, presets,
export). Each module here has `register(sub, common)` that adds its parsers (help texts through
clitext.tr) and a `HANDLERS` dict {command name: function(args) -> exit status}."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import ModuleType

# One name per module; keep the list sorted.
MODULES: tuple[str, ...] = ("consent", "coverage", "duplicates", "publog", "rate", "registry", "rights")


def modules() -> list[ModuleType]:
    """The modules of MODULES, imported by name in the code (not through importlib): the frozen app's
    builder (PyInstaller) finds only imports it can read."""
    from . import consent, coverage, duplicates, publog, rate, registry, rights

    found = {m.__name__.rsplit(".", 1)[1]: m for m in (consent, coverage, duplicates, publog, rate, registry, rights)}
    return [found[name] for name in MODULES]


def register_all(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]  # argparse's private generic
    for mod in modules():
        mod.register(sub, common)


def handlers() -> dict[str, Callable[[argparse.Namespace], int]]:
    out: dict[str, Callable[[argparse.Namespace], int]] = {}
    for mod in modules():
        out.update(mod.HANDLERS)
    return out
