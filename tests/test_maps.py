"""maps.choropleth, tested through its artists on a tiny grid of square 'local authorities'."""
import re

import matplotlib

matplotlib.use("Agg")

import geopandas as gpd  # noqa: E402
import mapclassify  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from shapely.geometry import box  # noqa: E402

from jsnakit import disclosure  # noqa: E402
from jsnakit.core import schema  # noqa: E402
from jsnakit.render import charts, maps  # noqa: E402
from jsnakit.core.errors import ArgumentError, DisclosureError  # noqa: E402

pytestmark = pytest.mark.usefixtures("close_figures")  # conftest: every figure closed after each test

PERIOD = "2024/25"
# twelve London boroughs on a 4 x 3 grid of 10 km squares (British National Grid metres)
CODES = [f"E0900{n:04d}" for n in range(1, 13)]
SUPPRESSED = "E09000005"  # count 3: withheld by disclosure control
ABSENT = "E09000009"      # in the boundaries, not in the frame: no data
HIGHLIGHT = "E09000007"
# EHC plans per 10,000 aged 0-25, planted so that the quintiles are round: 10 values 30, 32, ..., 48 (none for the
# suppressed and absent areas)
PLANTED = dict(zip([c for c in CODES if c not in (SUPPRESSED, ABSENT)], [30.0 + 2 * i for i in range(10)]))

DISCLOSURE_MESSAGE = (
    "only frames that passed disclosure control can be drawn or written: call jsnakit.disclosure.apply() first; "
    "got DataFrame"
)


def _row(code, name, count, denominator):
    value = count / denominator * 10000
    return {
        "indicator": "ehc_plans_per_10k", "area_code": code, "area_name": name, "area_type": "test",
        "period": PERIOD, "breakdown": "All", "category": "All", "count": count, "denominator": denominator,
        "value": value, "lower_ci": value * 0.9, "upper_ci": value * 1.1, "confidence": 0.95, "unit": "per 10,000",
        "method": "Byar", "comparator_code": "E92000001", "comparison": "similar", "note": np.nan,
        "source": "synthetic",
    }


def make_frame() -> pd.DataFrame:
    rows = [_row(code, f"Borough {code[-2:]}", value * 10, 100000.0) for code, value in PLANTED.items()]
    rows.append(_row(SUPPRESSED, "Borough 05", 3.0, 100000.0))
    rows.append(_row("E92000001", "England", 600000.0, 150000000.0))  # not on the map: never classified
    frame = pd.concat([schema.empty(), pd.DataFrame(rows)], ignore_index=True)[schema.INDICATOR_COLUMNS]
    return schema.validate(frame)


