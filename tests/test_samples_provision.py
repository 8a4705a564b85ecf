"""The gap-mapping samples of data_samples/: localities (ONS centroids, Census 2021 ages), the three Local Offers (Open
Referral UK CSV tables) and the commissioning register. They are read with jsnakit's own readers, checked against each
other and against the boundaries, and the planted gaps are checked to be there (and nothing else of their kind)."""
from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from jsnakit.samples import catalogue, gap_areas, provision
from jsnakit.samples import generator as samples
from jsnakit.sources.boundaries import read_boundaries
from jsnakit.sources.commissioning import map_local_offer, read_commissioning_register
from jsnakit.sources.localities import read_census_age, read_centroids
from jsnakit.sources.provision import LocalOfferWarning, read_local_offer

from conftest import SAMPLES

AREAS = samples.PROVISION_AREAS
ISLINGTON, ROCHDALE, CAMBRIDGESHIRE = AREAS
GENERATED = [samples.CENTROIDS_FILE, samples.CENSUS_AGE_FILE, samples.REGISTER_FILE] + [
    f"{samples.LOCAL_OFFER_DIR.format(code=code)}/{name}" for code in AREAS for name in samples.LOCAL_OFFER_HEADERS]
SPECIALIST = ("special_school", "resourced_provision")


@pytest.fixture(scope="module")
def offers():
    """Each area's Local Offer, and the warnings its reading raised."""
    out = {}
    for code in AREAS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            offer = read_local_offer(SAMPLES / samples.LOCAL_OFFER_DIR.format(code=code))
        # jsnakit's own warnings only: a library's first-use deprecation warning is not the Local Offer's
        out[code] = (offer, [w for w in caught if w.category.__module__.startswith("jsnakit")])
    return out


@pytest.fixture(scope="module")
def register():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the sample register reads without a RegisterWarning
        return read_commissioning_register(SAMPLES / samples.REGISTER_FILE)


@pytest.fixture(scope="module")
def served(offers, register):
    """One row per service x need of each area, from the register (its needs, else the Local Offer's terms), with
    the service type, ages, partners and capacity of the register (ages from the Local Offer when blank); and one
    row per Local Offer service that no partner commissions (need from its terms)."""
    rows = []
    for code in AREAS:
        offer = offers[code][0]
        mapped = map_local_offer(offer)
        needs_of = mapped.groupby("service_id")["need"].apply(list).to_dict()
        ages_of = offer.services.set_index("service_id")[["minimum_age", "maximum_age"]]
        mine = register[register["area_code"] == code]
        for r in mine.itertuples():
            needs = r.needs.split("; ") if isinstance(r.needs, str) else needs_of[r.service_id]
            low = r.age_from if not np.isnan(r.age_from) else ages_of.loc[r.service_id, "minimum_age"]
            high = r.age_to if not np.isnan(r.age_to) else ages_of.loc[r.service_id, "maximum_age"]
            for need in needs:
                rows.append((code, r.service_id, r.service_name, r.service_type, need, low, high, r.partners,
                             r.funding_route, r.capacity, r.capacity_unit))
        kinds = mapped.drop_duplicates("service_id").set_index("service_id")["service_type"]
        for r in offer.services[~offer.services["service_id"].isin(mine["service_id"])].itertuples():
            for need in needs_of[r.service_id]:
                rows.append((code, r.service_id, r.name, kinds[r.service_id], need, r.minimum_age, r.maximum_age,
                             np.nan, np.nan, np.nan, np.nan))
    return pd.DataFrame(rows, columns=["area_code", "service_id", "name", "service_type", "need", "age_from",
                                       "age_to", "partners", "funding_route", "capacity", "unit"])


@pytest.fixture(scope="module")
def polygons():
    frame = read_boundaries(SAMPLES / samples.BOUNDARY_FILE)
    return frame[frame["area_code"].isin(AREAS)].set_index("area_code").to_crs(27700).geometry


@pytest.fixture(scope="module")
def plans():
    """EHC plans by primary need, January 2025 (the latent model the sample SEN2 files are written from)."""
    latent = samples.build_latent()
    out = {}
    for code in AREAS:
        i = int(np.flatnonzero(latent.las["area_code"].to_numpy() == code)[0])
        out[code] = dict(zip(samples.SEN2_NEEDS, latent.sen2_needs[-1, i].sum(axis=0).tolist()))
    return out


