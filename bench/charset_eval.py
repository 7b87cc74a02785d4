"""Charset figures on real pages, read from local checkouts (no page is committed here).

    python bench/charset_eval.py AEB-CHECKOUT [HTML5LIB-TESTS-CHECKOUT] [--json]

AEB-CHECKOUT is scrapinghub/article-extraction-benchmark (ground-truth.json, html/*.gz);
HTML5LIB-TESTS-CHECKOUT is html5lib/html5lib-tests (encoding/*.dat).

Three sets, each scored for ours (factcheck.charset.decode_html), trafilatura alone
(trafilatura.utils.decode_file, which reads no header) and w3lib's html_to_unicode with
charset-normalizer as its detector:

1. The benchmark's 181 pages as served (all UTF-8, 45 without a declaration). A page is
   decoded right when every non-ASCII character of its ground-truth body occurs in the
   decoded text and the first 80 characters of the body, whitespace removed, occur in the
   decoded page, whitespace removed and entities unescaped, with or without its markup.
   The measure is checked on wrong decodings too (each page read as windows-1252 and as
   Shift_JIS): it must call those wrong wherever the body is not ASCII.
2. Pages re-encoded here from the benchmark's: its two Japanese and two Korean pages, and
   pages in the script of the target encoding made from a benchmark page's markup with its
   text nodes replaced by this project's own Japanese and Chinese news texts
   (tests/data/gold/*.ja.txt, *.zh.txt: the benchmark has no Chinese page); the Latin
   pages with the most non-ASCII text for windows-1252. Each in Shift_JIS, EUC-JP,
   ISO-2022-JP, GBK, GB18030, Big5, EUC-KR or windows-1252 (characters the encoding lacks
   as numeric references, as a legacy CMS writes them), with the label in the header, the
   <meta>, both or neither, and lying: a header that lies over a right <meta>, a lying
   <meta>, a lying header alone. Right means the decoded text equals what the page says.
3. html5lib-tests' <meta> prescan cases of at most 1,024 bytes (html5lib's own runner
   skips the longer ones, which test a later change of encoding while parsing).
"""

from __future__ import annotations

import gzip
import html
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import cycle
from pathlib import Path

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode, read_bom

