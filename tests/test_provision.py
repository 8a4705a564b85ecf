"""Local Offer in Open Referral UK 3.0: the real OR UK examples read alike as JSON and as CSV; bad input gives one
InputError naming every bad field; soft problems warn and keep the records."""
from __future__ import annotations

import dataclasses
import json
import shutil
import warnings

import pandas as pd
import pytest

from jsnakit.core.errors import InputError
from jsnakit.sources.provision import (
    LOCATION_COLUMNS,
    ORGANIZATION_COLUMNS,
    SERVICE_AREA_COLUMNS,
    SERVICE_COLUMNS,
    SERVICE_LOCATION_COLUMNS,
    TAXONOMY_COLUMNS,
    LocalOffer,
    LocalOfferWarning,
    read_local_offer,
)

# The ids of the OR UK example records (uk-profile examples/, the same in the JSON and in the CSV tables).
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
LOCATION = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
TERM = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
FRAMES = ["services", "organizations", "locations", "service_locations", "taxonomy", "service_areas"]


def _examples(real):
    return real / "openreferral_uk" / "examples"


def _read_quietly(path):
    """Read, returning the offer and the messages of the LocalOfferWarnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        offer = read_local_offer(path)
    assert all(issubclass(w.category, LocalOfferWarning) for w in caught), [str(w.message) for w in caught]
    return offer, [str(w.message) for w in caught]


# --- the real OR UK examples ---------------------------------------------------------------------------------------

def test_real_json_full_service(real):
    offer, notes = _read_quietly(_examples(real) / "service_full.json")
    # service_full.json lines 2-3, 10-11: the service, its name and eligibility ages 12 to 100.
    service = offer.services.set_index("service_id").loc[SERVICE]
    assert service["name"] == "Community Counselling"
    assert service["status"] == "active"
    assert service["organization_id"] == ORGANIZATION
    assert service["url"] == "http://example.com/counselling"
    assert (service["minimum_age"], service["maximum_age"]) == (12.0, 100.0)
    assert service["description"].startswith("Counselling Services provided by trained professionals.")
    assert service["source"].endswith("service_full.json")
    # Lines 87-88: the organization; its "website" is the url.
    assert offer.organizations.values.tolist() == [[
        ORGANIZATION, "Example Organization Inc.", "Example Org is a non-profit organization dedicated to providing "
        "services to qualified beneficiaries", "http://example.com"]]
    # Lines 48-64: the location and its (postal) address. Its latitude 100 and longitude 101 (lines 52-53) are out
    # of range: kept as NaN, with a warning naming the location.
    location = offer.locations.set_index("location_id").loc[LOCATION]
    assert location[["name", "location_type", "postcode", "address_1", "city"]].tolist() == [
        "MyCity Civic Center", "physical", "ABC 1234", "1-30 Main Street", "MyCity"]
    assert pd.isna(location["latitude"]) and pd.isna(location["longitude"])
    assert notes == ["1 location(s) have a latitude outside -90..90 or a longitude outside -180..180 degrees; their "
                     f"coordinates are set to NaN: {LOCATION} (100, 101)"]
    assert offer.service_locations.values.tolist() == [[SERVICE, LOCATION]]
    # Lines 129-138: one attribute, taxonomy term 3f7b145d ("name", term "name", taxonomy "taxonomy").
    assert offer.taxonomy.values.tolist() == [[SERVICE, TERM, "name", "name", "taxonomy", "link_type"]]
    # Lines 36-40: one service area.
    area = offer.service_areas.iloc[0]
    assert area["service_id"] == SERVICE and area["extent"] == "extent" and area["extent_type"] == "geojson"
    assert area["name"].startswith("The service is available to all residents of the MyCity area.")
    assert pd.isna(area["area_code"])


def test_real_json_and_csv_give_the_same_offer(real):
    from_json, _ = _read_quietly(_examples(real) / "service_full.json")
    from_csv, notes = _read_quietly(_examples(real) / "csv")
    # services.csv row 2 holds the same service: minimum_age 12, maximum_age 100.
    pd.testing.assert_frame_equal(from_json.services.drop(columns="source"), from_csv.services.drop(columns="source"))
    assert from_csv.services["source"].item().endswith("services.csv")
    for name in ["organizations", "locations", "service_locations", "service_areas"]:
        pd.testing.assert_frame_equal(getattr(from_json, name), getattr(from_csv, name), obj=name)
    # The one difference lies in the example files: attribute.csv row 2 links term 3f7b145d to f28dd44b-..., which is
    # no record of the example (not the service ac148810-...), so the CSV gives the service no taxonomy term.
    assert from_csv.taxonomy.empty and list(from_csv.taxonomy.columns) == TAXONOMY_COLUMNS
    assert any("attribute.csv, row 2 (link_id f28dd44b-0c4d-479f-8e90-4c52219a8b3c)" in n for n in notes)


def test_real_csv_with_the_attribute_linked_to_the_service_gives_the_json_taxonomy(real, tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(_examples(real) / "csv", folder)
    attribute = folder / "attribute.csv"
    attribute.write_bytes(attribute.read_bytes().replace(b"f28dd44b-0c4d-479f-8e90-4c52219a8b3c", SERVICE.encode()))
    from_csv, _ = _read_quietly(folder)
    from_json, _ = _read_quietly(_examples(real) / "service_full.json")
    pd.testing.assert_frame_equal(from_json.taxonomy, from_csv.taxonomy)


def test_real_examples_folder_merges_the_copies_of_one_service(real):
    # examples/ holds the service in service_full, service_list, organization_full and the service_at_location files,
    # the organization in organization_list, and taxonomy files: one service, one organization, one location.
    offer, notes = _read_quietly(_examples(real))
    assert offer.services["service_id"].tolist() == [SERVICE]
    assert offer.organizations["organization_id"].tolist() == [ORGANIZATION]
    assert offer.locations["postcode"].tolist() == ["ABC 1234"]
    assert offer.service_locations.values.tolist() == [[SERVICE, LOCATION]]
    assert offer.taxonomy["term_id"].tolist() == [TERM]
    # service_list.json: "total_items": 10 with one service in "contents".
    assert "the paginated response(s) service_list.json announce 10 services but 1 were read: fetch every page" in notes


def test_real_service_list_page_warns_of_missing_locations_and_pages(real):
    offer, notes = _read_quietly(_examples(real) / "service_list.json")
    # service_list.json contents[0]: the list form carries no locations, but nests the organization.
    assert offer.services[["service_id", "name", "minimum_age", "maximum_age"]].values.tolist() == [
        [SERVICE, "Community Counselling", 12.0, 100.0]]
    assert offer.organizations["name"].tolist() == ["Example Organization Inc."]
    assert offer.locations.empty and list(offer.locations.columns) == LOCATION_COLUMNS
    assert f"1 service(s) have no location and cannot be placed on a map (kept): {SERVICE}" in notes


def test_real_service_at_location_list(real):
    offer, _ = _read_quietly(_examples(real) / "service_at_location_list.json")
    # contents[0]: service ac148810-... at location 3a19ff88-... (without its address in the list form).
    assert offer.service_locations.values.tolist() == [[SERVICE, LOCATION]]
    assert offer.locations["name"].tolist() == ["MyCity Civic Center"]
    assert offer.locations["postcode"].isna().all()


# --- a small Local Offer of our own -------------------------------------------------------------------------------

GOOD = {
    "organizations": ["id,name,description,website", "org-1,Islington Council,The local authority,"
                      "https://www.islington.gov.uk"],
    "locations": ["id,location_type,name,latitude,longitude", "loc-1,physical,Northern Health Centre,51.5656,-0.1197",
                  "loc-2,virtual,Online,,"],
    "address": ["id,location_id,address_1,city,postal_code,address_type",
                "adr-1,loc-1,580 Holloway Road,London,N7 6LB,physical"],
    "services": ["id,organization_id,name,description,status,minimum_age,maximum_age",
                 "svc-1,org-1,Speech and language therapy,SALT for children,active,0,19",
                 "svc-2,org-1,Short breaks,,Temporarily Closed,5,18",
                 "svc-3,,Parent carer forum,,active,,"],
    "service_at_location": ["id,service_id,location_id", "sal-1,svc-1,loc-1", "sal-2,svc-2,loc-1",
                            "sal-3,svc-3,loc-2"],
    "taxonomy_terms": ["id,name,term,taxonomy", "t-1,Speech and language therapy,SALT,esdServiceTypes"],
    "attribute": ["id,link_id,taxonomy_term_id,link_type", "a-1,svc-1,t-1,service_type"],
    "service_areas": ["id,service_id,name,uri", "sa-1,svc-1,Islington,"
                      "http://statistics.data.gov.uk/id/statistical-geography/E09000019"],
}


def _folder(tmp_path, encoding="utf-8", newline="\n", **changes):
    folder = tmp_path / "offer"
    folder.mkdir(exist_ok=True)
    tables = {**GOOD, **changes}
    for name, lines in tables.items():
        if lines is not None:
            (folder / f"{name}.csv").write_bytes((newline.join(lines) + newline).encode(encoding))
    return folder


def _json(tmp_path, doc, name="offer.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _service(**fields):
    service = {"id": "svc-1", "name": "Speech and language therapy", "status": "active", "minimum_age": 0,
               "maximum_age": 19, "service_at_locations": [{"id": "sal-1", "location": {
                   "id": "loc-1", "location_type": "physical", "name": "Centre", "latitude": 51.5,
                   "longitude": -0.1}}]}
    service.update(fields)
    return service


def test_csv_folder_gives_fixed_columns_and_values(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        offer = read_local_offer(_folder(tmp_path))
    assert isinstance(offer, LocalOffer)
    expected = [SERVICE_COLUMNS, ORGANIZATION_COLUMNS, LOCATION_COLUMNS, SERVICE_LOCATION_COLUMNS, TAXONOMY_COLUMNS,
                SERVICE_AREA_COLUMNS]
    assert [list(getattr(offer, name).columns) for name in FRAMES] == expected
    services = offer.services.set_index("service_id")
    assert services["minimum_age"].dtype == "float64" and services["maximum_age"].dtype == "float64"
    assert services.loc["svc-2", "status"] == "temporarily closed"   # spelled "Temporarily Closed" in the file
    assert pd.isna(services.loc["svc-3", "minimum_age"]) and pd.isna(services.loc["svc-3", "organization_id"])
    assert pd.isna(services.loc["svc-2", "description"])
    locations = offer.locations.set_index("location_id")
    assert locations.loc["loc-1", ["latitude", "longitude", "postcode"]].tolist() == [51.5656, -0.1197, "N7 6LB"]
    assert pd.isna(locations.loc["loc-2", "latitude"])
    assert offer.taxonomy.values.tolist() == [["svc-1", "t-1", "SALT", "Speech and language therapy",
                                               "esdServiceTypes", "service_type"]]
    assert offer.service_areas["area_code"].tolist() == ["E09000019"]
    assert offer.organizations["url"].tolist() == ["https://www.islington.gov.uk"]


def test_latin1_crlf_csv_and_bom_json(tmp_path):
    services = ["id,organization_id,name,status", "svc-1,org-1,Café for young carers,active", "svc-2,org-1,B,active",
                "svc-3,,C,active"]
    offer, _ = _read_quietly(_folder(tmp_path, encoding="latin-1", newline="\r\n", services=services,
                                     attribute=None, service_areas=None))
    assert offer.services["name"].tolist() == ["Café for young carers", "B", "C"]
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_service()).encode("utf-8"))
    offer, notes = _read_quietly(path)
    assert offer.locations["latitude"].tolist() == [51.5] and notes == []


def test_local_offer_is_frozen(tmp_path):
    offer, _ = _read_quietly(_folder(tmp_path))
    with pytest.raises(dataclasses.FrozenInstanceError):
        offer.services = offer.services.head(0)


def test_a_service_without_location_warns_and_is_kept(tmp_path):
    folder = _folder(tmp_path, service_at_location=["id,service_id,location_id", "sal-1,svc-1,loc-1",
                                                    "sal-3,svc-3,loc-2"])
    with pytest.warns(LocalOfferWarning, match=r"^1 service\(s\) have no location and cannot be placed on a map "
                      r"\(kept\): svc-2$"):
        offer = read_local_offer(folder)
    assert "svc-2" in set(offer.services["service_id"])


def test_a_json_list_of_services(tmp_path):
    path = _json(tmp_path, [_service(), _service(id="svc-2", name="Short breaks", minimum_age=None)])
    offer, notes = _read_quietly(path)
    assert offer.services["service_id"].tolist() == ["svc-1", "svc-2"]
    assert offer.services["minimum_age"].isna().tolist() == [False, True]
    assert offer.service_locations.values.tolist() == [["svc-1", "loc-1"], ["svc-2", "loc-1"]]
    assert notes == []


# --- errors --------------------------------------------------------------------------------------------------------

def test_bad_json(tmp_path):
    path = tmp_path / "offer.json"
    path.write_text('{"id": "svc-1" "name": "x"}', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_local_offer(path)
    assert str(err.value) == (f"{path}: expected valid JSON; got \"Expecting ',' delimiter at line 1, column 16\"")


def test_bad_json_in_a_folder_is_listed_with_the_other_failures(tmp_path):
    (tmp_path / "a.json").write_text("[", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"contents": [_service(name="")]}), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_local_offer(tmp_path)
    assert str(err.value).splitlines() == [
        f"{tmp_path / 'a.json'}: expected valid JSON; got 'Expecting value at line 1, column 2'",
        f"{tmp_path / 'b.json'}, row contents[0], column 'name': expected a name (non-empty text); got ''",
    ]


def test_missing_name_json(tmp_path):
    service = _service()
    del service["name"]
    path = _json(tmp_path, [_service(id="svc-0"), service])
    with pytest.raises(InputError) as err:
        read_local_offer(path)
    assert str(err.value) == (f"{path}, row [1], column 'name': expected a name (non-empty text) (OR UK requires it); "
                              "got None")


def test_missing_name_csv(tmp_path):
    folder = _folder(tmp_path, services=["id,organization_id,name,status", "svc-1,org-1,SALT,active",
                                         "svc-2,org-1,,active", "svc-3,org-1,Forum,active"])
    with pytest.raises(InputError) as err:
        read_local_offer(folder)
    assert str(err.value) == (f"{folder / 'services.csv'}, row 3, column 'name': expected a name (non-empty text) "
                              "(OR UK requires it); got ''")


def test_missing_column_csv(tmp_path):
    folder = _folder(tmp_path, services=["id,organization_id,title", "svc-1,org-1,SALT"])
    with pytest.raises(InputError) as err:
        read_local_offer(folder)
    assert str(err.value) == (f"{folder / 'services.csv'}, row 1, column 'name': expected this column in the header; "
                              "got \"header ['id', 'organization_id', 'title']\"")


def test_dangling_location_reference_csv(tmp_path):
    folder = _folder(tmp_path, service_at_location=["id,service_id,location_id", "sal-1,svc-1,loc-9",
                                                    "sal-2,svc-2,loc-1", "sal-3,svc-3,loc-2"])
    with pytest.raises(InputError) as err:
        read_local_offer(folder)
    assert str(err.value) == (f"{folder / 'service_at_location.csv'}, row 2, column 'location_id': expected the id of "
                              "a location in locations.csv; got 'loc-9'")


def test_dangling_location_reference_json(tmp_path):
    path = _json(tmp_path, {"contents": [_service(service_at_locations=[{"id": "sal-1", "location_id": "loc-9"}])]})
    with pytest.raises(InputError) as err:
        read_local_offer(path)
    assert str(err.value) == (f"{path}, row contents[0], column 'service_at_locations[0].location_id': expected the "
                              "id of a location given in the data; got 'loc-9'")


def test_dangling_service_and_organization_references_csv(tmp_path):
    folder = _folder(tmp_path,
                     services=["id,organization_id,name", "svc-1,org-1,SALT", "svc-2,org-2,Short breaks",
                               "svc-3,,Forum"],
                     service_areas=["id,service_id,name", "sa-1,svc-9,Islington"])
    with pytest.raises(InputError) as err:
        read_local_offer(folder)
    assert str(err.value).splitlines() == [
        f"{folder / 'services.csv'}, row 3, column 'organization_id': expected the id of an organization in "
        "organizations.csv; got 'org-2'",
        f"{folder / 'service_areas.csv'}, row 2, column 'service_id': expected the id of a service in services.csv; "
        "got 'svc-9'",
    ]


def test_minimum_age_above_maximum_csv(tmp_path):
    folder = _folder(tmp_path, services=["id,organization_id,name,minimum_age,maximum_age", "svc-1,org-1,SALT,0,19",
                                         "svc-2,org-1,Short breaks,18,5", "svc-3,org-1,Forum,,"])
    with pytest.raises(InputError) as err:
        read_local_offer(folder)
    assert str(err.value) == (f"{folder / 'services.csv'}, row 3, column 'minimum_age': expected a minimum age no "
                              "greater than the maximum age; got 'minimum_age 18 > maximum_age 5'")


def test_minimum_age_above_maximum_json(tmp_path):
    path = _json(tmp_path, _service(minimum_age=25, maximum_age=16))
    with pytest.raises(InputError) as err:
        read_local_offer(path)
    assert str(err.value) == (f"{path}, column 'minimum_age': expected a minimum age no greater than the maximum age; "
                              "got 'minimum_age 25 > maximum_age 16'")


def test_wrong_types_and_values_all_at_once_csv(tmp_path):
    folder = _folder(
        tmp_path,
        locations=["id,location_type,name,latitude,longitude", "loc-1,physical,Centre,north,-0.1", "loc-2,virtual,,,"],
        services=["id,organization_id,name,status,minimum_age,maximum_age", "svc-1,org-1,SALT,open,twelve,-1",
                  "svc-1,org-1,Short breaks,active,5,18", "svc-3,org-1,Forum,active,,"],
    )
    with pytest.raises(InputError) as err:
        read_local_offer(folder)
    assert str(err.value).splitlines() == [
        f"{folder / 'locations.csv'}, row 2, column 'latitude': expected a latitude in decimal degrees (a number); "
        "got 'north'",
        f"{folder / 'services.csv'}, row 2, column 'status': expected one of active, inactive, defunct, temporarily "
        "closed; got 'open'",
        f"{folder / 'services.csv'}, row 2, column 'minimum_age': expected an age in years (a number >= 0); "
        "got 'twelve'",
        f"{folder / 'services.csv'}, row 2, column 'maximum_age': expected an age in years (a number >= 0); got -1.0",
        f"{folder / 'services.csv'}, row 3, column 'id': expected an id no other row has "
        f"({folder / 'services.csv'}, row 2 has it already); got 'svc-1'",
        # The duplicated id took the place of svc-2, which service_at_location.csv names: reported as well.
        f"{folder / 'service_at_location.csv'}, row 3, column 'service_id': expected the id of a service in "
        "services.csv; got 'svc-2'",
    ]
    assert err.value.failures["row"].tolist() == [2, 2, 2, 2, 3, 3]


def test_wrong_types_json(tmp_path):
    location = {"id": "loc-1", "location_type": "physical", "latitude": "51.5", "longitude": -0.1}
    path = _json(tmp_path, _service(id=7, service_at_locations=[{"location": location}], maximum_age="19"))
    with pytest.raises(InputError) as err:
        read_local_offer(path)
    assert str(err.value).splitlines() == [
        f"{path}, column 'id': expected an identifier (non-empty text); got 7",
        f"{path}, column 'maximum_age': expected an age in years (a number >= 0); got '19'",
        f"{path}, column 'service_at_locations[0].location.latitude': expected a latitude in decimal degrees "
        "(a number); got '51.5'",
    ]


def test_differing_copies_of_one_json_service(tmp_path):
    _json(tmp_path, _service(), name="a.json")
    _json(tmp_path, {"contents": [_service(name="Speech therapy")]}, name="b.json")
    with pytest.raises(InputError) as err:
        read_local_offer(tmp_path)
    assert str(err.value) == (f"{tmp_path / 'b.json'}, row contents[0], column 'name': expected the name of the other "
                              f"record of service svc-1 ({tmp_path / 'a.json'}); got 'Speech therapy'")


def test_paths_that_are_not_a_local_offer(tmp_path):
    with pytest.raises(InputError) as err:
        read_local_offer(tmp_path / "missing")
    assert str(err.value) == f"{tmp_path / 'missing'}: expected an existing file or folder; got 'nothing at this path'"
    folder = _folder(tmp_path)
    with pytest.raises(InputError) as err:
        read_local_offer(folder / "services.csv")
    assert str(err.value) == (f"{folder / 'services.csv'}: expected an OR UK JSON file, or the folder of OR UK CSV "
                              "tables; got 'a single CSV file (give the folder that holds services.csv)'")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_local_offer(empty)
    assert str(err.value) == (f"{empty}: expected a folder of OR UK CSV tables (services.csv, ...) or of OR UK JSON "
                              "files; got \"files ['notes.txt']\"")
    path = _json(tmp_path, 42)
    with pytest.raises(InputError) as err:
        read_local_offer(path)
    assert str(err.value) == (f"{path}: expected an OR UK record, a list of records or a paginated response; got 42")
