"""The sample files of DfE *Special educational needs in England* (the school census): pupils with an EHC plan and on
SEN support (:func:`write_sen_in_england`), and pupils by primary need (:func:`write_sen_primary_need`)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core import geography
from .common import Area, areas_in_order, atomic_write, calibrate, csv_bytes, normalise
from .latent import SC_NEED_YEARS, SEN2_NEEDS, SEN_YEARS, Latent

__all__ = [
    "SEN_IN_ENGLAND_FILE",
    "SEN_PRIMARY_NEED_FILE",
    "SEN_IN_ENGLAND_HEADER",
    "SEN_PRIMARY_NEED_HEADER",
    "SCHOOL_NEEDS",
    "PROVISION_EHC",
    "PROVISION_SUPPORT",
    "write_sen_in_england",
    "write_sen_primary_need",
]

SEN_IN_ENGLAND_FILE = "dfe_sen_in_england/data-special-educational-needs-in-england.csv"
SEN_PRIMARY_NEED_FILE = "dfe_sen_in_england/sen_primary_need.csv"

_SCHOOL_GEO = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_name",
               "region_code", "old_la_code", "la_name", "new_la_code", "pcon_code", "pcon_name"]
SEN_IN_ENGLAND_HEADER = _SCHOOL_GEO + ["phase_type_grouping", "establishment_type", "hospital_school",
                                       "sen_provision", "pupil_count", "pupil_percent"]
SEN_PRIMARY_NEED_HEADER = _SCHOOL_GEO + ["phase_type_grouping", "sen_provision", "sen_primary_need",
                                         "total_pupil_count"]

#: School census primary needs: (label as published, SEN2 code for the LA tilt or None, EHC % 2025/26, SEN support %
#: 2025/26, first year, last year). Years outside [first, last] have no such row.
SCHOOL_NEEDS = (
    ("Autistic spectrum disorder", "asd", 33.5, 10.2, 202122, 202526),
    ("Down syndrome", None, 0.45, 0.02, 202425, 202526),
    ("Hearing impairment", "hi", 1.3, 1.4, 202122, 202526),
    ("Moderate learning difficulty", "mld", 7.2, 13.3, 202122, 202526),
    ("Multi-sensory impairment", "msi", 0.3, 0.25, 202122, 202526),
    ("Other difficulty or disability", "oth", 1.9, 3.3, 202122, 202526),
    ("Physical disability", "pd", 3.0, 1.7, 202122, 202526),
    ("Profound and multiple learning difficulty", "pmld", 1.9, 0.04, 202122, 202526),
    ("SEN support but no specialist assessment of type of need", None, None, 5.4, 202122, 202526),
    ("Severe learning difficulty", "sld", 6.3, 0.13, 202122, 202526),
    ("Social, emotional and mental health", "semh", 16.9, 24.8, 202122, 202526),
    ("Specific learning difficulty", "spld", 4.3, 13.1, 202122, 202526),
    ("Speech, language and communications needs", "slcn", 22.1, 25.6, 202122, 202526),
    ("Unknown", None, 0.003, 0.005, 202122, 202526),
    ("Vision impairment", "vi", 0.8, 0.8, 202122, 202526),
)
#: Years in which the EHC plan need list has an "Unknown" row (as the 2025/26 release: 2024/25 yes, 2025/26 no).
_EHC_UNKNOWN_LAST = 202425
#: Changes per year before 2025/26, percentage points: (EHC ASD, SEN support ASD, SEN support MLD, SEN support SEMH).
_SCHOOL_NEED_TRENDS = {"ehc_asd": 0.75, "sup_asd": 0.55, "sup_mld": -0.55, "sup_semh": 0.45}

PROVISION_EHC = "Education, health and care plan"
PROVISION_SUPPORT = "SEN support / SEN without an EHC plan"


def _pc11(num: int, den: int) -> str:
    """Percentage to 11 decimals, as the school census files print ``pupil_percent``."""
    return "%.11f" % (100.0 * num / den)


def _school_geo(time_period: int, area: Area) -> list[str]:
    """Geography columns of the school census files (``region_name,region_code,old_la_code,la_name,new_la_code``)."""
    la = area.level == "Local authority"
    return [str(time_period), "Academic year", area.level, geography.ENGLAND, "England",
            area.region_name, area.region_code, area.dfe if la else "", area.name if la else "",
            area.code if la else "", "", ""]


def write_sen_in_england(out: Path, latent: Latent) -> Path:
    """Write ``dfe_sen_in_england/data-special-educational-needs-in-england.csv``.

    Layout of the EES data-catalogue file of *Special educational needs in England* (2025/26 release): long form,
    ``sen_provision`` Total / EHC plan / SEN support, ``pupil_percent`` to 11 decimals (``100`` for Total), LF line
    ends, no BOM; academic years 2018/19 to 2025/26, newest first; England, regions and LAs.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    rows = []
    for k in reversed(range(len(SEN_YEARS))):
        for area, mask in areas_in_order(latent):
            pupils = int(latent.pupils[k, mask].sum())
            ehc = int(latent.ehc_pupils[k, mask].sum())
            sup = int(latent.support_pupils[k, mask].sum())
            geo = _school_geo(SEN_YEARS[k], area) + ["Total", "Total", "Total"]
            rows.append(geo + ["Total", str(pupils), "100"])
            rows.append(geo + [PROVISION_EHC, str(ehc), _pc11(ehc, pupils)])
            rows.append(geo + [PROVISION_SUPPORT, str(sup), _pc11(sup, pupils)])
    data = csv_bytes(SEN_IN_ENGLAND_HEADER, rows, bom=False, crlf=False)
    return atomic_write(Path(out) / SEN_IN_ENGLAND_FILE, data)


