"""Where the inputs are: a data folder an analyst can just fill, each file recognised by its content and read once.

Every file in the folder (sub-folders included) is recognised by what it holds, never by its name: the header of a
CSV, the sheet names of a workbook, the properties of a GeoJSON, the columns of a parquet file. Each kind of input
(:data:`SOURCES`) has a recogniser and a reader. Parsed frames are cached as parquet, keyed by the SHA-256 of the file
and the code of the readers, so a second load (in this process or any other) is near-instant; a cache file is written
whole or not at all (temporary file, then rename), and a file that fails to parse leaves nothing behind.

:func:`check` is ``jsnakit data check DIR``: what each file is, which areas and periods it covers, and every problem.

The package's modules: :mod:`.registry` (the kinds of input and how each is recognised), :mod:`.diagnosis` (why a
file no source recognises cannot be read) and :mod:`.folder` (the :class:`Catalog` of a folder, its cache keys and
the data check); import from ``jsnakit.catalog``.
"""
from __future__ import annotations

from .diagnosis import diagnose
from .folder import Catalog, check, code_digest, code_version, default_cache_dir, describe_check, ignored
from .registry import SOURCES, Sniff, Source, identify, sniff, sniff_text

__all__ = ["Catalog", "SOURCES", "Source", "Sniff", "identify", "diagnose", "check", "describe_check",
           "default_cache_dir", "sniff", "sniff_text", "ignored", "code_digest", "code_version"]
