"""maps.provision_map, maps.distance_map and maps.locality_cells, tested through their artists on a hand-made
GapAnalysis of a 10 km square area with four localities (one per quarter) and four services."""
import re

import matplotlib

matplotlib.use("Agg")

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from shapely.geometry import LineString, Point, box  # noqa: E402

from jsnakit import gaps  # noqa: E402
from jsnakit.render import charts, maps, shading  # noqa: E402
from jsnakit.core.errors import ArgumentError, DisclosureError  # noqa: E402
from jsnakit.gaps import GapAnalysis  # noqa: E402

pytestmark = pytest.mark.usefixtures("close_figures")  # conftest: every figure closed after each test

CODE, NAME = "E06000099", "Squareshire"
X0, Y0, SIDE = 500000.0, 200000.0, 10000.0  # British National Grid metres: a 10 km square
ASD = "Autistic spectrum disorder"
SLD = "Severe learning difficulty"
# one locality at the centre of each 5 km quarter: the perpendicular bisectors of neighbours are x = 505000 and
# y = 205000, so each cell is its 5 km x 5 km quarter (25 km2) and the four tile the square (100 km2)
LOCALITIES = pd.DataFrame({
    "locality_code": ["L1", "L2", "L3", "L4"],
    "locality_name": ["South West", "South East", "North West", "North East"],
    "population": [1000.0, 2000.0, 3000.0, 4000.0],
    "plans_estimate": [10.0, 20.0, 30.0, 40.0],
    "x": [502500.0, 507500.0, 502500.0, 507500.0],
    "y": [202500.0, 202500.0, 207500.0, 207500.0],
})
SERVICES = pd.DataFrame({
    "service_id": ["S1", "S2", "S3", "S4"],
    "service_name": ["Oak special school", "Children's SLT", "Willow short breaks", "Far wheelchair service"],
    "service_type": ["special_school", "speech_and_language_therapy", "short_breaks", "equipment_and_wheelchairs"],
    "domain": ["education", "health", "care", "health"],
    "partners": ["la_education", "icb", "la_social_care", "icb"],
    "needs": ["all", f"{ASD}; Speech, language and communication needs", SLD, "all"],
    # S3 is 300 m outside the square's east edge, within the 500 m margin (5% of 10 km); S4 is 20 km beyond it
    "x": [503000.0, 508000.0, 510300.0, 530000.0],
    "y": [203000.0, 208000.0, 205000.0, 205000.0],
    "in_area": [True, True, False, False],
})
# ASD: 0.7 km (under 2), 3 km (2 to 5), 12 km (10 to 20), no distance for L4
# SLD, on the class bounds: 2 km -> "2 to 5 km", 40 km -> "40 km or more", 10 km -> "10 to 20 km",
# 19.99 km -> "10 to 20 km" (each class holds its lower bound)
DISTANCE = pd.DataFrame({
    "locality_code": ["L1", "L2", "L3", "L4"] * 2,
    "need": [ASD] * 4 + [SLD] * 4,
    "nearest_service_id": ["S1", "S1", "S2", np.nan, "S3", "S3", "S3", "S3"],
    "nearest_service_name": ["Oak special school", "Oak special school", "Children's SLT", np.nan] +
                            ["Willow short breaks"] * 4,
    "distance_km": [0.7, 3.0, 12.0, np.nan, 2.0, 40.0, 10.0, 19.99],
})
PALETTE_6 = [to_hex(matplotlib.colormaps[maps.SEQUENTIAL_CMAP](i / 5)) for i in range(6)]
DISTANCE_LABELS = ["under 2 km", "2 to 5 km", "5 to 10 km", "10 to 20 km", "20 to 40 km", "40 km or more"]


def make_localities(rows=LOCALITIES) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows.drop(columns=["x", "y"]), geometry=gpd.points_from_xy(rows["x"], rows["y"]),
                            crs="EPSG:27700")


def make_services(rows=SERVICES) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows.drop(columns=["x", "y"]), geometry=gpd.points_from_xy(rows["x"], rows["y"]),
                            crs="EPSG:27700")


