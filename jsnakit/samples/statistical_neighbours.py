"""The sample DfE children's services statistical neighbours, in the layout LAIT publishes
(:func:`write_statistical_neighbours`): 10 synthetic neighbours per LA, the nearest on the latent characteristics."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .common import atomic_write
from .latent import Latent
from .xlsx import Sheet, xlsx_bytes

__all__ = ["SN_FILE", "SN_HEADER", "SN_CLOSENESS", "GO_REGION", "INNER_LONDON", "write_statistical_neighbours"]

SN_FILE = "dfe_statistical_neighbours/sn_groups.xlsx"

SN_HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [
    x for n in range(1, 11) for x in (f"SN{n}", "SNP")]
SN_CLOSENESS = ("Very close", "Close", "Somewhat close")

#: DfE government office region codes (GOInd) and names (GOReg) of the statistical neighbour file.
GO_REGION = {
    "E12000004": (1, "East Midlands"),
    "E12000006": (2, "East of England"),
    "E12000007": (3, "London"),
    "E12000001": (4, "North East"),
    "E12000002": (5, "North West"),
    "E12000008": (6, "South East"),
    "E12000009": (7, "South West"),
    "E12000005": (8, "West Midlands"),
    "E12000003": (9, "Yorkshire and the Humber"),
}
#: London boroughs the statistical neighbour file calls "London (Inner)" (DfE numbers); the rest are "London (Outer)".
INNER_LONDON = frozenset({"201", "202", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213",
                          "309", "316"})


def _statistical_neighbours(latent: Latent) -> tuple[np.ndarray, np.ndarray]:
    """The 10 nearest LAs of each LA on the latent characteristics, and their distances.

    Distance: Euclidean on (deprivation z, log population aged 0-25 in standard units), plus 1.0 when the area types
    differ. Ties are broken by LA order.
    """
    z = latent.params["deprivation"].to_numpy()
    size = np.log(latent.params["pop0_25"].to_numpy())
    size = (size - size.mean()) / size.std()
    kind = latent.las["area_type"].to_numpy()
    d = np.sqrt((z[:, None] - z[None, :]) ** 2 + (size[:, None] - size[None, :]) ** 2
                + (kind[:, None] != kind[None, :]) * 1.0)
    np.fill_diagonal(d, np.inf)
    order = np.argsort(d, axis=1, kind="stable")[:, :10]
    return order, np.take_along_axis(d, order, axis=1)


def write_statistical_neighbours(out: Path, latent: Latent) -> Path:
    """Write ``dfe_statistical_neighbours/sn_groups.xlsx`` (synthetic statistical neighbours).

    Layout of the DfE children's services statistical neighbour benchmarking tool (sheet ``LA SN Groups``, as in
    ``sn_may_2025.xlsx`` of LAIT): a row of column letters and a row of column numbers, then ``LA num, LA Name, LA
    number, GOInd, GOReg, SN1, SNP, .., SN10, SNP``; one row per LA by name. SN codes are DfE 3-digit numbers; GOInd /
    GOReg code regions as the real file does (London split into Inner and Outer). The neighbours are the 10 nearest
    LAs on the synthetic latent characteristics (:func:`_statistical_neighbours`); SNP bands the distance: the closest
    half of all neighbour distances "Very close", the next 35% "Close", the rest "Somewhat close".

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
    order, dist = _statistical_neighbours(latent)
    cuts = np.quantile(dist, [0.50, 0.85])
    band = np.searchsorted(cuts, dist, side="left")
    las = latent.las
    dfe = las["dfe_code"].astype(int).to_numpy()
    rows: list[list[object]] = [["A", "B", "C", "D", "E"] + list(range(3, 23)), list(range(1, 26)), list(SN_HEADER)]
    for i in sorted(range(len(las)), key=lambda i: las.loc[i, "area_name"]):
        go_ind, go_reg = GO_REGION[las.loc[i, "region_code"]]
        if go_ind == 3:
            go_reg = "London (Inner)" if las.loc[i, "dfe_code"] in INNER_LONDON else "London (Outer)"
        row: list[object] = [int(dfe[i]), las.loc[i, "area_name"], int(dfe[i]), go_ind, go_reg]
        for j in range(10):
            row += [int(dfe[order[i, j]]), SN_CLOSENESS[band[i, j]]]
        rows.append(row)
    widths = {1: 9.140625, 2: 28.5703125, 3: 12, 4: 6.28515625, 5: 25}
    widths.update({c: 9.140625 if c % 2 == 0 else 15.140625 for c in range(6, 26)})
    data = xlsx_bytes([Sheet("LA SN Groups", rows, widths=widths)], title="Statistical neighbours (synthetic)")
    return atomic_write(Path(out) / SN_FILE, data)
