"""The HTML citation report: one self-contained file, safe to publish.

No external assets and no script at all (a Content-Security-Policy meta tag forbids
any); styles inline; charts are inline SVG. Every piece of text goes through `esc()`,
so a claim or page title holding `<script>`, an `onerror=` attribute or U+2028 comes out
as inert text. Every cited URL is a Robust Link: `href` plus `data-originalurl`,
`data-versionurl` (the archived copy) and `data-versiondate`. Readable on a phone
(fluid layout, viewport meta) and printable (print styles). Claims stream one at a time.
"""

from __future__ import annotations

import html
from typing import Any, TextIO

import sqlite_utils

from factcheck import __version__
from factcheck.links import web_url
from factcheck.report.read import (
    archive_base,
    archived_url,
    claims,
    documents,
    provenance,
    references,
    summary,
)
from factcheck.scale import COLOURS
from factcheck.timestamps import utc_now

CSS = """
body{font:16px/1.55 system-ui,-apple-system,"Hiragino Sans","Noto Sans CJK JP","Microsoft YaHei",sans-serif;
max-width:52rem;margin:0 auto;padding:1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}
.meta,.small{color:#57606a;font-size:.9rem}.claim{border-left:4px solid #d0d7de;padding:.4rem .8rem;margin:1rem 0;
break-inside:avoid}.claim.rated{border-color:var(--c)}.badge{display:inline-block;padding:0 .45rem;border-radius:1rem;
color:#fff;font-size:.8rem;font-weight:600}ul{padding-left:1.2rem}li{margin:.2rem 0}svg{max-width:100%;height:auto}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{flex:1 1 16rem;margin:0}figcaption{font-weight:600}
a{color:#0969da;overflow-wrap:anywhere}code{overflow-wrap:anywhere;word-break:break-all}
table{border-collapse:collapse;max-width:100%}td,th{padding:.2rem .5rem;text-align:left;overflow-wrap:anywhere}
.charts figure{min-width:0}
@media print{body{max-width:none;font-size:11pt}a{color:#000}a[href]::after{content:" <" attr(href) ">";font-size:9pt}
.claim{border-left-width:2px}}
"""


def esc(value: Any) -> str:
    """Text for HTML content or attributes, inert whatever it holds."""
    if value is None:
        return ""
    text = html.escape(str(value), quote=True)
    return text.replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")


def robust_link(
    url: str, capture: dict[str, Any] | None, archive_base: str, label: str | None = None
) -> str:
    if not web_url(url):  # a javascript: or data: URL from a page or a reviewer: text only
        return f"<code>{esc(label or url)}</code>"
    attrs = f'href="{esc(url)}" data-originalurl="{esc(url)}"'
    if capture and capture.get("classification") != "error":
        version = archived_url(capture, archive_base)
        attrs += f' data-versionurl="{esc(version)}" data-versiondate="{esc(capture["fetched_at"][:10])}"'
    return f"<a {attrs}>{esc(label or url)}</a>"


def bar_chart(title: str, counts: dict[str, int]) -> str:
    """A horizontal bar chart as inline SVG."""
    rows = sorted(counts.items(), key=lambda kv: -kv[1]) or [("none", 0)]
    top = max(n for _, n in rows) or 1
    height = 26 * len(rows) + 8
    bars = []
    for i, (label, n) in enumerate(rows):
        y = 4 + 26 * i
        width = 250 * n / top
        colour = COLOURS.get(label, "#0969da")
        bars.append(
            f'<text x="0" y="{y + 15}" font-size="13">{esc(label)}</text>'
            f'<rect x="150" y="{y + 2}" width="{width:.1f}" height="18" fill="{colour}"><title>{esc(label)}: {n}</title></rect>'
            f'<text x="{155 + width:.1f}" y="{y + 15}" font-size="13">{n}</text>'
        )
    return (
        f'<figure><figcaption>{esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{esc(title)}" viewBox="0 0 440 {height}" width="440" height="{height}">{"".join(bars)}</svg></figure>'
    )


def write_html(
    db: sqlite_utils.Database, out: TextIO, document: int | None = None, reviewed_only: bool = False
) -> None:
    docs = documents(db, document)
    archive = archive_base(db)
    title = "Citation report" + (
        f": {docs[0]['title']}" if len(docs) == 1 and docs[0]["title"] else ""
    )
    out.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n"
        f'<h1>{esc(title)}</h1><p class="meta">Generated {utc_now()} by factcheck {esc(__version__)}.</p>\n'
    )
    for doc in docs:
        _document(db, out, doc, archive, reviewed_only)
    out.write("</body></html>\n")