def make_boundary(crs="EPSG:27700") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_code": [CODE], "area_name": [NAME]},
                            geometry=[box(X0, Y0, X0 + SIDE, Y0 + SIDE)], crs="EPSG:27700").to_crs(crs)


def make_analysis(*, localities="default", services=None, distance="default") -> GapAnalysis:
    return GapAnalysis(
        area_code=CODE, area_name=NAME, coverage=pd.DataFrame(), capacity=pd.DataFrame(), partners=pd.DataFrame(),
        services=make_services() if services is None else services,
        localities=make_localities() if isinstance(localities, str) else localities,
        distance=DISTANCE.copy() if isinstance(distance, str) else distance,
        _token=gaps.analysis._MADE_BY_ANALYSE,  # a hand-made analysis for the map tests (analyse() makes the real ones)
    )


def _collection(ax, gid):
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, [c.get_gid() for c in ax.collections]
    return found[0]


def _gids(ax):
    return [c.get_gid() for c in ax.collections]


def _texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# --- locality_cells ---------------------------------------------------------------------------------------------

def test_cells_tile_the_boundary():
    cells = maps.locality_cells(make_localities(), make_boundary())
    # hand-checked: four 5 km x 5 km quarters, 25,000,000 m2 each, summing to the square's 100,000,000 m2
    assert cells.area.tolist() == pytest.approx([25e6] * 4)
    assert cells.area.sum() == pytest.approx(SIDE * SIDE)
    assert cells.geometry.union_all().symmetric_difference(box(X0, Y0, X0 + SIDE, Y0 + SIDE)).area == \
        pytest.approx(0, abs=1e-3)
    # each cell is its own locality's quarter, in the localities' order, with their columns
    assert [c.bounds for c in cells.geometry] == [
        (500000, 200000, 505000, 205000), (505000, 200000, 510000, 205000),
        (500000, 205000, 505000, 210000), (505000, 205000, 510000, 210000)]
    assert list(cells.columns) == ["locality_code", "locality_name", "population", "plans_estimate", "geometry"]
    assert cells.crs.to_epsg() == 27700


def test_cells_from_longitude_latitude_and_one_locality():
    lonlat = make_localities().to_crs("EPSG:4326")
    cells = maps.locality_cells(lonlat, make_boundary("EPSG:4326"))
    assert cells.crs.to_epsg() == 27700
    assert cells.area.sum() == pytest.approx(SIDE * SIDE, rel=1e-3)  # the square re-projected twice
    assert lonlat.crs.to_epsg() == 4326 and lonlat.geom_type.eq("Point").all()  # the input is not changed
    one = maps.locality_cells(make_localities().iloc[[2]], make_boundary())
    assert one.area.tolist() == pytest.approx([SIDE * SIDE])  # a single locality's cell is the whole area


def test_cells_refuse_shared_points_and_non_points():
    twins = make_localities()
    twins.loc[1, "geometry"] = Point(502500, 202500)
    with pytest.raises(ArgumentError, match=re.escape(
            "localities must be at distinct points; got 'L1', 'L2' all at (502500, 202500)")):
        maps.locality_cells(twins, make_boundary())
    lines = make_localities()
    lines.loc[3, "geometry"] = LineString([(0, 0), (1, 1)])
    with pytest.raises(ArgumentError, match=re.escape(
            "localities must be points (population-weighted centroids); got a LineString for locality 'L4'")):
        maps.locality_cells(lines, make_boundary())
    with pytest.raises(ArgumentError, match=re.escape(
            "localities must be a GeoDataFrame of points (population-weighted centroids); got DataFrame")):
        maps.locality_cells(LOCALITIES, make_boundary())
    with pytest.raises(ArgumentError, match=re.escape(
            "boundary must be a GeoDataFrame or GeoSeries of the area; got Polygon")):
        maps.locality_cells(make_localities(), box(0, 0, 1, 1))


# --- provision_map ----------------------------------------------------------------------------------------------

