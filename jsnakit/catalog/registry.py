"""The registry of inputs (:data:`SOURCES`): each kind of input jsnakit reads, how a file of it is recognised by its
content (:func:`sniff` looks at the start of a file; each :class:`Source` recognises what it reads) and its reader;
:func:`identify` says what a file is."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..sources import transitions
from ..sources import boundaries, commissioning, dfe, ees, fingertips, lait, localities, mhclg, ons, provision

__all__ = ["SOURCES", "Source", "Sniff", "sniff", "sniff_text", "identify"]


@dataclass
class Sniff:
    """What a file holds at a glance: enough to recognise it without reading it all."""

    path: Path
    suffix: str
    columns: tuple[str, ...] = ()
    first_row: tuple[str, ...] = ()
    sheets: tuple[str, ...] = ()
    cells: frozenset = field(default_factory=frozenset)
    properties: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    geometries: tuple[str, ...] = ()

    def has(self, *names: str) -> bool:
        """Whether the CSV or parquet header holds every one of ``names``."""
        return all(n in self.columns for n in names)


def sniff(path) -> Sniff:
    """Look at the start of a file (header, sheet names, GeoJSON properties, JSON keys) without parsing it all.

    Parameters
    ----------
    path : str or pathlib.Path
        Any file.

    Returns
    -------
    Sniff
        What the file holds at a glance; empty fields when its suffix is not one jsnakit reads or it cannot be read
        (reading it says why).
    """
    path = Path(path)
    suffix = "".join(path.suffixes[-2:]).lower() if path.name.lower().endswith(".geo.json") else path.suffix.lower()
    found = Sniff(path, suffix)
    try:
        if suffix == ".csv":
            with open(path, "rb") as handle:
                head = handle.read(1 << 16)
            sniff_text(found, head.decode("utf-8-sig", errors="replace"))
        elif suffix in (".xlsx", ".xls", ".xlsm"):
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(path))
            found.sheets = tuple(book.sheet_names)
            cells = set()
            for name in book.sheet_names[:12]:
                for row in book.get_sheet_by_name(name).to_python(nrows=12):
                    cells.update(str(c).strip().lower() for c in row if str(c).strip())
            found.cells = frozenset(cells)
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            found.columns = tuple(pq.read_schema(path).names)
        elif suffix in (".geojson", ".geo.json", ".json"):
            with open(path, "rb") as handle:
                head = handle.read(1 << 16).decode("utf-8-sig", errors="replace")
            if '"FeatureCollection"' in head:
                blocks = re.findall(r'"properties"\s*:\s*\{([^{}]*)\}', head)
                found.properties = tuple(dict.fromkeys(k for b in blocks for k in re.findall(r'"([^"]+)"\s*:', b)))
                found.geometries = tuple(dict.fromkeys(re.findall(
                    r'"type"\s*:\s*"((?:Multi)?(?:Point|LineString|Polygon))"', head)))
            else:
                found.keys = tuple(dict.fromkeys(re.findall(r'"([A-Za-z_]+)"\s*:', head)))
    except Exception:  # noqa: BLE001 - an unreadable file is simply not recognised; reading it says why
        pass
    return found


def sniff_text(found: Sniff, text: str, delimiter: str = ",") -> Sniff:
    """Fill ``found`` with the header and first row of CSV text (the start of a file).

    Parameters
    ----------
    found : Sniff
        Filled in place: ``columns`` (stripped) and ``first_row``.
    text : str
        The start of a CSV file, decoded.
    delimiter : str, default ","
        The field separator.

    Returns
    -------
    Sniff
        ``found``; left as it was when the text is not CSV (binary data, a NUL byte).

    Examples
    --------
    >>> sniff_text(Sniff(Path("a.csv"), ".csv"), "time_period, la_name").columns
    ('time_period', 'la_name')
    """
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:  # binary data, a NUL byte: no header to recognise
        return found
    if rows:
        found.columns = tuple(c.strip() for c in rows[0])
    if len(rows) > 1:
        found.first_row = tuple(rows[1])
    return found


@dataclass(frozen=True)
class Source:
    """One kind of input: how to recognise a file of it, its reader, and how several files of it combine.

    Parameters
    ----------
    name : str
        Registry key (``"ehc_caseload"``).
    title : str
        What it is, in words, for messages and the data check.
    recognise : callable
        ``Sniff -> bool``.
    reader : callable
        ``path -> DataFrame``.
    combine : {"one", "stack", "concat", "releases", "folder"}
        ``one``: a single file; ``stack``: several files stacked, refusing two that give one figure different
        values (identical copies are kept once); ``concat``: several files stacked as they are; ``releases``: several
        releases of one
        publication, each figure taken from the latest release (:func:`jsnakit.sources.dfe.combine_releases`);
        ``folder``: the reader takes the one folder holding the files (an Open Referral UK export).
    cache : bool, default True
        Whether parsed files are cached as parquet. Off for small files whose reader warns about records it
        keeps (a cached frame would load without the warnings).
    signature : tuple of (tuple, tuple), default ()
        The header of each layout of the source, for "near-miss" recognition by :func:`~jsnakit.catalog.check`:
        pairs of (columns the reader needs, columns every file of that layout has besides). A CSV or parquet file no
        source recognises whose header lacks only a few of a layout's columns, at least one of them needed, is
        reported as a bad file of this source naming each missing column, rather than as not an input.
    """

    name: str
    title: str
    recognise: Callable[[Sniff], bool]
    reader: Callable
    combine: str = "one"
    cache: bool = True
    signature: tuple = ()


def _points(s: Sniff) -> bool:
    return bool(s.geometries) and set(s.geometries) <= {"Point", "MultiPoint"}


def _pair(prefix: str) -> Callable[[Sniff], bool]:
    pattern = re.compile(rf"^{prefix}\d{{2}}CD$", re.IGNORECASE)
    return lambda s: any(pattern.match(p) for p in s.properties)


#: The geography and period columns of an explore-education-statistics (EES) file.
_EES = tuple(ees.GEOGRAPHY_COLUMNS)
#: Placement totals of the 2025-layout SEN2 caseload and new-plans files (every such file has them).
_PLACED = ("mainstream_total", "special_total", "ap_pru_total", "fe_total")
#: SEN2's count of plans by primary need.
_NEEDS = ("number_asd", "number_hi", "number_mld", "number_msi", "number_oth", "number_pd", "number_pmld",
          "number_semh", "number_slcn", "number_sld", "number_spld", "number_vi", "number_need_unknown")

#: The registry of inputs, by name.
SOURCES = {s.name: s for s in [
    Source("sen_provision", "DfE Special educational needs in England: pupils by SEN provision",
           lambda s: s.has("sen_provision", "pupil_count") or s.has("phase_type_grouping", "total_pupils", "ehc_plan",
                                                                    "sen_support"),
           dfe.read_sen_provision,
           signature=((_EES + ("sen_provision", "pupil_count"), ("pupil_percent", "phase_type_grouping")),
                      (_EES + ("phase_type_grouping", "total_pupils", "ehc_plan", "sen_support"),
                       ("type_of_establishment", "hospital_school", "ehc_plan_percent", "sen_support_percent")))),
    Source("sen_primary_need", "DfE Special educational needs in England: pupils by primary need",
           lambda s: s.has("sen_primary_need", "total_pupil_count"), dfe.read_sen_primary_need,
           signature=((_EES + ("sen_provision", "sen_primary_need", "total_pupil_count"), ("phase_type_grouping",)),)),
    Source("sen_provision_sex", "DfE Special educational needs in England: pupils by SEN provision and sex",
           lambda s: s.has("sen_provision", "sex", "age_total_pupil_count"), dfe.read_sen_provision_by_sex,
           signature=((_EES + ("sen_provision", "sex", "age_total_pupil_count"), ("age_total_pupil_percent",)),)),
    Source("ehc_caseload", "DfE Education, health and care plans: plans maintained in January (SEN2)",
           lambda s: s.has("breakdown_topic", "ehcplans") or s.has("characteristic_age", "Total_all"),
           dfe.read_ehc_caseload, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "ehcplans"), _PLACED),
                      (_EES + ("characteristic_age", "Total_all"),
                       ("Total_st", "Total_st_pc", "Total_ehc", "Total_ehc_pc", "Total_all_pc")))),
    Source("ehc_new_plans", "DfE Education, health and care plans: new plans in the calendar year (SEN2)",
           lambda s: s.has("breakdown_topic", "new_ehc_plans") or s.has("characteristic_age", "Total_new_all"),
           dfe.read_ehc_new_plans, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "new_ehc_plans"), _PLACED),
                      (_EES + ("characteristic_age", "Total_new_all"),
                       ("Total_new_st", "Total_new_st_pc", "Total_new_ehc", "Total_new_ehc_pc", "Total_new_all_pc")))),
    Source("ehc_needs", "DfE Education, health and care plans: primary need of plans (SEN2)",
           lambda s: s.has("breakdown_topic", "ehc_plans", "number_asd"), dfe.read_ehc_needs, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "ehc_plans") + _NEEDS, ()),)),
    Source("ehc_needs_by_age", "DfE Education, health and care plans: primary need by age (SEN2)",
           lambda s: s.has("breakdown_topic", "ehc_plans", "number_asd"), dfe.read_ehc_needs_by_age, "concat",
           signature=((_EES + ("breakdown_topic", "breakdown", "ehc_plans") + _NEEDS, ()),)),
    Source("ehc_timeliness", "DfE Education, health and care plans: 20-week timeliness (SEN2)",
           lambda s: s.has("plans_issued_den", "plans_issued_within_20_weeks") or s.has("TotIncExcEHC",
                                                                                       "IncExc20weekEHC"),
           dfe.read_ehc_timeliness, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "plans_issued_den", "plans_issued_within_20_weeks"),
                       ("plans_issued_den_ex", "plans_issued_20_weeks_ex", "pc_plans_issued_within_20_weeks")),
                      (_EES + ("TotIncExcEHC", "IncExc20weekEHC"),
                       ("TotNoExcEHC", "NoExc20weekEHC", "IncExc20weekRate", "NoExc20weekRate")))),
    Source("ehc_requests", "DfE Education, health and care plans: requests for assessment (SEN2)",
           lambda s: s.has("requests_received_in_year") or s.has("InreqEHC", "AssRefusedEHC"),
           dfe.read_ehc_requests, "releases",
           signature=((_EES + ("breakdown_topic", "breakdown", "requests_received_in_year",
                               "requests_decided_to_assess", "requests_decided_not_to_assess",
                               "requests_decision_not_made", "requests_withdrawn"), ("requests_rya",)),
                      (_EES + ("InreqEHC", "AssRefusedEHC"), ("InreqryaEHC", "AssnoneEHC", "NewallEHC")))),
    Source("cin_sen", "DfE Outcomes for children in need: SEN of children in need and looked after",
           lambda s: s.has("social_care_group", "t_pupils", "t_statement_or_EHC_plan"), dfe.read_cin_sen,
           signature=((_EES + ("social_care_group", "t_pupils", "t_no_identified_SEN", "t_all_SEN", "t_SEN_support",
                               "t_statement_or_EHC_plan"), ("pt_all_SEN", "pt_SEN_support")),)),
    Source("population", "ONS mid-year population estimates (MYE2)",
           lambda s: any(re.fullmatch(r"\s*MYE\s*2\s*[-–]?\s*persons\s*", x, re.IGNORECASE) for x in s.sheets),
           ons.read_mid_year_estimates, "stack"),
    Source("neighbours", "DfE children's services statistical neighbours",
           lambda s: "la num" in s.cells and "sn1" in s.cells, dfe.read_statistical_neighbours),
    Source("boundaries", "ONS counties and unitary authorities boundaries", _pair("CTYUA"),
           boundaries.read_boundaries),
    Source("area_boundaries", "ONS boundaries of other areas (regions, ICBs, districts, ...)",
           lambda s: bool(s.properties) and not _pair("CTYUA")(s) and _pair("[A-Z]+")(s) and not _points(s),
           boundaries.read_area_boundaries, "concat"),
    Source("centroids", "ONS population-weighted centroids of small areas (MSOA, LSOA or OA)",
           lambda s: _pair("(MSOA|LSOA|OA)")(s) and _points(s), localities.read_centroids, "concat"),
    Source("census_age", "ONS Census 2021 residents by five-year age band (TS007A, Nomis bulk download)",
           lambda s: s.has("geography code", "Age: Total") and any(c.startswith("Age: Aged") for c in s.columns),
           localities.read_census_age, "concat"),
    Source("lookups", "ONS area lookups (lower tier to upper tier, sub-ICB to ICB, ...)",
           lambda s: sum(bool(re.fullmatch(r"[A-Z]+\d{2}CD", c, re.IGNORECASE)) for c in s.columns) >= 2,
           boundaries.read_lookup, "concat"),
    Source("imd", "MHCLG English Indices of Deprivation 2019: upper-tier LA summaries",
           lambda s: {"IMD", "Income", "IDACI"} <= {x.strip() for x in s.sheets},
           lambda p: mhclg.read_imd_summary(p, domain="all")),
    Source("fingertips", "OHID Fingertips indicator data (CSV export)",
           lambda s: s.has("Indicator ID", "Area Code", "Time period", "Value"), fingertips.read_fingertips_csv,
           "concat", signature=((("Indicator ID", "Indicator Name", "Area Code", "Area Name", "Area Type", "Sex", "Age",
                                  "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit",
                                  "Upper CI 95.0 limit", "Count", "Denominator", "Value note"), ()),)),
    Source("lait", "DfE Local Authority Interactive Tool (LAIT) data (bds_long)",
           lambda s: s.has("Short Desc", "Years", "LA Number", "Values"), lait.read_lait, "concat",
           signature=((("Short Desc", "Years", "LA Number", "Values"), ("Data item", "LA and Regions")),)),
    Source("lait_dictionary", "DfE LAIT data dictionary",
           lambda s: s.has("Measure_code", "Measure_short", "Polarity"), lait.read_lait_dictionary,
           signature=((("Measure_code", "Measure_short", "Polarity"), ("Topic", "Measure", "Description")),)),
    Source("la_codes", "DfE list of LA numbers (LAIT la_code_list)",
           lambda s: {"la number", "la name", "type"} <= s.cells and "sn1" not in s.cells, lait.read_la_codes),
    Source("transitions", "SEN2 person-level transitions between Januaries (witan.send transitions.csv)",
           lambda s: s.has("calendar-year", "setting-1", "need-1", "academic-year-1", "setting-2")
           or s.has("calendar_year", "setting_1", "need_1", "academic_year_1", "setting_2"),
           transitions.read_transitions),
    Source("local_offer", "Local Offer in Open Referral UK 3.0 form (JSON or CSV tables)",
           lambda s: s.has("id", "organization_id", "name", "status") or (
               {"id", "name"} <= set(s.keys) and bool({"status", "service_at_locations", "contents"} & set(s.keys))
               and "properties" not in s.keys),  # a JSON schema of OR UK is not a Local Offer
           provision.read_local_offer, "folder"),
    Source("commissioning_register", "Commissioning register of SEND services (jsnakit's schema)",
           lambda s: s.has("area_code", "service_name", "service_type", "partners", "funding_route"),
           commissioning.read_commissioning_register, "concat", cache=False,
           signature=((("area_code", "service_name", "service_type", "partners", "funding_route"),
                       ("service_id", "capacity", "needs")),)),
]}


def identify(path) -> list[str]:
    """The kinds of input a file is, by its content (a file may serve two: ``sen2_mi.csv`` holds both timeliness
    and requests); [] when it is none jsnakit reads.

    Examples
    --------
    >>> identify("data_samples/dfe_ehc_plans/caseload.csv")   # doctest: +SKIP
    ['ehc_caseload']
    """
    found = sniff(path)
    return [name for name, source in SOURCES.items() if source.recognise(found)]
