"""Gap mapping: the need of an area's children and young people set against the provision commissioned for them.

Joint commissioning exists to "identify needs, map provision, highlight gaps and agree actions across services"
(SEND Code of Practice 2015, ch. 3), with each partner clear about what it commissions. The analysis answers, for one
area:

* **coverage** (:func:`coverage`): for each primary need and age band with children on EHC plans, how many
  commissioned services name that need and reach that age, and which partners commission them. A need and age band
  with children but no specialist service is a gap in coverage;
* **capacity** (:func:`capacity`): places (or caseload) per 100 children and young people with an EHC plan, against
  a benchmark where one exists (England's or the statistical neighbours' special school and alternative provision
  placements per 100 plans, or an analyst's own), and the shortfall in places now and at each projection year. A
  service serving several needs or ages shares its capacity between them in proportion to the children with each;
  without an external benchmark a projection year is set against today's own ratio ("places needed to keep
  today's ratio as need grows");
* **partners** (:func:`partners`): who commissions what, and the needs served by a single partner in services the
  Code expects education, health and care to commission together (therapies, mental health, equipment, short
  breaks, preparing for adulthood);
* **distance** (:func:`distance`): straight-line distance (km, British National Grid) from where children live
  (population-weighted centroids of small areas) to the nearest service serving each need.

:func:`analyse` runs them all from *disclosed* inputs (need counts that passed :func:`disclose_need`,
a projection that passed :func:`jsnakit.disclosure.apply_projection`) and returns a :class:`GapAnalysis`, the only
thing the gap tables and maps draw. Places, services and distances are not counts of people and are shown as they
are; every figure built on a suppressed count of children is withheld with it.

The provision comes from the commissioning register (:func:`jsnakit.sources.commissioning.read_commissioning_register`)
joined with the Local Offer (:func:`jsnakit.sources.provision.read_local_offer`): :func:`provision`.

The parts live in their own modules, and every public name of each is importable from here and from
:mod:`jsnakit.gaps`: the need (:mod:`.need`), the provision (:mod:`.supply`), coverage and partners (:mod:`.served`),
capacity and benchmarks (:mod:`.places`), and distance (:mod:`.reach`). This module holds the :class:`GapAnalysis`
that brings them together, :func:`analyse` and :func:`from_catalog`.
"""
from __future__ import annotations

import dataclasses
import html
import warnings
from dataclasses import dataclass

import pandas as pd

from .. import disclosure
from ..core import geography, views
from ..core.errors import ArgumentError, DisclosureError, InputError
from ..needs.profile import published_need, usable
from ..sources import commissioning as register_
from ..sources import provision as local_offer_
from .need import NEED_INDICATOR, NEED_ROUND_TO, disclose_need, need_by_age, need_grid, total_plans
from .places import BENCHMARK_COLUMNS, CAPACITY_COLUMNS, PLACEMENT_BENCHMARKS, capacity, placement_benchmarks
from .reach import DISTANCE_COLUMNS, FAR_KM, distance, distance_summary, localities
from .served import COVERAGE_COLUMNS, PARTNER_COLUMNS, coverage, partners
from .supply import PROVISION_COLUMNS, describe_partner, describe_service_type, provision, service_points, serves

__all__ = [
    "GapAnalysis",
    "require",
    "need_by_age",
    "disclose_need",
    "provision",
    "service_points",
    "localities",
    "placement_benchmarks",
    "coverage",
    "capacity",
    "partners",
    "distance",
    "distance_summary",
    "analyse",
    "from_catalog",
    "published_totals",
    "describe_partner",
    "describe_service_type",
    "NEED_INDICATOR",
    "PROVISION_COLUMNS",
    "COVERAGE_COLUMNS",
    "CAPACITY_COLUMNS",
    "PARTNER_COLUMNS",
    "DISTANCE_COLUMNS",
    "BENCHMARK_COLUMNS",
    "PLACEMENT_BENCHMARKS",
    "FAR_KM",
    "SPECIALIST_PLACES",
    "NEED_ROUND_TO",
    "ROUND_ESTIMATE",
    "MINIMUM_ESTIMATE",
    "SCARCE_SHARE",
    "SCARCE_MIN_PLANS",
]