def make_boundaries(crs="EPSG:27700") -> gpd.GeoDataFrame:
    x0, y0, size = 520000, 170000, 10000
    squares = [box(x0 + (i % 4) * size, y0 + (i // 4) * size, x0 + (i % 4 + 1) * size, y0 + (i // 4 + 1) * size)
               for i in range(len(CODES))]
    return gpd.GeoDataFrame(
        {"area_code": CODES, "area_name": [f"Borough {c[-2:]}" for c in CODES]}, geometry=squares, crs="EPSG:27700"
    ).to_crs(crs)


@pytest.fixture
def disclosed():
    return disclosure.apply(make_frame())


@pytest.fixture
def boundaries():
    return make_boundaries()


def _collection(ax, gid):
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, [c.get_gid() for c in ax.collections]
    return found[0]


def _draw(disclosed, boundaries, **options):
    return maps.choropleth(disclosed, boundaries, indicator="ehc_plans_per_10k", period=PERIOD, **options)


def test_every_area_is_one_polygon(disclosed, boundaries):
    ax = _draw(disclosed, boundaries)
    areas = _collection(ax, "jsnakit:areas")
    assert len(areas.get_paths()) == len(boundaries) == 12
    assert not ax.axison
    assert ax.get_aspect() == 1.0
    assert ax.child_axes == []  # every area is a London borough: no inset (tests/test_map_inset.py)


def test_legend_class_bounds_are_mapclassifys_quantiles(disclosed, boundaries):
    ax = _draw(disclosed, boundaries, k=5)
    values = np.array(list(PLANTED.values()))
    bins = mapclassify.Quantiles(values, k=5).bins
    assert list(bins) == pytest.approx([33.6, 37.2, 40.8, 44.4, 48.0])
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    classes = texts[:5]
    assert classes == ["30.0 to 33.6", "33.6 to 37.2", "37.2 to 40.8", "40.8 to 44.4", "44.4 to 48.0"]
    uppers = [float(t.split(" to ")[1]) for t in classes]
    assert uppers == pytest.approx(list(bins), abs=0.05)
    # the unit, and what the classes are: five classes of (about) equal numbers of areas, all council codes (E09)
    assert ax.get_legend().get_title().get_text() == "Rate per 10,000,\nin fifths of local authorities\n(quintiles)"
    assert "suppressed or no data" in texts


def test_areas_are_filled_by_class_and_missing_areas_grey(disclosed, boundaries):
    ax = _draw(disclosed, boundaries)
    faces = [to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()]
    values = np.array(list(PLANTED.values()))
    classes = mapclassify.Quantiles(values, k=5)
    palette = [to_hex(matplotlib.colormaps[maps.SEQUENTIAL_CMAP](i / 4)) for i in range(5)]
    for position, code in enumerate(CODES):
        if code in PLANTED:
            expected = palette[classes.yb[list(PLANTED).index(code)]]
        else:
            expected = maps.MISSING_COLOUR.lower()
        assert faces[position] == expected, code
    legend_faces = [to_hex(h.get_facecolor()) for h in ax.get_legend().legend_handles[:5]]
    assert legend_faces == palette


def test_suppressed_and_absent_areas_are_hatched(disclosed, boundaries):
    ax = _draw(disclosed, boundaries)
    hatched = _collection(ax, "jsnakit:suppressed")
    assert hatched.get_hatch() == maps.MISSING_HATCH
    assert len(hatched.get_paths()) == 2
    expected = boundaries.set_index("area_code").loc[[SUPPRESSED, ABSENT]]
    for path, geometry in zip(hatched.get_paths(), expected.geometry):
        xmin, ymin, xmax, ymax = geometry.bounds
        v = path.vertices
        assert (v[:, 0].min(), v[:, 1].min(), v[:, 0].max(), v[:, 1].max()) == pytest.approx((xmin, ymin, xmax, ymax))
    handle = ax.get_legend().legend_handles[ax.get_legend().get_texts().index(
        [t for t in ax.get_legend().get_texts() if t.get_text() == "suppressed or no data"][0])]
    assert handle.get_hatch() == maps.MISSING_HATCH


def test_highlighted_area_is_outlined_thick_and_labelled(disclosed, boundaries):
    ax = _draw(disclosed, boundaries, highlight=HIGHLIGHT)
    outline = _collection(ax, "jsnakit:highlight")
    assert len(outline.get_paths()) == 1
    assert outline.get_linewidths()[0] >= 2.5
    assert max(_collection(ax, "jsnakit:areas").get_linewidths()) < 1
    xmin, ymin, xmax, ymax = boundaries.set_index("area_code").loc[HIGHLIGHT, "geometry"].bounds
    v = outline.get_paths()[0].vertices
    assert (v[:, 0].min(), v[:, 1].min()) == pytest.approx((xmin, ymin))
    assert [t.get_text() for t in ax.texts] == ["Borough 07"]
    assert "Borough 07 (outlined)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_map_alt_text(disclosed, boundaries):
    ax = _draw(disclosed, boundaries, highlight=HIGHLIGHT)
    text = charts.alt_text(ax)
    assert text.startswith(
        "Map: EHC plans per 10,000 children and young people aged 0-25, 2024/25. 12 areas are drawn.")
    assert ("Legend, Rate per 10,000, in fifths of local authorities (quintiles): 30.0 to 33.6; 33.6 to 37.2; "
            "37.2 to 40.8; 40.8 to 44.4; 44.4 to 48.0, from lightest (lowest) to darkest (highest).") in text
    assert "inset" not in text  # every area is a London borough: nothing to enlarge
    assert "2 areas are suppressed or have no data (grey, hatched)." in text
    assert "Outlined: Borough 07." in text


def test_boundaries_in_longitude_latitude_are_drawn_on_the_british_national_grid(disclosed):
    lonlat = make_boundaries("EPSG:4326")
    ax = _draw(disclosed, lonlat)
    x0, x1 = ax.get_xlim()
    assert 500000 < x0 < x1 < 580000  # metres east, not degrees
    assert lonlat.crs.to_epsg() == 4326  # the input is not changed
    assert list(lonlat.columns) == ["area_code", "area_name", "geometry"]


def test_fewer_distinct_values_than_classes(boundaries):
    frame = make_frame()
    frame = frame[frame["area_code"].isin(list(PLANTED)[:3])]
    ax = _draw(disclosure.apply(frame), boundaries, k=5)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    # 30, 32, 34: three classes, not five (mapclassify's tertiles 31.33, 32.67, 34)
    assert list(mapclassify.Quantiles(np.array([30.0, 32.0, 34.0]), k=3).bins) == pytest.approx([31.333, 32.667, 34],
                                                                                                abs=1e-3)
    assert texts == ["30.0 to 31.3", "31.3 to 32.7", "32.7 to 34.0", "suppressed or no data"]
    # three classes where five were asked for: not called thirds, as they need not hold a third each
    assert ax.get_legend().get_title().get_text() == (
        "Rate per 10,000,\nin 3 classes of about equal\nnumbers of local authorities\n(quantiles)")
    assert len(_collection(ax, "jsnakit:suppressed").get_paths()) == 9


def test_class_labels_add_decimals_to_tell_bounds_apart():
    assert maps.class_labels([1.04, 1.06], 1.0, "%") == ["1.00 to 1.04", "1.04 to 1.06"]
    assert maps.class_labels([1500.0, 2500.0], 1000.0, "persons") == ["1,000 to 1,500", "1,500 to 2,500"]


def test_choropleth_refuses_undisclosed_frames(boundaries):
    with pytest.raises(DisclosureError, match=re.escape(DISCLOSURE_MESSAGE)):
        maps.choropleth(make_frame(), boundaries, indicator="ehc_plans_per_10k", period=PERIOD)


def test_choropleth_argument_errors(disclosed, boundaries):
    with pytest.raises(ArgumentError, match=re.escape(
            "boundaries must have the columns ['area_code', 'area_name', 'geometry']; missing ['area_code'] in "
            "['CTYUA23CD', 'area_name', 'geometry']")):
        _draw(disclosed, boundaries.rename(columns={"area_code": "CTYUA23CD"}))
    with pytest.raises(ArgumentError, match=re.escape(
            "boundaries must be a GeoDataFrame with columns ['area_code', 'area_name', 'geometry']; got DataFrame")):
        _draw(disclosed, pd.DataFrame(boundaries))
    with pytest.raises(ArgumentError, match=re.escape(
            "highlight must be an area_code of the boundaries; got 'E09000033'")):
        _draw(disclosed, boundaries, highlight="E09000033")
    with pytest.raises(ArgumentError, match=re.escape("k must be a whole number of at least 2; got 1")):
        _draw(disclosed, boundaries, k=1)
    with pytest.raises(ArgumentError, match=re.escape(
            "period must be one of ['2024/25'] for indicator 'ehc_plans_per_10k' (All/All); got '2019/20'")):
        maps.choropleth(disclosed, boundaries, indicator="ehc_plans_per_10k", period="2019/20")
    elsewhere = boundaries.assign(area_code=[f"E0800{n:04d}" for n in range(1, 13)])
    with pytest.raises(ArgumentError, match=re.escape(
            "boundaries must share area codes with the rows of indicator 'ehc_plans_per_10k' in 2024/25; got none "
            "in common (boundaries have e.g. ['E08000001', 'E08000002', 'E08000003'])")):
        _draw(disclosed, elsewhere)


def test_plot_shapes_draws_the_shapes_without_drawing_the_figure(monkeypatch):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from jsnakit.render.geometry import plot_shapes

    draws = []
    draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(1) or draw(self, renderer))
    shapes = gpd.GeoSeries([box(0, 0, 10, 10), box(10, 0, 20, 10)], crs="EPSG:27700")
    fig, ax = plt.subplots()
    shapes.plot(ax=ax, color="#440154")  # geopandas on its own draws the whole figure at the end
    assert len(draws) == 1
    assert plot_shapes(shapes, ax, color="#440154", edgecolor="#767676", linewidth=0.3) is ax
    assert len(draws) == 1  # not drawn again
    assert len(ax.collections) == 2 and len(ax.collections[-1].get_paths()) == 2
    assert to_hex(ax.collections[-1].get_facecolor()[0]) == "#440154" and ax.get_aspect() == 1.0
    assert "draw_idle" not in vars(fig.canvas)  # the canvas draws as before afterwards
    fig.canvas.draw_idle()
    assert len(draws) == 2
