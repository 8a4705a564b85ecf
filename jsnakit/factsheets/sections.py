"""Which factsheet sections a data folder can support, from which inputs, and what to download for the rest.

A factsheet is built from whatever the folder holds (issue 14): each section has one or more *ways* to be made, in
order of preference (the school census first; SEN2, ONS and LAIT figures published at LA level when the census's LA
files are absent). :func:`coverage` says, for a folder or for one area, which way each section takes; a section with
no way is replaced in the factsheet by :func:`missing_sentence`, one plain sentence naming the publication, the file
and the page to download it from. ``jsnakit data check DIR`` prints the folder's coverage (:func:`describe`).

Every test reads the published (disclosed) national frame (:func:`jsnakit.needs.profile.published`) and the catalogue,
so a way counts as available only when the figures really reach the page: a school-census file with England's rows
only does not make an LA's prevalence section.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .. import disclosure
from ..core import geography
from ..needs import profile
from ..needs.deprivation import MIN_AREAS, PREVALENCE_INDICATORS
from ..needs.outcomes import BREAKDOWN as OUTCOME_BREAKDOWN
from ..catalog import SOURCES, Catalog
from ..core.errors import ArgumentError, InputError

__all__ = ["Download", "DOWNLOADS", "Way", "Section", "SECTIONS", "coverage", "way", "available", "missing_sentence",
           "describe", "COVERAGE_COLUMNS", "made_up_files", "REAL_SAMPLE_SOURCES"]


@dataclass(frozen=True)
class Download:
    """Where an analyst gets one input: the publication, the file and the page.

    Parameters
    ----------
    publication : str
        Publisher and title, e.g. ``"DfE, Education, health and care plans"``.
    file : str
        The file to download and how to find it on the page.
    page : str
        The web page of the publication.
    """

    publication: str
    file: str
    page: str

    def sentence(self) -> str:
        """``"<file> from <publication> (<page>)"``."""
        return f"{self.file} from {self.publication} ({self.page})"


_SEN = "https://explore-education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england"
_EHC = "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans"
_LAIT = "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait"

#: Where each catalogue source comes from (the publication, the file and the page), by source name.
DOWNLOADS = {
    "sen_provision": Download("DfE, Special educational needs in England",
                              "the data file with local authority rows (\"Download all data\", e.g. "
                              "sen_phase_type_.csv)", _SEN),
    "sen_primary_need": Download("DfE, Special educational needs in England",
                                 "the local authority file of pupils by primary need (\"Download all data\")", _SEN),
    "ehc_caseload": Download("DfE, Education, health and care plans", "caseload.csv (\"Download all data\")", _EHC),
    "ehc_needs": Download("DfE, Education, health and care plans", "sen_needs_all_plans.csv (\"Download all data\")",
                          _EHC),
    "ehc_new_plans": Download("DfE, Education, health and care plans", "newplans.csv (\"Download all data\")", _EHC),
    "ehc_timeliness": Download("DfE, Education, health and care plans",
                               "timeliness_20_week.csv (\"Download all data\")", _EHC),
    "ehc_requests": Download("DfE, Education, health and care plans", "requests.csv (\"Download all data\")", _EHC),
    "population": Download("ONS, Estimates of the population for the UK, England, Wales, Scotland and Northern "
                           "Ireland", "the mid-year estimates workbook with the MYE2 sheets",
                           "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
                           "populationestimates/datasets/"
                           "populationestimatesforukenglandandwalesscotlandandnorthernireland"),
    "lait": Download("DfE, Local authority interactive tool (LAIT)", "the bds_long parquet data files", _LAIT),
    "sen_provision_sex": Download("DfE, Special educational needs in England",
                                  "the local authority file of pupils by SEN provision and sex (\"Download all "
                                  "data\")", _SEN),
    "imd": Download("MHCLG, English indices of deprivation 2019",
                    "File 11: upper-tier local authority summaries (xlsx)",
                    "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019"),
    "neighbours": Download("DfE, Local authority interactive tool (LAIT)",
                           "the children's services statistical neighbours workbook (sn_*.xlsx)", _LAIT),
    "boundaries": Download("ONS Open Geography Portal",
                           "Counties and Unitary Authorities (December 2023) Boundaries UK BSC, as GeoJSON",
                           "https://geoportal.statistics.gov.uk/"),
    "local_offer": Download("the area's Local Offer directory",
                            "its services in Open Referral UK form (the directory's API as JSON, or CSV tables)",
                            "https://openreferraluk.org/"),
    "commissioning_register": Download("the area's commissioning partners",
                                       "a commissioning register in jsnakit's schema",
                                       "see the README, \"Commissioning register\""),
}


def _area_rows(frame: pd.DataFrame, indicator: str, code: str | None, *, counted: bool | None = None,
               periods: int = 1) -> bool:
    """Whether the area (any LA when ``code`` is None) has a published value of ``indicator`` in ``periods`` periods
    or more; ``counted``: only rows with a count (True) or only percentages published without one (False)."""
    rows = frame[(frame["indicator"] == indicator) & (frame["breakdown"] == "All") & frame["value"].notna()]
    rows = rows[rows["area_type"].isin(geography.LA_TYPES)] if code is None else rows[rows["area_code"] == code]
    if counted is not None:
        rows = rows[(rows["method"] != "published") == counted]
    if code is None:
        return bool(len(rows)) and rows.groupby("area_code")["period"].nunique().max() >= periods
    return rows["period"].nunique() >= periods


def _census_sex(catalog: Catalog, code: str | None) -> bool:
    """Whether the school census by provision and sex has the area's rows (any LA's when None)."""
    if not profile.usable(catalog, "sen_provision_sex"):
        return False
    codes = catalog.load("sen_provision_sex")["area_code"]
    las = geography.local_authorities().index
    return bool(codes.isin(las).any()) if code is None else bool((codes == code).any())


def _outcomes(frame: pd.DataFrame, code: str | None) -> bool:
    """Whether the area (any LA when None) has outcome rows by SEN status, shown or withheld."""
    if not {"breakdown", "note"} <= set(frame.columns):
        return False
    rows = frame[(frame["breakdown"] == OUTCOME_BREAKDOWN)
                 & (frame["value"].notna() | frame["note"].astype(str).str.startswith("c"))]
    rows = rows[rows["area_type"].isin(geography.LA_TYPES)] if code is None else rows[rows["area_code"] == code]
    return bool(len(rows))


def _deprivation(frame: pd.DataFrame, catalog: Catalog) -> bool:
    """Whether the folder holds the IoD and a prevalence of at least :data:`jsnakit.needs.deprivation.MIN_AREAS`
    local authorities in one period (what :func:`jsnakit.needs.deprivation.deprivation_context` needs)."""
    if not profile.usable(catalog, "imd"):
        return False
    for indicator in PREVALENCE_INDICATORS:
        rows = frame[(frame["indicator"] == indicator) & (frame["breakdown"] == "All") & frame["value"].notna()
                     & frame["area_type"].isin(geography.LA_TYPES)]
        if len(rows) and rows.groupby("period")["area_code"].nunique().max() >= MIN_AREAS:
            return True
    return False


def _any_rows(frame: pd.DataFrame, indicator: str, code: str | None) -> bool:
    rows = frame[(frame["indicator"] == indicator) & frame["value"].notna()]
    rows = rows[rows["area_type"].isin(geography.LA_TYPES)] if code is None else rows[rows["area_code"] == code]
    return bool(len(rows))


@dataclass(frozen=True)
class Way:
    """One way to make a section.

    Parameters
    ----------
    label : str
        Where its figures come from, in words (``"the school census"``).
    test : callable
        ``(frame, catalog, area_code or None) -> bool``: whether the folder (any LA when None) supports it.
    sources : tuple of str
        The catalogue sources it reads (for the download advice).
    key : str, default ""
        A short name the factsheet picks its tables by (``"census"``, ``"per_10k"``, ``"lait"``, ``"sen2"``).
    """

    label: str
    test: Callable
    sources: tuple
    key: str = ""


@dataclass(frozen=True)
class Section:
    """A factsheet section and its ways, the first one preferred.

    Parameters
    ----------
    key, title : str
        Short name and the section's heading.
    ways : tuple of Way
        In order of preference; the first is the section in full, the others are fallbacks.
    """

    key: str
    title: str
    ways: tuple


def _has(*names: str) -> Callable:
    return lambda frame, catalog, code: all(profile.usable(catalog, n) for n in names)


def _register(catalog: Catalog, code: str | None) -> bool:
    """Whether the folder's commissioning register reads and (for an area) lists services of the area."""
    if not profile.usable(catalog, "commissioning_register"):
        return False
    return code is None or bool((catalog.load("commissioning_register")["area_code"] == code).any())