def test_provision_map_classes_and_legend():
    ax = maps.provision_map(make_analysis(), boundary=make_boundary())
    cells = _collection(ax, "jsnakit:areas")
    assert len(cells.get_paths()) == 4
    # quartiles of 10, 20, 30, 40 (numpy's linear percentiles, as mapclassify.Quantiles): 17.5, 25, 32.5, 40, so
    # each locality is in its own class, lightest to darkest; estimated children are labelled in whole numbers
    # (Python rounds 32.5 to the even 32)
    palette = [to_hex(matplotlib.colormaps[maps.SEQUENTIAL_CMAP](i / 3)) for i in range(4)]
    assert [to_hex(c) for c in cells.get_facecolors()] == palette
    assert _texts(ax) == ["10 to 18", "18 to 25", "25 to 32", "32 to 40", "Education service",
                          "Health service", "Care service", f"Open: outside {NAME}", f"{NAME} boundary"]
    assert ax.get_legend().get_title().get_text() == (
        "Estimated children and young\npeople with an EHC plan\n(4 quantile classes)")
    assert "jsnakit:suppressed" not in _gids(ax)
    assert len(_collection(ax, "jsnakit:boundary").get_paths()) == 1
    assert not ax.axison and ax.get_aspect() == 1.0
    # the map is the square and a 500 m margin (5% of 10 km), so S3 (300 m outside) is on it and S4 (20 km) is not
    assert ax.get_xlim() == pytest.approx((499500, 510500)) and ax.get_ylim() == pytest.approx((199500, 210500))


def test_provision_map_marker_shape_differs_per_domain():
    ax = maps.provision_map(make_analysis(), boundary=make_boundary())
    education = _collection(ax, "jsnakit:services:education")
    health = _collection(ax, "jsnakit:services:health")
    care = _collection(ax, "jsnakit:services-outside:care")  # S3 is outside the area: drawn open
    assert [tuple(c.get_offsets()[0]) for c in (education, health, care)] == [
        (503000, 203000), (508000, 208000), (510300, 205000)]
    shapes = [c.get_paths()[0].vertices.round(3).tobytes() for c in (education, health, care)]
    assert len(set(shapes)) == 3
    assert to_hex(care.get_facecolors()[0]) == "#ffffff"
    assert to_hex(care.get_edgecolors()[0]) == maps.DOMAIN_STYLES["care"]["color"].lower()
    handles = dict(zip(_texts(ax), ax.get_legend().legend_handles))
    assert [handles[f"{d} service"].get_marker() for d in ("Education", "Health", "Care")] == ["s", "^", "o"]
    assert [to_hex(handles[f"{d.capitalize()} service"].get_markerfacecolor()) for d in ("education", "health",
                                                                                          "care")] == \
        [maps.DOMAIN_STYLES[d]["color"].lower() for d in ("education", "health", "care")]
    # S4, 20 km east, is beyond the map: not drawn
    assert sum(len(c.get_offsets()) for c in ax.collections if str(c.get_gid()).startswith("jsnakit:services")) == 3


def test_provision_map_alt_text():
    ax = maps.provision_map(make_analysis(), boundary=make_boundary())
    assert maps.alt_text(ax) == (
        f"Map: Estimated children and young people with an EHC plan, and SEND services: {NAME}. "
        f"4 localities of {NAME} are drawn as cells (the part of the area nearer to each locality's "
        "population-weighted centre than to any other), shaded by the estimated number of children and young "
        "people with an EHC plan living there in 4 quantile classes: 10 to 18; 18 to 25; 25 to 32; "
        "32 to 40, from lightest (lowest) to darkest (highest). "
        "The locality with the most estimated need is North East (about 40 children and young people with an EHC "
        "plan). "
        "Services: 3 locations drawn, 1 education (squares), 1 health (triangles) and 1 care (circles). "
        f"1 of them is outside {NAME} (open symbols). "
        "1 more location lies beyond the map and is not drawn: 1 health.")
    # the shorter description of charts.alt_text reads the same artists
    # one description for every chart and map: charts.alt_text reads what the map wrote as it drew
    assert charts.alt_text(ax) == maps.alt_text(ax)
    # a cleared axes is no longer that map: it is described afresh from its artists
    ax.clear()
    assert charts.alt_text(ax) == "Map."