#: Place-based education services whose places by need are compared with the area's own ratio for all needs.
SPECIALIST_PLACES = ("special_school", "resourced_provision")
#: A need's specialist places per 100 of its plans below this share of the all-needs ratio count as scarce.
SCARCE_SHARE = 0.5
#: Needs with fewer plans than this are not called scarce (their ratio moves with a few places).
SCARCE_MIN_PLANS = 50
#: Modelled counts of children by locality are rounded to this and withheld below :data:`MINIMUM_ESTIMATE`.
ROUND_ESTIMATE = 10
MINIMUM_ESTIMATE = 10

_MADE_BY_ANALYSE = object()  # a GapAnalysis is built from disclosed inputs by analyse() only


@dataclass(frozen=True, eq=False)
class GapAnalysis:
    """Need set against provision for one area (made only by :func:`analyse`, from disclosed inputs).

    Attributes
    ----------
    area_code, area_name : str
        The area.
    period : str
        The period of the published need counts (e.g. ``"2024/25"``).
    coverage : pandas.DataFrame
        :data:`COVERAGE_COLUMNS`.
    capacity : pandas.DataFrame
        :data:`CAPACITY_COLUMNS`.
    partners : pandas.DataFrame
        :data:`PARTNER_COLUMNS`.
    provision : pandas.DataFrame
        :data:`PROVISION_COLUMNS`.
    services : geopandas.GeoDataFrame or None
        One row per service location (:func:`service_points`), EPSG:27700.
    localities : geopandas.GeoDataFrame or None
        ``locality_code, locality_name, population, plans_estimate, geometry`` (EPSG:27700 points).
    distance : pandas.DataFrame or None
        :data:`DISTANCE_COLUMNS`.
    """

    area_code: str
    area_name: str
    coverage: pd.DataFrame
    capacity: pd.DataFrame
    partners: pd.DataFrame
    services: object = None
    localities: object = None
    distance: pd.DataFrame | None = None
    period: str = ""
    provision: pd.DataFrame | None = None
    _token: object = None

    def __post_init__(self):
        if self._token is not _MADE_BY_ANALYSE:
            raise DisclosureError("a GapAnalysis is made only by jsnakit.gaps.analyse()")

    def query(self, *, need: str | None = None, age_band: str | None = None,
              partner: str | None = None) -> "GapAnalysis":
        """The analysis cut to a need, an age band and a partner's services; still a :class:`GapAnalysis` (every row
        kept is a row of this one: nothing is recomputed, so nothing withheld can reappear).

        Parameters
        ----------
        need : str, optional
            A primary-need label (``"Autistic spectrum disorder"``).
        age_band : str, optional
            One of :data:`jsnakit.sources.commissioning.AGE_BANDS`.
        partner : str, optional
            A :data:`jsnakit.sources.commissioning.PARTNERS` code.

        Returns
        -------
        GapAnalysis
            ``coverage``: the need's rows and the band's; ``capacity``: the need's rows, of the service types the
            partner commissions; ``partners``: the need's and the partner's rows; ``provision`` and ``services``:
            the partner's services naming the need (or all needs) and reaching the band; ``distance``: the need's.
        """
        def cut(frame, column, value):
            if frame is None or value is None or column not in frame.columns:
                return frame
            return frame[frame[column] == value].reset_index(drop=True)

        provided, types = self.provision, None
        if provided is not None:
            keep = pd.Series(True, index=provided.index)
            if partner is not None:
                by_partner = provided["partners"].map(lambda p: partner in str(p).split("; "))
                types = set(provided.loc[by_partner, "service_type"])
                keep &= by_partner
            if need is not None:
                keep &= serves(provided, need)
            if age_band is not None:
                keep &= provided["age_bands"].map(lambda b: age_band in str(b).split("; "))
            provided = provided[keep].reset_index(drop=True)
        capacity = cut(self.capacity, "need", need)
        if types is not None:
            capacity = capacity[capacity["service_type"].isin(types)].reset_index(drop=True)
        services = self.services
        if services is not None and provided is not None:
            services = services[services["service_id"].isin(set(provided["service_id"]))].reset_index(drop=True)
        return dataclasses.replace(
            self, coverage=cut(cut(self.coverage, "need", need), "age_band", age_band), capacity=capacity,
            partners=cut(cut(self.partners, "need", need), "partner", partner), provision=provided,
            services=services, distance=cut(self.distance, "need", need))

    def __repr__(self) -> str:
        return (f"<GapAnalysis {self.area_name} ({self.area_code}), {self.period}: {int(self.coverage['gap'].sum())} "
                f"need and age gaps, {len(self.shortfalls())} shortfalls, {len(self.single_partner())} single-partner "
                f"pairs>")

    def _repr_html_(self) -> str:
        # jsnakit.render registers the formatted view (core.views): findings and the coverage matrix
        return views.html_view(self) or f"<pre>{html.escape(repr(self))}</pre>"

    def gaps(self) -> pd.DataFrame:
        """The need and age bands with children on EHC plans and no specialist service (rows of ``coverage``)."""
        return self.coverage[self.coverage["gap"]].reset_index(drop=True)

    def shortfalls(self) -> pd.DataFrame:
        """Rows of ``capacity`` short of their benchmark by half a place or more (a place, rounded)."""
        return self.capacity[self.capacity["shortfall"] >= 0.5].reset_index(drop=True)

    def scarce_places(self) -> pd.DataFrame:
        """Needs with few or no specialist places (special school and resourced provision together) for their
        children: ``need, plans, places, per_100, all_per_100``, where places per 100 plans with the need are below
        :data:`SCARCE_SHARE` of the ratio for all needs and the need has at least :data:`SCARCE_MIN_PLANS` plans."""
        now = self.capacity[(self.capacity["kind"] == "published")
                            & self.capacity["service_type"].isin(SPECIALIST_PLACES)
                            & (self.capacity["capacity_unit"] == "places")]
        columns = ["need", "plans", "places", "per_100", "all_per_100"]
        totals = now[now["need"] == "All"]
        if totals.empty or pd.isna(totals["plans"].iloc[0]) or totals["plans"].iloc[0] <= 0:
            return pd.DataFrame(columns=columns)
        all_per_100 = totals["capacity"].sum() / totals["plans"].iloc[0] * 100
        places = now[now["need"] != "All"].groupby("need")["capacity"].sum()
        plans = self.coverage.groupby("need", sort=False)["plans"].sum(min_count=1)
        rows = []
        for need_label, n in plans.items():
            if pd.isna(n) or n < SCARCE_MIN_PLANS:
                continue
            own = float(places.get(need_label, 0.0))
            if own / n * 100 < SCARCE_SHARE * all_per_100:
                rows.append((need_label, n, own, own / n * 100, all_per_100))
        return pd.DataFrame(rows, columns=columns)

    def single_partner(self) -> pd.DataFrame:
        """Need x service type pairs the Code expects to be jointly commissioned that one partner commissions alone."""
        single = self.partners[self.partners["single_partner"]]
        return single[["need", "service_type", "domain", "partner", "services"]].reset_index(drop=True)