def _offer(catalog: Catalog, code: str | None) -> bool:
    """Whether the folder holds a Local Offer (for an area: the area's own, :meth:`Catalog.local_offer`; one that
    cannot be read counts, so that the section lists its problems)."""
    if not catalog.has("local_offer"):
        return False
    if code is None:
        return True
    try:
        with warnings.catch_warnings():  # its problems are listed by the section itself (gaps.from_catalog)
            warnings.simplefilter("ignore")
            return catalog.local_offer(code) is not None
    except InputError:
        return True


_CENSUS_PREVALENCE = Way("the school census (pupils with an EHC plan and on SEN support, with counts)",
                         lambda f, c, a: _area_rows(f, "ehc_pupils_pct", a, counted=True), ("sen_provision",),
                         "census")
_PER_10K = Way("SEN2 EHC plans per 10,000 residents aged 0-25 (SEN2 and ONS mid-year estimates)",
               lambda f, c, a: _area_rows(f, "ehc_plans_per_10k", a), ("ehc_caseload", "population"), "per_10k")
_LAIT_PREVALENCE = Way("the school census's percentages as re-published in LAIT (no counts, so no intervals)",
                       lambda f, c, a: _area_rows(f, "ehc_pupils_pct", a, counted=False), ("lait",), "lait")

