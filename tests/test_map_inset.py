"""maps.choropleth's London inset on the real ONS boundaries (153 upper-tier LAs, 33 of them London boroughs), and the
corner it is placed in (geometry.inset_box) on hand-made rectangles."""
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from jsnakit import disclosure  # noqa: E402
from jsnakit.catalog import Catalog  # noqa: E402
from jsnakit.core import schema  # noqa: E402
from jsnakit.core.errors import ArgumentError  # noqa: E402
from jsnakit.render import charts, maps  # noqa: E402
from jsnakit.render.geometry import inset_box  # noqa: E402

pytestmark = pytest.mark.usefixtures("close_figures")  # conftest: every figure closed after each test

PERIOD = "2024/25"
ISLINGTON, NORTHUMBERLAND, NEWCASTLE = "E09000019", "E06000057", "E08000021"
WITHHELD = "E09000030"  # Tower Hamlets: planted with a count of 3, withheld by disclosure control


@pytest.fixture(scope="module")
def boundaries(real):
    # ons_boundaries/Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC: 153 English rows (PROVENANCE.md
    # section 7: E06 63, E08 36, E09 33, E10 21), longitude/latitude
    return Catalog(real).load("boundaries")


@pytest.fixture(scope="module")
def projected(boundaries):
    return boundaries.to_crs("EPSG:27700").set_index("area_code")


def _row(code, name, count, denominator):
    value = count / denominator * 10000
    return {
        "indicator": "ehc_plans_per_10k", "area_code": code, "area_name": name, "area_type": "test",
        "period": PERIOD, "breakdown": "All", "category": "All", "count": count, "denominator": denominator,
        "value": value, "lower_ci": value * 0.9, "upper_ci": value * 1.1, "confidence": 0.95, "unit": "per 10,000",
        "method": "Byar", "comparator_code": "E92000001", "comparison": "similar", "note": np.nan,
        "source": "synthetic",
    }


@pytest.fixture(scope="module")
def disclosed(boundaries):
    # area i (in boundary order) has 300 + 2i plans per 100,000: 30.0, 30.2, ... per 10,000; Tower Hamlets 3 plans
    rows = [_row(code, name, 3.0 if code == WITHHELD else 300.0 + 2 * i, 100000.0)
            for i, (code, name) in enumerate(zip(boundaries["area_code"], boundaries["area_name"]))]
    frame = pd.concat([schema.empty(), pd.DataFrame(rows)], ignore_index=True)[schema.INDICATOR_COLUMNS]
    return disclosure.apply(schema.validate(frame))


def _draw(disclosed, boundaries, **options):
    ax = maps.choropleth(disclosed, boundaries, indicator="ehc_plans_per_10k", period=PERIOD, **options)
    ax.figure.canvas.draw()  # the layout as it will be saved
    return ax


def _inset(ax):
    found = [a for a in ax.child_axes if a.get_gid() == maps.INSET_GID]
    assert len(found) == 1, [a.get_gid() for a in ax.child_axes]
    return found[0]


def _collection(ax, gid):
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, [c.get_gid() for c in ax.collections]
    return found[0]


def _in_map_units(ax, artist) -> Bbox:
    """Where an artist lies on the rendered figure, in the main map's units (British National Grid metres)."""
    return Bbox(ax.transData.inverted().transform(artist.get_window_extent().get_points()))


def _bounds(path) -> tuple:
    v = path.vertices
    return v[:, 0].min(), v[:, 1].min(), v[:, 0].max(), v[:, 1].max()


