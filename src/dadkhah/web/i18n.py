"""The UI's words in English and Persian: a small message catalogue as data
(``messages/<language>.toml``, the same keys in each; a test keeps them in step)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = {"en": "English", "fa": "فارسی"}
RTL = {"fa"}
FOLDER = Path(__file__).with_name("messages")


@cache
def catalogue(lang: str) -> dict[str, str]:
    path = FOLDER / f"{lang}.toml"
    if lang not in LANGUAGES or not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def translate(lang: str, key: str, **values) -> str:
    """The message in ``lang``, else in English, else the key itself."""
    text = catalogue(lang).get(key) or catalogue("en").get(key) or key
    return text.format(**values) if values else text


def pick_language(header: str | None) -> str:
    """The first of our languages an Accept-Language header names (English otherwise)."""
    for part in (header or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"
