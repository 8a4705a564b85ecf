"""Commissioning register, need mapping and the needs of Local Offer services (issue 7, gap mapping).

Every expected value below was worked out by hand from the small files the tests write; the comments say how."""
from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from jsnakit.core.errors import ArgumentError, Failure, InputError
from jsnakit.core.schema import PRIMARY_NEEDS
from jsnakit.sources.commissioning import (
    AGE_BANDS,
    CAPACITY_UNITS,
    FUNDING_ROUTES,
    JOINT_EXPECTED,
    LOCAL_OFFER_NEED_COLUMNS,
    NEED_MAPPING_COLUMNS,
    NEEDS,
    PARTNERS,
    REGISTER_COLUMNS,
    SERVICE_TYPES,
    RegisterWarning,
    ages_served,
    map_local_offer,
    needs_label,
    read_commissioning_register,
    read_need_mapping,
)
from jsnakit.sources.provision import read_local_offer

HEADER = ("area_code,service_id,service_name,service_type,partners,funding_route,capacity,capacity_unit,needs,"
          "age_from,age_to,notes")
# One good record (row 2 of every register below) and the fields of a second one that each test breaks.
GOOD_ROW = "E09000019,svc-1,Speech and language therapy,speech_and_language_therapy,icb;la_education,joint,1200," \
           "hours,slcn;asd,0,19,"
SECOND = {"area_code": "E08000005", "service_id": "svc-9", "service_name": "Short breaks", "service_type":
          "short_breaks", "partners": "la_social_care", "funding_route": "single", "capacity": "40",
          "capacity_unit": "places", "needs": "all", "age_from": "5", "age_to": "18", "notes": ""}


