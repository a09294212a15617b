"""Reading Vietnamese administrative documents and extracting facts with evidence.

The package's verbs: `read_source` (a file to text), `normalize` (text with an offset
map), `extract_source` (one read document to an `Extraction`), and `extract_paths`
(many files, one failure never stopping the batch).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from loaders.extract import extract_source
from loaders.model import CancuError, Extraction, ReadError
from loaders.normalize import normalize
from loaders.read import read_source


def extract_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, Extraction | str]]:
    """Extract each file; a file that fails yields its error message instead of stopping the batch."""
    for path in paths:
        try:
            yield path, extract_source(read_source(path))
        except ReadError as e:
            yield path, str(e)
        except (CancuError, RecursionError, MemoryError, ValueError, IndexError, KeyError, AttributeError, TypeError) as e:
            # the batch boundary: an extractor bug on one document is reported for that file, the rest goes on
            yield path, f"{path}: extraction failed ({type(e).__name__}: {e})"


__all__ = ["read_source", "normalize", "extract_source", "extract_paths"]
