"""How a map's areas are classed and shaded, shared by every map so that a legend reads the same on each.

Classes are quantiles (:func:`quantile_shading`, ``mapclassify.Quantiles``) or fixed bounds (:func:`fixed_shading`,
``mapclassify.UserDefined``), drawn in the :data:`SEQUENTIAL_CMAP` colormap (light = low, dark = high). Areas with no
value are :data:`MISSING_COLOUR` *and* hatched :data:`MISSING_HATCH` (:func:`draw_shading`), so colour is never the
only signal. Used by :mod:`jsnakit.render.maps` (which re-exports the public constants and :func:`class_labels`) and
:mod:`jsnakit.render.gap_maps`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import mapclassify
import matplotlib
import numpy as np
from matplotlib.patches import Patch

from .formatting import COUNT_UNITS

__all__ = ["SEQUENTIAL_CMAP", "MISSING_COLOUR", "MISSING_HATCH", "MISSING_LABEL", "Shading", "class_labels",
           "quantile_shading", "fixed_shading", "draw_shading", "map_legend"]

#: Sequential colormap of the classes (light = low, dark = high); colour-vision-deficiency safe.
SEQUENTIAL_CMAP = "viridis_r"
#: Fill of areas with no value to show.
MISSING_COLOUR = "#D9D9D9"
#: Hatching of areas with no value to show.
MISSING_HATCH = "///"
#: Legend label of areas with no value to show.
MISSING_LABEL = "suppressed or no data"


def class_labels(bins, lowest, unit=None) -> list[str]:
    """Legend labels of classes: ``"lowest to bins[0]"``, ``"bins[0] to bins[1]"``, ...

    Each class holds the values above its lower bound up to and including its upper bound (the first includes its
    lower bound). Bounds are shown to 1 decimal place (whole numbers for counts of people), with more places when
    needed to tell every bound apart.

    Parameters
    ----------
    bins : sequence of float
        Upper bounds of the classes, ascending (``mapclassify`` ``.bins``).
    lowest : float
        The smallest value classified.
    unit : str, optional
        The values' unit.

    Examples
    --------
    >>> class_labels([2.8, 4.6, 10.0], 1.0, "%")
    ['1.0 to 2.8', '2.8 to 4.6', '4.6 to 10.0']
    """
    bounds = [float(lowest)] + [float(b) for b in bins]
    start = 0 if unit is not None and str(unit).strip().lower() in COUNT_UNITS else 1
    for decimals in range(start, 5):
        text = [f"{b:,.{decimals}f}" for b in bounds]
        distinct = all(a != b for a, b, x, y in zip(text, text[1:], bounds, bounds[1:]) if not math.isclose(x, y))
        if distinct:
            break
    return [f"{a} to {b}" for a, b in zip(text, text[1:])]


@dataclass(frozen=True)
class Shading:
    """Classes of the values of a map: fill, class (-1 when missing) and missingness per value; legend labels and
    colours per class."""

    colours: list
    classes: np.ndarray
    missing: np.ndarray
    labels: list
    palette: list


def _palette(n: int) -> list[str]:
    cmap = matplotlib.colormaps[SEQUENTIAL_CMAP]
    return [matplotlib.colors.to_hex(cmap(i / (n - 1) if n > 1 else 0.5)) for i in range(n)]


def _shading(values: np.ndarray, classes: np.ndarray, labels: list, palette: list) -> Shading:
    missing = np.isnan(values)
    colours = [MISSING_COLOUR if m else palette[c] for m, c in zip(missing, classes)]
    return Shading(colours=colours, classes=classes, missing=missing, labels=list(labels), palette=list(palette))


def quantile_shading(values, *, k: int, unit) -> Shading:
    """Quantile classes (``mapclassify.Quantiles``) of the values that are not NaN, at most ``k`` of them.

    Parameters
    ----------
    values : array-like of float
        One value per shape; NaN where there is none.
    k : int
        The most classes (fewer when there are fewer distinct values).
    unit : str or None
        The values' unit, for the legend labels (:func:`class_labels`).

    Returns
    -------
    Shading
        The classes; no class at all when every value is NaN.
    """
    values = np.asarray(values, dtype=float)
    classes = np.full(len(values), -1)
    has = ~np.isnan(values)
    if not has.any():
        return _shading(values, classes, [], [])
    observed = values[has]
    quantiles = mapclassify.Quantiles(observed, k=min(k, len(np.unique(observed))))
    classes[has] = quantiles.yb
    palette = _palette(len(quantiles.bins))
    return _shading(values, classes, class_labels(quantiles.bins, observed.min(), unit), palette)


def fixed_shading(values, *, bins, labels) -> Shading:
    """Fixed classes [0, b1), [b1, b2), ..., [bn, inf).

    ``mapclassify.UserDefined``, whose classes hold their upper bound, classes on the bounds just below each of
    ``bins``, so that each class holds its lower bound instead.

    Parameters
    ----------
    values : array-like of float
        One value per shape; NaN where there is none.
    bins : sequence of float
        The lower bounds of the classes but the first, ascending.
    labels : list of str
        One legend label per class (``len(bins) + 1``).

    Returns
    -------
    Shading
        The classes, every one listed in the legend whether or not a value falls in it.
    """
    values = np.asarray(values, dtype=float)
    classes = np.full(len(values), -1)
    has = ~np.isnan(values)
    if has.any():
        below = [float(np.nextafter(b, -np.inf)) for b in bins] + [np.inf]
        classes[has] = mapclassify.UserDefined(values[has], below).yb
    return _shading(values, classes, labels, _palette(len(labels)))


def draw_shading(ax, geo: gpd.GeoDataFrame, shading: Shading, *, missing_label=MISSING_LABEL) -> list:
    """Draw the shapes filled by class and hatch the missing ones.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    geo : geopandas.GeoDataFrame
        The shapes, in the order of the shading's values; empty or missing shapes are not drawn.
    shading : Shading
        Their classes.
    missing_label : str, default MISSING_LABEL
        The legend label of shapes with no value.

    Returns
    -------
    list of matplotlib.patches.Patch
        The legend entries: a patch per class, then the missing shapes' when there are any. The shapes drawn are the
        collection ``"jsnakit:areas"``, the missing ones hatched again as ``"jsnakit:suppressed"``.
    """
    handles = [Patch(facecolor=colour, edgecolor="#808080", linewidth=0.5, label=label)
               for colour, label in zip(shading.palette, shading.labels)]
    drawable = ~(geo.geometry.isna() | geo.geometry.is_empty).to_numpy(bool)
    shapes = geo[drawable]
    missing = shading.missing[drawable]
    if len(shapes):
        shapes.plot(ax=ax, color=[c for c, d in zip(shading.colours, drawable) if d], edgecolor="white",
                    linewidth=0.6)
        ax.collections[-1].set_gid("jsnakit:areas")
    if missing.any():
        shapes[missing].plot(ax=ax, facecolor="none", edgecolor="#737373", hatch=MISSING_HATCH, linewidth=0.6)
        ax.collections[-1].set_gid("jsnakit:suppressed")
    if shading.missing.any():
        handles.append(Patch(facecolor=MISSING_COLOUR, edgecolor="#737373", hatch=MISSING_HATCH, linewidth=0.6,
                             label=missing_label))
    return handles


def map_legend(ax, handles: list, title: str) -> None:
    """The legend of a map, outside its top right corner.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The map.
    handles : list of matplotlib.artist.Artist
        The legend entries.
    title : str
        The legend's title.
    """
    ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8,
              title_fontsize=8, frameon=False)