def test_provision_map_need_filter_drops_services():
    ax = maps.provision_map(make_analysis(), boundary=make_boundary(), need="asd")
    # S3 serves severe learning difficulty only: dropped; S1 ("all") and S2 (ASD among its needs) stay
    assert "jsnakit:services:education" in _gids(ax) and "jsnakit:services:health" in _gids(ax)
    assert not any("care" in str(g) for g in _gids(ax))
    assert "Care service" not in _texts(ax) and f"Open: outside {NAME}" not in _texts(ax)
    assert ax.get_title().replace("\n", " ") == (
        f"Estimated children and young people with an EHC plan (all needs), and services for {ASD}: {NAME}")
    assert ax.get_legend().get_title().get_text().startswith("Estimated children and young\npeople with an EHC plan\n"
                                                             "(all needs)")
    text = maps.alt_text(ax)
    assert "with an EHC plan living there (with any need) in 4 quantile classes" in text
    assert f"Services for {ASD}: 2 locations drawn, 1 education (squares) and 1 health (triangles)." in text
    assert f"1 service location that does not serve {ASD} is not drawn." in text
    # the label works as well as the code; without a needs column every service serves every need
    assert _gids(maps.provision_map(make_analysis(), boundary=make_boundary(), need=ASD)) == _gids(ax)
    all_needs = make_analysis(services=make_services().drop(columns="needs"))
    assert "jsnakit:services-outside:care" in _gids(maps.provision_map(all_needs, boundary=make_boundary(),
                                                                       need="asd"))
    # a service with no needs recorded is not known to serve the need: not drawn, and said so
    unknown = make_analysis(services=make_services(SERVICES.assign(needs=[np.nan, "asd", SLD, "all"])))
    ax = maps.provision_map(unknown, boundary=make_boundary(), need=ASD)
    assert "jsnakit:services:education" not in _gids(ax) and "jsnakit:services:health" in _gids(ax)
    text = maps.alt_text(ax)
    assert f"1 service location that does not serve {ASD} is not drawn. 1 service location with no needs recorded " \
           "is not drawn." in text


def test_provision_map_without_localities_draws_boundary_and_services():
    ax = maps.provision_map(make_analysis(localities=None, distance=None), boundary=make_boundary())
    assert "jsnakit:areas" not in _gids(ax)
    assert _gids(ax)[0] == "jsnakit:boundary"
    assert _texts(ax) == ["Education service", "Health service", "Care service", f"Open: outside {NAME}",
                          f"{NAME} boundary"]
    assert ax.get_title() == f"SEND services: {NAME}"
    assert f"No localities are given: only the boundary of {NAME} is drawn, with the services." in maps.alt_text(ax)


def test_provision_map_missing_estimate_is_grey_and_hatched():
    rows = LOCALITIES.assign(plans_estimate=[10.0, 20.0, np.nan, 40.0])
    ax = maps.provision_map(make_analysis(localities=make_localities(rows)), boundary=make_boundary())
    faces = [to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()]
    assert faces[2] == maps.MISSING_COLOUR.lower()
    hatched = _collection(ax, "jsnakit:suppressed")
    assert hatched.get_hatch() == maps.MISSING_HATCH
    assert len(hatched.get_paths()) == 1
    assert maps.MISSING_LABEL in _texts(ax)
    assert "1 locality has no estimate (grey, hatched)." in maps.alt_text(ax)


def test_provision_map_boundary_in_longitude_latitude():
    ax = maps.provision_map(make_analysis(), boundary=make_boundary("EPSG:4326"))
    x0, x1 = ax.get_xlim()
    assert 499000 < x0 < x1 < 511000  # metres east, not degrees
    assert len(_collection(ax, "jsnakit:areas").get_paths()) == 4


# --- distance_map -----------------------------------------------------------------------------------------------

def test_distance_classes_are_fixed():
    ax = maps.distance_map(make_analysis(), boundary=make_boundary(), need="asd")
    assert _texts(ax)[:7] == DISTANCE_LABELS + [maps.NO_DISTANCE_LABEL]
    assert [to_hex(h.get_facecolor()) for h in ax.get_legend().legend_handles[:6]] == PALETTE_6
    faces = [to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()]
    # 0.7 km -> under 2 km (class 0); 3 km -> 2 to 5 km (class 1); 12 km -> 10 to 20 km (class 3); L4 no distance
    assert faces == [PALETTE_6[0], PALETTE_6[1], PALETTE_6[3], maps.MISSING_COLOUR.lower()]
    assert ax.get_legend().get_title().get_text() == (
        "Distance to the nearest service\nfor Autistic spectrum disorder\n(fixed classes)")
    # the nearest services (S1, S2) are drawn; S3 and S4 are nobody's nearest for ASD
    assert sorted(g for g in _gids(ax) if g.startswith("jsnakit:services")) == [
        "jsnakit:services:education", "jsnakit:services:health"]