# --- the Local Offers ----------------------------------------------------------------------------------------------

def test_local_offers_read_with_only_the_planted_no_location_warning(offers):
    for code in AREAS:
        offer, caught = offers[code]
        assert [w.category for w in caught] == [LocalOfferWarning], code
        visiting = offer.services[~offer.services["service_id"].isin(offer.service_locations["service_id"])]
        assert visiting["name"].tolist() == ["Portage Home Visiting Service"]
        assert str(caught[0].message) == ("1 service(s) have no location and cannot be placed on a map (kept): "
                                          + visiting["service_id"].iloc[0])


def test_local_offer_sizes_areas_and_terms(offers):
    sizes = {code: len(offers[code][0].services) for code in AREAS}
    assert 80 <= sizes[ISLINGTON] <= 100 and 95 <= sizes[ROCHDALE] <= 125 and 140 <= sizes[CAMBRIDGESHIRE] <= 175
    for code in AREAS:
        offer = offers[code][0]
        ids = set(offer.services["service_id"])
        # one service area each: the LA, by its statistical-geography URI
        assert set(offer.service_areas["service_id"]) == ids and len(offer.service_areas) == len(ids)
        assert set(offer.service_areas["area_code"]) == {code}
        assert set(offer.taxonomy["vocabulary"]) == {"esdNeeds", "jsnakit"}
        assert set(offer.taxonomy["link_type"]) == {"taxonomy"}
        # every service has a need and a service type through the need mapping
        mapped = map_local_offer(offer)
        assert set(mapped["service_id"]) == ids
        assert mapped.drop_duplicates("service_id")["service_type"].notna().all()
        assert (offer.services["status"] == "active").all()


def test_locations_inside_the_area_but_the_few_out_of_area(offers, polygons):
    outside = {ISLINGTON: {"Brook Meadow College", "St Aldric's School for Deaf Children", "Oakhurst House School"},
               ROCHDALE: {"Irwell Valley School for Deaf Children", "Ribble Vale College", "Chadderton Brook School"},
               CAMBRIDGESHIRE: {"Nene Valley School", "Gatehouse College", "Ouse Bridge School for the Deaf"}}
    for code in AREAS:
        locations = offers[code][0].locations
        points = gpd.GeoSeries(gpd.points_from_xy(locations["longitude"], locations["latitude"]), crs=4326)
        inside = points.to_crs(27700).within(polygons[code]).to_numpy()
        assert set(locations.loc[~inside, "name"]) == outside[code]
        assert locations["postcode"].notna().all() and locations["address_1"].notna().all()


# --- the register --------------------------------------------------------------------------------------------------

def test_register_service_ids_are_the_local_offers(register, offers):
    assert list(register["area_code"].unique()) == list(AREAS)
    for code, blank in ((ISLINGTON, 3), (ROCHDALE, 4), (CAMBRIDGESHIRE, 4)):
        mine = register[register["area_code"] == code]
        given = mine["service_id"].dropna()
        assert given.isin(offers[code][0].services["service_id"]).all()
        assert given.is_unique and mine["service_id"].isna().sum() == blank
        # the register's name and type are the Local Offer's
        offer = offers[code][0]
        names = offer.services.set_index("service_id")["name"]
        assert (mine.dropna(subset=["service_id"]).set_index("service_id")["service_name"] == names[given]).all()
        kinds = map_local_offer(offer).drop_duplicates("service_id").set_index("service_id")["service_type"]
        assert (mine.dropna(subset=["service_id"]).set_index("service_id")["service_type"] == kinds[given]).all()
    # most of each Local Offer is commissioned; the rest is voluntary groups and private practices
    for code in AREAS:
        share = register["service_id"].isin(offers[code][0].services["service_id"]).sum() / len(
            offers[code][0].services)
        assert 0.8 < share < 0.95
    assert register["capacity"].notna().all() and register["capacity_unit"].notna().all()