#: The factsheet's sections, in reading order.
SECTIONS = {s.key: s for s in [
    Section("standing", "Where the area stands", (
        Way("every headline indicator the folder holds",
            lambda f, c, a: any(_area_rows(f, i, a) for i in ("ehc_pupils_pct", "ehc_plans_per_10k",
                                                               "ehc_20_weeks_pct", "ehc_requests_agreed_pct")),
            ("sen_provision", "ehc_caseload", "population", "ehc_timeliness", "ehc_requests")),
    )),
    Section("prevalence", "Prevalence", (_CENSUS_PREVALENCE, _PER_10K, _LAIT_PREVALENCE)),
    Section("trend", "Trend", (
        Way("the school census over the years, with counts",
            lambda f, c, a: _area_rows(f, "ehc_pupils_pct", a, counted=True, periods=2), ("sen_provision",)),
        Way("the school census's percentages over the years, as re-published in LAIT",
            lambda f, c, a: _area_rows(f, "ehc_pupils_pct", a, counted=False, periods=2), ("lait",)),
        Way("SEN2 EHC plans maintained over the years",
            lambda f, c, a: _area_rows(f, "ehc_plans", a, periods=2), ("ehc_caseload",)),
    )),
    Section("need", "Primary need", (
        Way("the school census (primary need of pupils with an EHC plan)",
            lambda f, c, a: _any_rows(f, "ehc_need_share", a), ("sen_primary_need",), "census"),
        Way("SEN2 (primary need of all EHC plans)",
            lambda f, c, a: _any_rows(f, "ehc_plan_need_share", a), ("ehc_needs",), "sen2"),
    )),
    Section("placement", "Where children and young people with an EHC plan are educated", (
        Way("the SEN2 caseload by placement (all EHC plans maintained in January)",
            lambda f, c, a: _any_rows(f, "ehc_placement_share", a), ("ehc_caseload",)),
    )),
    Section("sex", "EHC plans of boys and girls", (
        Way("the SEN2 caseload by sex, with the school census's pupils with an EHC plan by sex",
            lambda f, c, a: _any_rows(f, "ehc_sex_share", a) and _census_sex(c, a),
            ("ehc_caseload", "sen_provision_sex"), "census"),
        Way("the SEN2 caseload by sex", lambda f, c, a: _any_rows(f, "ehc_sex_share", a), ("ehc_caseload",), "sen2"),
    )),
    Section("process", "The EHC needs assessment process", (
        Way("SEN2 requests for assessment, new plans and 20-week timeliness, with LAIT's assessments, ceased plans "
            "and annual reviews", lambda f, c, a: _area_rows(f, "ehc_requests", a) and profile.usable(c, "lait"),
            ("ehc_requests", "ehc_new_plans", "ehc_timeliness", "lait", "ehc_caseload"), "full"),
        Way("SEN2 requests for assessment (decisions, mediation and tribunals) only",
            lambda f, c, a: _area_rows(f, "ehc_requests", a), ("ehc_requests",), "sen2"),
    )),
    Section("population", "Population and EHC plans", (
        Way("ONS mid-year estimates and the SEN2 caseload",
            lambda f, c, a: _any_rows(f, "population", a) and _any_rows(f, "ehc_plans", a),
            ("population", "ehc_caseload")),
        Way("the SEN2 caseload only (no population estimates)",
            lambda f, c, a: _any_rows(f, "ehc_plans", a), ("ehc_caseload",)),
        Way("ONS mid-year estimates only (no SEN2 caseload)",
            lambda f, c, a: _any_rows(f, "population", a), ("population",)),
    )),
    Section("projection", "Projected demand", (
        Way("the SEN2 caseload by age and ONS mid-year estimates",
            lambda f, c, a: _area_rows(f, "ehc_plans", a, periods=2) and profile.usable(c, "population"),
            ("ehc_caseload", "population")),
        Way("the SEN2 caseload by age (no population estimates: plans per head cannot follow the population)",
            lambda f, c, a: _area_rows(f, "ehc_plans", a, periods=2), ("ehc_caseload",)),
    )),
    Section("map", "Map", (
        Way("boundaries and pupils with an EHC plan (school census)",
            lambda f, c, a: profile.usable(c, "boundaries") and _area_rows(f, "ehc_pupils_pct", None, counted=True),
            ("boundaries", "sen_provision"), "census"),
        Way("boundaries and pupils with an EHC plan (the school census's percentages as re-published in LAIT)",
            lambda f, c, a: profile.usable(c, "boundaries") and _area_rows(f, "ehc_pupils_pct", None, counted=False),
            ("boundaries", "lait"), "lait"),
        Way("boundaries and EHC plans per 10,000 aged 0-25 (SEN2 and ONS)",
            lambda f, c, a: profile.usable(c, "boundaries") and _area_rows(f, "ehc_plans_per_10k", None),
            ("boundaries", "ehc_caseload", "population"), "per_10k"),
    )),
    Section("gaps", "Provision and gaps", (
        Way("the commissioning register and the Local Offer", lambda f, c, a: _register(c, a) and _offer(c, a),
            ("commissioning_register", "local_offer")),
        Way("the commissioning register only", lambda f, c, a: _register(c, a), ("commissioning_register",)),
        Way("the Local Offer only", lambda f, c, a: _offer(c, a), ("local_offer",)),
    )),
    Section("outcomes", "Outcomes", (
        Way("DfE LAIT: outcomes by SEN status (early years, phonics, key stages 2 and 4, destinations, "
            "qualifications at 19)", lambda f, c, a: _outcomes(f, a), ("lait",)),
    )),
    Section("deprivation", "Deprivation", (
        Way("MHCLG English Indices of Deprivation 2019 and the published prevalence of every local authority",
            lambda f, c, a: _deprivation(f, c), ("imd",)),
    )),
    Section("methods", "Data, methods and caveats", (Way("the catalogue", lambda f, c, a: True, ()),)),
]}