def test_distance_classes_hold_their_lower_bound():
    ax = maps.distance_map(make_analysis(), boundary=make_boundary(), need=SLD)
    faces = [to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()]
    # 2 km -> "2 to 5 km"; 40 km -> "40 km or more"; 10 km and 19.99 km -> "10 to 20 km"
    assert faces == [PALETTE_6[1], PALETTE_6[5], PALETTE_6[3], PALETTE_6[3]]
    assert "jsnakit:suppressed" not in _gids(ax)
    assert _texts(ax)[:6] == DISTANCE_LABELS  # every class is listed, empty or not
    assert "jsnakit:services-outside:care" in _gids(ax)


def test_missing_distance_is_hatched():
    ax = maps.distance_map(make_analysis(), boundary=make_boundary(), need="asd")
    hatched = _collection(ax, "jsnakit:suppressed")
    assert hatched.get_hatch() == maps.MISSING_HATCH
    assert len(hatched.get_paths()) == 1
    assert hatched.get_paths()[0].get_extents().bounds == pytest.approx((505000, 205000, 5000, 5000))  # L4's quarter
    handle = ax.get_legend().legend_handles[_texts(ax).index(maps.NO_DISTANCE_LABEL)]
    assert handle.get_hatch() == maps.MISSING_HATCH


def test_distance_map_alt_text_gives_the_share_beyond_10_km():
    text = maps.alt_text(maps.distance_map(make_analysis(), boundary=make_boundary(), need="asd"))
    # ASD: L1-L3 have distances (populations 1,000 + 2,000 + 3,000 = 6,000); only L3 (12 km, 3,000) is 10 km or more
    # away: 3,000 / 6,000 = 50.0%
    assert ("50.0% of the children and young people in localities with a distance (3,000 of 6,000, each locality "
            f"weighted by its population) live 10 km or more from the nearest service for {ASD}.") in text
    assert text.startswith(f"Map: Distance to the nearest service for {ASD}: {NAME}. ")
    assert "Localities in each class: under 2 km: 1; 2 to 5 km: 1; 10 to 20 km: 1." in text
    assert "1 locality has no distance (grey, hatched)." in text
    assert (f"Nearest services for {ASD}: 2 locations drawn, 1 education (squares) and 1 health (triangles).") in text
    # SLD: L2 (40 km), L3 (10 km), L4 (19.99 km) are 10 km or more away: (2,000 + 3,000 + 4,000) / 10,000 = 90.0%
    text = maps.alt_text(maps.distance_map(make_analysis(), boundary=make_boundary(), need=SLD))
    assert "90.0% of the children and young people in localities with a distance (9,000 of 10,000," in text


def test_distance_map_with_other_bins():
    ax = maps.distance_map(make_analysis(), boundary=make_boundary(), need="asd", bins=(1, 2.5))
    assert _texts(ax)[:3] == ["under 1 km", "1 to 2.5 km", "2.5 km or more"]
    palette = [to_hex(matplotlib.colormaps[maps.SEQUENTIAL_CMAP](i / 2)) for i in range(3)]
    faces = [to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()]
    assert faces[:3] == [palette[0], palette[2], palette[2]]  # 0.7, 3 and 12 km


# --- errors -----------------------------------------------------------------------------------------------------

GAP_MESSAGE = ("only a gap analysis made by jsnakit.gaps.analyse() from disclosed inputs can be shown or drawn; "
               "got DataFrame")


def test_maps_refuse_anything_but_a_gap_analysis():
    with pytest.raises(DisclosureError, match=re.escape(GAP_MESSAGE)):
        maps.provision_map(LOCALITIES, boundary=make_boundary())
    with pytest.raises(DisclosureError, match=re.escape(GAP_MESSAGE)):
        maps.distance_map(DISTANCE, boundary=make_boundary(), need="asd")