def test_register_blanks_are_what_the_local_offer_says(register, offers):
    # About a quarter of the needs and a fifth of the ages are left for the Local Offer to fill; where given, they
    # equal what the Local Offer says.
    assert 0.15 < register["needs"].isna().mean() < 0.35 and 0.1 < register["age_from"].isna().mean() < 0.3
    for code in AREAS:
        offer = offers[code][0]
        mapped = map_local_offer(offer).groupby("service_id")["need"].apply(lambda s: "; ".join(sorted(s)))
        ages = offer.services.set_index("service_id")
        rows = register[(register["area_code"] == code) & register["service_id"].notna()]
        given = rows.dropna(subset=["needs"])
        assert (given["needs"].to_numpy() == mapped[given["service_id"]].to_numpy()).all()
        given = rows.dropna(subset=["age_from"])
        assert (given["age_from"].to_numpy() == ages.loc[given["service_id"], "minimum_age"].to_numpy()).all()
        assert (given["age_to"].to_numpy() == ages.loc[given["service_id"], "maximum_age"].to_numpy()).all()


def test_special_school_places_per_100_plans(register, plans):
    for code in AREAS:
        places = register[(register["area_code"] == code) & (register["service_type"] == "special_school")]
        per_100 = 100 * places["capacity"].sum() / sum(plans[code].values())
        assert 20 <= per_100 <= 35, (code, per_100)


# --- the planted gaps ----------------------------------------------------------------------------------------------

def _serving(served, code, needs, *, kinds=None):
    rows = served[(served["area_code"] == code) & served["need"].isin(list(needs) + ["all"])]
    return rows if kinds is None else rows[rows["service_type"].isin(kinds)]


def test_islington_has_no_semh_specialist_places_and_no_pmld_from_16(served):
    assert _serving(served, ISLINGTON, ["semh"], kinds=SPECIALIST).empty
    assert len(_serving(served, ROCHDALE, ["semh"], kinds=SPECIALIST)) >= 3  # the others have some
    pmld = _serving(served, ISLINGTON, ["pmld"])
    assert len(pmld) >= 3 and pmld["age_to"].max() == 15
    assert (_serving(served, CAMBRIDGESHIRE, ["pmld"])["age_to"] >= 16).any()


def test_rochdale_has_few_autism_places_and_no_sensory_support_from_20(served, plans):
    def autism_places_per_100(code):
        places = _serving(served, code, ["asd"], kinds=["special_school"]).drop_duplicates("service_id")
        return 100 * places["capacity"].sum() / plans[code]["asd"]

    assert autism_places_per_100(ROCHDALE) < 10
    assert autism_places_per_100(ISLINGTON) > 25 and autism_places_per_100(CAMBRIDGESHIRE) > 25
    sensory = _serving(served, ROCHDALE, ["hi", "vi", "msi"])
    assert len(sensory) >= 3 and sensory["age_to"].max() == 19
    assert (_serving(served, ISLINGTON, ["hi"])["age_to"] >= 20).any()


def test_cambridgeshire_salt_is_commissioned_by_the_icb_alone(register):
    salt = register[register["service_type"] == "speech_and_language_therapy"]
    cambs = salt[salt["area_code"] == CAMBRIDGESHIRE]
    assert len(cambs) >= 3 and set(cambs["partners"]) == {"icb"} and set(cambs["funding_route"]) == {"single"}
    others = salt[salt["area_code"] != CAMBRIDGESHIRE]
    assert set(others["partners"]) == {"icb; la_education"} and set(others["funding_route"]) == {"joint", "pooled"}


def test_cambridgeshire_north_is_far_from_autism_provision(offers, served):
    offer = offers[CAMBRIDGESHIRE][0]
    autism = set(_serving(served, CAMBRIDGESHIRE, ["asd"])["service_id"])
    sites = offer.service_locations[offer.service_locations["service_id"].isin(autism)].merge(
        offer.locations, on="location_id")
    sites = gpd.GeoSeries(gpd.points_from_xy(sites["longitude"], sites["latitude"]), crs=4326).to_crs(27700)
    points = read_centroids(SAMPLES / samples.CENTROIDS_FILE)
    mine = points[points["locality_code"].isin(_census()["geography code"][_census()["area"] == CAMBRIDGESHIRE])]
    nearest = mine.geometry.apply(lambda p: sites.distance(p).min() / 1000)
    fenland = mine["locality_name"].str.startswith("Fenland").to_numpy()
    assert fenland.sum() >= 8
    assert nearest[fenland].min() > 12 and nearest[fenland].median() > 20
    assert nearest[~fenland].median() < 3


