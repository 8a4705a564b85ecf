"""The gap analysis' inputs on the sample data: the Local Offer found for an area, the register completed from it,
service locations, localities and the placement benchmark (each against a figure worked out another way)."""
import statistics
import warnings

import pytest

from jsnakit import gaps
from jsnakit.needs import profile
from jsnakit.catalog import Catalog

ISLINGTON, RUTLAND = "E09000019", "E06000017"


@pytest.fixture(scope="module")
def catalog(samples):
    return Catalog(samples)


@pytest.fixture(scope="module")
def offer(catalog):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the planted service without a location; tested in test_samples_provision
        return catalog.local_offer(ISLINGTON)


@pytest.fixture(scope="module")
def boundary(catalog):
    shapes = catalog.load("boundaries")
    return shapes[shapes["area_code"] == ISLINGTON]


def test_the_local_offer_of_an_area(catalog, offer):
    # data_samples/local_offer/E09000019 holds Islington's 90 services; no folder is Rutland's, by name or by the
    # service areas of the unnamed ones (there are none), so Rutland has no Local Offer.
    assert len(offer.services) == 90 and (offer.service_areas["area_code"] == ISLINGTON).all()
    assert catalog.local_offer(RUTLAND) is None


def test_the_register_is_completed_from_the_local_offer(catalog, offer):
    register = catalog.load("commissioning_register")
    windmill = register[(register["area_code"] == ISLINGTON) & (register["row"] == 4)].iloc[0]
    # Register row 4 (Windmill Lane School) leaves its needs blank; its Local Offer terms are the ESD needs "Severe
    # learning difficulties" and "Profound and multiple learning difficulties" (need_taxonomy.csv: sld, pmld).
    assert windmill["service_name"] == "Windmill Lane School" and windmill["needs"] != windmill["needs"]  # NaN
    row = gaps.provision(register, ISLINGTON, local_offer=offer).set_index("service_id").loc[windmill["service_id"]]
    assert row["needs"] == "Severe learning difficulty; Profound and multiple learning difficulty"
    assert (row["age_from"], row["age_to"], row["age_bands"]) == (2.0, 15.0, "0-4; 5-10; 11-15")
    assert row["in_register"] and row["in_local_offer"]


def test_service_points_and_localities(catalog, offer, boundary):
    provided = gaps.provision(catalog.load("commissioning_register"), ISLINGTON, local_offer=offer)
    points = gaps.service_points(provided, offer, boundary)
    assert points.crs.to_epsg() == 27700
    # The three placements bought outside Islington (samples.py: "out:" sites) are the only points outside it.
    assert sorted(points.loc[~points["in_area"], "service_name"]) == [
        "Brook Meadow College (independent specialist college)", "Oakhurst House School",
        "St Aldric's School for Deaf Children"]
    places = gaps.localities(catalog.load("centroids"), catalog.load("census_age"), boundary)
    # 23 synthetic MSOAs in Islington, whose residents aged 0-24 add up to the sample's mid-2021 estimate (the
    # generator draws them so); here summed from the ONS MYE reader instead.
    population = catalog.load("population")
    young = population[(population["area_code"] == ISLINGTON) & (population["period"] == "2021")
                       & (population["sex"] == "persons") & (population["age"] <= 24)]["population"].sum()
    assert len(places) == 23 and places["population"].sum() == young


def test_placement_benchmark_is_the_neighbours_median(catalog):
    published, neighbours = profile.published(catalog), catalog.load("neighbours")
    bench = gaps.placement_benchmarks(published, ISLINGTON, neighbours=neighbours).iloc[0]
    frame = published.frame
    close = neighbours.loc[neighbours["area_code"] == ISLINGTON, "neighbour_code"]
    shares = frame[(frame["indicator"] == "ehc_placement_share") & (frame["category"] == "Special school")
                   & (frame["period"] == "2024/25") & frame["area_code"].isin(close)]["value"]
    assert (bench["service_type"], bench["need"]) == ("special_school", "All")
    assert bench["benchmark_per_100"] == pytest.approx(statistics.median(shares))
    assert bench["benchmark"] == "statistical neighbours' median, January 2025"
    england = gaps.placement_benchmarks(published, ISLINGTON).iloc[0]
    assert england["benchmark"] == "England, January 2025" and england["benchmark_per_100"] == pytest.approx(
        frame[(frame["indicator"] == "ehc_placement_share") & (frame["category"] == "Special school")
              & (frame["period"] == "2024/25") & (frame["area_code"] == "E92000001")]["value"].item())


def test_published_totals_is_the_caseload_total_only(catalog):
    published = profile.published(catalog)
    totals = gaps.published_totals(published, "E09000019", "2024/25")
    # caseload.csv 202425 Islington ehcplans 3977; no need totals (they stay the sums of the rounded cells).
    assert list(totals) == ["All"] and totals["All"][0] == 3977