def test_argument_errors():
    analysis = make_analysis()
    with pytest.raises(ArgumentError, match=re.escape(
            "boundary must be a GeoDataFrame with columns ['area_code', 'area_name', 'geometry'] and one row; got "
            "DataFrame")):
        maps.provision_map(analysis, boundary=pd.DataFrame(make_boundary()))
    with pytest.raises(ArgumentError, match=re.escape(
            "boundary must have the columns ['area_code', 'area_name', 'geometry']; missing ['area_code'] in "
            "['CTYUA23CD', 'area_name', 'geometry']")):
        maps.provision_map(analysis, boundary=make_boundary().rename(columns={"area_code": "CTYUA23CD"}))
    with pytest.raises(ArgumentError, match=re.escape(
            f"boundary must have one row, the area {CODE}; got 2 rows")):
        maps.provision_map(analysis, boundary=pd.concat([make_boundary()] * 2))
    with pytest.raises(ArgumentError, match=re.escape(
            f"boundary must be the analysis' area {CODE} ({NAME}); got area_code 'E08000005'")):
        maps.provision_map(analysis, boundary=make_boundary().assign(area_code="E08000005"))
    with pytest.raises(ArgumentError, match=re.escape(
            "boundary must have a shape; got no geometry or only empty ones")):
        maps.provision_map(analysis, boundary=make_boundary().set_geometry([box(0, 0, 1, 1).intersection(
            box(5, 5, 6, 6))], crs="EPSG:27700"))
    with pytest.raises(ArgumentError, match=re.escape(
            "need must be a primary-need code ['asd', 'slcn', 'semh', 'mld', 'sld', 'spld', 'pmld', 'pd', 'hi', "
            "'vi', 'msi', 'oth'] or label; got 'autism'")):
        maps.provision_map(analysis, boundary=make_boundary(), need="autism")
    with pytest.raises(ArgumentError, match=re.escape(
            "need must be a primary-need code ['asd', 'slcn', 'semh', 'mld', 'sld', 'spld', 'pmld', 'pd', 'hi', "
            "'vi', 'msi', 'oth'] or label; got None")):
        maps.distance_map(analysis, boundary=make_boundary(), need=None)
    with pytest.raises(ArgumentError, match=re.escape("k must be a whole number of at least 2; got 1")):
        maps.provision_map(analysis, boundary=make_boundary(), k=1)
    for bins in [(5, 2), (0, 2), (), "near"]:
        with pytest.raises(ArgumentError, match=re.escape(
                f"bins must be ascending distances in km, each above 0; got {bins!r}")):
            maps.distance_map(analysis, boundary=make_boundary(), need="asd", bins=bins)
    with pytest.raises(ArgumentError, match=re.escape(
            f"analysis must have localities and distances to draw a distance map; the analysis of {NAME} has none "
            "(give jsnakit.gaps.analyse() the localities)")):
        maps.distance_map(make_analysis(localities=None, distance=None), boundary=make_boundary(), need="asd")
    with pytest.raises(ArgumentError, match=re.escape("ax must be a matplotlib Axes; got str")):
        maps.alt_text("map")


def test_inputs_are_not_changed():
    analysis = make_analysis()
    boundary = make_boundary("EPSG:4326")
    before = (analysis.localities.copy(), analysis.services.copy(), analysis.distance.copy(), boundary.copy())
    maps.provision_map(analysis, boundary=boundary, need="asd")
    maps.distance_map(analysis, boundary=boundary, need="asd")
    pd.testing.assert_frame_equal(analysis.localities, before[0])
    pd.testing.assert_frame_equal(analysis.services, before[1])
    pd.testing.assert_frame_equal(analysis.distance, before[2])
    pd.testing.assert_frame_equal(boundary, before[3])


# --- distance classes: fixed, the area's own, or a table --------------------------------------------------------

def test_distance_classes_stay_fixed_when_the_localities_fall_in_several():
    # ASD: 0.7, 3 and 12 km fall in three fixed classes; with three localities only, still a map
    shown = maps.distance_classes(make_analysis(), need="asd")
    assert shown == maps.DistanceClasses("fixed", tuple(DISTANCE_LABELS), "fixed classes", "")


