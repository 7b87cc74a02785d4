"""Ingest against what an attacker or an unlucky day hands it (issue 17, "Ingest"): each
finding has a test named after it, through the real console script where the finding was
a traceback or a hang, and no command answers any of these inputs with a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.db import open_db
from factcheck.errors import InputError
from factcheck.ingest import ingest
from factcheck.reader import MAX_DOCUMENT_BYTES, decode
from factcheck.sources import Registry

from .conftest import dump

runner = CliRunner()
BIN = Path(sys.executable).parent
SENTENCE = "Reuters reported that 770 employees signed a letter on November 20, 2023.\n"


def factcheck(*args: str | bytes, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(BIN / "factcheck"), *args],
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def one_line_error(done: subprocess.CompletedProcess[bytes], code: int = 1) -> str:
    err = done.stderr.decode("utf-8")
    assert done.returncode == code, (done.returncode, err)
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert b"Traceback" not in done.stdout + done.stderr
    return err


def test_latin1_is_not_decoded_as_gb18030(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "cafe.en.txt"
    path.write_bytes(
        "Reuters reported that the cafés of Paris served 12 million coffees in 2023.\n".encode(
            "latin-1"
        )
    )
    db = open_db(tmp_path / "factcheck.db")
    result = ingest(db, path, registry)
    text = db.execute("SELECT text FROM documents").fetchone()[0]
    assert "cafés" in text and "閟" not in text
    assert result.encoding in ("cp1252", "latin_1")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        pytest.param(
            "Le ministre a déclaré que 30 % des élèves étaient absents en 2023.",
            "cp1252",
            id="french-cp1252",
        ),
        pytest.param(
            "Die Straße führt über 12 Brücken, sagte Reuters 2023.", "latin-1", id="german-latin1"
        ),
        pytest.param(
            "据路透社报道，知情人士称，微软首席执行官纳德拉表示欢迎。",
            "gb18030",
            id="chinese-gb18030",
        ),
        pytest.param(
            "事情に詳しい関係者によると、取締役会は合併について話し合った。",
            "cp932",
            id="japanese-sjis",
        ),
        pytest.param(
            "事情に詳しい関係者によると、取締役会は合併について話し合った。",
            "euc_jp",
            id="japanese-eucjp",
        ),
    ],
)
def test_legacy_codecs_each_decode_as_themselves(text: str, codec: str) -> None:
    decoded, _ = decode(text.encode(codec), "x.txt")
    assert decoded == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"\xef\xbb\xbf" + SENTENCE.encode() + b"\xff\xfe bad",
            "invalid UTF-8 after its UTF-8 byte-order mark",
            id="bad-utf8-after-bom",
        ),
        pytest.param(
            "\ufeffReuters said so.".encode("utf-16-le") + b"\x00",
            "invalid UTF-16",
            id="odd-length-utf16",
        ),
        pytest.param(
            b"\xff\xfe"
            + "Reuters said ".encode("utf-16-le")
            + b"\x00\xd8"
            + "so.".encode("utf-16-le"),
            "invalid UTF-16",
            id="lone-surrogate-utf16",
        ),
        pytest.param(b"\xef\xbb\xbf" + b"caf\xed\xa0\x80", "invalid UTF-8", id="surrogate-in-utf8"),
    ],
)
def test_broken_unicode_is_a_one_line_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "broken.en.txt"
    path.write_bytes(data)
    err = one_line_error(factcheck("ingest", str(path), "--db", str(tmp_path / "f.db")))
    assert message in err


def test_symlink_to_dev_zero_is_refused_without_reading(tmp_path: Path) -> None:
    """Before: read until MemoryError at 2.9 GB RSS."""
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    err = one_line_error(factcheck("ingest", str(link), "--db", str(tmp_path / "f.db"), timeout=30))
    assert "character device" in err


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    """Before: the open blocked forever waiting for a writer."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    err = one_line_error(factcheck("ingest", str(fifo), "--db", str(tmp_path / "f.db"), timeout=30))
    assert "FIFO" in err


