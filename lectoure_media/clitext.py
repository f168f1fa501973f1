"""Language of the command line: French on a French system, English otherwise (issue 13, item 8).

`tr(fr, en)` picks one of the two texts. The choice: $LECTOURE_MEDIA_LANG ("fr" / "en") if set, else the
locale of the environment (LC_ALL, LC_MESSAGES, LANG, LANGUAGE; Windows: the user's UI language).
"""

from __future__ import annotations

import locale
import os
import sys
from functools import cache


@cache
def cli_language() -> str:
    forced = os.environ.get("LECTOURE_MEDIA_LANG", "").strip().lower()
    if forced in ("fr", "en"):
        return forced
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    if sys.platform == "win32":  # pragma: no cover - Windows only
        try:
            import ctypes

            lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
            return "fr" if (lang_id & 0x3FF) == 0x0C else "en"
        except (AttributeError, OSError):
            pass
    loc = locale.getlocale()[0] or ""
    return "fr" if loc.lower().startswith("fr") else "en"


def tr(fr: str, en: str) -> str:
    """The French or the English text, per cli_language()."""
    return fr if cli_language() == "fr" else en