def require(obj) -> GapAnalysis:
    """Return ``obj`` if it is a :class:`GapAnalysis`, else raise :class:`jsnakit.core.errors.DisclosureError` (for the
    tables, maps, narrative and widgets that show one).

    Parameters
    ----------
    obj : object
        What is to be shown or drawn.

    Returns
    -------
    GapAnalysis
        ``obj`` itself.

    Raises
    ------
    DisclosureError
        When ``obj`` is not a :class:`GapAnalysis` (made by :func:`analyse` from disclosed inputs).
    """
    if not isinstance(obj, GapAnalysis):
        raise DisclosureError(f"only a gap analysis made by jsnakit.gaps.analyse() from disclosed inputs can be "
                              f"shown or drawn; got {type(obj).__name__}")
    return obj


def _estimate(localities_frame, grid: pd.DataFrame):
    """Children and young people with an EHC plan by locality, estimated: the area's plans apportioned by residents
    aged 0-24, rounded to :data:`ROUND_ESTIMATE` and withheld below :data:`MINIMUM_ESTIMATE` (a model, not a count)."""
    total, _ = total_plans(grid)  # grid of every need
    share = localities_frame["population"] / localities_frame["population"].sum()
    raw = share * total
    rounded = disclosure.round_modelled(raw, round_to=ROUND_ESTIMATE, minimum=MINIMUM_ESTIMATE)
    return localities_frame.assign(plans_estimate=rounded.to_numpy())


