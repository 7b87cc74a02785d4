"""The Markdown report: per document a summary, every claim with its sources and
verdicts, and the reference list."""

from __future__ import annotations

from typing import Any, TextIO
from urllib.parse import quote

import sqlite_utils

from factcheck import __version__
from factcheck.report.read import claims, documents, provenance, references, summary
from factcheck.timestamps import utc_now


def md(text: Any) -> str:
    """Inline Markdown from any stored value: no raw HTML (every `<` and `>` an entity)
    and no accidental emphasis, code, links or tables."""
    if text is None:
        return ""
    out = str(text).replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]|#~":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def md_url(url: str | None) -> str:
    """An http(s) URL as an autolink, percent-encoded so that nothing in it (`>`, spaces,
    quotes) can end the link and start raw HTML; any other scheme is plain text."""
    if not url:
        return ""
    if not url.lower().startswith(("http://", "https://")):
        return md(url)
    return "<" + quote(url, safe=":/?#[]@!$&'()*+,;=%~") + ">"


def _counts(counter: dict[str, int]) -> str:
    return (
        ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: -kv[1])) or "none"
    )


def write_markdown(
    db: sqlite_utils.Database, out: TextIO, document: int | None = None, reviewed_only: bool = False
) -> None:
    out.write("# Citation report\n\n")
    out.write(f"Generated {utc_now()} by factcheck {__version__}.\n\n")
    for doc in documents(db, document):
        _markdown_document(db, out, doc, reviewed_only)


def _markdown_document(
    db: sqlite_utils.Database, out: TextIO, doc: dict[str, Any], reviewed_only: bool
) -> None:
    s = summary(db, doc["id"])
    out.write(f"## {md(doc['title'] or doc['path'])}\n\n")
    out.write(
        f"- File: {md(doc['url'] or doc['path'])} (version {doc['version']}, {md(doc['lang'])}, {md(doc['sha256'])})\n"
    )
    if doc["credited_origin"]:
        out.write(f"- Credited origin: {md(doc['credited_origin'])}\n")
    out.write(f"- Claims: {s['claims']}; by verdict: {_counts(s['by_verdict'])}\n")
    out.write(
        f"- Citations by fidelity: {_counts(s['by_fidelity'])}; by source kind: {_counts(s['by_source_kind'])}\n"
    )
    out.write(f"- Checkable claims with no source: {len(s['checkable_without_source'])}\n")
    out.write(f"- Anonymous or vague attributions: {len(s['anonymous_or_vague'])}\n")
    if s["sources_without_capture"]:
        out.write(
            f"- Sources without a URL or capture: {', '.join(md(n) for n in s['sources_without_capture'])}\n"
        )
    if s["sources_changed_since_capture"]:
        out.write(
            f"- Sources changed since capture: {', '.join(md(n) for n in s['sources_changed_since_capture'])}\n"
        )
    if s["second_review_required"]:
        out.write("- Second review is required: only signed-off verdicts are published\n")
    out.write("\n### Claims\n\n")
    for c in claims(db, doc["id"], reviewed_only):
        out.write(f"**{c['id']}.** {md(c['text'])}")
        seen = f", seen {c['occurrences']}×" if c["occurrences"] > 1 else ""
        out.write(f" _({md(c['kind'])}, check-worthiness {c['checkworthiness']:.2f}{seen})_\n\n")
        stated = [src for src in c["sources"] if not src["inferred"]]
        for src in stated:
            via = f" via {', '.join(md(v) for v in src['via'])}" if src["via"] else ""
            fidelity = f"; fidelity: **{md(src['fidelity'])}**" if src["fidelity"] else ""
            found = provenance(src)
            out.write(
                f"- Source: **{md(src['name'])}** ({md(src['kind'])}){via}; cue “{md(src['cue'])}”"
                f"{md(found)}{fidelity}\n"
            )
            if src["capture"]:
                cap = src["capture"]
                out.write(
                    f"  - Captured {md_url(cap['url'])} {md(cap['fetched_at'][:10])}, {md(cap['classification'])}, {md(cap['sha256'] or 'no body')}\n"
                )
        for src in c["sources"]:
            if src["inferred"]:
                state = "confirmed" if src["status"] == "confirmed" else "unconfirmed"
                out.write(
                    f"- Suggested reference: {md(src['name'])} (score {src['score']:.2f}, {state})\n"
                )
        if not stated:
            out.write("- Source: none stated\n")
        for v in c["verdict_history"]:
            current = " (current)" if v is c["verdict_history"][-1] else ""
            note = f": {md(v['note'])}" if v["note"] else ""
            evidence = f" Evidence: {md_url(v['evidence_url'])}" if v["evidence_url"] else ""
            signed = f", signed off by {md(v['signed_off_by'])}" if v["signed_off_by"] else ""
            out.write(
                f"- Verdict{current}: **{md(v['rating'])}** as of {md(v['as_of'] or v['created_at'][:10])}"
                f" by {md(v['reviewer'])}{signed}{note}{evidence}\n"
            )
        out.write("\n")
    refs = references(db, doc["id"])
    if refs:
        out.write("### References\n\n")
        for r in refs:
            written = r["outlet_as_written"]
            outlet = md(r["outlet"] or written or "unknown outlet")
            if written and r["outlet"] and written != r["outlet"]:
                outlet += f" (written “{md(written)}”)"
            for w in r["works"]:
                translated = f" ({md(w['title_translated'])})" if w["title_translated"] else ""
                url = f" {md_url(w['url'])}" if w["url"] else ""
                out.write(
                    f"{md(r['number'] or '-')}. {outlet}: “{md(w['title'])}”{translated}{url}\n"
                )
        out.write("\n")
