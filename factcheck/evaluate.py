"""Accuracy of extraction against hand-annotated gold files.

The gold format and the matching rules are those of the shared scorer
(`eval/score_citations.py`): a gold claim is found when a stored claim contains its
anchor (NFKC, spaces removed); its source is right when that claim states the gold source
or an alias of it, kind anonymous/unnamed standing for the two vague gold sources. This
module computes the same figures from a JSON report, so the test suite can hold floors
without the shared folder, and `factcheck eval` can print them for any gold file.
"""

from __future__ import annotations

import json
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

VAGUE = {"anonymous sources", "unnamed media"}
ALIASES = {
    "the information": {"the information", "情報", "ジ・インフォメーション"},
    "satya nadella": {"satya nadella", "サティア・ナデラ", "ナデラ", "nadella"},
    "paul graham": {"paul graham", "ポール・グラハム", "グラハム"},
    "sam altman": {"sam altman", "サム・アルトマン", "アルトマン", "altman"},
    "elon musk": {"elon musk", "イーロン・マスク", "マスク", "musk"},
    "tencent technology": {"tencent technology", "腾讯科技", "テンセント・テクノロジー"},
    "latepost": {"latepost", "晚点", "晚点latepost", "後期"},
}


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return "".join(s.split()).removesuffix("氏")


@dataclass
class Scores:
    gold: str
    attributed: int = 0
    attributed_stored: int = 0
    attributed_right: int = 0
    spurious: int = 0
    unattributed: int = 0
    unattributed_stored: int = 0
    non_claims: int = 0
    non_claims_stored: int = 0
    reference_outlets: int = 0
    reference_outlets_found: int = 0
    works: int = 0
    works_found: int = 0
    linkable: int = 0
    linked: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        d = self.attributed_right + self.spurious
        return self.attributed_right / d if d else 0.0

    @property
    def recall(self) -> float:
        return self.attributed_right / self.attributed if self.attributed else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}

    def lines(self) -> list[str]:
        out = [f"  {m}" for m in self.misses]
        out += [
            f"attributed claims stored: {self.attributed_stored}/{self.attributed}",
            f"attributed claims with the right source: {self.attributed_right}/{self.attributed}",
            f"spurious attributions: {self.spurious}",
            f"unattributed checkable claims stored: {self.unattributed_stored}/{self.unattributed}",
            f"non-claims stored as claims: {self.non_claims_stored}/{self.non_claims}",
        ]
        if self.reference_outlets:
            out.append(
                f"reference outlets recognised: {self.reference_outlets_found}/{self.reference_outlets};"
                f" works parsed: {self.works_found}/{self.works}"
            )
        if self.linkable:
            out.append(
                f"claims linked to their reference-list outlet: {self.linked}/{self.linkable}"
            )
        out.append(
            f"attribution precision {self.precision:.2f} recall {self.recall:.2f} F1 {self.f1:.2f}"
        )
        return out


def _names(gold_name: str, extra: list[str] | tuple[str, ...] = ()) -> set[str]:
    base = {norm(gold_name)} | {norm(a) for a in extra}
    for key, aliases in ALIASES.items():
        if norm(key) in base:
            base |= {norm(a) for a in aliases}
    return base


def _stated(claim: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in claim.get("sources") or [] if not s.get("inferred")]


def _source_ok(gold_sources: list[str], claim: dict[str, Any], extra: dict[str, list[str]]) -> bool:
    for g in gold_sources:
        for s in _stated(claim):
            if norm(g) in {norm(v) for v in VAGUE}:
                if (s.get("kind") or "").lower() in {"anonymous", "unnamed"}:
                    return True
            elif any(a and a in norm(s.get("name")) for a in _names(g, extra.get(g, ()))):
                return True
    return False


