"""One place that finds the files under resources/ (presets, icons, translations, default taxonomy).

The same code runs from a source checkout, from an installed wheel and from a PyInstaller bundle, and each
puts resources/ somewhere else:
  - PyInstaller unpacks data files under sys._MEIPASS, so the spec must copy resources/ to "resources";
  - a wheel can only ship files inside the package, so packaging copies resources/ into lectoure_media/;
  - a checkout has resources/ beside the package folder, at the repository root.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_roots() -> list[Path]:
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "resources")
    roots.append(_PACKAGE_DIR / "resources")
    roots.append(_PACKAGE_DIR.parent / "resources")
    return roots


def resource_path(*parts: str) -> Path:
    """Absolute path of resources/<parts...>; FileNotFoundError (French message) when no layout has it.

    Roots are tried in order (bundle, inside the package, beside the package) and the first one that holds
    the requested file wins, so a stale copy in one layout cannot hide a complete one in another.
    """
    roots = _resource_roots()
    for root in roots:
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    wanted = "/".join(parts) or "."
    searched = ", ".join(str(r) for r in roots)
    raise FileNotFoundError(
        f"La ressource « {wanted} » est introuvable (dossiers cherchés : {searched}) : l'installation est incomplète."
    )
