#!/usr/bin/env python3
"""Check gold files against their texts: python3 check_gold.py FILE.gold.json..."""

import json
import re
import sys
import unicodedata
from pathlib import Path

KINDS = {"outlet", "person", "organization", "anonymous", "unnamed"}
VAGUE = {"anonymous sources": "anonymous", "unnamed media": "unnamed"}
END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")


def norm(s):
    return "".join(unicodedata.normalize("NFKC", s or "").casefold().split())


def check(path: Path) -> list[str]:
    problems = []
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        return [f"not JSON: {e}"]
    doc = gold.get("document") or {}
    for key in ("file", "lang", "url", "outlet", "topic", "variety"):
        if not doc.get(key):
            problems.append(f"document.{key} missing")
    if doc.get("lang") == "zh" and doc.get("script") not in ("simplified", "traditional"):
        problems.append("document.script must be simplified or traditional")
    text_path = path.parent / (doc.get("file") or "")
    if not text_path.is_file():
        return problems + [f"no text file {text_path}"]
    text = text_path.read_text(encoding="utf-8")
    aliases = gold.get("aliases") or {}
    seen = set()
    for group in ("attributed_claims", "unattributed_claims", "optional_claims"):
        for c in gold.get(group) or []:
            a = c.get("anchor") or ""
            label = f"{group} {c.get('id', '')} {a[:30]!r}"
            n = text.count(a)
            if n == 0:
                problems.append(f"{label}: anchor not in the text verbatim")
            elif n > 1 and group != "optional_claims":
                problems.append(f"{label}: anchor occurs {n} times")
            if a and END.search(a.rstrip("。.!?！？")):
                problems.append(f"{label}: anchor crosses a sentence end or line break")
            if norm(a) in seen:
                problems.append(f"{label}: same anchor twice")
            seen.add(norm(a))
            if group == "attributed_claims":
                srcs = c.get("sources") or []
                if not srcs:
                    problems.append(f"{label}: no sources")
                if c.get("source_kind") not in KINDS:
                    problems.append(f"{label}: source_kind must be one of {sorted(KINDS)}")
                first = srcs[0] if srcs else ""
                if first in VAGUE and c.get("source_kind") != VAGUE[first]:
                    problems.append(f"{label}: {first} needs source_kind {VAGUE[first]}")
                for s in srcs:
                    if s in VAGUE:
                        continue
                    forms = [s, *aliases.get(s, [])]
                    if not any(norm(f) in norm(text) for f in forms):
                        problems.append(
                            f"{label}: source {s!r} appears in the text under no name; add its surface forms to aliases"
                        )
                if not c.get("cue"):
                    problems.append(f"{label}: no cue")
    for n in gold.get("non_claims") or []:
        if n not in text:
            problems.append(f"non_claim {n[:30]!r}: not in the text verbatim")
    if not gold.get("attributed_claims"):
        problems.append("no attributed claims")
    return problems


def main() -> int:
    bad = 0
    for arg in sys.argv[1:]:
        p = check(Path(arg))
        if p:
            bad += 1
            print(f"{arg}:")
            for line in p:
                print(f"  {line}")
        else:
            print(f"{arg}: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
