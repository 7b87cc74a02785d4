"""The WHATWG sniffing order with checked declarations: the prescan, and pages in legacy
encodings with right, missing and lying labels (bench/charset_eval.py measures the same
on real pages)."""

from __future__ import annotations

import pytest

from factcheck.charset import codec_for, decode_html, prescan

JA = (
    "日本銀行は十九日、金融政策決定会合で大規模な金融緩和策の修正を決めた。"
    "植田和男総裁は記者会見で、物価の上昇が続く中で長期金利の上限を柔軟にすると説明した。"
    "市場では円相場が一時大きく動き、株価も午後にかけて値下がりする銘柄が目立った。"
)
ZH = (
    "据路透社报道，该公司董事会周五宣布解除首席执行官的职务，并任命首席技术官担任临时首席执行官。"
    "消息人士称，投资者对这一决定感到意外，多家机构表示将重新评估与该公司的合作关系。"
)
KO = (
    "한국은행은 기준금리를 동결하기로 결정했다고 발표했다. 총재는 기자회견에서 물가 상승세가 "
    "둔화되고 있지만 여전히 높은 수준이라고 말했다. 시장에서는 연내 금리 인하 가능성에 주목하고 있다."
)
FR = (
    "Le gouvernement a présenté mercredi un projet de loi sur l’énergie. Selon le ministère, "
    "les dépenses prévues s’élèveront à près de deux milliards d’euros d’ici à la fin de l’année."
)


