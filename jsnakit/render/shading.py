"""How a map's areas are classed and shaded, shared by every map so that a legend reads the same on each.

Classes are quantiles (:func:`quantile_shading`, ``mapclassify.Quantiles``, named in words by :func:`quantile_words`;
:func:`rounded_quantile_shading` on rounded values) or given bounds (:func:`fixed_shading` and
:func:`bounded_shading`, ``mapclassify.UserDefined``), drawn in the :data:`SEQUENTIAL_CMAP` colormap (light = low,
dark = high). Areas with no value are :data:`MISSING_COLOUR` *and* hatched :data:`MISSING_HATCH`
(:func:`draw_shading`), so colour is never the only signal. A distance map's classes are fixed, or the area's own
when the fixed ones would be one, or none when a table says it better (:func:`distance_shading`). Used by
:mod:`jsnakit.render.maps` (which re-exports the public constants and :func:`class_labels`) and
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

from ..core.errors import ArgumentError
from .formatting import COUNT_UNITS
from .geometry import plot_shapes

__all__ = ["SEQUENTIAL_CMAP", "MISSING_COLOUR", "BOUNDARY_GREY", "MISSING_HATCH", "MISSING_LABEL", "Shading", "class_labels",
           "quantile_words", "quantile_shading", "rounded_quantile_shading", "fixed_shading", "bounded_shading",
           "shading_subset", "draw_shading", "map_legend", "MIN_LOCALITIES", "DistanceClasses", "distance_shading"]

#: Sequential colormap of the classes (light = low, dark = high); colour-vision-deficiency safe.
SEQUENTIAL_CMAP = "viridis_r"
#: Fill of areas with no value to show.
MISSING_COLOUR = "#D9D9D9"
#: Boundaries between the shaded areas: the light classes fall short of 3:1 on white (WCAG 2.2 1.4.11), so every
#: area is outlined at 4.5:1.
BOUNDARY_GREY = "#767676"
#: Hatching of areas with no value to show.
MISSING_HATCH = "///"
#: Legend label of areas with no value to show.
MISSING_LABEL = "suppressed or no data"
#: The fewest localities with a distance whose own distances :func:`distance_shading` classes when the fixed classes
#: put them all in one; with fewer, it says a table is better.
MIN_LOCALITIES = 5


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


# the classes of equal numbers named in words: number of classes -> (the share each holds, the quantiles' name)
_QUANTILE_WORDS = {2: ("halves", "either side of the median"), 3: ("thirds", "tertiles"), 4: ("quarters", "quartiles"),
                   5: ("fifths", "quintiles"), 10: ("tenths", "deciles")}


def quantile_words(classes: int, of: str, *, asked: int | None = None) -> str:
    """What quantile classes are, in words: ``"fifths of local authorities (quintiles)"``.

    Parameters
    ----------
    classes : int
        The number of classes drawn.
    of : str
        What is classed, in the plural (``"local authorities"``, ``"localities"``).
    asked : int, optional
        The number of classes asked for; when more than drawn (too few distinct values), the classes are not named
        as equal shares.

    Returns
    -------
    str
        ``"<share> of <of> (<name>)"`` for 2, 3, 4, 5 or 10 classes as asked, else ``"<n> classes of about equal
        numbers of <of> (quantiles)"``.

    Examples
    --------
    >>> quantile_words(5, "local authorities")
    'fifths of local authorities (quintiles)'
    >>> quantile_words(3, "local authorities", asked=5)
    '3 classes of about equal numbers of local authorities (quantiles)'
    """
    if classes in _QUANTILE_WORDS and (asked is None or asked == classes):
        share, name = _QUANTILE_WORDS[classes]
        return f"{share} of {of} ({name})"
    return f"{classes} classes of about equal numbers of {of} (quantiles)"


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


def rounded_quantile_shading(values, *, k: int, decimals: int = 1, unit: str = "") -> Shading:
    """Quantile classes of values as rounded, with bounds at the same rounding and labels that cannot overlap.

    The values are rounded to ``decimals`` places; ``mapclassify.Quantiles`` bounds them (at most ``k`` classes, each
    holding about the same number of values, closed at its upper bound) and the bounds are rounded the same way, a
    bound that would leave a class empty dropped. As every value is a multiple of ``10**-decimals``, a class is
    labelled by the first and last multiples it can hold: ``"0.0 to 0.4 km"``, ``"0.5 km"``, ``"0.7 to 1.0 km"``.

    Parameters
    ----------
    values : array-like of float
        One value per shape; NaN where there is none.
    k : int
        The most classes.
    decimals : int, default 1
        Decimal places the values and bounds are rounded to.
    unit : str, default ""
        Written after each label's numbers (``"km"``).

    Returns
    -------
    Shading
        The classes (one only when every value rounds alike; none when every value is NaN).

    Examples
    --------
    >>> rounded_quantile_shading([0.0, 0.4, 0.44, 0.5, 0.9, 1.0], k=3, unit="km").labels
    ['0.0 to 0.4 km', '0.5 to 0.6 km', '0.7 to 1.0 km']
    """
    values = np.round(np.asarray(values, dtype=float), decimals)
    known = values[~np.isnan(values)]
    if not known.size:
        return _shading(values, np.full(len(values), -1), [], [])
    distinct = np.unique(known)
    bounds = np.round(mapclassify.Quantiles(known, k=min(k, len(distinct))).bins, decimals) if len(distinct) > 1 \
        else distinct
    kept, below = [], -np.inf
    for bound in np.unique(bounds):
        if ((known > below) & (known <= bound)).any():
            kept.append(float(bound))
            below = bound
    step = 10.0 ** -decimals
    firsts = [float(known.min())] + [round(b + step, decimals) for b in kept[:-1]]
    suffix = f" {unit}" if unit else ""
    labels = [f"{b:.{decimals}f}{suffix}" if math.isclose(a, b) else f"{a:.{decimals}f} to {b:.{decimals}f}{suffix}"
              for a, b in zip(firsts, kept)]
    return bounded_shading(values, bins=kept, labels=labels)


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


def bounded_shading(values, *, bins, labels) -> Shading:
    """Classes closed at their upper bound: [min, b1], (b1, b2], ..., (bn-1, bn] (``mapclassify.UserDefined``).

    Parameters
    ----------
    values : array-like of float
        One value per shape; NaN where there is none. None may be above the last bound.
    bins : sequence of float
        The upper bounds of the classes, ascending.
    labels : list of str
        One legend label per class (``len(bins)``).

    Returns
    -------
    Shading
        The classes, every one listed in the legend.

    Examples
    --------
    >>> bounded_shading([0.4, 0.5, 0.7, float("nan")], bins=[0.4, 1.0], labels=["a", "b"]).classes.tolist()
    [0, 1, 1, -1]
    """
    values = np.asarray(values, dtype=float)
    classes = np.full(len(values), -1)
    has = ~np.isnan(values)
    if has.any():
        classes[has] = mapclassify.UserDefined(values[has], [float(b) for b in bins]).yb
    return _shading(values, classes, labels, _palette(len(labels)))


def shading_subset(shading: Shading, keep) -> Shading:
    """The shading of some of the shapes: their fills and classes, with every class and its colour kept.

    Parameters
    ----------
    shading : Shading
        The classes of all the shapes.
    keep : array-like of bool
        One per shape: whether to keep it.

    Returns
    -------
    Shading
        For the shapes kept, in their order, with the same legend labels and palette.
    """
    keep = np.asarray(keep, dtype=bool)
    return Shading(colours=[c for c, k in zip(shading.colours, keep) if k], classes=shading.classes[keep],
                   missing=shading.missing[keep], labels=list(shading.labels), palette=list(shading.palette))


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
        plot_shapes(shapes, ax, color=[c for c, d in zip(shading.colours, drawable) if d], edgecolor=BOUNDARY_GREY,
                    linewidth=0.3)
        ax.collections[-1].set_gid("jsnakit:areas")
    if missing.any():
        plot_shapes(shapes[missing], ax, facecolor="none", edgecolor="#737373", hatch=MISSING_HATCH, linewidth=0.6)
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


@dataclass(frozen=True)
class DistanceClasses:
    """How a distance map classes an area's localities by the distance to the nearest service for one need
    (:func:`distance_shading`, :func:`jsnakit.render.gap_maps.distance_classes`).

    Attributes
    ----------
    kind : str
        ``"fixed"`` (the fixed classes, alike on every map), ``"local"`` (fifths of the area's own localities by
        distance, rounded to 0.1 km: the fixed classes put every locality in one) or ``"table"`` (no map: it would be
        one shade, or too few localities have a distance; show the distances as a table,
        :func:`jsnakit.render.tables.distance_html`).
    labels : tuple of str
        The classes' legend labels (none for ``"table"``).
    summary : str
        The classes in a few words, for a caption: ``"fixed classes"``, ``"classes from Islington's own distances,
        fifths of its localities (quintiles)"``; '' for ``"table"``.
    reason : str
        Why the classes are local, or why there is no map (a sentence); '' for ``"fixed"``.
    """

    kind: str
    labels: tuple
    summary: str
    reason: str


def distance_shading(distance, *, bins, classes="auto", name, label) -> tuple:
    """Classes of distances (km) to the nearest service: fixed, the area's own, or none (a table is better).

    With ``classes="auto"``: the fixed classes (:func:`fixed_shading` on ``bins``) when the distances fall in two or
    more of them; else, when at least :data:`MIN_LOCALITIES` localities have a distance and those differ once rounded
    to 0.1 km, quintiles of the localities by distance (:func:`rounded_quantile_shading`); else none (``"table"``).
    ``"fixed"`` always gives the fixed classes; ``"local"`` the area's own, when the distances differ.

    Parameters
    ----------
    distance : array-like of float
        One distance (km) per locality; NaN where there is none.
    bins : sequence of float
        Upper bounds (km, ascending, above 0) of the fixed classes but the last (``"<last> km or more"``).
    classes : {"auto", "fixed", "local"}, default "auto"
        Which classes.
    name, label : str
        The area's name and the need's label, for the summary and the reason.

    Returns
    -------
    tuple
        ``(DistanceClasses, Shading)``; the shading is the fixed classes' for ``"fixed"``, the local ones' otherwise.

    Raises
    ------
    ArgumentError
        When ``bins`` are not ascending distances above 0 or ``classes`` is not one of the three.

    Examples
    --------
    >>> shown, _ = distance_shading([0.4, 0.5, 0.7, 1.1, 1.6], bins=(2, 5), name="Islington", label="Autism")
    >>> shown.kind, shown.labels
    ('local', ('0.4 to 0.5 km', '0.6 to 0.9 km', '1.0 to 1.2 km', '1.3 to 1.6 km'))
    """
    bins = _check_bins(bins)
    if classes not in ("auto", "fixed", "local"):
        raise ArgumentError(f"classes must be 'auto', 'fixed' or 'local'; got {classes!r}")
    distance = np.asarray(distance, dtype=float)
    labels = _distance_labels(bins)
    fixed = fixed_shading(distance, bins=bins, labels=labels)
    occupied = np.unique(fixed.classes[~fixed.missing])
    known = int((~fixed.missing).sum())
    if classes == "fixed" or (classes == "auto" and len(occupied) > 1):
        return DistanceClasses("fixed", tuple(labels), "fixed classes", ""), fixed
    local = rounded_quantile_shading(distance, k=5, decimals=1, unit="km")
    localities = f"{known:,} localit{'y' if known == 1 else 'ies'}"
    if not known:
        reason = f"No locality of {name} has a distance to a service for {label}."
    elif len(local.labels) < 2:
        reason = (f"Every locality of {name} with a distance ({localities}) is {local.labels[0]} from the nearest "
                  f"service for {label}: a map would be one shade.")
    elif classes == "auto" and known < MIN_LOCALITIES:
        reason = (f"Only {localities} of {name} {'has' if known == 1 else 'have'} a distance to a service for "
                  f"{label}, all {labels[int(occupied[0])]}: too few for a map.")
    else:
        words = quantile_words(len(local.labels), "its localities", asked=5)
        summary = f"classes from {name}'s own distances, {words}"
        reason = (f"Every locality of {name} with a distance is {labels[int(occupied[0])]} from the nearest service "
                  f"for {label}, so the classes come from its own distances (rounded to 0.1 km)."
                  if len(occupied) == 1 else "")
        return DistanceClasses("local", tuple(local.labels), summary, reason), local
    return DistanceClasses("table", (), "", reason), local


def _distance_labels(bins) -> list[str]:
    text = [f"{b:,g}" for b in bins]
    return ([f"under {text[0]} km"] + [f"{a} to {b} km" for a, b in zip(text, text[1:])]
            + [f"{text[-1]} km or more"])


def _check_bins(bins) -> tuple:
    try:
        values = tuple(float(b) for b in bins)
    except (TypeError, ValueError):
        values = ()
    if not values or not all(math.isfinite(b) and b > 0 for b in values) or any(
            b <= a for a, b in zip(values, values[1:])):
        raise ArgumentError(f"bins must be ascending distances in km, each above 0; got {bins!r}")
    return values