def _document(
    db: sqlite_utils.Database,
    out: TextIO,
    doc: dict[str, Any],
    archive_base: str,
    reviewed_only: bool,
) -> None:
    s = summary(db, doc["id"])
    out.write(f'<section id="document-{doc["id"]}"><h2>{esc(doc["title"] or doc["path"])}</h2>\n')
    origin = f"; credited origin: {esc(doc['credited_origin'])}" if doc["credited_origin"] else ""
    out.write(
        f'<p class="meta">{esc(doc["url"] or doc["path"])} · version {doc["version"]} · {esc(doc["lang"])}'
        f" · <code>{esc(doc['sha256'])}</code>{origin}</p>\n"
    )
    out.write(
        '<div class="charts">'
        + bar_chart("Claims by verdict", s["by_verdict"])
        + bar_chart("Citations by fidelity", s["by_fidelity"])
        + bar_chart("Citations by source kind", s["by_source_kind"])
        + "</div>\n"
    )
    out.write('<table class="small">')
    for label, value in (
        ("Claims", s["claims"]),
        ("Checkable claims with no source", len(s["checkable_without_source"])),
        ("Anonymous or vague attributions", len(s["anonymous_or_vague"])),
        ("Sources without a URL or capture", ", ".join(s["sources_without_capture"]) or "none"),
        ("Sources changed since capture", ", ".join(s["sources_changed_since_capture"]) or "none"),
        ("Second review required", "yes" if s["second_review_required"] else "no"),
    ):
        out.write(f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>")
    out.write("</table>\n<h3>Claims</h3>\n")
    for c in claims(db, doc["id"], reviewed_only):
        _claim(out, c, archive_base)
    refs = references(db, doc["id"])
    if refs:
        out.write("<h3>References</h3><ol>\n")
        for r in refs:
            outlet = esc(r["outlet"] or r["outlet_as_written"] or "unknown outlet")
            if r["outlet_as_written"] and r["outlet"] and r["outlet_as_written"] != r["outlet"]:
                outlet += f" (written “{esc(r['outlet_as_written'])}”)"
            for w in r["works"]:
                tr = f" ({esc(w['title_translated'])})" if w["title_translated"] else ""
                link = " " + robust_link(w["url"], None, archive_base) if w["url"] else ""
                out.write(
                    f'<li value="{esc(r["number"] or "")}">{outlet}: “{esc(w["title"])}”{tr}{link}</li>\n'
                )
        out.write("</ol>\n")
    out.write("</section>\n")


def _claim(out: TextIO, c: dict[str, Any], archive_base: str) -> None:
    v = c["verdict"]
    colour = COLOURS.get(v["rating"], "#afb8c1") if v else ""
    cls = "claim rated" if v else "claim"
    style = f' style="--c:{colour}"' if v else ""
    out.write(
        f'<div class="{cls}" id="claim-{c["id"]}"{style}><p><strong>{c["id"]}.</strong> {esc(c["text"])}'
    )
    if v:
        out.write(f' <span class="badge" style="background:{colour}">{esc(v["rating"])}</span>')
    seen = f", seen {c['occurrences']}×" if c["occurrences"] > 1 else ""
    out.write(
        f' <span class="small">({esc(c["kind"])}, check-worthiness {c["checkworthiness"]:.2f}{seen})</span></p><ul>'
    )
    stated = [s for s in c["sources"] if not s["inferred"]]
    for s in stated:
        via = f" via {esc(', '.join(s['via']))}" if s["via"] else ""
        out.write(
            f"<li>Source: <strong>{esc(s['name'])}</strong> ({esc(s['kind'])}){via}; cue “{esc(s['cue'])}”"
            f'<span class="small">{esc(provenance(s))}</span>'
        )
        if s["fidelity"]:
            out.write(
                f' · fidelity <span class="badge" style="background:{COLOURS.get(s["fidelity"], "#57606a")}">{esc(s["fidelity"])}</span>'
            )
        if s["url"]:
            cap = s["capture"]
            out.write(" · " + robust_link(s["url"], cap, archive_base))
            if cap:
                out.write(
                    f' <span class="small">captured {esc(cap["fetched_at"][:10])}, {esc(cap["classification"])},'
                    f" <code>{esc(cap['sha256'])}</code></span>"
                )
        out.write("</li>")
    for s in c["sources"]:
        if s["inferred"]:
            state = "confirmed" if s["status"] == "confirmed" else "unconfirmed"
            out.write(
                f'<li class="small">Suggested reference: {esc(s["name"])} (score {s["score"]:.2f}, {state})</li>'
            )
    if not stated:
        out.write("<li>Source: none stated</li>")
    for h in c["verdict_history"]:
        current = " (current)" if h is c["verdict_history"][-1] else ""
        signed = f", signed off by {esc(h['signed_off_by'])}" if h["signed_off_by"] else ""
        evidence = (
            " · evidence " + robust_link(h["evidence_url"], None, archive_base)
            if h["evidence_url"]
            else ""
        )
        out.write(
            f"<li>Verdict{current}: <strong>{esc(h['rating'])}</strong> as of {esc(h['as_of'] or h['created_at'][:10])}"
            f" by {esc(h['reviewer'])}{signed}{': ' + esc(h['note']) if h['note'] else ''}{evidence}</li>"
        )
    out.write("</ul></div>\n")
