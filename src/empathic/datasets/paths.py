"""Where the training and evaluation data lives."""

from __future__ import annotations

import os
from pathlib import Path

from empathic.errors import DataNotFoundError


def data_dir(name: str = "") -> Path:
    """The data folder: ``$EMPATHIC_DATA`` or the first ``shared/data`` found
    beside the working directory or any of its parents."""
    candidates = []
    if os.environ.get("EMPATHIC_DATA"):
        candidates.append(Path(os.environ["EMPATHIC_DATA"]))
    here = Path.cwd().resolve()
    for parent in (here, *here.parents):
        candidates += [parent / "shared" / "data", parent / "data"]
    for root in candidates:
        folder = root / name if name else root
        if folder.is_dir() and (root / "README.md").exists():
            return folder
    raise DataNotFoundError(
        f"dataset folder {name or 'shared/data'!r} not found; set EMPATHIC_DATA to the "
        "folder holding the datasets (e.g. ../shared/data)")