def _write(tmp_path, lines, name="register.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def _line(**fields) -> str:
    values = {**SECOND, **fields}
    return ",".join(f'"{values[c]}"' if "," in values[c] else values[c] for c in HEADER.split(","))


def _read_no_warning(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return read_commissioning_register(path)


# --- a clean register ---------------------------------------------------------------------------------------------

def test_clean_register_gives_every_column(tmp_path):
    # Header in another order and case, an extra column; three areas (Islington by GSS code, Rochdale by GSS code,
    # Cambridgeshire by its DfE number 873); labels for partners, needs and service types; UTF-8 with a BOM.
    lines = [
        "Service_Name,AREA_CODE,Partners,service_type,funding_route,capacity,capacity_unit,needs,age_from,age_to,"
        "notes,service_id,budget_code",
        "Speech and language therapy,E09000019,icb; LA_Education,speech_and_language_therapy,joint,\"1,200\",hours,"
        "slcn;asd,0,19,Block contract,svc-1,X1",
        "Short breaks,E08000005,Local authority: children's and adult social care,Short Breaks,Single,40,Places,all,"
        "5,18,,svc-1,X2",
        "Neurodevelopmental pathway,873,NHS England;icb,Autism and ADHD assessment,POOLED,,,"
        "Autistic spectrum disorder; Other difficulty or disability,,,,,",
        "Special school,E09000019,la_education,special_school,single,120,places,,4,19,,svc-2,",
        ",,,,,,,,,,,,",  # a blank row Excel leaves below the table: skipped
    ]
    path = tmp_path / "register.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    register = _read_no_warning(path)
    assert list(register.columns) == REGISTER_COLUMNS
    assert register.dtypes[["capacity", "age_from", "age_to"]].tolist() == ["float64"] * 3
    assert register["row"].tolist() == [2, 3, 4, 5]  # spreadsheet rows: header is row 1
    assert register["source"].tolist() == [str(path)] * 4
    assert register["area_code"].tolist() == ["E09000019", "E08000005", "E10000003", "E09000019"]
    # svc-1 in Islington and in Rochdale: one id per area, so no duplicate.
    assert register["service_id"].tolist()[:2] == ["svc-1", "svc-1"] and pd.isna(register.at[2, "service_id"])
    assert register["service_name"].tolist() == ["Speech and language therapy", "Short breaks",
                                                 "Neurodevelopmental pathway", "Special school"]
    assert register["service_type"].tolist() == ["speech_and_language_therapy", "short_breaks",
                                                 "neurodevelopmental_assessment", "special_school"]
    assert register["domain"].tolist() == ["health", "care", "health", "education"]
    # Codes sorted and joined by "; " ("NHS England" is the code nhs_england written with a space and capitals).
    assert register["partners"].tolist() == ["icb; la_education", "la_social_care", "icb; nhs_england",
                                             "la_education"]
    assert register["funding_route"].tolist() == ["joint", "single", "pooled", "single"]
    assert register["capacity"].tolist()[:2] == [1200.0, 40.0] and pd.isna(register.at[2, "capacity"])
    assert register.at[3, "capacity"] == 120.0
    assert register["capacity_unit"].tolist()[:2] == ["hours", "places"] and pd.isna(register.at[2, "capacity_unit"])
    assert register["needs"].tolist()[:3] == ["asd; slcn", "all", "asd; oth"] and pd.isna(register.at[3, "needs"])
    assert register["age_from"].tolist()[:2] == [0.0, 5.0] and register["age_to"].tolist()[:2] == [19.0, 18.0]
    assert register[["age_from", "age_to"]].iloc[2].isna().all()
    assert register["notes"].tolist()[0] == "Block contract" and register["notes"].iloc[1:].isna().all()


def test_latin1_register_and_every_service_type_and_partner_label(tmp_path):
    # Each SERVICE_TYPES label and each PARTNERS label, in a Latin-1 (old Excel) file with one accented name.
    rows = [HEADER]
    partner_labels = list(PARTNERS.values())
    for i, (code, (label, _)) in enumerate(SERVICE_TYPES.items()):
        partner = partner_labels[i % len(partner_labels)]
        rows.append(f'E09000019,s{i},Café {i},"{label}",{partner},single,,,,,,')
    register = _read_no_warning(_write(tmp_path, rows, encoding="latin-1"))
    assert register["service_type"].tolist() == list(SERVICE_TYPES)
    assert register["domain"].tolist() == [domain for _, domain in SERVICE_TYPES.values()]
    assert register["partners"].tolist()[:6] == list(PARTNERS)
    assert register["service_name"].iloc[0] == "Café 0"


def test_needs_labels_all_and_blank(tmp_path):
    # Each NEEDS label alone; then "ALL", "All needs", "asd; all" (all wins) and a blank cell.
    rows = [HEADER] + [_line(service_id=f"n{i}", needs=PRIMARY_NEEDS[code]) for i, code in enumerate(NEEDS)]
    rows += [_line(service_id="a1", needs="ALL"), _line(service_id="a2", needs="All needs"),
             _line(service_id="a3", needs="asd; all"), _line(service_id="b", needs="")]
    register = _read_no_warning(_write(tmp_path, rows))
    assert register["needs"].tolist()[:len(NEEDS)] == list(NEEDS)
    assert register["needs"].tolist()[len(NEEDS):-1] == ["all", "all", "all"]
    assert pd.isna(register["needs"].iloc[-1])


# --- record-level problems: one RegisterWarning, the record kept with the value blanked ----------------------------

EXPECTED_AREA = "the GSS code (E06, E08, E09, E10) or DfE number of an upper-tier local authority"
EXPECTED_PARTNERS = ("partner codes or labels separated by ';': la_education, la_social_care, la_public_health, icb, "
                     "nhs_england, schools")
EXPECTED_NEEDS = ("need codes or labels separated by ';' (asd, slcn, semh, mld, sld, spld, pmld, pd, hi, vi, msi, "
                  "oth), or 'all'")
EXPECTED_TYPE = "a service type code or label: " + ", ".join(SERVICE_TYPES)
EXPECTED_AGE = "a whole number of years from 0 to 25"

# (case, the second record's changed fields, the failure: column, expected, got, and the fields of the kept record)
PROBLEMS = [
    ("unknown partner alone", {"partners": "council"}, "partners", EXPECTED_PARTNERS, "council",
     {"partners": np.nan}),
    ("unknown partner among good ones", {"partners": "icb; council ;la_social_care"}, "partners", EXPECTED_PARTNERS,
     "council", {"partners": "icb; la_social_care"}),
    ("blank partners", {"partners": ""}, "partners", EXPECTED_PARTNERS, "", {"partners": np.nan}),
    ("unknown need", {"needs": "asd; dyslexia"}, "needs", EXPECTED_NEEDS, "dyslexia", {"needs": "asd"}),
    ("Down syndrome is no NEEDS code", {"needs": "ds"}, "needs", EXPECTED_NEEDS, "ds", {"needs": np.nan}),
    ("unknown service type", {"service_type": "trampolining"}, "service_type", EXPECTED_TYPE, "trampolining",
     {"service_type": np.nan, "domain": np.nan}),
    ("bad funding route", {"funding_route": "shared"}, "funding_route", "single, joint or pooled", "shared",
     {"funding_route": np.nan}),
    ("capacity without unit", {"capacity_unit": ""}, "capacity_unit",
     "places, caseload or hours (required when capacity is given)", "", {"capacity": np.nan, "capacity_unit": np.nan}),
    ("unknown unit", {"capacity_unit": "beds"}, "capacity_unit", "places, caseload or hours", "beds",
     {"capacity": np.nan, "capacity_unit": np.nan}),
    ("negative capacity", {"capacity": "-5"}, "capacity", "a number >= 0", "-5",
     {"capacity": np.nan, "capacity_unit": "places"}),
    ("non-numeric capacity", {"capacity": "lots"}, "capacity", "a number >= 0", "lots", {"capacity": np.nan}),
    ("age_from above age_to", {"age_from": "16", "age_to": "5"}, "age_from", "an age_from no greater than age_to",
     "age_from 16 > age_to 5", {"age_from": np.nan, "age_to": np.nan}),
    ("age 30", {"age_to": "30"}, "age_to", EXPECTED_AGE, "30", {"age_from": 5.0, "age_to": np.nan}),
    ("age not whole", {"age_from": "4.5"}, "age_from", EXPECTED_AGE, "4.5", {"age_from": np.nan, "age_to": 18.0}),
    ("unknown area code", {"area_code": "E09999999"}, "area_code", EXPECTED_AREA, "E09999999", {"area_code": np.nan}),
    ("a region is no LA", {"area_code": "E12000002"}, "area_code", EXPECTED_AREA, "E12000002", {"area_code": np.nan}),
    ("blank service name", {"service_name": ""}, "service_name", "a service name (text)", "",
     {"service_name": np.nan}),
    # Rochdale's DfE number is 354: the same area as row 2 once translated, and the same service id.
    ("duplicate service_id in an area", {"area_code": "354", "service_id": "svc-1"}, "service_id",
     "a service_id no other record of area E08000005 has (row 2 has it already)", "svc-1",
     {"area_code": "E08000005", "service_id": np.nan}),
]


@pytest.mark.parametrize("case, fields, column, expected, got, kept", PROBLEMS, ids=[p[0] for p in PROBLEMS])
def test_a_record_level_problem_warns_once_and_keeps_the_record(tmp_path, case, fields, column, expected, got, kept):
    first = _line(service_id="svc-1")  # row 2: a good Rochdale record
    path = _write(tmp_path, [HEADER, first, _line(**fields)])
    line = f"{path}, row 3, column '{column}': expected {expected}; got {got!r}"
    with pytest.warns(RegisterWarning) as record:
        register = read_commissioning_register(path)
    caught = [w for w in record if issubclass(w.category, RegisterWarning)]  # not others' first-use warnings
    assert len(caught) == 1, [str(w.message) for w in record]
    message = str(caught[0].message)
    assert message == f"1 problem(s) in {path}; the records are kept with the bad values blanked (NaN):\n{line}"
    assert caught[0].message.failures.to_dict("records") == [
        {"file": str(path), "row": 3, "column": column, "expected": expected, "got": got}]
    assert len(register) == 2 and register["row"].tolist() == [2, 3]
    record = register.iloc[1]
    for name, value in kept.items():
        assert (pd.isna(record[name]) if pd.isna(value) else record[name] == value), (name, record[name])
    # Every other field as written (SECOND, by hand).
    untouched = {"service_name": "Short breaks", "funding_route": "single", "needs": "all", "partners":
                 "la_social_care", "service_type": "short_breaks", "area_code": "E08000005"}
    for name, value in untouched.items():
        if name not in kept and name not in fields:
            assert record[name] == value, name


def test_every_problem_of_a_file_in_one_warning_first_ten_in_the_message(tmp_path):
    # 12 records with a bad funding route (rows 2-13) and one unknown need (row 13): 13 problems, one warning.
    rows = [HEADER] + [_line(service_id=f"s{i}", funding_route="shared") for i in range(11)]
    rows.append(_line(service_id="s11", funding_route="shared", needs="asd;zzz"))
    path = _write(tmp_path, rows)
    with pytest.warns(RegisterWarning, match=r"^13 problem\(s\) in .*register\.csv; the records are kept") as record:
        register = read_commissioning_register(path)
    caught = [w for w in record if issubclass(w.category, RegisterWarning)]
    assert len(caught) == 1, [str(w.message) for w in record]
    message = str(caught[0].message)
    assert message.count("expected single, joint or pooled; got 'shared'") == 10
    assert message.endswith("\n... and 3 more (see .failures)")
    failures = caught[0].message.failures
    assert list(failures.columns) == ["file", "row", "column", "expected", "got"]
    # Sorted by row, then in the order of REGISTER_COLUMNS: row 13's funding_route before its needs.
    assert failures["row"].tolist() == list(range(2, 14)) + [13]
    assert failures["column"].tolist()[-2:] == ["funding_route", "needs"]
    assert len(register) == 12 and register["funding_route"].isna().all()
    assert register["needs"].iloc[-1] == "asd"


def test_register_warning_alone():
    warning = RegisterWarning([Failure("r.csv", 4, "capacity", "a number >= 0", "-1")])
    assert isinstance(warning, UserWarning)
    assert str(warning) == ("1 problem(s) in r.csv; the records are kept with the bad values blanked (NaN):\n"
                            "r.csv, row 4, column 'capacity': expected a number >= 0; got '-1'")


# --- file-level problems: InputError -------------------------------------------------------------------------------

def test_missing_required_columns(tmp_path):
    path = _write(tmp_path, ["area_code,service_name,service_type,capacity", "E09000019,SALT,camhs,3"])
    with pytest.raises(InputError) as info:
        read_commissioning_register(path)
    header = "header ['area_code', 'service_name', 'service_type', 'capacity']"
    assert str(info.value) == (f"{path}, row 1, column 'partners': expected this column in the header; got {header!r}\n"
                               f"{path}, row 1, column 'funding_route': expected this column in the header; "
                               f"got {header!r}")


def test_header_only_and_blank_rows_only(tmp_path):
    path = _write(tmp_path, [HEADER])
    with pytest.raises(InputError, match=re.escape(f"{path}, row 2: expected data rows below the header; got 'none'")):
        read_commissioning_register(path)
    path = _write(tmp_path, [HEADER, ",,,,,,,,,,,", ",,,,,,,,,,,"], name="blank.csv")
    with pytest.raises(InputError, match=re.escape(f"{path}, row 2: expected data rows below the header; got 'none'")):
        read_commissioning_register(path)


def test_not_a_csv(tmp_path):
    workbook = tmp_path / "register.xlsx"
    pd.DataFrame({"area_code": ["E09000019"]}).to_excel(workbook, index=False)
    with pytest.raises(InputError, match=re.escape(
            f"{workbook}: expected a CSV file (save the register from the workbook as 'CSV UTF-8'); "
            "got 'a .xlsx workbook'")):
        read_commissioning_register(workbook)
    renamed = tmp_path / "register.csv"  # a workbook saved under a .csv name: found by its first bytes
    renamed.write_bytes(workbook.read_bytes())
    with pytest.raises(InputError, match=re.escape(
            f"{renamed}: expected a CSV file (save the register from the workbook as 'CSV UTF-8'); "
            "got 'a zip file (an .xlsx or .ods workbook?)'")):
        read_commissioning_register(renamed)
    with pytest.raises(InputError, match=re.escape(f"{tmp_path / 'none.csv'}: expected a readable file; got")):
        read_commissioning_register(tmp_path / "none.csv")


def test_truncated_file_and_a_column_given_twice(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text(HEADER + "\n" + GOOD_ROW + "\n" + "E09000019,svc-2,Physio", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(
            f"{path}, row 3, column 'service_type': expected 12 cells, as in the header; got '3 cells and the end "
            "of the file (is it truncated?)'")):
        read_commissioning_register(path)
    path = _write(tmp_path, [HEADER + ",Notes", GOOD_ROW + ",x"], name="twice.csv")
    with pytest.raises(InputError, match=re.escape(
            f"{path}, row 1, column 'notes': expected one column of this name (names are case-insensitive)")):
        read_commissioning_register(path)


# --- the need mapping --------------------------------------------------------------------------------------------

def test_default_mapping_loads_and_uses_the_vocabularies():
    mapping = read_need_mapping()
    assert list(mapping.columns) == NEED_MAPPING_COLUMNS
    assert set(mapping["need"].dropna()) <= set(NEEDS) | {"all"}
    assert set(mapping["service_type"].dropna()) <= set(SERVICE_TYPES)
    assert (mapping["need"].notna() | mapping["service_type"].notna()).all()
    assert set(mapping["need"].dropna()) == set(NEEDS) | {"all"}  # every need can be reached
    assert set(mapping["service_type"].dropna()) == set(SERVICE_TYPES)
    # The jsnakit vocabulary: its terms are exactly the NEEDS and SERVICE_TYPES codes, each mapped to itself.
    own = mapping[mapping["vocabulary"] == "jsnakit"]
    assert sorted(own["term"]) == sorted(list(NEEDS) + list(SERVICE_TYPES))
    assert (own["term"] == own["need"].fillna(own["service_type"])).all()
    # The spec's examples (spec7.md, need mapping).
    by_term = mapping[mapping["vocabulary"] == "*"].groupby(mapping["term"].str.lower())
    expected = {"autism": "asd", "autistic spectrum disorder": "asd", "attention deficit hyperactivity disorder": "oth",
                "learning disabilities": "mld", "severe learning disabilities": "sld",
                "profound and multiple learning disabilities": "pmld", "dyslexia": "spld", "dyspraxia": "spld",
                "specific learning difficulties": "spld", "speech, language and communication needs": "slcn",
                "mental health": "semh", "social, emotional and mental health": "semh", "hearing impairment": "hi",
                "deaf": "hi", "visual impairment": "vi", "blind": "vi", "deafblind": "msi",
                "multi-sensory impairment": "msi", "physical disabilities": "pd", "complex health needs": "oth",
                "all send": "all", "special educational needs and disabilities": "all"}
    for term, need in expected.items():
        assert by_term.get_group(term)["need"].tolist() == [need], term
    for term, kind in {"speech and language therapy": "speech_and_language_therapy", "special school": "special_school",
                       "short breaks": "short_breaks"}.items():
        assert by_term.get_group(term)["service_type"].tolist() == [kind], term
    # Every PRIMARY_NEEDS label of NEEDS and every SERVICE_TYPES label is a term.
    terms = set(mapping["term"].str.lower())
    assert {PRIMARY_NEEDS[c].lower() for c in NEEDS} <= terms
    assert {label.lower() for label, _ in SERVICE_TYPES.values()} <= terms


def test_bad_mapping_lists_every_bad_row(tmp_path):
    path = _write(tmp_path, ["Vocabulary,TERM,need,service_type",
                             "esdNeeds,Autism,autism,",       # row 2: need given as a name
                             "*,SALT,,salt",                  # row 3: unknown service type
                             "*,,asd,",                       # row 4: no term
                             ",Deaf,hi,",                     # row 5: no vocabulary
                             "*,Nothing,,",                   # row 6: maps to nothing
                             "*,deaf ,HI,",                   # row 7: fine (a term may be in several vocabularies)
                             "*,Deaf,hi,"],                   # row 8: the same row as row 7 once normalised
                   name="mapping.csv")
    with pytest.raises(InputError) as info:
        read_need_mapping(path)
    needs = "asd, slcn, semh, mld, sld, spld, pmld, pd, hi, vi, msi, oth"
    assert str(info.value).split("\n") == [
        f"{path}, row 2, column 'need': expected a need code ({needs}), 'all' or blank; got 'autism'",
        f"{path}, row 3, column 'service_type': expected a service type code ({', '.join(SERVICE_TYPES)}) or blank; "
        "got 'salt'",
        f"{path}, row 4, column 'term': expected a taxonomy term's code or name; got ''",
        f"{path}, row 5, column 'vocabulary': expected a taxonomy name (e.g. esdNeeds) or '*' for any; got ''",
        f"{path}, row 6, column 'need': expected a need or a service_type (or both) for the term; got ''",
        f"{path}, row 8: expected one row per vocabulary, term, need, service_type; "
        "got 'a duplicate of an earlier row'",
    ]
    path = _write(tmp_path, ["vocabulary,term,need", "*,Autism,asd"], name="short.csv")
    with pytest.raises(InputError, match=re.escape(f"{path}, row 1, column 'service_type': expected this column")):
        read_need_mapping(path)


# --- map_local_offer ---------------------------------------------------------------------------------------------

# A small Local Offer in OR UK CSV tables (as tests/test_provision.py builds them): four services, eight terms.
OFFER = {
    "organizations": ["id,name", "org-1,Islington Council"],
    "locations": ["id,name,latitude,longitude", "loc-1,Northern Health Centre,51.5656,-0.1197"],
    "services": ["id,organization_id,name,status,minimum_age,maximum_age",
                 "svc-1,org-1,Speech and language therapy,active,0,19",
                 "svc-2,org-1,Language drop-in,active,,",
                 "svc-3,org-1,Holiday club,active,5,18",
                 "svc-4,org-1,Parent carer forum,active,,"],
    "service_at_location": ["id,service_id,location_id", "sal-1,svc-1,loc-1", "sal-2,svc-2,loc-1",
                            "sal-3,svc-3,loc-1", "sal-4,svc-4,loc-1"],
    "taxonomy_terms": ["id,name,term,taxonomy",
                       "t-1,Autism,AUT,esdNeeds",
                       "t-2,Speech and language therapy,SALT,esdServiceTypes",
                       "t-3,DEAFBLIND,DB,esdNeeds",
                       "t-4,\"Social, emotional and mental health\",semh,jsnakit",
                       "t-5,all send,ALLS,localTags",
                       "t-6,Football,F1,localTags",
                       "t-7,Short breaks,short_breaks,jsnakit",
                       "t-8,Code X1,X1,localNeeds"],
    "attribute": ["id,link_id,taxonomy_term_id,link_type",
                  "a-1,svc-1,t-2,service_type", "a-2,svc-1,t-1,need", "a-3,svc-1,t-3,need",
                  "a-4,svc-2,t-2,service_type",
                  "a-5,svc-3,t-7,service_type", "a-6,svc-3,t-4,need", "a-7,svc-3,t-5,need",
                  "a-8,svc-4,t-6,tag", "a-9,svc-4,t-8,need"],
}


@pytest.fixture()
def offer(tmp_path):
    folder = tmp_path / "offer"
    folder.mkdir()
    for name, lines in OFFER.items():
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_local_offer(folder)


def test_map_local_offer_with_the_default_mapping(offer):
    taxonomy = offer.taxonomy.copy()
    found = map_local_offer(offer)
    assert list(found.columns) == LOCAL_OFFER_NEED_COLUMNS
    # By hand from OFFER and need_taxonomy.csv: svc-1 has Autism (asd) and DEAFBLIND (msi, matched whatever the case)
    # and its first term, SALT's name, gives the service type; svc-2 has only a service type: absent. svc-3: "all
    # send" (all) and the jsnakit code semh, service type short_breaks (jsnakit code). svc-4: "Football" and X1 are in
    # no mapping: absent. Needs "all" first, then in NEEDS order (asd before msi).
    assert found.values.tolist() == [
        ["svc-1", "asd", "speech_and_language_therapy"],
        ["svc-1", "msi", "speech_and_language_therapy"],
        ["svc-3", "all", "short_breaks"],
        ["svc-3", "semh", "short_breaks"],
    ]
    pd.testing.assert_frame_equal(offer.taxonomy, taxonomy)  # input untouched


def test_map_local_offer_with_a_mapping_of_vocabularies(offer, tmp_path):
    path = _write(tmp_path, ["vocabulary,term,need,service_type",
                             "localNeeds,x1,hi,sensory_support",   # t-8 of svc-4 (localNeeds, code X1)
                             "esdServiceTypes,salt,slcn,",         # t-2 by its code, only in esdServiceTypes
                             "localTags,Autism,asd,",               # t-1 is esdNeeds: this row does not apply
                             "*, deafblind ,msi,"],                 # surrounding spaces ignored
                   name="mapping.csv")
    found = map_local_offer(offer, path)
    # svc-1: SALT -> slcn (its code, vocabulary esdServiceTypes), DEAFBLIND -> msi; Autism is esdNeeds, not localTags.
    # svc-2: SALT -> slcn. svc-4: X1 -> hi with service type sensory_support. svc-3: no term mapped.
    assert found.values.tolist() == [["svc-1", "slcn", np.nan], ["svc-1", "msi", np.nan], ["svc-2", "slcn", np.nan],
                                     ["svc-4", "hi", "sensory_support"]]
    # A frame works too: the default extended with a local term.
    extended = pd.concat([read_need_mapping(), pd.DataFrame([["localTags", "Football", "pd", np.nan]],
                                                            columns=NEED_MAPPING_COLUMNS)])
    assert map_local_offer(offer, extended)["service_id"].tolist() == ["svc-1", "svc-1", "svc-3", "svc-3", "svc-4"]


def test_map_local_offer_bad_arguments(offer, tmp_path):
    with pytest.raises(ArgumentError, match=r"^local_offer must be a LocalOffer \(from read_local_offer\); "
                                            r"got DataFrame$"):
        map_local_offer(offer.services)
    with pytest.raises(ArgumentError, match=r"^mapping must be a path or a DataFrame with the columns \['vocabulary', "
                                            r"'term', 'need', 'service_type'\]; got columns \['term', 'need'\]$"):
        map_local_offer(offer, pd.DataFrame(columns=["term", "need"]))
    with pytest.raises(ArgumentError, match=r"^mapping must be None, a path or a DataFrame; got int$"):
        map_local_offer(offer, 3)
    bad = pd.DataFrame([["*", "Autism", "autism", np.nan]], columns=NEED_MAPPING_COLUMNS)
    with pytest.raises(InputError, match=re.escape("mapping (DataFrame), row 2, column 'need': expected a need code")):
        map_local_offer(offer, bad)
    path = _write(tmp_path, ["vocabulary,term,need,service_type", "*,Autism,,therapy"], name="bad.csv")
    with pytest.raises(InputError, match=re.escape(f"{path}, row 2, column 'service_type': expected a service type")):
        map_local_offer(offer, path)


# --- vocabularies and helpers -------------------------------------------------------------------------------------

def test_vocabularies():
    assert NEEDS == ("asd", "slcn", "semh", "mld", "sld", "spld", "pmld", "pd", "hi", "vi", "msi", "oth")
    assert set(JOINT_EXPECTED) <= set(SERVICE_TYPES) and len(JOINT_EXPECTED) == 9
    assert {domain for _, domain in SERVICE_TYPES.values()} == {"education", "health", "care"}
    assert len(SERVICE_TYPES) == 20 and len(PARTNERS) == 6
    assert FUNDING_ROUTES == ("single", "joint", "pooled") and CAPACITY_UNITS == ("places", "caseload", "hours")
    assert AGE_BANDS == ("0-4", "5-10", "11-15", "16-19", "20-25")


def test_the_vocabulary_is_defined_once_and_re_exported():
    # jsnakit.core.vocabulary holds each word; the register and the schema give the very same objects.
    from jsnakit.core import schema, vocabulary
    from jsnakit.sources import commissioning

    for name in ("PARTNERS", "FUNDING_ROUTES", "CAPACITY_UNITS", "DOMAINS", "SERVICE_TYPES", "JOINT_EXPECTED", "NEEDS",
                 "ALL_NEEDS"):
        assert getattr(commissioning, name) is getattr(vocabulary, name), name
    assert commissioning.AGE_BANDS is vocabulary.SERVICE_AGE_BANDS
    assert schema.PRIMARY_NEEDS is vocabulary.PRIMARY_NEEDS is PRIMARY_NEEDS
    assert set(vocabulary.NEEDS) < set(vocabulary.PRIMARY_NEEDS)


@pytest.mark.parametrize("age_from, age_to, bands", [
    (0, 4, ["0-4"]),                        # ends inclusive: 4 is in 0-4 only
    (4, 5, ["0-4", "5-10"]),
    (4, 11, ["0-4", "5-10", "11-15"]),
    (16, 19, ["16-19"]),
    (4.5, 4.9, ["0-4"]),                    # completed years
    (12, 100, ["11-15", "16-19", "20-25"]),  # the OR UK example service, ages 12-100
    (26, 30, []),
    (np.nan, 4, ["0-4"]),
    (16, None, ["16-19", "20-25"]),
    (np.nan, np.nan, list(AGE_BANDS)),
])
def test_ages_served(age_from, age_to, bands):
    assert ages_served(age_from, age_to) == bands


def test_ages_served_errors():
    with pytest.raises(ArgumentError, match=r"^age_from must be no greater than age_to; got 10 > 5$"):
        ages_served(10, 5)
    with pytest.raises(ArgumentError, match=r"^age_to must be an age in years \(a number >= 0\) or NaN; got -1\.0$"):
        ages_served(0, -1)
    with pytest.raises(ArgumentError, match=r"^age_from must be an age in years \(a number >= 0\) or NaN; got '5'$"):
        ages_served("5", 10)


def test_needs_label():
    assert [needs_label(c) for c in ("asd", " PMLD ", "oth")] == [
        "Autistic spectrum disorder", "Profound and multiple learning difficulty", "Other difficulty or disability"]
    assert needs_label("all") == "All needs"
    with pytest.raises(ArgumentError, match=r"^code must be one of asd, slcn, semh, mld, sld, spld, pmld, pd, hi, vi, "
                                            r"msi, oth or 'all'; got 'ds'$"):
        needs_label("ds")