#: Columns of :func:`coverage`.
COVERAGE_COLUMNS = ["section", "title", "status", "using", "missing", "advice"]


def _frame(published) -> pd.DataFrame:
    if isinstance(published, disclosure.Disclosed):
        return published.frame
    if isinstance(published, pd.DataFrame) and {"indicator", "area_code", "value"} <= set(published.columns):
        return published
    raise ArgumentError(f"published must be the national indicator frame (jsnakit.needs.profile.published); got "
                        f"{type(published).__name__}")


def _advice(section: Section, catalog: Catalog, area_name: str | None = None) -> tuple[list[str], str]:
    """The sources of the section's preferred way that the folder lacks, and what to download, in words: the
    missing files, or, when the folder holds them without the figures needed (e.g. England's rows only), the
    release with local authority rows."""
    preferred = section.ways[0]
    absent = [s for s in preferred.sources if not catalog.has(s)]
    if absent:
        return absent, "; and ".join(DOWNLOADS[s].sentence() for s in absent if s in DOWNLOADS)
    bad = [s for s in preferred.sources if not profile.usable(catalog, s)]
    if bad:
        names = "; ".join(f"{SOURCES[s].title} ({', '.join(p.name for p in catalog.paths(s))})" for s in bad)
        return [], f"the folder's {names} could not be read (jsnakit data check lists the file, row and column)"
    where = f" for {area_name}" if area_name else " at local authority level"
    # The sources of figures (not boundaries or registers, which are fine when they read) lack the area's rows.
    lacking = [s for s in preferred.sources if s in profile.NATIONAL_SOURCES] or list(preferred.sources)
    held = "; ".join(f"{SOURCES[s].title} ({', '.join(p.name for p in catalog.paths(s))})"
                     for s in lacking if s in SOURCES)
    files = "; and ".join(DOWNLOADS[s].sentence() for s in lacking if s in DOWNLOADS)
    return [], f"the folder's {held} has no figures{where}: download {files}"