def _near_analysis(distances):
    """The square's four localities, all near a service for ASD (km, in the order L1 to L4)."""
    rows = DISTANCE.iloc[:4].assign(distance_km=distances, nearest_service_id="S1")
    return make_analysis(distance=rows)


def test_one_class_and_few_localities_is_a_table():
    analysis = _near_analysis([0.3, 0.5, 1.2, 1.9])  # all under 2 km, and 4 localities: fewer than MIN_LOCALITIES (5)
    shown = maps.distance_classes(analysis, need="asd")
    reason = (f"Only 4 localities of {NAME} have a distance to a service for {ASD}, all under 2 km: too few for a "
              f"map.")
    assert (shown.kind, shown.labels, shown.summary, shown.reason) == ("table", (), "", reason)
    with pytest.raises(ArgumentError, match=re.escape(
            f"{reason} Show the distances as a table (jsnakit.render.tables.distance_html), or draw the map anyway "
            f"with classes='fixed'.")):
        maps.distance_map(analysis, boundary=make_boundary(), need="asd")
    # asked for, the fixed classes are drawn: one shade
    ax = maps.distance_map(analysis, boundary=make_boundary(), need="asd", classes="fixed")
    assert [to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()] == [PALETTE_6[0]] * 4
    # asked for, the area's own classes: 0.3, 0.5, 1.2 and 1.9 km; quartiles (4 distinct values, k = 5 -> 4)
    # 0.45, 0.85, 1.375 (numpy's linear interpolation at 1/4, 1/2, 3/4 of the way through 3 gaps) and 1.9, rounded
    # to 0.4 (0.45 -> 0.4 in floating point), 0.8 (0.85 -> 0.8), 1.4, 1.9: one locality each
    assert maps.distance_classes(analysis, need="asd", classes="local").labels == (
        "0.3 to 0.4 km", "0.5 to 0.8 km", "0.9 to 1.4 km", "1.5 to 1.9 km")


def test_one_distance_everywhere_is_a_table():
    shown, _ = shading.distance_shading([0.4] * 6 + [np.nan], bins=maps.DISTANCE_BINS_KM, name=NAME, label=ASD)
    assert shown.kind == "table"
    assert shown.reason == (f"Every locality of {NAME} with a distance (6 localities) is 0.4 km from the nearest "
                            f"service for {ASD}: a map would be one shade.")
    shown, _ = shading.distance_shading([np.nan] * 3, bins=maps.DISTANCE_BINS_KM, name=NAME, label=ASD)
    assert (shown.kind, shown.reason) == ("table", f"No locality of {NAME} has a distance to a service for {ASD}.")


def test_distance_classes_argument_errors():
    with pytest.raises(ArgumentError, match=re.escape("classes must be 'auto', 'fixed' or 'local'; got 'quantile'")):
        maps.distance_classes(make_analysis(), need="asd", classes="quantile")
    with pytest.raises(ArgumentError, match=re.escape("classes must be 'auto', 'fixed' or 'local'; got 'quantile'")):
        maps.distance_map(make_analysis(), boundary=make_boundary(), need="asd", classes="quantile")


# Islington on the samples: every one of its 23 localities is under 2 km from a service for "Other difficulty or
# disability" (the need the factsheet maps), so the fixed classes would draw one shade
OTHER = "Other difficulty or disability"
# distance_km of the rows for OTHER, in the order of the localities E02990001 to E02990023
ISLINGTON_KM = [0.5, 0.6, 1.6, 0.4, 1.1, 0.6, 1.1, 0.5, 1.2, 0.7, 0.4, 0.5, 0.6, 0.4, 1.0, 0.4, 1.0, 0.0, 0.6, 0.7,
                1.0, 0.1, 0.4]