def test_inset_draws_the_33_boroughs_in_the_classes_of_the_main_map(disclosed, boundaries):
    ax = _draw(disclosed, boundaries)
    inset = _inset(ax)
    london = boundaries["area_code"].str.startswith("E09").to_numpy()
    assert london.sum() == 33
    areas = _collection(inset, "jsnakit:areas")
    assert len(areas.get_paths()) == 33
    # each borough's path is the borough: Islington's bounds, in metres
    position = int(np.flatnonzero(boundaries.loc[london, "area_code"].to_numpy() == ISLINGTON)[0])
    assert _bounds(areas.get_paths()[position]) == pytest.approx((528842, 181661, 533463, 187883), abs=1)
    main = [to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()]
    assert [to_hex(c) for c in areas.get_facecolors()] == [c for c, keep in zip(main, london) if keep]
    assert len(set(to_hex(c) for c in areas.get_facecolors())) >= 3  # London spans several classes
    hatched = _collection(inset, "jsnakit:suppressed")  # Tower Hamlets, withheld, hatched as on the main map
    assert hatched.get_hatch() == maps.MISSING_HATCH and len(hatched.get_paths()) == 1
    assert [t.get_text() for t in inset.texts if t.get_gid() == "jsnakit:inset-label"] == ["London"]
    assert inset.get_frame_on() and all(s.get_visible() and s.get_linewidth() <= 1 for s in inset.spines.values())
    assert not inset.xaxis.get_visible() and not inset.yaxis.get_visible()
    # enlarged: the box is at least MIN_INSET_SCALE (here more than 3) times London's width on the main map
    lx0, _, lx1, _ = boundaries.to_crs("EPSG:27700")[london].total_bounds
    box = _in_map_units(ax, inset)
    assert box.width / (lx1 - lx0) > 3


def test_inset_hides_no_area(disclosed, boundaries, projected):
    ax = _draw(disclosed, boundaries)
    box = _in_map_units(ax, _inset(ax))
    # every area's bounding box, London's included, is clear of the box as rendered
    for code, geometry in projected.geometry.items():
        xmin, ymin, xmax, ymax = geometry.bounds
        clear = xmax < box.x0 or xmin > box.x1 or ymax < box.y0 or ymin > box.y1
        assert clear, (code, geometry.bounds, box.bounds)
    # in the top right corner of the map, widened to a square on the right: the North Sea
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x1 - x0 == pytest.approx(y1 - y0)
    assert (box.x1, box.y1) == pytest.approx((x1, y1), rel=1e-3)
    assert box.x0 > projected.loc[NORTHUMBERLAND, "geometry"].bounds[2]  # east of Northumberland's easternmost point


def test_london_is_outlined_on_the_main_map(disclosed, boundaries, projected):
    ax = _draw(disclosed, boundaries)
    outline = _collection(ax, "jsnakit:inset-outline")
    points = np.concatenate([p.vertices for p in outline.get_paths()])
    london = projected[projected.index.str.startswith("E09")]
    # London's outer edge (within the 1% closing of the slits between boroughs): 503,605 to 561,943 east, 155,854
    # to 200,934 north
    assert tuple(points.min(axis=0)) + tuple(points.max(axis=0)) == pytest.approx(tuple(london.total_bounds), abs=600)
    assert tuple(london.total_bounds) == pytest.approx((503605, 155854, 561943, 200934), abs=1)
    assert outline.get_linewidths()[0] < maps.HIGHLIGHT_WIDTH
    assert "London (enlarged in the box)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_a_london_highlight_is_outlined_and_named_in_the_inset_too(disclosed, boundaries):
    ax = _draw(disclosed, boundaries, highlight=ISLINGTON)
    inset = _inset(ax)
    for where in (ax, inset):
        outline = _collection(where, "jsnakit:highlight")
        assert len(outline.get_paths()) == 1
        assert _bounds(outline.get_paths()[0]) == pytest.approx((528842, 181661, 533463, 187883), abs=1)
        assert outline.get_linewidths()[0] == maps.HIGHLIGHT_WIDTH
        assert [t.get_text() for t in where.texts if t.get_gid() == "jsnakit:highlight-label"] == ["Islington"]
    # the name in the box stays inside its frame
    name = [t for t in inset.texts if t.get_gid() == "jsnakit:highlight-label"][0]
    frame = inset.get_window_extent()
    extent = name.get_window_extent()
    assert frame.x0 <= extent.x0 and extent.x1 <= frame.x1 and frame.y0 <= extent.y0 and extent.y1 <= frame.y1
    text = charts.alt_text(ax)
    assert ("153 areas are drawn. Legend, Rate per 10,000, in fifths of local authorities (quintiles): ") in text
    assert ("An inset box enlarges London: its 33 areas, shaded in the same classes; London is outlined on the main "
            "map.") in text
    assert text.endswith("Outlined: Islington (also in the London inset).")
    assert "1 area is suppressed or has no data (grey, hatched)." in text  # counted once, not again in the inset