def way(published, catalog: Catalog, section: str, area_code: str | None = None) -> Way | None:
    """The way a section is made for an area (or, with no area, for any LA of the folder); None when it cannot be.

    Parameters
    ----------
    published : Disclosed or pandas.DataFrame
        The national frame (:func:`jsnakit.needs.profile.published`).
    catalog : Catalog
        The data folder.
    section : str
        A key of :data:`SECTIONS`.
    area_code : str, optional
        GSS code or DfE number of an upper-tier LA.

    Returns
    -------
    Way or None

    Examples
    --------
    >>> import tempfile
    >>> empty = Catalog(tempfile.mkdtemp(), cache_dir=False)
    >>> print(way(profile.published(empty), empty, "prevalence"))
    None
    >>> way(profile.published(empty), empty, "methods").label
    'the catalogue'
    """
    frame = _frame(published)
    spec = _section(section)
    code = None if area_code is None else geography.area(area_code)["area_code"]
    for candidate in spec.ways:
        if candidate.test(frame, catalog, code):
            return candidate
    return None


def available(published, catalog: Catalog, section: str, area_code: str | None = None) -> list[str]:
    """The keys of every way a section can be made for an area (a section may show several: prevalence from SEN2
    per 10,000 and from LAIT's percentages), in order of preference.

    Parameters
    ----------
    published : Disclosed or pandas.DataFrame
        The national frame (:func:`jsnakit.needs.profile.published`).
    catalog : Catalog
        The data folder.
    section : str
        A key of :data:`SECTIONS`.
    area_code : str, optional
        GSS code or DfE number of an upper-tier LA; None for any LA of the folder.

    Returns
    -------
    list of str
        :attr:`Way.key` of each available way.

    Examples
    --------
    >>> import tempfile
    >>> empty = Catalog(tempfile.mkdtemp(), cache_dir=False)
    >>> available(profile.published(empty), empty, "prevalence")
    []
    """
    frame = _frame(published)
    code = None if area_code is None else geography.area(area_code)["area_code"]
    return [w.key for w in _section(section).ways if w.test(frame, catalog, code)]


def missing_sentence(section: str, catalog: Catalog, *, area_name: str | None = None) -> str:
    """One plain sentence for a section the folder cannot support: what is missing and where to download it.

    Parameters
    ----------
    section : str
        A key of :data:`SECTIONS`.
    catalog : Catalog
        The data folder.
    area_name : str, optional
        The area's name, when the folder holds the files but not the area's figures.

    Returns
    -------
    str
        E.g. "This section needs caseload.csv ("Download all data") from DfE, Education, health and care plans
        (https://...), which the data folder does not hold."

    Examples
    --------
    >>> import tempfile
    >>> print(missing_sentence("projection", Catalog(tempfile.mkdtemp(), cache_dir=False))[:60])
    This section needs caseload.csv ("Download all data") from D
    """
    absent, advice = _advice(_section(section), catalog, area_name)
    if absent:
        return f"This section needs {advice}, which the data folder does not hold."
    return f"This section cannot be made: {advice}."


