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


# argparse's own words (it looks them up through gettext, in its module's `_` and `ngettext`), in French.
# The messages of Python 3.11 to 3.13; one missing here stays in English, never breaks the command line.
ARGPARSE_FR: dict[str, str] = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "subcommands": "commandes",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "not allowed with argument %s": "interdit avec l'argument %s",
    "ignored explicit argument %r": "valeur %r ignorée",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur %(type)s invalide : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (possibles : %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue %(parser_name)r (possibles : %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}


def _argparse_fr(message: str) -> str:
    return ARGPARSE_FR.get(message, message)


def _argparse_fr_plural(singular: str, plural: str, n: int) -> str:
    return _argparse_fr(singular if n == 1 else plural)


def install_argparse_language() -> None:
    """argparse's own words ("usage:", "options", "show this help message and exit", its errors) in the
    command line's language: French through ARGPARSE_FR, English as argparse has them. Call before the
    parsers are built (group titles and the help option's text are set at construction)."""
    import argparse
    import gettext

    if cli_language() == "fr":
        argparse._ = _argparse_fr  # type: ignore[attr-defined]  # argparse's gettext alias, looked up at each call
        argparse.ngettext = _argparse_fr_plural  # type: ignore[attr-defined]  # the same for its plural messages
    else:
        argparse._ = gettext.gettext  # type: ignore[attr-defined]  # back to argparse's own lookup
        argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]  # idem
