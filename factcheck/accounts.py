"""Reviewer accounts: salted PBKDF2 hashes, from the environment and a reviewers file.

FACTCHECK_REVIEWERS="alice:reviewer:<hash>;bob:admin:<hash>"
FACTCHECK_REVIEWERS_FILE=db/reviewers.txt   (one name:role:hash a line; `factcheck reviewers add`)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

PBKDF2_ITERATIONS = 260_000


def hash_password(
    password: str, salt: str | None = None, iterations: int = PBKDF2_ITERATIONS
) -> str:
    """`pbkdf2_sha256$iterations$salt$hash`, the format Django and datasette-auth-passwords use."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, _ = stored.split("$", 3)
    except ValueError:
        return False
    if algorithm != "pbkdf2_sha256":
        return False
    return hmac.compare_digest(hash_password(password, salt, int(iterations)), stored)


def reviewers() -> dict[str, tuple[str, str]]:
    """name → (role, hash), from FACTCHECK_REVIEWERS ("name:role:hash" separated by
    newlines or semicolons) and the file named by FACTCHECK_REVIEWERS_FILE."""
    text = os.environ.get("FACTCHECK_REVIEWERS", "")
    path = os.environ.get("FACTCHECK_REVIEWERS_FILE")
    if path and Path(path).exists():
        text += "\n" + Path(path).read_text(encoding="utf-8")
    out = {}
    for line in re.split(r"[;\n]", text):
        parts = line.strip().split(":", 2)
        if len(parts) == 3 and parts[0] and not line.lstrip().startswith("#"):
            out[parts[0]] = (parts[1] or "reviewer", parts[2])
    return out


def add_reviewer(path: Path, name: str, role: str, password: str) -> None:
    """Add or replace an account in a reviewers file (owner-only permissions)."""
    from factcheck.errors import InvalidValue

    if not re.fullmatch(r"[A-Za-z0-9_.@-]{1,64}", name):
        raise InvalidValue("a reviewer name is letters, digits and _ . @ - only")
    if role not in ("reviewer", "admin"):
        raise InvalidValue("role must be reviewer or admin")
    if len(password) < 8:
        raise InvalidValue("a password needs at least 8 characters")
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text().splitlines() if path.exists() else []
    lines = [ln for ln in old if not ln.startswith(name + ":")]
    path.write_text("\n".join([*lines, f"{name}:{role}:{hash_password(password)}"]) + "\n")
    path.chmod(0o600)
