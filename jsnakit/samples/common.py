"""Shared machinery of the sample generator (:mod:`jsnakit.samples.generator`): the seed and the default folder, the
arithmetic that mixes the latent model's draws (:func:`normalise`, :func:`calibrate`), byte-reproducible file writing
(:func:`atomic_write`, :func:`csv_bytes`), the areas every DfE table lists (:func:`areas_in_order`) and the coordinate
transformer of the gap-mapping samples (:func:`transformer`)."""
from __future__ import annotations

import contextlib
import csv
import functools
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..core import geography

if TYPE_CHECKING:
    from .latent import Latent

__all__ = ["SEED", "DEFAULT_OUT", "normalise", "calibrate", "atomic_write", "csv_bytes", "Area", "areas_in_order",
           "transformer"]

#: Seed of every random draw; change it and every file changes.
SEED = 20250626

#: Where ``python -m jsnakit.samples`` writes by default: ``data_samples/`` next to the package.
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "data_samples"


def normalise(weights: np.ndarray) -> np.ndarray:
    """Scale the last axis to sum to 1 (rows of zeros stay zero).

    Parameters
    ----------
    weights : numpy.ndarray
        Non-negative weights; the last axis is the one shared out.

    Returns
    -------
    numpy.ndarray
        Floats of the same shape, each row along the last axis summing to 1 (or all 0 where its weights are).

    Examples
    --------
    >>> normalise(np.array([[1.0, 3.0], [0.0, 0.0]])).tolist()
    [[0.25, 0.75], [0.0, 0.0]]
    """
    total = weights.sum(axis=-1, keepdims=True)
    return np.divide(weights, total, out=np.zeros_like(weights, dtype=float), where=total > 0)


def calibrate(weights: np.ndarray, profile: np.ndarray, target: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Category factors that make a weighted mix of row-normalised profiles hit a target mix.

    Parameters
    ----------
    weights : numpy.ndarray
        (..., age) how many cases of each LA and age.
    profile : numpy.ndarray
        (..., age, category) category weights, broadcastable against ``weights[..., None]``.
    target : numpy.ndarray
        (category,) the overall mix wanted (any scale).

    Returns
    -------
    numpy.ndarray
        (category,) factors ``f`` such that ``sum w * normalise(profile * f)`` over LAs and ages is proportional to
        ``target``.
    """
    target = target / target.sum()
    factors = np.where(target > 0, 1.0, 0.0)
    for _ in range(iterations):
        mix = (weights[..., None] * normalise(profile * factors)).reshape(-1, len(target)).sum(axis=0)
        mix = mix / mix.sum()
        step = np.divide(target, mix, out=np.ones_like(mix), where=mix > 0)
        factors = np.where(mix > 0, factors * step, 0.0)
        if np.abs(step - 1.0).max() < 1e-9:
            break
    return factors


def atomic_write(path: Path, data: bytes) -> Path:
    """Write bytes to ``path`` through a temporary file in the same folder and ``os.replace``.

    Parameters
    ----------
    path : pathlib.Path
        The file to write; its folder is created if needed.
    data : bytes
        The whole content.

    Returns
    -------
    pathlib.Path
        ``path``, readable by everyone (mode 0644).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def csv_bytes(header: list[str], rows: list[list[str]], *, bom: bool, crlf: bool) -> bytes:
    """CSV text as the publishers write it: quotes only where a field holds a comma (or quote).

    Parameters
    ----------
    header : list of str
        The column names.
    rows : list of list of str
        The rows, already formatted.
    bom : bool
        Start with the UTF-8 byte order mark.
    crlf : bool
        End lines with CR LF rather than LF.

    Returns
    -------
    bytes
        UTF-8.

    Examples
    --------
    >>> csv_bytes(["a", "b"], [["1", "x, y"]], bom=False, crlf=False)
    b'a,b\\n1,"x, y"\\n'
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


@dataclass(frozen=True)
class Area:
    """One row's area in the DfE files: its level (``National``, ``Regional`` or ``Local authority``), GSS code and
    name, its region's code and name, and its DfE 3-digit number (LAs only)."""

    level: str  # National / Regional / Local authority
    code: str
    name: str
    region_code: str = ""
    region_name: str = ""
    dfe: str = ""


def areas_in_order(latent: Latent) -> list[tuple[Area, np.ndarray]]:
    """England, the regions, then the LAs; each with a boolean mask over the LA axis.

    Parameters
    ----------
    latent : jsnakit.samples.latent.Latent
        The latent table (its LAs and regions, in its order).

    Returns
    -------
    list of (Area, numpy.ndarray)
        Each area in the order the DfE files list them, with the mask of its LAs in ``latent.las``: summing an LA
        array over the mask gives the area's figure.
    """
    codes = latent.las["region_code"].to_numpy()
    out = [(Area("National", geography.ENGLAND, "England"), np.ones(len(codes), dtype=bool))]
    for _, r in latent.regions.iterrows():
        out.append((Area("Regional", r["area_code"], r["area_name"], r["area_code"], r["area_name"]),
                    codes == r["area_code"]))
    for i, r in latent.las.iterrows():
        mask = np.zeros(len(codes), dtype=bool)
        mask[i] = True
        out.append((Area("Local authority", r["area_code"], r["area_name"], r["region_code"], r["region_name"],
                         r["dfe_code"]), mask))
    return out


@functools.lru_cache(maxsize=None)
def transformer(source: int, target: int):
    """A pyproj transformer between two EPSG codes (x = easting or longitude), made once: making one is slow.

    Parameters
    ----------
    source, target : int
        EPSG codes, e.g. 4326 (WGS84 longitude and latitude) and 27700 (British National Grid).

    Returns
    -------
    pyproj.Transformer
        With ``always_xy=True``; shared by every caller asking for the same pair.
    """
    import pyproj

    return pyproj.Transformer.from_crs(source, target, always_xy=True)
