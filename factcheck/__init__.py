"""factcheck: turn an article into a reviewable claim–source database.

Stages, one module each: ingest (read, extract, store), citations (who is cited),
sources (the registry), fetch and archive (captures as WARC), verdicts, report,
datasette_plugin (the review UI) and cli (the only module that knows about typer).
"""

__version__ = "0.1.0"
