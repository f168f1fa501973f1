"""Filling the %1, %2… placeholders of translated strings: one helper for the whole interface.

`fill(self.tr("Remove “%1” from all selected assets"), name)`: the template is still a literal inside
tr() / QCoreApplication.translate(), so lupdate extracts it. The values are substituted in one pass, so a
value that itself contains "%2" (a business called "Promo %2") is never substituted again, as chained
`.replace("%1", …).replace("%2", …)` did. Qt's own "%n" (plural forms) is left to tr().
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"%([1-9])")


def fill(template: str, *values: object) -> str:
    """`template` with %1…%9 replaced by `values` (str() of each) in a single pass; a placeholder without a
    value is kept as written."""

    def sub(match: re.Match) -> str:
        index = int(match.group(1))
        return str(values[index - 1]) if index <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(sub, template)
