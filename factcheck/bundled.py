"""Files shipped inside the package, found the same way in a checkout, an editable
install and a wheel: the curated source registry (`data/sources.yml`), Datasette's
configuration (`data/metadata.yml`), the cue grammar (`data/cues.yml`) and the demo
article (`data/demo/`). In the checkout the registry, the configuration and the demo
article live at the top level, where the project's layout puts them (`claims/sources.yml`,
`metadata.yml`, `claims/`); factcheck/data/ links to them, and a wheel holds copies. What overrides each is documented where it is read:
`sources.default_registry_path()` and the CLI's `--registry` and `--metadata`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A file under factcheck/data/ as a path on disk (pip never installs a package as a
    zip, so the package's files are files)."""
    return Path(str(resources.files("factcheck").joinpath("data", *parts)))
