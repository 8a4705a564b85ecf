"""Files that ship with jsnakit: the factsheet workbook and the synthetic sample data.

In the repository they live at the top level (``workbooks/send_factsheet.ipynb``, ``data_samples/``); an installed
jsnakit carries them inside the package (``jsnakit/workbooks/``, ``jsnakit/data_samples/``, mapped there by
``pyproject.toml``), so ``jsnakit factsheets`` works from any folder. The functions here find them through
:mod:`importlib.resources` and fall back to the repository layout (an editable install or a source checkout).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..core.errors import ArgumentError

__all__ = ["sample_data_dir", "factsheet_workbook", "synthetic_files"]

#: The repository root when jsnakit runs from a checkout (the folder holding ``jsnakit/``).
_REPOSITORY = Path(__file__).resolve().parents[2]

#: Installed name (inside the package) and repository path of each shipped resource.
_SAMPLES = ("data_samples", "data_samples")
_WORKBOOK = ("workbooks/send_factsheet.ipynb", "workbooks/send_factsheet.ipynb")


def _locate(installed: str, repository: str) -> Path:
    """The shipped file or folder: inside the installed package, else in the repository, else FileNotFoundError."""
    candidates = []
    try:
        packaged = resources.files("jsnakit").joinpath(installed)
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - jsnakit imports itself, so this cannot happen
        packaged = None
    if isinstance(packaged, Path):  # a zipped install would give a zip path, which papermill cannot open
        candidates.append(packaged)
    candidates.append(_REPOSITORY / repository)
    for path in candidates:
        if path.exists():
            return path
    raise FileNotFoundError(
        f"jsnakit's {installed} is not installed (looked in {', '.join(str(p) for p in candidates)}); "
        f"reinstall jsnakit with `pip install .` from its repository"
    )


def sample_data_dir() -> Path:
    """The folder of synthetic sample data shipped with jsnakit (the repository's ``data_samples/``).

    Returns
    -------
    pathlib.Path
        ``<site-packages>/jsnakit/data_samples`` when jsnakit is installed from a wheel, the repository's
        ``data_samples/`` in an editable install or a checkout. Absolute.

    Raises
    ------
    FileNotFoundError
        When neither exists (an installation without its package data).

    Examples
    --------
    >>> folder = sample_data_dir()
    >>> folder.name, (folder / "dfe_ehc_plans" / "caseload.csv").is_file()
    ('data_samples', True)
    """
    return _locate(*_SAMPLES)


def factsheet_workbook() -> Path:
    """The factsheet workbook that ``jsnakit factsheets`` runs once per area (``workbooks/send_factsheet.ipynb``).

    Returns
    -------
    pathlib.Path
        ``<site-packages>/jsnakit/workbooks/send_factsheet.ipynb`` when jsnakit is installed from a wheel, the
        repository's ``workbooks/send_factsheet.ipynb`` in an editable install or a checkout. Absolute.

    Raises
    ------
    FileNotFoundError
        When neither exists (an installation without its package data).

    Examples
    --------
    >>> factsheet_workbook().name
    'send_factsheet.ipynb'
    """
    return _locate(*_WORKBOOK)


def _input_files(root: Path) -> list[Path]:
    """The files under ``root`` the catalogue would take as inputs (notes, licences and hidden files left out)."""
    from ..catalog import ignored as _ignored

    return sorted(p for p in root.rglob("*") if p.is_file() and not _ignored(p, root))


@lru_cache(maxsize=1)
def _sample_digests() -> dict[int, frozenset[str]]:
    """SHA-256 of every shipped sample data file, by file size (computed once a process)."""
    from ..core.files import file_sha256 as _sha256

    by_size: dict[int, set[str]] = {}
    for path in _input_files(sample_data_dir()):
        by_size.setdefault(path.stat().st_size, set()).add(_sha256(path))
    return {size: frozenset(digests) for size, digests in by_size.items()}


def synthetic_files(data_dir) -> list[Path]:
    """The files of a data folder that are byte-identical to a shipped synthetic sample file.

    A file counts when its SHA-256 equals that of one of the sample data files in :func:`sample_data_dir`, whatever
    its name or place, so a folder built from (or containing) the samples is recognised wherever it was copied. Only
    the files the catalogue reads are compared (notes, licences and hidden files are left out). Files whose size
    matches no sample file are not read; the samples are hashed once a process.

    Parameters
    ----------
    data_dir : str or pathlib.Path
        A data folder (searched with its sub-folders).

    Returns
    -------
    list of pathlib.Path
        The matching files under ``data_dir``, sorted; empty when none matches. The sample boundary file is among
        the samples: it is a simplified copy of the real ONS boundaries, not made-up figures.

    Raises
    ------
    ArgumentError
        When ``data_dir`` is not an existing folder.

    Examples
    --------
    >>> len(synthetic_files(sample_data_dir())) >= 30
    True
    """
    from ..core.files import file_sha256 as _sha256

    try:
        root = Path(data_dir)
    except TypeError:
        root = None
    if root is None or not root.is_dir():
        raise ArgumentError(f"data_dir must be an existing folder; got {data_dir!r}")
    digests = _sample_digests()
    found = []
    for path in _input_files(root):
        candidates = digests.get(path.stat().st_size)
        if candidates and _sha256(path) in candidates:
            found.append(path)
    return found
