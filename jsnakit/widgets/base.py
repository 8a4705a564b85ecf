"""What the explorers' two layers share (:mod:`.explorers`): for the views, the axes every chart is drawn on and the
plain paragraph of a view's notes; for the widgets, the explorer base class, the area picker, the cache of rendered
parts and the HTML of charts, messages and headings.
"""
from __future__ import annotations

import html
import logging
from collections import OrderedDict
from pathlib import Path

import ipywidgets
from matplotlib.axes import Axes

from ..render import charts
from ..core import geography
from ..catalog import Catalog
from ..render.charts import OKABE_ITO
from ..render.style import chart_axes
from ..core.errors import ArgumentError, JsnakitError

__all__ = [
    "SIMULATIONS",
    "new_axes",
    "sentence",
    "bundle",
    "message_html",
    "heading",
    "open_catalog",
    "Rendered",
    "Explorer",
    "AreaPicker",
]

_log = logging.getLogger(__name__)

#: Simulations of a projection in the widgets: enough for the shape of the fan, few enough to be quick (the
#: factsheet uses :func:`jsnakit.projection.project`'s default, 1,000).
SIMULATIONS = 200
_RENDERED = 48  # rendered figures kept per explorer


# --- the views --------------------------------------------------------------------------------------------------

def new_axes(width: float, height: float) -> Axes:
    """Axes on a figure pyplot does not track: nothing to close, nothing to leak
    (:func:`jsnakit.render.style.chart_axes` with ``pyplot=False``).

    Parameters
    ----------
    width, height : float
        The figure's size (inches).

    Returns
    -------
    matplotlib.axes.Axes
        The axes of a new figure, for a view to draw one chart on.
    """
    return chart_axes(None, figsize=(width, height), pyplot=False)


def sentence(parts) -> str:
    """Notes joined into one plain paragraph, the empty ones left out.

    Parameters
    ----------
    parts : iterable of str
        The notes ('' or None for none).

    Returns
    -------
    str
        Each note stripped, joined by spaces.

    Examples
    --------
    >>> sentence(["No map. ", "", None, " No table."])
    'No map. No table.'
    """
    return " ".join(p.strip() for p in parts if p and p.strip())


# --- the widgets ------------------------------------------------------------------------------------------------

def bundle(ax: Axes | None, alt: str, caption: str | None) -> tuple:
    """The outputs of an ``ipywidgets.Output`` showing one chart: its PNG in a ``<figure>`` with alt text.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        The chart (None: nothing to show).
    alt : str
        Its alt text ("Chart." when empty).
    caption : str or None
        Its caption.

    Returns
    -------
    tuple of dict
        For ``Output.outputs``: one ``display_data`` output, :func:`jsnakit.render.charts.figure_html` as
        ``text/html`` and the alt text as ``text/plain``; empty when ``ax`` is None.
    """
    if ax is None:
        return ()
    figure = ax.figure
    width = int(round(figure.get_figwidth() * 96))
    markup = charts.figure_html(figure, alt=alt or "Chart.", caption=caption, width=width)
    return ({"output_type": "display_data", "data": {"text/html": markup, "text/plain": alt}, "metadata": {}},)


def message_html(text: str) -> str:
    """A plain message as the explorers show it, in a status box.

    Parameters
    ----------
    text : str
        The message ('' for none).

    Returns
    -------
    str
        HTML: the escaped message in a ``<div role="status">``; '' when there is no message.
    """
    if not text:
        return ""
    return (f'<div class="jsnakit-message" role="status" style="padding:0.4em 0.8em;border-left:4px solid '
            f'{OKABE_ITO["orange"]};background:#FFF8E6">{html.escape(text)}</div>')


def heading(text: str) -> ipywidgets.HTML:
    """A heading above one part of an explorer.

    Parameters
    ----------
    text : str
        The heading.

    Returns
    -------
    ipywidgets.HTML
        The escaped text in an ``<h4>``.
    """
    return ipywidgets.HTML(f"<h4 style='margin:0.6em 0 0.2em'>{html.escape(text)}</h4>")


def open_catalog(catalog_or_data_dir, cache_dir) -> Catalog:
    """The explorers' data: a Catalog as given, or one opened on a data folder.

    Parameters
    ----------
    catalog_or_data_dir : jsnakit.catalog.Catalog, str or pathlib.Path
        A Catalog, or a data folder such as ``"data_samples"``.
    cache_dir : str, pathlib.Path or False, optional
        The catalog's cache folder when a data folder is given (see :class:`jsnakit.catalog.Catalog`); None with a
        Catalog.

    Returns
    -------
    jsnakit.catalog.Catalog

    Raises
    ------
    ArgumentError
        When ``cache_dir`` is given with a Catalog, or ``catalog_or_data_dir`` is neither a Catalog nor a path.
    """
    if isinstance(catalog_or_data_dir, Catalog):
        if cache_dir is not None:
            raise ArgumentError("cache_dir must be None when a Catalog is given (the catalog has its own); got "
                                f"{cache_dir!r}")
        return catalog_or_data_dir
    if isinstance(catalog_or_data_dir, (str, Path)):
        return Catalog(catalog_or_data_dir, cache_dir=cache_dir)
    raise ArgumentError(f"catalog_or_data_dir must be a jsnakit.catalog.Catalog or the path of a data folder; got "
                        f"{type(catalog_or_data_dir).__name__}")


