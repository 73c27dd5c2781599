"""Loaders for the research datasets in ``../shared/data`` (never shipped)."""

from empathic.datasets.paths import data_dir

__all__ = ["data_dir"]