# --- localities ----------------------------------------------------------------------------------------------------

def _census() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLES / samples.CENSUS_AGE_FILE, dtype={"date": str})
    prefix = {"Islington": ISLINGTON, "Rochdale": ROCHDALE}
    frame["area"] = frame["geography"].map(lambda n: prefix.get(n.rsplit(" ", 1)[0], CAMBRIDGESHIRE))
    return frame


def test_centroids_lie_inside_their_area(polygons):
    points = read_centroids(SAMPLES / samples.CENTROIDS_FILE)
    census = _census()
    assert points["locality_code"].tolist() == census["geography code"].tolist()
    assert points["locality_code"].str.fullmatch(r"E0299\d{4}").all() and points["locality_code"].iloc[0] == "E02990001"
    area = census["area"].to_numpy()
    assert {code: int((area == code).sum()) for code in AREAS} == {ISLINGTON: 23, ROCHDALE: 34, CAMBRIDGESHIRE: 84}
    for code in AREAS:
        assert points.geometry[area == code].within(polygons[code]).all()
    districts = set(census.loc[area == CAMBRIDGESHIRE, "geography"].str.rsplit(" ", n=1).str[0])
    assert districts == {"Cambridge", "East Cambridgeshire", "Fenland", "Huntingdonshire", "South Cambridgeshire"}


def test_census_totals_are_consistent_with_the_population():
    census = _census()
    bands = census.columns[4:22]
    assert list(census.columns[:22]) == samples.CENSUS_AGE_HEADER
    assert (census["Age: Total"] == census[bands].sum(axis=1)).all()
    ages = read_census_age(SAMPLES / samples.CENSUS_AGE_FILE)
    assert len(ages) == 18 * len(census) and set(ages["period"]) == {"2021"}
    # 0-24 adds up to each area's population aged 0-24 at mid-2021 in the sample MYE workbook
    from jsnakit.sources.ons import read_mid_year_estimates

    mye = read_mid_year_estimates(SAMPLES / samples.MYE_FILE.format(year=2021))
    mye = mye[(mye["sex"] == "persons") & (mye["age"] <= 24) & mye["area_code"].isin(AREAS)]
    young = census.groupby("area")[list(bands[:5])].sum().sum(axis=1)
    assert young.to_dict() == mye.groupby("area_code")["population"].sum().astype(int).to_dict()


# --- reproducible ---------------------------------------------------------------------------------------------------

def test_the_generator_speaks_the_commissioning_vocabularies():
    from jsnakit.sources import commissioning

    assert gap_areas.ALL_NEED_CODES == commissioning.NEEDS
    for code in AREAS:
        assert set(gap_areas.GAP_AREAS[code].need_terms) == set(commissioning.NEEDS) | {"all"}
        for kind, _, partners, route, _, unit, needs, _, _ in catalogue.REGISTER_ONLY[code]:
            assert kind in commissioning.SERVICE_TYPES and set(partners) <= set(commissioning.PARTNERS)
            assert route in commissioning.FUNDING_ROUTES and unit in commissioning.CAPACITY_UNITS
            assert set(needs) <= set(commissioning.NEEDS) | {"all"}


def test_regenerated_byte_for_byte(tmp_path):
    runs = []
    for name in ("a", "b"):
        provision._PROVISION_CACHE.clear()  # draw everything afresh
        latent = samples.build_latent()
        out = tmp_path / name
        samples.write_localities(out, latent)
        samples.write_local_offers(out, latent)
        samples.write_commissioning_register(out, latent)
        runs.append(out)
    for rel in GENERATED:
        first = (runs[0] / rel).read_bytes()
        assert first == (runs[1] / rel).read_bytes(), rel
        assert first == (SAMPLES / rel).read_bytes(), f"{rel}: data_samples is not what the generator writes"
