"""Article bytes as text: by BOM, else UTF-8, else Windows-1258; binary files refused; NFC."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import SourceError

__all__ = ["MAX_ARTICLE_BYTES", "decode"]

# The longest seed is 15 kB and extraction time grows faster than linearly (about 5 s for
# 3 MB), so a bigger file is almost surely not one article: refuse it before reading it.
MAX_ARTICLE_BYTES = 5_000_000

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = {  # file signatures, to name what a binary file is
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive", b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "a program",
}
# The control characters (Unicode's category Cc, fixed by its stability policy: U+0000-U+001F
# and U+007F-U+009F) but tab, line feed, vertical tab, form feed and carriage return
# (U+0009-U+000D). One regex instead of a category lookup per character: half the reading.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode(raw: bytes, name: str) -> str:
    """Text of ``raw`` by BOM, else UTF-8, else Windows-1258; newlines unified, NFC."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is None and b"\x00" in raw[:8192]:
        raise SourceError(f"{name}: binary file ({_kind(raw)}), not article text")
    try:
        text = raw.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding:
            raise SourceError(f"{name}: invalid {encoding.upper()} at byte {exc.start}") from None
        text = _decode_cp1258(raw, name)
    if _looks_binary(text[:65536]):
        raise SourceError(f"{name}: binary file ({_kind(raw)}), not article text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _decode_cp1258(raw: bytes, name: str) -> str:
    try:
        return raw.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: not UTF-8, UTF-16 or Windows-1258 text "
                          f"(byte 0x{raw[exc.start]:02x} at {exc.start})") from None


def _looks_binary(sample: str) -> bool:
    """More than 1% control characters (tabs and line breaks aside): not text."""
    return len(_CONTROLS.findall(sample)) > max(2, len(sample) // 100)


def _kind(raw: bytes) -> str:
    return next((kind for magic, kind in _MAGIC.items() if raw.startswith(magic)),
                "unknown format")
