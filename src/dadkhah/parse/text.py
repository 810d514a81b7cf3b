"""Bytes to the stored text: charset detection, Unicode NFC, newline normalisation only.

Order of trust: a byte-order mark; strict UTF-8; then charset-normalizer restricted to the
encodings our material comes in (UTF-16 without BOM, Windows-1256 for Persian and Arabic,
Windows-1252 and Latin-1 for European languages, and a few more) so that a short Persian
note in Windows-1256 is not mistaken for some other code page.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from dadkhah.parse.model import ParseError

CANDIDATES = [
    "utf_16_le",
    "utf_16_be",
    "cp1256",
    "cp1252",
    "iso8859_6",
    "iso8859_15",
]
MISSION_ENCODINGS = {"cp1256", "cp1252", "iso8859_6", "iso8859_15", "utf_16_le", "utf_16_be"}


def normalise(text: str) -> str:
    """The stored form of any text: NFC and \\n line ends, nothing else."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def decode(data: bytes, name: str = "") -> tuple[str, str]:
    """(text, encoding) of ``data``; raises ParseError when no encoding fits."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as err:
                raise ParseError(
                    name, f"starts with a {encoding} byte-order mark but is not {encoding}: {err}"
                ) from err
    # text never holds NUL bytes, UTF-16 is full of them: look for it before trying UTF-8
    if b"\x00" in data[:4000] and _looks_like_utf16(data):
        # Latin text in UTF-16LE has its zero bytes at odd offsets, in UTF-16BE at even ones
        sample = data[:4000]
        order = ("utf_16_le", "utf_16_be")
        if sample[0::2].count(0) > sample[1::2].count(0):
            order = ("utf_16_be", "utf_16_le")
        for enc in order:
            try:
                text = data.decode(enc)
                if sum(c.isprintable() or c.isspace() for c in text) > 0.95 * len(text):
                    return text, enc.replace("_", "-")
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is not None and best.encoding in MISSION_ENCODINGS:
        return str(best), best.encoding.replace("_", "-")
    # charset-normalizer gives up on short texts; between the two single-byte code pages we
    # meet, the share of high bytes decides: Persian letters are all high in Windows-1256,
    # while accented letters are a small minority of European text in Windows-1252
    visible = [b for b in data if b > 0x20]
    high = sum(1 for b in visible if b >= 0x80)
    encoding = "cp1256" if visible and high / len(visible) > 0.3 else "cp1252"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as err:
        raise ParseError(name, "the text's character encoding could not be determined") from err


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) / 2
    return zeros_even > 0.3 * half or zeros_odd > 0.3 * half