def _find(anchor: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    a = norm(anchor)
    return [c for c in claims if a in norm(c.get("text"))]


def score(gold: dict[str, Any], report: dict[str, Any], name: str = "") -> Scores:
    claims = report.get("claims") or []
    extra = gold.get("aliases") or {}
    attributed = gold.get("attributed_claims") or []
    sc = Scores(gold=name, attributed=len(attributed))
    explained: set[int] = set()
    for g in attributed:
        found = _find(g["anchor"], claims)
        explained |= {id(c) for c in found}
        sc.attributed_stored += bool(found)
        ok = any(_source_ok(g["sources"], c, extra) for c in found)
        sc.attributed_right += ok
        if not ok:
            sc.misses.append(
                f"missed {g.get('id', '')}: {g['anchor']} -> {', '.join(g['sources'])}"
                + ("" if found else " (claim not stored)")
            )
    optional = [norm(o["anchor"]) for o in gold.get("optional_claims") or []]
    spurious = [
        c
        for c in claims
        if _stated(c)
        and id(c) not in explained
        and not any(o in norm(c.get("text")) for o in optional)
    ]
    sc.spurious = len(spurious)
    sc.misses += [
        f"spurious source on: {c.get('text', '')[:60]} -> {', '.join(s.get('name', '?') for s in _stated(c))}"
        for c in spurious[:10]
    ]
    unattributed = gold.get("unattributed_claims") or []
    sc.unattributed = len(unattributed)
    sc.unattributed_stored = sum(bool(_find(u["anchor"], claims)) for u in unattributed)
    non_claims = gold.get("non_claims") or []
    sc.non_claims = len(non_claims)
    bad = [n for n in non_claims if _find(n, claims)]
    sc.non_claims_stored = len(bad)
    sc.misses += [f"stored as a claim, but is not one: {n}" for n in bad]
    refs = gold.get("references") or []
    if refs:
        want = {norm(r["outlet"]) for r in refs}
        got = {norm(r.get("outlet")) for r in report.get("references") or []}
        sc.reference_outlets, sc.reference_outlets_found = len(want), len(want & got)
        sc.works = sum(len(r["works"]) for r in refs)
        sc.works_found = sum(len(r.get("works") or []) for r in report.get("references") or [])
    numbers = {r["number"]: r["outlet"] for r in refs}
    linkable = [g for g in attributed + unattributed if g.get("reference") in numbers]
    sc.linkable = len(linkable)
    for g in linkable:
        want = _names(numbers[g["reference"]])
        sc.linked += any(
            norm(s.get("name")) in want or norm(s.get("outlet")) in want
            for c in _find(g["anchor"], claims)
            for s in c.get("sources") or []
        )
    return sc


def judged(gold: dict[str, Any], report: dict[str, Any]) -> list[tuple[dict[str, Any], bool]]:
    """Each stored claim's first stated source and whether it is right by the gold: a claim
    a gold attributed claim falls in is right when it names that claim's source; one no gold
    claim explains is wrong (spurious); one the gold leaves optional is not judged."""
    extra = gold.get("aliases") or {}
    optional = [norm(o["anchor"]) for o in gold.get("optional_claims") or []]
    out = []
    for c in report.get("claims") or []:
        stated = _stated(c)
        if not stated:
            continue
        text = norm(c.get("text"))
        golds = [g for g in gold.get("attributed_claims") or [] if norm(g["anchor"]) in text]
        if golds:
            out.append((stated[0], any(_source_ok(g["sources"], c, extra) for g in golds)))
        elif not any(o in text for o in optional):
            out.append((stated[0], False))
    return out


def report_for(text_path: Path, registry_path: Path | None = None) -> dict[str, Any]:
    """Ingest a document into a fresh database and return its JSON report."""
    from factcheck.db import open_db
    from factcheck.ingest import ingest
    from factcheck.report.json_report import write_json
    from factcheck.sources import Registry

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "factcheck.db")
        ingest(db, text_path, Registry.load(registry_path))
        out = Path(tmp) / "report.json"
        with out.open("w", encoding="utf-8") as f:
            write_json(db, f)
        db.close()
        return dict(json.loads(out.read_text(encoding="utf-8")))


def evaluate_document(
    text_path: Path, gold_path: Path, registry_path: Path | None = None
) -> Scores:
    """Ingest a document into a fresh database, report it, and score the report."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return score(gold, report_for(text_path, registry_path), gold_path.name)


def document_for(gold_path: Path) -> Path:
    """x.ja.gold.json → x.ja.txt (or .md, .html, or the file its `document` names), beside
    the gold file or among the bundled demo documents."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    named = (gold.get("document") or {}).get("file")
    stem = gold_path.name.removesuffix(".gold.json")
    names = ([named] if named else []) + [stem + ext for ext in (".txt", ".md", ".html")]
    from factcheck.bundled import data_path

    folders = (gold_path.parent, data_path("demo"))
    candidates = [folder / n for folder in folders for n in names]
    for c in candidates:
        if c.exists():
            return c
    from factcheck.errors import InputError

    raise InputError(
        f"no document beside {gold_path} (looked for {', '.join(str(c.name) for c in candidates)})"
    )