class Rendered:
    """Rendered parts of views, by key, the least recently used dropped first (returning to a setting is instant).

    Parameters
    ----------
    size : int, default 48
        The entries kept.
    """

    def __init__(self, size: int = _RENDERED):
        self._items: OrderedDict = OrderedDict()
        self._size = size

    def get(self, key):
        """The entry kept under ``key`` (now the most recently used), or None."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        return None

    def put(self, key, value):
        """Keep ``value`` under ``key``, dropping the least recently used entries beyond ``size``; returns ``value``."""
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
        return value

    def __len__(self):
        return len(self._items)


class Explorer:
    """What every explorer shares: its container, its display and its safe update.

    A subclass sets ``widget``, ``area`` and ``_picker`` (an :class:`AreaPicker`'s combobox and the picker itself),
    ``_holding`` (True while it sets its own controls), and defines ``update()``, which shows the current view.

    Attributes
    ----------
    widget : ipywidgets.Widget
        The explorer's container, displayed when the explorer is the last expression of a cell.
    """

    widget: ipywidgets.Widget

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def _changed(self, change):
        """A control moved: update, unless the explorer is setting its own controls."""
        if not self._holding:
            self.update()

    def _current_area(self) -> tuple[str | None, str]:
        """The picked area's GSS code, the box rewritten as the area is listed ("Rochdale (E08000005)"); or None and
        the message saying the text names no area."""
        text = self.area.value
        code = self._picker.resolve(text)
        if code is None:
            return None, self._picker.unknown(text)
        label = self._picker.label(code)
        if text != label:
            self._holding = True
            try:
                self.area.value = label
            finally:
                self._holding = False
        return code, ""

    def _safely(self, make, fallback):
        """``(make(), True)``, or ``(fallback(message), False)`` when anything goes wrong: the widget shows a plain
        message, never a traceback (and keeps nothing of a failed update)."""
        try:
            return make(), True
        except JsnakitError as error:
            return fallback(str(error)), False
        except Exception as error:  # noqa: BLE001 - a widget shows a plain message, never a traceback
            _log.exception("widget update failed")
            return fallback(f"Something went wrong ({type(error).__name__}: {error})."), False


def _area_label(code: str, name: str) -> str:
    return f"{name} ({code})"


class AreaPicker:
    """A Combobox of areas: type a name or a code (GSS or DfE number), or pick from the list.

    Parameters
    ----------
    codes : iterable of str
        GSS codes of the areas offered (codes :mod:`jsnakit.core.geography` does not know are left out), listed
        England first, then the regions, then the others by name.
    value : str or None
        The area shown first (GSS code); None: the first local authority listed.
    description : str, default "Area"
        The combobox's label.

    Attributes
    ----------
    combobox : ipywidgets.Combobox
        The picker.
    labels : dict of str to str
        Each area as listed, ``"Name (code)"``, to its GSS code.
    codes : set of str
        The GSS codes offered.
    """

    def __init__(self, codes, *, value: str | None, description: str = "Area"):
        table = geography.areas()
        codes = [c for c in codes if c in table.index]
        order = sorted(codes, key=lambda c: (table.loc[c, "area_type"] != "country",
                                             table.loc[c, "area_type"] != "region", table.loc[c, "area_name"]))
        self.labels = {_area_label(c, table.loc[c, "area_name"]): c for c in order}
        self._names = {table.loc[c, "area_name"].casefold(): c for c in order}
        self.codes = set(order)
        first = value if value is not None else next((c for c in order if table.loc[c, "area_type"]
                                                      in geography.LA_TYPES), order[0] if order else "")
        self.combobox = ipywidgets.Combobox(
            options=list(self.labels), value=self.label(first) if first in self.codes else str(first),
            description=description, placeholder="Type an area's name or code", ensure_option=False,
            continuous_update=False, layout=ipywidgets.Layout(width="22em"))

    def label(self, code: str) -> str:
        """The area as listed (``"Rochdale (E08000005)"``), or ``code`` when it is not offered."""
        return next((label for label, c in self.labels.items() if c == code), code)

    def resolve(self, text) -> str | None:
        """The GSS code the text names, or None."""
        text = str(text or "").strip()
        if text in self.labels:
            return self.labels[text]
        if text.casefold() in self._names:
            return self._names[text.casefold()]
        try:
            code = str(geography.area(text)["area_code"])
        except ArgumentError:
            return None
        return code if code in self.codes else None

    def unknown(self, text) -> str:
        """The plain message for a text that names no area offered."""
        example = next(iter(self.labels), "Rochdale (E08000005)")
        return (f"No area matches {str(text or '').strip()!r}: type an area's name or code, or pick one from the "
                f"list (e.g. {example}).")