def _school_need_mix(year: int, ehc: bool) -> dict[str, float]:
    """England's school census need mix (shares) for a provision and year, over the categories published that year."""
    years_before = SC_NEED_YEARS[-1] // 100 - year // 100
    mix = {}
    for label, _, ehc_pc, sup_pc, first, last in SCHOOL_NEEDS:
        share = ehc_pc if ehc else sup_pc
        if share is None or not first <= year <= last:
            continue
        if ehc and label == "Unknown" and year > _EHC_UNKNOWN_LAST:
            continue
        if label == "Autistic spectrum disorder":
            share -= years_before * (_SCHOOL_NEED_TRENDS["ehc_asd"] if ehc else _SCHOOL_NEED_TRENDS["sup_asd"])
        elif not ehc and label == "Moderate learning difficulty":
            share -= years_before * _SCHOOL_NEED_TRENDS["sup_mld"]
        elif not ehc and label == "Social, emotional and mental health":
            share -= years_before * _SCHOOL_NEED_TRENDS["sup_semh"]
        mix[label] = share
    total = sum(mix.values())
    return {label: share / total for label, share in mix.items()}


def _draw_school_needs(latent: Latent) -> dict[tuple[int, str], tuple[list[str], np.ndarray]]:
    """Pupils by primary need: {(year, provision): (labels, (LA, need) counts)} (multinomial on the LA totals)."""
    rng = latent.rng("sen_primary_need")
    tilt_of = {code: latent.need_tilt[:, j] for j, code in enumerate(SEN2_NEEDS)}
    n = len(latent.las)
    out = {}
    for year in SC_NEED_YEARS:
        k = SEN_YEARS.index(year)
        for provision, totals in ((PROVISION_EHC, latent.ehc_pupils[k]), (PROVISION_SUPPORT,
                                                                          latent.support_pupils[k])):
            mix = _school_need_mix(year, provision == PROVISION_EHC)
            labels = list(mix)
            weights = np.empty((n, len(labels)))
            for j, label in enumerate(labels):
                code = next(c for lab, c, *_ in SCHOOL_NEEDS if lab == label)
                tilt = tilt_of[code] if code else np.ones(n)
                if label.startswith("SEN support but no specialist"):
                    tilt = latent.params["nsa_tilt"].to_numpy()
                weights[:, j] = mix[label] * tilt
            target = np.array([mix[label] for label in labels])
            weights = weights * calibrate(totals[:, None].astype(float), weights[:, None, :], target)
            out[(year, provision)] = (labels, rng.multinomial(totals, normalise(weights)))
    return out


def write_sen_primary_need(out: Path, latent: Latent) -> Path:
    """Write ``dfe_sen_in_england/sen_primary_need.csv``.

    Layout of the EES table-tool file "Number of pupils with an Education, health and care plan or SEN support in
    England, by primary need" (2025/26 release), extended to regions and LAs and to 2021/22-2025/26, newest first.
    Need categories are spelled as published and appear only in the years the real file has them ("Down syndrome"
    from 2024/25; "Unknown" for EHC plans up to 2024/25; the "no specialist assessment" category for SEN support
    only). Each provision's ``Total`` row equals its count in :func:`write_sen_in_england`.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    needs = _draw_school_needs(latent)
    rows = []
    for year in reversed(SC_NEED_YEARS):
        for area, mask in areas_in_order(latent):
            geo = _school_geo(year, area) + ["Total"]
            for provision in (PROVISION_EHC, PROVISION_SUPPORT):
                labels, counts = needs[(year, provision)]
                summed = counts[mask].sum(axis=0)
                values = dict(zip(labels, (str(int(v)) for v in summed)))
                values["Total"] = str(int(summed.sum()))
                for label in sorted(values):
                    rows.append(geo + [provision, label, values[label]])
    data = csv_bytes(SEN_PRIMARY_NEED_HEADER, rows, bom=False, crlf=False)
    return atomic_write(Path(out) / SEN_PRIMARY_NEED_FILE, data)
