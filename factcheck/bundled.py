"""Files shipped inside the package, found the same way in a checkout, an editable
install and a wheel: the curated source registry (`data/sources.yml`), Datasette's
configuration (`data/metadata.yml`), the cue grammar (`data/cues.yml`) and the demo
article (`data/demo/`). What overrides each is documented where it is read:
`sources.default_registry_path()` and the CLI's `--registry` and `--metadata`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A file under factcheck/data/ as a path on disk (pip never installs a package as a
    zip, so the package's files are files)."""
    return Path(str(resources.files("factcheck").joinpath("data", *parts)))
