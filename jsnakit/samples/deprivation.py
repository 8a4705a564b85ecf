"""The sample English Indices of Deprivation 2019, File 11 (upper-tier local authority summaries), in MHCLG's layout
(:func:`write_imd_summary`): synthetic scores and ranks for the 151 upper-tier LAs of 2019.

The areas are those of 2019 (the sample's 153 LAs of today with Northamptonshire and Cumbria whole, and Buckinghamshire,
North Yorkshire and Somerset under their county codes of 2019). Each LA's IMD average score follows the latent
deprivation of :mod:`.latent` (which also raises its EHC plan prevalence) loosely enough that the Spearman correlation
of the score with the sample's EHC plan prevalence is about 0.2, as it is in the real files; the other summaries and
the domains are drawn from the score, and every rank is computed from its measure (1 = the most deprived, ties sharing
the best rank, as MHCLG ranks).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .common import atomic_write
from .latent import Latent
from .xlsx import Sheet, xlsx_bytes

__all__ = ["IMD_FILE", "IMD_SHEETS", "IMD_AREAS_2019", "DEPRIVATION_LINK", "imd_areas", "write_imd_summary"]

IMD_FILE = "mhclg_imd2019/File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx"
#: The sheets of File 11, in order (``Notes`` is empty in the sample).
IMD_SHEETS = ("Notes", "IMD", "Income", "Employment", "Education", "Health", "Crime", "Barriers", "Living", "IDACI",
              "IDAOPI")
#: Upper-tier LAs in File 11 of 2019.
IMD_AREAS_2019 = 151
#: Weight of the latent deprivation in the IMD score (the rest is noise): gives Spearman about 0.2 with prevalence.
DEPRIVATION_LINK = 0.35

#: 2019 areas that are not today's: code of 2019, name, today's codes it covers.
_AREAS_2019 = (("E10000002", "Buckinghamshire", ("E06000060",)), ("E10000023", "North Yorkshire", ("E06000065",)),
               ("E10000027", "Somerset", ("E06000066",)),
               ("E10000021", "Northamptonshire", ("E06000061", "E06000062")),
               ("E10000006", "Cumbria", ("E06000063", "E06000064")))
_CODE = "Upper Tier Local Authority District code (2019)"
_NAME = "Upper Tier Local Authority District name (2019)"
_P10 = "Proportion of LSOAs in most deprived 10% nationally "
#: Each domain sheet: heading prefix, the proportion heading's spacing, (score centre, spread, decimals), scale column.
_DOMAINS = (
    ("Income", "Income", "Proportion  of", (0.13, 0.045, 3), ("Income scale", "Rank of Income Scale")),
    ("Employment", "Employment", "Proportion  of", (0.10, 0.035, 3), ("Employment scale ", "Rank of Employment Scale")),
    ("Education", "Education, Skills and Training", "Proportion  of", (21.0, 7.0, 3), None),
    ("Health", "Health Deprivation and Disability", "Proportion  of", (0.0, 0.55, 3), None),
    ("Crime", "Crime", "Proportion  of", (0.0, 0.45, 3), None),
    ("Barriers", "Barriers to Housing and Services", "Proportion  of", (21.0, 5.5, 3), None),
    ("Living", "Living Environment", "Proportion  of", (20.0, 7.5, 3), None),
    ("IDACI", "IDACI", "Proportion  of", (0.17, 0.06, 3), None),
    ("IDAOPI", "IDAOPI", "Proportion  of", (0.15, 0.05, 3), None),
)
_WIDTHS = {1: 13.109375, 2: 38.5546875}


def imd_areas(latent: Latent) -> pd.DataFrame:
    """The 151 upper-tier LAs of 2019, with the latent characteristics of the today's LAs each covers.

    Parameters
    ----------
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    pandas.DataFrame
        ``code``, ``name`` (2019), ``deprivation`` (population-weighted latent z score), ``population`` (all ages,
        mid-2019), sorted by code as File 11 is.
    """
    las = latent.las
    year = 2019 - 2017  # index of mid-2019 in POP_YEARS
    people = (latent.females[year] + latent.males[year]).sum(axis=1).astype(float)
    frame = pd.DataFrame({"code": las["area_code"], "name": las["area_name"], "population": people,
                          "deprivation": latent.params["deprivation"].to_numpy()})
    for code, name, parts in _AREAS_2019:
        inside = frame["code"].isin(parts)
        merged = {"code": code, "name": name, "population": frame.loc[inside, "population"].sum(),
                  "deprivation": np.average(frame.loc[inside, "deprivation"], weights=frame.loc[inside, "population"])}
        frame = pd.concat([frame[~inside], pd.DataFrame([merged])], ignore_index=True)
    return frame.sort_values("code", kind="stable").reset_index(drop=True)


def _rank(values: np.ndarray) -> list[int]:
    """Rank 1 = the highest value (the most deprived); ties share the best rank."""
    return pd.Series(values).rank(ascending=False, method="min").astype(int).tolist()


def _summary(w: np.ndarray, rng: np.random.Generator, centre: float, spread: float, decimals: int) -> dict:
    """Average rank, average score, proportion in the most deprived 10%, extent and local concentration from a
    standardised deprivation ``w`` (higher = more deprived)."""
    n = len(w)
    score = np.round(centre + spread * w, decimals)
    share = np.round(np.clip(0.08 + 0.11 * w + rng.normal(0.0, 0.03, n), 0.0, 0.6), 4)
    return {
        "average_rank": np.round(16400 + 3600 * w + rng.normal(0.0, 500.0, n), 2), "score": score,
        "p10": share, "extent": np.round(np.clip(share * 1.3 + rng.normal(0.0, 0.02, n), 0.0, 0.7), 4),
        "concentration": np.round(np.clip(28500 + 1900 * w + rng.normal(0.0, 900.0, n), 15000, 32800), 2),
    }


def write_imd_summary(out: Path, latent: Latent) -> Path:
    """Write the sample File 11 of the English Indices of Deprivation 2019 (upper-tier LA summaries).

    Layout of ``File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx`` (MHCLG, September 2019):
    sheets :data:`IMD_SHEETS`; each index sheet a header row (the published headings, trailing spaces included) and one
    row per 2019 upper-tier LA by code; ``IMD`` with average rank and score, the proportion of LSOAs in the most
    deprived 10%, extent and local concentration, each with its rank; the domains with average rank, score and
    proportion (``Income`` and ``Employment`` also their scale). The IMD sheet's panes are frozen at A9, the others'
    at A2, as published.

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
    rng = latent.rng("imd2019")
    areas = imd_areas(latent)
    n = len(areas)
    z = areas["deprivation"].to_numpy()
    w = DEPRIVATION_LINK * z / z.std() + np.sqrt(1 - DEPRIVATION_LINK ** 2) * rng.normal(0.0, 1.0, n)
    w = (w - w.mean()) / w.std()
    imd = _summary(w, rng, 0.0, 1.0, 6)
    imd["score"] = np.round(21.5 * np.exp(0.32 * w), 3)
    head = [_CODE, _NAME] + [f"IMD - {h} " for h in ("Average rank", "Rank of average rank", "Average score",
                                                     "Rank of average score")]
    head += ["IMD - " + _P10, "IMD - Rank of proportion of LSOAs in most deprived 10% nationally ",
             "IMD 2019 - Extent ", "IMD 2019 - Rank of extent ", "IMD 2019 - Local concentration ",
             "IMD 2019 - Rank of local concentration "]
    columns = [imd["average_rank"], _rank(imd["average_rank"]), imd["score"], _rank(imd["score"]), imd["p10"],
               _rank(imd["p10"]), imd["extent"], _rank(imd["extent"]), imd["concentration"],
               _rank(imd["concentration"])]
    sheets = [Sheet("Notes", [], widths={1: 9.109375}),
              _sheet("IMD", head, areas, columns, freeze=(9, 1))]
    for sheet, prefix, spacing, (centre, spread, decimals), scale in _DOMAINS:
        v = 0.8 * w + 0.6 * rng.normal(0.0, 1.0, n)
        s = _summary(v, rng, centre, spread, decimals)
        head = [_CODE, _NAME, f"{prefix} - Average rank ", f"{prefix} - Rank of average rank ",
                f"{prefix} - Average score ", f"{prefix} - Rank of average score ",
                f"{prefix} - {_P10.replace('Proportion of', spacing)}",
                f"{prefix} - Rank of proportion of LSOAs in most deprived 10% nationally "]
        if sheet == "Education":  # published without the trailing spaces of the others
            head[6:8] = [h.rstrip() for h in head[6:8]]
        columns = [s["average_rank"], _rank(s["average_rank"]), s["score"], _rank(s["score"]), s["p10"],
                   _rank(s["p10"])]
        if scale is not None:
            people = np.round(np.clip(s["score"], 0.01, None) * areas["population"].to_numpy())
            head += list(scale)
            columns += [people.astype(int), _rank(people)]
        sheets.append(_sheet(sheet, head, areas, columns, freeze=(2, 1)))
    data = xlsx_bytes(sheets, title="English Indices of Deprivation 2019 (synthetic sample)")
    return atomic_write(Path(out) / IMD_FILE, data)


def _sheet(name: str, head: list[str], areas: pd.DataFrame, columns: list, *, freeze: tuple[int, int]) -> Sheet:
    """One index sheet: the header, then a row per area (code, name, the columns' values)."""
    rows: list[list[object]] = [head]
    for i, (code, area_name) in enumerate(zip(areas["code"], areas["name"])):
        cells: list[object] = [str(code), str(area_name)]
        for column in columns:
            value = column[i]
            cells.append(int(value) if isinstance(value, (int, np.integer)) else float(value))
        rows.append(cells)
    widths = {**_WIDTHS, **{c: 16.0 for c in range(3, len(head) + 1)}, len(head) + 1: 9.109375}
    return Sheet(name, rows, widths=widths, freeze=freeze)
