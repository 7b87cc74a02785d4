"""The one timestamp format: RFC 3339 in UTC with a `Z` and milliseconds
(`2026-11-27T22:12:36.040Z`), the same as the database's column defaults (`SQL_NOW`), so
stored times sort as text and read alike everywhere. Dates alone (a verdict's as-of
date) are RFC 3339 full-dates, `2026-11-27`. WARC-Date keeps the WARC standard's own
form (whole seconds)."""

from __future__ import annotations

from datetime import UTC, datetime

SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def rfc3339(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def utc_now() -> str:
    return rfc3339(datetime.now(UTC))