from factcheck.charset import codec_for, decode_html, prescan

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
# label → (the codec it is written with, the codec a browser reads it with), lies told about it
ENCODINGS = {
    "Shift_JIS": ("cp932", "cp932", ["UTF-8", "ISO-8859-1", "EUC-JP"], "ja"),
    "EUC-JP": ("euc_jp", "euc_jp", ["UTF-8", "ISO-8859-1", "Shift_JIS"], "ja"),
    "ISO-2022-JP": ("iso2022_jp", "iso2022_jp_ext", ["UTF-8", "ISO-8859-1", "Shift_JIS"], "ja"),
    "GBK": ("gbk", "gb18030", ["UTF-8", "ISO-8859-1", "Big5"], "zh"),
    "GB18030": ("gb18030", "gb18030", ["UTF-8", "ISO-8859-1", "Big5"], "zh"),
    "Big5": ("big5", "big5hkscs", ["UTF-8", "ISO-8859-1", "GB2312"], "zh"),
    "EUC-KR": ("euc_kr", "cp949", ["UTF-8", "ISO-8859-1", "GB2312"], "ko"),
    "windows-1252": ("cp1252", "cp1252", ["UTF-8", "windows-1251", "Shift_JIS"], "latin"),
}
_DECLARATION = re.compile(
    r"<meta[^>]+charset[^>]*>|<\?xml[^>]*\?>", re.I
)  # every charset declaration in a page, replaced by the variant's own
_SCRIPT = re.compile(r"[\u3040-\u30ff]|[\uac00-\ud7af]|[\u4e00-\u9fff]")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages(checkout: Path) -> Iterator[tuple[str, dict[str, str], bytes]]:
    truth = json.loads((checkout / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        yield key, truth[key], gzip.decompress((checkout / "html" / f"{key}.html.gz").read_bytes())


def right(decoded: str, body: str) -> bool:
    """The validated measure of set 1 (see the module docstring)."""
    if any(c not in decoded for c in body if ord(c) > 127 and not c.isspace()):
        return False
    prefix = squash(body)[:80]
    page = html.unescape(decoded)
    return prefix in squash(page) or prefix in squash(re.sub(r"<[^>]*>", "", page))


# -- the decoders compared ---------------------------------------------------------------


def ours(body: bytes, content_type: str | None) -> str:
    return decode_html(body, content_type).text


def trafilatura_alone(body: bytes, content_type: str | None) -> str:
    from trafilatura.utils import decode_file

    return decode_file(body)


def w3lib_alone(body: bytes, content_type: str | None) -> str:
    def detect(data: bytes) -> str | None:
        best = from_bytes(data[:200_000]).best()
        return best.encoding if best else None

    return html_to_unicode(content_type, body, auto_detect_fun=detect)[1]


DECODERS: dict[str, Callable[[bytes, str | None], str]] = {
    "ours": ours,
    "trafilatura alone": trafilatura_alone,
    "w3lib html_to_unicode + charset-normalizer": w3lib_alone,
}


# -- set 2: re-encoded pages ---------------------------------------------------------------


def transplant(page: str, sentences: list[str]) -> str:
    """A real page's markup with its longer text nodes (after <body>) replaced by these."""
    start = max(page.lower().find("<body"), 0)
    lines = cycle(sentences)
    body = re.sub(r">([^<>]{40,})<", lambda m: f">{next(lines)}<", page[start:])
    return page[:start] + body


def sentences(lang: str) -> list[list[str]]:
    out = []
    for path in sorted(GOLD.glob(f"*.{lang}.txt")):
        text = path.read_text(encoding="utf-8")
        parts = [p for p in re.split(r"(?<=[。！？])\s*|\n+", text) if len(p.strip()) > 5]
        out.append(parts)
    return out


def sources(checkout: Path) -> dict[str, list[tuple[str, str]]]:
    """Unicode pages by script: (name, page)."""
    by_script: dict[str, list[tuple[str, str]]] = defaultdict(list)
    latin = []
    templates = []
    for key, gt, raw in pages(checkout):
        text = raw.decode("utf-8", "replace")
        body = gt["articleBody"]
        if len(re.findall(r"[\uac00-\ud7af]", body)) > 50:
            by_script["ko"].append((key[:8], text))
        elif re.search(r"[\u3040-\u30ff]{5}", body):
            by_script["ja"].append((key[:8], text))
        elif not _SCRIPT.search(body):
            wide = sum(1 for c in body if ord(c) > 127 and c.encode("cp1252", "ignore"))
            latin.append((wide, key[:8], text))
            templates.append((len(text), key[:8], text))
    latin.sort(reverse=True)
    by_script["latin"] = [(k, t) for _, k, t in latin[:40]]
    templates.sort()
    middle = templates[len(templates) // 4 :]  # not the smallest pages: real markup around
    for lang in ("ja", "zh"):
        for i, texts in enumerate(sentences(lang)):
            _, key, page = middle[(i * 7) % len(middle)]
            by_script[lang].append((f"{key}+{lang}{i}", transplant(page, texts)))
    return by_script


def declare(page: str, label: str | None) -> str:
    page = _DECLARATION.sub("", page)
    if label is None:
        return page
    tag = f'<meta charset="{label}">'
    head = re.search(r"<head[^>]*>", page, re.I)
    return page[: head.end()] + tag + page[head.end() :] if head else tag + page


def variants(label: str, lies: list[str]) -> Iterator[tuple[str, str | None, str | None]]:
    """(name, header label, meta label)."""
    yield "header", label, None
    yield "meta", None, label
    yield "header+meta", label, label
    yield "no label", None, None
    for lie in lies:
        yield f"header lies ({lie}), meta right", lie, label
        yield f"meta lies ({lie})", None, lie
        yield f"header lies ({lie}), no meta", lie, None


def reencoded(checkout: Path) -> Iterator[tuple[str, str, str, bytes, str | None, str]]:
    """(encoding, variant, page, bytes, Content-Type, the text a browser shows)."""
    by_script = sources(checkout)
    for label, (writer, reader, lies, script) in ENCODINGS.items():
        for name, page in by_script[script]:
            for variant, header, meta in variants(label, lies):
                data = declare(page, meta).encode(writer, "xmlcharrefreplace")
                content_type = f"text/html; charset={header}" if header else "text/html"
                yield label, variant, name, data, content_type, data.decode(reader)


# -- set 3: html5lib-tests ---------------------------------------------------------------


def prescan_cases(checkout: Path) -> Iterator[tuple[bytes, str]]:
    for path in sorted((checkout / "encoding").glob("*.dat")):
        for block in path.read_bytes().split(b"#data\n")[1:]:
            data, _, expected = block.partition(b"\n#encoding\n")
            if len(data) <= 1024:
                yield data, expected.strip().split(b"\n")[0].decode()


def sniffed(data: bytes) -> str:
    bom = read_bom(data)[0]
    return codec_for(bom) if bom else codec_for(prescan(data)) or "cp1252"


def w3lib_sniffed(data: bytes) -> str:
    return codec_for(html_to_unicode(None, data, default_encoding="cp1252")[0]) or "?"


# -- the run ---------------------------------------------------------------------------------


def main(aeb: Path, h5: Path | None) -> dict[str, object]:
    figures: dict[str, object] = {}
    started = time.perf_counter()
    real = list(pages(aeb))
    set1: Counter[str] = Counter()
    for _key, gt, raw in real:
        for name, decoder in DECODERS.items():
            set1[name] += right(decoder(raw, None), gt["articleBody"])
    wrong = Counter()
    wide = 0
    for _key, gt, raw in real:
        if any(ord(c) > 127 for c in gt["articleBody"]):
            wide += 1
            for codec in ("cp1252", "cp932"):
                wrong[codec] += right(raw.decode(codec, "replace"), gt["articleBody"])
    figures["served"] = {
        "pages": len(real),
        **{n: round(v / len(real), 3) for n, v in set1.items()},
        "measure check: wrong decodings called right (of pages with non-ASCII bodies)": {
            c: f"{v}/{wide}" for c, v in wrong.items()
        },
    }
    per: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    n = 0
    seconds: Counter[str] = Counter()
    for label, variant, page, data, content_type, expected in reencoded(aeb):
        n += 1
        per[label]["cases"] += 1
        for name, decoder in DECODERS.items():
            t0 = time.perf_counter()
            got = decoder(data, content_type)
            seconds[name] += time.perf_counter() - t0
            ok = got == expected
            per[label][name] += ok
            totals[name] += ok
            if not ok and name == "ours":
                misses[label].append(f"{page}: {variant}")
    figures["re-encoded"] = {
        "cases": n,
        **{name: round(totals[name] / n, 3) for name in DECODERS},
        "by encoding": {
            label: {k: (v if k == "cases" else round(v / c["cases"], 3)) for k, v in c.items()}
            for label, c in per.items()
        },
        "ms per page": {k: round(1000 * v / n, 1) for k, v in seconds.items()},
        "our misses": {k: v[:12] for k, v in misses.items()},
    }
    if h5 is not None:
        cases = list(prescan_cases(h5))
        ok = sum(sniffed(d) == codec_for(e) for d, e in cases)
        w3 = sum(w3lib_sniffed(d) == codec_for(e) for d, e in cases)
        figures["html5lib prescan"] = {"cases": len(cases), "ours": ok, "w3lib": w3}
    figures["seconds"] = round(time.perf_counter() - started, 1)
    return figures


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    result = main(Path(args[0]), Path(args[1]) if len(args) > 1 else None)
    print(json.dumps(result, indent=2, ensure_ascii=False))
