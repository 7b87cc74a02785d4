"""Reading an input file: the one reader for every file ingest opens (a document and its
sidecar metadata), and the decoding of its bytes.

- Only regular files are read. The file is opened without blocking (`O_NONBLOCK`: a
  FIFO does not hang the open) and checked on the open descriptor, so a directory, a
  FIFO, a socket or a device (a symlink to /dev/zero) is refused before one byte is read.
- The size is capped while reading: never more than the limit and one byte is held, so
  a file that grows, lies about its size or never ends cannot exhaust memory.
- Decoding is strict, and every failure is an `InputError` of one line naming the file
  and the problem: UTF-8 (with or without a byte-order mark) first, UTF-16 with a
  byte-order mark, then the legacy codecs of Japanese and Chinese (Shift_JIS as cp932,
  EUC-JP, GB18030, Big5) and of Western European text (cp1252, Latin-1), of which the
  one whose text looks most like prose wins: `cafés` in Latin-1 is `cafés`, not
  GB18030's `caf閟`. A NUL byte anywhere marks a binary file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from factcheck.errors import InputError

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024  # far above any article; `ingest --max-size` raises it
MAX_SIDECAR_BYTES = 1024 * 1024
CHUNK = 1024 * 1024
LEGACY_CODECS = ("cp932", "euc_jp", "gb18030", "big5", "cp1252", "latin_1")
MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
    b"SQLite format 3": "SQLite database",
    b"\x7fELF": "executable",
}
_KINDS = {
    stat.S_IFDIR: "a directory: name the files to ingest",
    stat.S_IFIFO: "a FIFO (named pipe), not a file",
    stat.S_IFSOCK: "a socket, not a file",
    stat.S_IFCHR: "a character device, not a file",
    stat.S_IFBLK: "a block device, not a file",
}


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


def read_file(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputError otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except OSError as e:
        if e.errno == errno.EISDIR:
            raise InputError(f"{path} is {_KINDS[stat.S_IFDIR]}") from None
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise InputError(f"{path} is {kind}")
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while chunk := os.read(fd, min(CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError(
                    f"{path} is larger than {megabytes(limit)}: too big to be one document"
                    " (ingest --max-size raises the limit)"
                )
        return b"".join(chunks)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    finally:
        os.close(fd)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the codec it was read with; InputError for anything that is not text."""
    if not data.strip():
        raise InputError(f"{name} is empty")
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name} is a {what}, not a text document")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name, "after its UTF-8 byte-order mark"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name, "after its UTF-16 byte-order mark"), "utf-16"
    if (nul := data.find(b"\x00")) >= 0:
        raise InputError(f"{name} is a binary file, not a text document (a NUL byte at {nul})")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = _best_legacy_decoding(data)
    if best is None:
        raise InputError(
            f"cannot decode {name}: not UTF-8, Shift_JIS, EUC-JP, GB18030, Big5 or Latin-1 text"
        )
    return best


def decode_utf8(data: bytes, name: str) -> str:
    """UTF-8 only (YAML, configuration), a byte-order mark allowed."""
    return _strict(data.removeprefix(b"\xef\xbb\xbf"), "utf-8", name, "text")


def _strict(data: bytes, codec: str, name: str, where: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise InputError(
            f"cannot decode {name}: invalid {codec.upper()} {where}, at byte {e.start}: {e.reason}"
        ) from None


def _best_legacy_decoding(data: bytes) -> tuple[str, str] | None:
    """Of the codecs that decode the bytes without error, the one whose text looks most
    like prose: most kana and common CJK, or accented letters inside Latin words; fewest
    rare, private-use or control characters."""
    candidates = []
    for codec in LEGACY_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), -LEGACY_CODECS.index(codec), codec, text))
    if not candidates:
        return None
    score, _, codec, text = max(candidates)
    if score < 0.5:
        return None
    return text, codec


def _latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _plausibility(text: str) -> float:
    if not text:
        return 0.0
    good = 0.0
    for i, ch in enumerate(text):
        o = ord(ch)
        if 0xFF61 <= o <= 0xFF9F:
            good -= 0.5  # half-width katakana: what Shift_JIS makes of EUC-JP or GBK bytes
        elif (
            ch.isascii() or 0x3040 <= o <= 0x30FF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
        ):
            good += 1
        elif 0x4E00 <= o <= 0x9FFF:
            good += 0.8  # Han is plausible in every codec here; kana decides Japanese
        elif 0xC0 <= o <= 0x24F and ch.isalpha():
            # é in café: a Latin word around it; Ö in ÖÐ¹ú (GB18030 read as cp1252): none
            around = text[i - 1 : i] + text[i + 1 : i + 2]
            good += 1 if any(_latin_letter(c) for c in around) else -0.5
        elif 0xE000 <= o <= 0xF8FF or 0x80 <= o <= 0x9F or o < 0x20 and ch not in "\n\r\t":
            good -= 1
    return good / len(text)