def analyse(need, provision_frame: pd.DataFrame, *, projected=None, benchmarks: pd.DataFrame | None = None,
            localities_frame=None, services=None, every: int = 1, published_totals: dict | None = None) -> GapAnalysis:
    """Every gap analysis of one area: coverage, capacity and shortfall now and projected, partners, distance.

    Parameters
    ----------
    need : jsnakit.disclosure.Disclosed
        :func:`need_by_age` of the area after :func:`disclose_need`.
    provision_frame : pandas.DataFrame
        :func:`provision`.
    projected : jsnakit.disclosure.Projected, optional
        The area's projection of EHC plans by age band (:func:`jsnakit.disclosure.apply_projection`).
    benchmarks : pandas.DataFrame, optional
        :data:`BENCHMARK_COLUMNS` (:func:`placement_benchmarks`).
    localities_frame : geopandas.GeoDataFrame, optional
        :func:`localities`; with ``services`` gives the distances and the locality estimates.
    services : geopandas.GeoDataFrame, optional
        :func:`service_points`.
    every : int, default 1
        Projection years kept in ``capacity`` (every ``every``-th and the last).
    published_totals : dict, optional
        The area's published plans in all (:func:`published_totals`; see :func:`capacity`).

    Returns
    -------
    GapAnalysis

    Examples
    --------
    See ``tests/test_gaps.py`` (a hand-checked constructed case) and the factsheet workbook.
    """
    disclosed = disclosure.require(need)
    grid = need_grid(disclosed)
    if grid.empty:
        raise ArgumentError("need must hold EHC plans by primary need and age band (gaps.need_by_age) for one "
                            "area; got no such rows")
    frame = disclosed.frame
    codes = frame["area_code"].unique()
    if len(codes) != 1:
        raise ArgumentError(f"need must hold one area; got {len(codes)}: {sorted(codes)[:5]}")
    near = None
    places = None
    if localities_frame is not None and len(localities_frame):
        places = _estimate(localities_frame, need_grid(disclosed, every_need=True))
        if services is not None and len(services):
            near = distance(places, services, provision_frame)
    return GapAnalysis(
        area_code=codes[0], area_name=frame["area_name"].iloc[0], period=str(grid["period"].iloc[0]),
        coverage=coverage(disclosed, provision_frame),
        capacity=capacity(disclosed, provision_frame, projected=projected, benchmarks=benchmarks, every=every,
                          published_totals=published_totals),
        partners=partners(provision_frame), provision=provision_frame.copy(), services=services,
        localities=places, distance=near, _token=_MADE_BY_ANALYSE)


def published_totals(published, area_code: str, period: str) -> dict:
    """The area's EHC plans in all (every need and age) in one period, as the disclosed national frame publishes
    them (SEN2 caseload), for the all-needs totals of :func:`capacity`.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        The national frame (:func:`jsnakit.needs.profile.published`).
    area_code : str
        GSS code or DfE number.
    period : str
        The need-by-age period (``"2024/25"``).

    Returns
    -------
    dict
        ``{"All": (plans, note)}`` (empty when the frame does not hold it). Each need's total is left to the
        need-by-age cells rounded to 5 (:func:`disclose_need`): an exact need total beside its age cells would let a
        withheld cell be worked out by difference.
    """
    frame = disclosure.require(published).frame
    code = geography.area(area_code)["area_code"]
    mine = frame[(frame["area_code"] == code) & (frame["period"] == period)]
    out = {}
    total = mine[(mine["indicator"] == "ehc_plans") & (mine["breakdown"] == "All")]
    if len(total):
        out["All"] = (float(total["count"].iloc[0]), total["note"].iloc[0])
    # Each need's total stays the sum of its cells rounded to 5: an exact need total beside its age cells would let
    # a withheld cell be worked out by difference.
    return out


