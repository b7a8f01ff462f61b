"""The fixed wording of a template in the handout's language: ``_()`` and ``ngettext()``.

The built-in template writes ``{{ _("How it works") }}``; a message's ``{name}`` fields are
filled from the call's arguments (``_("Call us on {phone}", phone=...)``), which are already
escaped values. The message itself is escaped too, so a translation prints as text and cannot
add structure to the handout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from handouts.compose.escape import plain_text
from handouts.i18n.words import Words


def template_wording(words: Words) -> dict[str, Callable[..., str]]:
    """The gettext functions a template calls, for its context."""

    def gettext(message: str, **values: Any) -> str:
        return _escaped(words.translate(message)).format(**values)

    def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
        translated = _escaped(words.translate_plural(singular, plural, count))
        return translated.format(count=count, **values)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


_FIELD = re.compile(r"(\{[a-z_]+\})")


@lru_cache(maxsize=1024)
def _escaped(message: str) -> str:
    """The message's text escaped, its ``{fields}`` kept to fill in (once per message and
    process: every handout asks for the same few dozen)."""
    return "".join(
        part if _FIELD.fullmatch(part) else plain_text(part) for part in _FIELD.split(message)
    )