def test_large_file_is_refused_while_reading(tmp_path: Path, seed_db: Path) -> None:
    """The size is capped as the bytes come, not trusted from stat: memory stays flat."""
    big = tmp_path / "big.en.txt"
    with big.open("wb") as f:
        line = SENTENCE.encode()
        f.write(line * (MAX_DOCUMENT_BYTES // len(line) + 2))
    before = dump(seed_db)
    err = one_line_error(factcheck("ingest", str(big), "--db", str(seed_db)))
    assert "larger than 8 MB" in err and "--max-size" in err
    assert dump(seed_db) == before


def test_max_size_raises_the_cap(tmp_path: Path) -> None:
    doc = tmp_path / "doc.en.txt"
    doc.write_text(SENTENCE * 40, encoding="utf-8")  # about 3 KB
    db = str(tmp_path / "f.db")
    one_line_error(factcheck("ingest", str(doc), "--db", db, "--max-size", "0.001"))
    assert factcheck("ingest", str(doc), "--db", db, "--max-size", "0.01").returncode == 0


def test_deeply_nested_html_keeps_its_claims(tmp_path: Path, registry: Registry) -> None:
    """300 levels of <div>, a claim at each: libxml2 drops what sits past depth 256, so
    the deepest claims (or, with all text deep, every claim) were silently lost."""
    page = "".join(
        f"<div><p>Reuters reported that {i} employees signed a letter on November 20, 2023.</p>"
        for i in range(1, 301)
    )
    path = tmp_path / "nested.html"
    path.write_text(f"<html><body>{page}{'</div>' * 300}</body></html>", encoding="utf-8")
    db = open_db(tmp_path / "factcheck.db")
    assert ingest(db, path, registry).claims == 300


def test_html_nested_past_python_s_recursion_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 5000 + "<p>" + SENTENCE + "</p>" + "</div>" * 5000, encoding="utf-8")
    done = factcheck("ingest", str(path), "--db", str(tmp_path / "f.db"))
    assert done.returncode == 0 and b"1 claims" in done.stdout, done.stderr


def test_nul_byte_after_the_first_8kb_is_not_stored(tmp_path: Path, seed_db: Path) -> None:
    path = tmp_path / "nul.en.txt"
    path.write_bytes(SENTENCE.encode() * 200 + b"Reuters said the\x00board met.\n")
    before = dump(seed_db)
    err = one_line_error(factcheck("ingest", str(path), "--db", str(seed_db)))
    assert "binary file" in err and "NUL byte at" in err
    assert dump(seed_db) == before


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([b"verdict", b"1", b"true", b"--note", b"caf\xe9"], id="note"),
        pytest.param([b"verdict", b"1", b"true", b"--by", b"\xff\xfe"], id="by"),
        pytest.param([b"search", b"caf\xe9"], id="search"),
        pytest.param([b"ingest", b"caf\xe9.txt"], id="file-name"),
    ],
)
def test_non_utf8_arguments_are_a_one_line_error(seed_db: Path, args: list[bytes]) -> None:
    before = dump(seed_db)
    done = factcheck(*args, b"--db", str(seed_db).encode())
    err = one_line_error(done, code=2)
    assert "is not valid UTF-8" in err
    assert dump(seed_db) == before


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        pytest.param(b"title: [unclosed\nlang: en\n", "line 2, column 5", id="unclosed-flow"),
        pytest.param(b"title: a\n  bad: indent: here\n", "line 2", id="bad-indent"),
        pytest.param(b"- just\n- a list\n", "not a mapping", id="not-a-mapping"),
        pytest.param(b"title: caf\xe9\n", "invalid UTF-8 text", id="not-utf8"),
        pytest.param(b"a: &x [*x]\n" * 2, "cannot read metadata", id="alias-loop"),
    ],
)
def test_bad_sidecar_yaml_is_a_one_line_error(tmp_path: Path, sidecar: bytes, message: str) -> None:
    doc = tmp_path / "doc.en.txt"
    doc.write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "doc.en.yml").write_bytes(sidecar)
    err = one_line_error(factcheck("ingest", str(doc), "--db", str(tmp_path / "f.db")))
    assert message in err and "doc.en.yml" in err


def test_file_name_with_a_newline_is_a_one_line_error(tmp_path: Path) -> None:
    odd = tmp_path / "two\nlines.png.txt"
    odd.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    err = one_line_error(factcheck("ingest", str(odd), "--db", str(tmp_path / "f.db")))
    assert "two␊lines" in err and "PNG image" in err


def test_file_name_with_a_newline_is_one_line_when_ingested(tmp_path: Path) -> None:
    odd = tmp_path / "two\nlines.en.txt"
    odd.write_text(SENTENCE, encoding="utf-8")
    done = factcheck("ingest", str(odd), "--db", str(tmp_path / "f.db"))
    assert done.returncode == 0 and done.stdout.count(b"\n") == 1, done.stdout


def test_reader_errors_are_input_errors(tmp_path: Path, registry: Registry) -> None:
    """Library callers get the project's own error, never UnicodeDecodeError or OSError."""
    cases = {
        "bom.txt": b"\xef\xbb\xbf\xff",
        "odd.txt": b"\xff\xfe" + b"a\x00b",
        "dir.txt": None,
    }
    db = open_db(tmp_path / "factcheck.db")
    for name, data in cases.items():
        path = tmp_path / name
        if data is None:
            path.mkdir()
        else:
            path.write_bytes(data)
        with pytest.raises(InputError):
            ingest(db, path, registry)


def test_no_traceback_from_ingest_of_any_hostile_input(tmp_path: Path) -> None:
    """All of the above in one command: each file its own one-line error, the good one
    stored, exit code 1."""
    good = tmp_path / "good.en.txt"
    good.write_text(SENTENCE, encoding="utf-8")
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf\xff")
    done = factcheck(
        "ingest", str(zero), str(fifo), str(bom), str(good), "--db", str(tmp_path / "f.db")
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.count(b"Error: ") == 3 and b"good.en.txt: new" in done.stdout