def from_catalog(catalog, area_code: str, *, published, neighbours: pd.DataFrame | None = None, projected=None,
                 every: int = 1) -> tuple[GapAnalysis | None, list[str]]:
    """The gap analysis of one area from whatever a data folder holds, for the factsheet.

    Uses the commissioning register and the area's Local Offer (either may be missing), SEN2 plans by need and age,
    the area's boundary, population-weighted centroids and Census ages for distances, and the placement
    benchmarks. A bad Local Offer or register is reported, not fatal: the analysis goes on with what is usable.

    Parameters
    ----------
    catalog : jsnakit.catalog.Catalog
        The data folder.
    area_code : str
        GSS code or DfE LA number.
    published : jsnakit.disclosure.Disclosed
        The national disclosed frame (:func:`jsnakit.needs.profile.published`): benchmarks and the disclosure rules.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (benchmark: their median).
    projected : jsnakit.disclosure.Projected, optional
        The area's disclosed projection of EHC plans.
    every : int, default 1
        Projection years kept (see :func:`capacity`).

    Returns
    -------
    (GapAnalysis or None, list of str)
        The analysis (None when the folder holds no provision for the area, or no plans by need and age) and the
        problems met, one sentence each (bad records, a Local Offer that could not be read, a missing input).
    """
    code = geography.area(area_code)["area_code"]
    notes: list[str] = []
    register = offer = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if catalog.has("commissioning_register"):
            try:
                register = catalog.load("commissioning_register")
            except InputError as error:
                notes.append(f"The commissioning register could not be read: {error}")
        if catalog.has("local_offer"):
            try:
                offer = catalog.local_offer(code)
            except InputError as error:
                notes.append(f"The Local Offer could not be read, so services, their needs and locations come from "
                             f"the commissioning register alone: {error}")
    notes += [str(w.message) for w in caught
              if issubclass(w.category, (register_.RegisterWarning, local_offer_.LocalOfferWarning))]
    if register is not None and not (register["area_code"] == code).any():
        register = None
    if register is None and offer is None:
        # Nothing of this area's: only a register that cannot be read concerns it, not other areas' Local Offers.
        return None, [n for n in notes if n.startswith("The commissioning register could not be read")]
    if not usable(catalog, "ehc_needs_by_age"):
        notes.append("No readable SEN2 file of EHC plans by primary need and age (sen_needs_all_plans.csv): no gap "
                     "analysis.")
        return None, notes
    need = published_need(catalog, code, rules=published.rules)
    if not len(need):
        notes.append("The SEN2 file holds no EHC plans by primary need and age for this area: no gap analysis.")
        return None, notes
    provided = provision(register, code, local_offer=offer)
    boundary = None
    if usable(catalog, "boundaries"):
        shapes = catalog.load("boundaries")
        boundary = shapes[shapes["area_code"] == code]
    services = service_points(provided, offer, boundary) if offer is not None else None
    places = None
    if boundary is not None and len(boundary) and usable(catalog, "centroids") and usable(catalog, "census_age"):
        places = localities(catalog.load("centroids"), catalog.load("census_age"), boundary)
    benchmarks = placement_benchmarks(published, code, neighbours=neighbours)
    period = str(need_grid(need)["period"].iloc[0])
    result = analyse(need, provided, projected=projected, benchmarks=benchmarks, localities_frame=places,
                     services=services, every=every, published_totals=published_totals(published, code, period))
    return result, notes