def page(text: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return (
        f"<!DOCTYPE html><html><head>{head}<title>News</title></head><body><nav>Home | World"
        f"</nav><article><h1>{text[:20]}</h1><p>{text}</p><p>{text[::-1]}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    "html, label",
    [
        pytest.param(b'<meta charset="Shift_JIS">', "Shift_JIS", id="charset"),
        pytest.param(b"<meta charset=euc-jp>", "euc-jp", id="unquoted"),
        pytest.param(
            b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
            "gb2312",
            id="http-equiv-pragma",
        ),
        pytest.param(
            b'<meta content="text/html; charset=big5" http-equiv=content-type>',
            "big5",
            id="content-before-http-equiv",
        ),
        pytest.param(
            b'<meta content="text/html; charset=big5">', None, id="content-without-pragma"
        ),
        pytest.param(b'<!-- <meta charset="euc-kr"> --><p>', None, id="inside-a-comment"),
        pytest.param(b'<meta charset="bogus"><meta charset="koi8-r">', "koi8-r", id="bogus-first"),
        pytest.param(b'<meta charset="UTF-16LE">', "utf-8", id="utf-16-means-utf-8"),
        pytest.param(b'<meta charset="utf-8><p>"</p>', None, id="quote-runs-past-the-tag"),
        pytest.param(
            b'<meta content="text/html; charset=\'utf-8" http-equiv=content-type>',
            None,
            id="unmatched-quote-in-content",
        ),
        pytest.param(b'<p title="<meta charset=euc-jp>">', None, id="inside-an-attribute"),
        pytest.param(b"<metacharset=euc-jp>", None, id="no-space-after-meta"),
        pytest.param(b'<meta charset=iso8859-2">', None, id="label-with-a-quote"),
        pytest.param(
            b"<!-- " + b"x" * 1100 + b' --><meta charset="euc-jp">', None, id="past-1024-bytes"
        ),
    ],
)
def test_meta_prescan(html: bytes, label: str | None) -> None:
    found = prescan(html[:1024])
    assert (codec_for(found) if found else None) == (codec_for(label) if label else None)


@pytest.mark.parametrize(
    "text, codec, header, meta, source",
    [
        pytest.param(JA, "cp932", "Shift_JIS", None, "header", id="sjis-header"),
        pytest.param(JA, "cp932", None, "Shift_JIS", "meta", id="sjis-meta"),
        pytest.param(JA, "cp932", None, None, "detected", id="sjis-unlabelled"),
        pytest.param(JA, "cp932", None, "UTF-8", "detected", id="sjis-meta-says-utf-8"),
        pytest.param(JA, "cp932", "ISO-8859-1", "Shift_JIS", "meta", id="sjis-header-says-latin1"),
        pytest.param(JA, "euc_jp", None, "Shift_JIS", "detected", id="euc-jp-meta-says-sjis"),
        pytest.param(JA, "euc_jp", "ISO-8859-1", None, "detected", id="euc-jp-header-says-latin1"),
        pytest.param(JA, "iso2022_jp", None, None, "detected", id="iso-2022-jp-by-its-escapes"),
        pytest.param(JA, "iso2022_jp", "UTF-8", None, "detected", id="iso-2022-jp-labelled-utf-8"),
        pytest.param(ZH, "gbk", None, "GB2312", "meta", id="gbk-labelled-gb2312"),
        pytest.param(ZH, "gbk", None, None, "detected", id="gbk-unlabelled"),
        pytest.param(ZH, "big5", None, "GB2312", "detected", id="big5-labelled-gb2312"),
        pytest.param(KO, "euc_kr", None, "EUC-KR", "meta", id="euc-kr"),
        pytest.param(KO, "euc_kr", None, None, "detected", id="euc-kr-unlabelled-not-gb18030"),
        pytest.param(KO, "euc_kr", None, "GB2312", "detected", id="euc-kr-labelled-gb2312"),
        pytest.param(KO, "euc_kr", "GBK", "EUC-KR", "meta", id="euc-kr-header-says-gbk"),
        pytest.param(FR, "utf-8", "ISO-8859-1", None, "detected", id="utf-8-labelled-latin1"),
        pytest.param(FR, "cp1252", None, "UTF-8", "detected", id="cp1252-labelled-utf-8"),
        pytest.param(FR, "cp1252", None, None, "detected", id="cp1252-unlabelled"),
        pytest.param(FR, "cp1252", "windows-1251", None, "detected", id="cp1252-labelled-1251"),
    ],
)
def test_pages_in_legacy_encodings(
    text: str, codec: str, header: str | None, meta: str | None, source: str
) -> None:
    html = page(text, meta)
    body = html.encode(codec, "xmlcharrefreplace")
    content_type = f"text/html; charset={header}" if header else "text/html"
    decoded = decode_html(body, content_type)
    assert decoded.text == body.decode(codec), decoded.codec
    assert decoded.source == source and decoded.replacements == 0


@pytest.mark.parametrize(
    "body, content_type, codec, source",
    [
        pytest.param(
            "\ufeff<p>日本</p>".encode(), "text/html; charset=Shift_JIS", "utf-8", "bom", id="bom"
        ),
        pytest.param(
            "\ufeff<p>日本</p>".encode("utf-16-le"), None, "utf-16", "bom", id="utf-16-bom"
        ),
        pytest.param(
            b"<p>plain</p>", "text/html; charset=Shift_JIS", "cp932", "header", id="ascii"
        ),
        pytest.param(
            "<p>日本語の記事".encode()[:-1], None, "utf-8", "detected", id="utf-8-cut-mid-character"
        ),
    ],
)
def test_edges(body: bytes, content_type: str | None, codec: str, source: str) -> None:
    decoded = decode_html(body, content_type)
    assert (decoded.codec, decoded.source) == (codec, source)


@pytest.mark.parametrize(
    "body", [b"\x81\xff\xfe\x00" * 500, bytes(range(256)) * 40, b"\x1b$B" + b"\xff" * 99]
)
def test_binary_noise_decodes_without_raising(body: bytes) -> None:
    decoded = decode_html(body, "text/html; charset=nonsense")
    assert decoded.source in ("detected", "default") and isinstance(decoded.text, str)


@pytest.mark.parametrize(
    "label, codec",
    [
        ("Shift_JIS", "cp932"),
        ("x-sjis", "cp932"),
        ("Windows-31J", "cp932"),
        ("EUC-JP", "euc_jp"),
        ("ISO-2022-JP", "iso2022_jp_ext"),
        ("GB2312", "gb18030"),
        ("GBK", "gb18030"),
        ("Big5", "big5hkscs"),
        ("EUC-KR", "cp949"),
        ("ks_c_5601-1987", "cp949"),
        ("ISO-8859-1", "cp1252"),
        ("UTF-8", "utf-8"),
        ("nonsense", None),
        ('utf-8"', None),
    ],
)
def test_charset_labels(label: str, codec: str | None) -> None:
    assert codec_for(label) == codec