@pytest.fixture(scope="module")
def islington(samples):
    """Islington's localities, services and distances from the samples, through the public steps of
    gaps.from_catalog (reach.localities, supply.service_points, reach.distance: what the factsheet's analysis holds),
    without the SEN2 need the distances do not use (reading it takes half a minute on a cold cache)."""
    import warnings

    from jsnakit.catalog import Catalog

    catalog, code = Catalog(samples), "E09000019"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the sample Local Offer has one service with no location
        offer = catalog.local_offer(code)
    provided = gaps.provision(catalog.load("commissioning_register"), code, local_offer=offer)
    boundary = catalog.load("boundaries").query("area_code == @code")
    services = gaps.service_points(provided, offer, boundary)
    places = gaps.localities(catalog.load("centroids"), catalog.load("census_age"), boundary)
    analysis = GapAnalysis(
        area_code=code, area_name="Islington", coverage=pd.DataFrame(), capacity=pd.DataFrame(),
        partners=pd.DataFrame(), services=services, localities=places,
        distance=gaps.distance(places, services, provided),
        _token=gaps.analysis._MADE_BY_ANALYSE,  # as make_analysis: the parts of analyse() the maps read
    )
    return analysis, boundary


def test_islington_gets_its_own_classes(islington):
    analysis, boundary = islington
    rows = analysis.distance[analysis.distance["need"] == OTHER].set_index("locality_code")
    assert rows.loc[analysis.localities["locality_code"], "distance_km"].tolist() == ISLINGTON_KM
    shown = maps.distance_classes(analysis, need="oth")
    # sorted: 0.0, 0.1, 0.4 x5, 0.5 x3, 0.6 x4, 0.7 x2, 1.0 x3, 1.1 x2, 1.2, 1.6; quintiles (linear, 22 gaps) at
    # positions 4.4 (0.4), 8.8 (0.5), 13.2 (0.6 + 0.2 x 0.1 = 0.62 -> 0.6), 17.6 (1.0) and the largest, 1.6
    assert shown.kind == "local"
    assert shown.labels == ("0.0 to 0.4 km", "0.5 km", "0.6 km", "0.7 to 1.0 km", "1.1 to 1.6 km")
    assert shown.summary == "classes from Islington's own distances, fifths of its localities (quintiles)"
    assert shown.reason == (f"Every locality of Islington with a distance is under 2 km from the nearest service for "
                            f"{OTHER}, so the classes come from its own distances (rounded to 0.1 km).")
    ax = maps.distance_map(analysis, boundary=boundary, need=OTHER)
    palette = [to_hex(matplotlib.colormaps[maps.SEQUENTIAL_CMAP](i / 4)) for i in range(5)]
    cls = {0.0: 0, 0.1: 0, 0.4: 0, 0.5: 1, 0.6: 2, 0.7: 3, 1.0: 3, 1.1: 4, 1.2: 4, 1.6: 4}
    faces = [to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()]
    assert faces == [palette[cls[km]] for km in ISLINGTON_KM]
    assert len(set(faces)) == 5  # not one flat shade
    assert _texts(ax)[:5] == list(shown.labels)
    assert ax.get_legend().get_title().get_text() == (
        f"Distance to the nearest service\nfor {OTHER}\n(Islington's own classes:\nfifths of its localities,\n"
        f"quintiles)")
    text = maps.alt_text(ax)
    assert (f"{shown.reason} The classes are fifths of its localities (quintiles): 0.0 to 0.4 km; 0.5 km; 0.6 km; "
            f"0.7 to 1.0 km; 1.1 to 1.6 km, from lightest (nearest) to darkest (farthest). Localities in each class: "
            f"0.0 to 0.4 km: 7; 0.5 km: 3; 0.6 km: 4; 0.7 to 1.0 km: 5; 1.1 to 1.6 km: 4.") in text
    # asked for, the fixed classes: every cell under 2 km
    ax = maps.distance_map(analysis, boundary=boundary, need=OTHER, classes="fixed")
    assert {to_hex(c) for c in _collection(ax, "jsnakit:areas").get_facecolors()} == {PALETTE_6[0]}


def test_islington_keeps_the_fixed_classes_where_one_locality_is_2_km_or_more_away(islington):
    analysis, _ = islington
    # profound and multiple learning difficulty: 22 localities under 2 km and one at 2.2 km: two fixed classes
    km = analysis.distance.loc[analysis.distance["need"] == "Profound and multiple learning difficulty", "distance_km"]
    assert (int((km < 2).sum()), km.max()) == (22, 2.2)
    assert maps.distance_classes(analysis, need="pmld").kind == "fixed"
