"""The messages a student reads at run time (the exercise checks), in the course's languages.

``_("{what} returned shape {shape}.", what=..., shape=...)`` looks the English template up in the
catalogue of the language ``GAN_COURSE_LANG`` names (``pt_BR``; English when unset or unknown)
and fills in the values. The catalogues are ``helpers/locale/<language>/LC_MESSAGES/helpers.mo``,
read with the standard library's ``gettext`` (nothing to install), compiled by
``python -m tools.translate`` from ``locale/<language>/LC_MESSAGES/helpers.po``.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "pt_BR")


def language() -> str:
    """The course's language: ``GAN_COURSE_LANG`` (``pt_BR`` or ``en``), English by default."""
    chosen = os.environ.get("GAN_COURSE_LANG", "en").strip() or "en"
    return chosen if chosen in LANGUAGES else "en"


@functools.cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation("helpers", LOCALE, languages=[lang], fallback=True)


def _(message: str, /, **values) -> str:
    """``message`` (a ``str.format`` template: a literal brace is written twice) in the course's
    language, with ``{name}`` filled in from ``values``."""
    return _catalogue(language()).gettext(message).format(**values)
