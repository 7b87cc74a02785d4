"""HTML input: main text without boilerplate, and links that become citation URLs."""

from __future__ import annotations

import json
from pathlib import Path

from factcheck.db import open_db
from factcheck.html import article
from factcheck.ingest import ingest
from factcheck.sources import Registry

HTML = Path(__file__).resolve().parent / "data" / "html" / "board-ousts.en.html"


def test_main_text_drops_boilerplate() -> None:
    page = article(HTML.read_text(encoding="utf-8"))
    assert page.title == "OpenAI board ousts Altman as chief executive"
    assert "it had removed Sam Altman" in page.text
    for boilerplate in ("TRACKING-SCRIPT-TEXT", "Sign in", "Ten gadgets", "All rights reserved"):
        assert boilerplate not in page.text
    for link in page.links:
        assert page.text[link.start : link.end] == link.text


def test_link_around_the_outlet_becomes_the_citation_url(
    tmp_path: Path, registry: Registry
) -> None:
    db = open_db(tmp_path / "factcheck.db")
    result = ingest(db, HTML, registry)
    assert result.lang == "en"
    rows = {
        r["name"]: r
        for r in db.query(
            "SELECT s.name, ci.url, c.text FROM citations ci JOIN sources s ON s.id = ci.source_id"
            " JOIN claims c ON c.id = ci.claim_id WHERE ci.inferred = 0"
        )
    }
    assert (
        rows["The Information"]["url"]
        == "https://www.theinformation.com/articles/openai-researchers-resign"
    )
    assert rows["Axios"]["url"] == "https://www.axios.com/2023/11/17/microsoft-openai"
    assert rows["OpenAI"]["url"] is None
    title = db.execute("SELECT title, metadata FROM documents").fetchone()
    assert title[0] == "OpenAI board ousts Altman as chief executive"
    assert json.loads(title[1])["title"] == title[0]