def coverage(published, catalog: Catalog, area_code: str | None = None) -> pd.DataFrame:
    """Which sections the folder supports, for one area or (no area) for the LAs it covers, and what would unlock
    the rest.

    Parameters
    ----------
    published : Disclosed or pandas.DataFrame
        The national frame (:func:`jsnakit.needs.profile.published`).
    catalog : Catalog
        The data folder.
    area_code : str, optional
        GSS code or DfE number of an upper-tier LA; None for the folder as a whole.

    Returns
    -------
    pandas.DataFrame
        :data:`COVERAGE_COLUMNS`, one row per section in reading order: ``status`` ``full`` (the preferred way),
        ``partial`` (a fallback: ``using`` says which) or ``missing``; ``missing`` lists the catalogue sources of
        the preferred way the folder lacks; ``advice`` what to download (empty when full).

    Examples
    --------
    >>> import tempfile
    >>> empty = Catalog(tempfile.mkdtemp(), cache_dir=False)
    >>> coverage(profile.published(empty), empty)[["section", "status"]].head(3).values.tolist()
    [['standing', 'missing'], ['prevalence', 'missing'], ['trend', 'missing']]
    """
    rows = []
    for key, spec in SECTIONS.items():
        found = way(published, catalog, key, area_code)
        status = "missing" if found is None else "full" if found is spec.ways[0] else "partial"
        absent, advice = _advice(spec, catalog) if status != "full" else ([], "")
        rows.append((key, spec.title, status, "" if found is None else found.label, ", ".join(absent), advice))
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def describe(table: pd.DataFrame) -> str:
    """The coverage table as text for ``jsnakit data check``: one line per section, the advice indented.

    Parameters
    ----------
    table : pandas.DataFrame
        A coverage table (:func:`coverage`).

    Returns
    -------
    str
        A heading line, then each section's status and title, with the way it is made or the advice.

    Examples
    --------
    >>> t = pd.DataFrame([("need", "Primary need", "partial", "SEN2", "sen_primary_need", "get it")],
    ...                  columns=COVERAGE_COLUMNS)
    >>> print(describe(t))
    factsheet sections this folder supports:
    partial       Primary need: from SEN2
                    to have it in full: get it
    """
    lines = ["factsheet sections this folder supports:"]
    for row in table.itertuples():
        if row.status == "missing":
            lines.append(f"{'missing':<13} {row.title}")
            lines.append(f"{'':15}{row.advice}")
            continue
        lines.append(f"{row.status:<13} {row.title}: from {row.using}")
        if row.status == "partial" and row.advice:
            lines.append(f"{'':15}to have it in full: {row.advice}")
    return "\n".join(lines)


#: Sources whose sample files are real published data (the simplified ONS boundaries), not made-up figures.
REAL_SAMPLE_SOURCES = frozenset({"boundaries", "area_boundaries"})


def made_up_files(catalog: Catalog) -> list:
    """The files of the folder that hold jsnakit's synthetic sample figures (byte-identical to a shipped sample,
    :func:`jsnakit.factsheets.resources.synthetic_files`), leaving out the real boundaries the samples include: a
    factsheet built on any of them carries the "made up" banner at the top of its page.

    Parameters
    ----------
    catalog : Catalog
        The data folder.

    Returns
    -------
    list of pathlib.Path
        Sorted; empty for a folder of real downloads.

    Examples
    --------
    >>> import tempfile
    >>> made_up_files(Catalog(tempfile.mkdtemp(), cache_dir=False))
    []
    """
    from . import resources

    found = []
    for path in resources.synthetic_files(catalog.data_dir):
        kinds = set(catalog.kinds(path))
        if not kinds or not kinds <= REAL_SAMPLE_SOURCES:
            found.append(path)
    return found


def _section(key: str) -> Section:
    try:
        return SECTIONS[key]
    except KeyError:
        raise ArgumentError(f"section must be one of {list(SECTIONS)}; got {key!r}") from None