@pytest.mark.parametrize("code,name", [(NORTHUMBERLAND, "Northumberland"), (NEWCASTLE, "Newcastle upon Tyne")])
def test_a_highlight_outside_london_keeps_its_name_clear_of_the_inset(disclosed, boundaries, code, name):
    ax = _draw(disclosed, boundaries, highlight=code)
    inset = _inset(ax)
    assert not [c for c in inset.collections if c.get_gid() == "jsnakit:highlight"]
    assert not [t for t in inset.texts if t.get_gid() == "jsnakit:highlight-label"]
    label = [t for t in ax.texts if t.get_gid() == "jsnakit:highlight-label"]
    assert [t.get_text() for t in label] == [name]
    # both in the north east, under the box's corner: the name goes to the left of them, clear of the box
    assert not label[0].get_window_extent().overlaps(inset.get_window_extent())
    assert label[0].get_horizontalalignment() == "right"
    assert charts.alt_text(ax).endswith(f"Outlined: {name}.")


def test_no_inset_when_asked_for_none_or_without_london(disclosed, boundaries):
    ax = _draw(disclosed, boundaries, inset=False)
    assert ax.child_axes == []
    assert "jsnakit:inset-outline" not in [c.get_gid() for c in ax.collections]
    assert "inset" not in charts.alt_text(ax)
    outside = boundaries[~boundaries["area_code"].str.startswith("E09")]
    ax = _draw(disclosed, outside)
    assert ax.child_axes == []
    assert len(_collection(ax, "jsnakit:areas").get_paths()) == 120  # 153 - 33


def test_inset_box_takes_the_largest_corner_clear_of_every_obstacle():
    # a 100 x 100 map; a tall area on the left (x 0-60) and a low one at the bottom right (x 60-100, y 0-40)
    obstacles = [(0, 0, 60, 100), (60, 0, 100, 40)]
    # top right, aspect 2: the tall area allows a height of (100 - 60) / 2 = 20, the low one (100 - 40) = 60:
    # 40 x 20 from (60, 80); every other corner touches an area (height 0)
    assert inset_box(obstacles, (0, 0, 100, 100), aspect=2.0) == ("top right", (60.0, 80.0, 100.0, 100.0))
    # 5 apart: (40 - 5) / 2 = 17.5 high, 35 wide
    assert inset_box(obstacles, (0, 0, 100, 100), aspect=2.0, gap=5) == ("top right", (65.0, 82.5, 100.0, 100.0))
    # the bottom half full, and a 10 x 10 area at the top right of it: top right 40 high (100 - 60), top left 50;
    # top left wins unless a corner 20% smaller will do
    obstacles = [(0, 0, 100, 50), (90, 50, 100, 60)]
    assert inset_box(obstacles, (0, 0, 100, 100), aspect=1.0) == ("top left", (0.0, 50.0, 50.0, 100.0))
    assert inset_box(obstacles, (0, 0, 100, 100), aspect=1.0, tolerance=0.25) == (
        "top right", (60.0, 60.0, 100.0, 100.0))
    # no room anywhere: a box of height 0
    corner, box = inset_box([(0, 0, 100, 100)], (0, 0, 100, 100), aspect=1.0)
    assert box[3] - box[1] == 0


def test_inset_box_argument_errors():
    with pytest.raises(ArgumentError, match=re.escape("aspect must be a width-to-height ratio above 0; got 0")):
        inset_box([], (0, 0, 1, 1), aspect=0)
    with pytest.raises(ArgumentError, match=re.escape("gap must be a distance of at least 0; got -1")):
        inset_box([], (0, 0, 1, 1), aspect=1.0, gap=-1)
    with pytest.raises(ArgumentError, match=re.escape(
            "extent must be (xmin, ymin, xmax, ymax) with xmax > xmin and ymax > ymin; got (0, 0, 0, 1)")):
        inset_box([], (0, 0, 0, 1), aspect=1.0)
    with pytest.raises(ArgumentError, match=re.escape(
            "corners must be among ['top right', 'bottom right', 'top left', 'bottom left']; got ['middle']")):
        inset_box([], (0, 0, 1, 1), aspect=1.0, corners=["middle"])
