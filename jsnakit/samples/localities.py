"""The sample localities of the gap-mapping areas (:func:`write_localities`): synthetic MSOA population-weighted
centroids, in the layout of the ONS Open Geography Portal, and their ages, in the layout of Census 2021 table TS007A."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from .common import atomic_write, csv_bytes, normalise, transformer
from .gap_areas import GAP_AREAS, PROVISION_AREAS
from .latent import POP_YEARS, Latent
from .provision import area_polygons, boundary_source

__all__ = ["CENTROIDS_FILE", "CENSUS_AGE_FILE", "FIRST_SYNTHETIC_MSOA", "CENSUS_YEAR", "CENSUS_AGE_HEADER",
           "write_localities"]

CENTROIDS_FILE = "ons_centroids/MSOA_2021_population_weighted_centroids.geojson"
CENSUS_AGE_FILE = "ons_census/census2021-ts007a-msoa.csv"

#: The synthetic MSOA codes run from E02990001: far above the real E02 codes (E02000001 to E02007xxx).
FIRST_SYNTHETIC_MSOA = 990001
#: The mid-year whose population (ages 0-90) the synthetic Census 2021 localities share out.
CENSUS_YEAR = 2021
#: Header of the Nomis bulk file of Census 2021 TS007A "Age by five-year age bands".
CENSUS_AGE_HEADER = ["date", "geography", "geography code", "Age: Total", "Age: Aged 4 years and under"] + [
    f"Age: Aged {a} to {a + 4} years" for a in range(5, 85, 5)] + ["Age: Aged 85 years and over"]


def _draw_localities(latent: Latent, polygons: dict) -> pd.DataFrame:
    """Synthetic MSOAs: a point, code, name and population by five-year age band for each.

    Each area's localities are shared between its places by weight (largest remainders), drawn around each place's
    centre (normal, sd ``spread_km``) inside the area (50 m in from the boundary) and at least ``spacing_m`` apart,
    and named after their lower-tier LA, numbered from north to south as ONS numbers MSOAs. The area's population
    at mid-:data:`CENSUS_YEAR` in each five-year band is shared between its localities by multinomial draws, with
    weights = the place's weight / its number of localities x a log-normal size x an age tilt (more young adults
    here, more children there); so the localities' 0-24 population adds up to the area's exactly.
    """
    import shapely

    rng = latent.rng("localities")
    to_grid = transformer(4326, 27700)
    t = POP_YEARS.index(CENSUS_YEAR)
    persons = latent.females[t] + latent.males[t]
    codes = latent.las["area_code"].to_numpy()
    band_of_age = np.minimum(np.arange(91) // 5, 17)
    young_adult = np.exp(-(((np.arange(18) - 4.5) / 1.5) ** 2))
    child = (np.arange(18) <= 3).astype(float)
    frames = []
    for code in PROVISION_AREAS:
        area = GAP_AREAS[code]
        inner = polygons[code].buffer(-50.0)
        weights = np.array([p.weight for p in area.places])
        share = weights / weights.sum() * area.msoas
        counts = np.floor(share).astype(int)
        order = np.argsort(-(share - counts), kind="stable")
        counts[order[: area.msoas - counts.sum()]] += 1
        xs, ys, owners = [], [], []
        for place, n in zip(area.places, counts):
            x0, y0 = to_grid.transform(place.lon, place.lat)
            for _ in range(n):
                spacing = area.spacing_m
                for attempt in range(1, 3001):
                    x = x0 + rng.normal(0.0, place.spread_km * 1000.0)
                    y = y0 + rng.normal(0.0, place.spread_km * 1000.0)
                    if inner.contains(shapely.Point(x, y)) and all(
                            np.hypot(x - px, y - py) >= spacing for px, py in zip(xs, ys)):
                        break
                    if attempt % 300 == 0:
                        spacing *= 0.85
                else:
                    raise ValueError(f"no room for a locality near {place.name} in {area.name}")
                xs.append(x)
                ys.append(y)
                owners.append(place)
        n = len(xs)
        size = np.array([p.weight / counts[area.places.index(p)] for p in owners]) * np.exp(rng.normal(0.0, 0.2, n))
        tilt = np.exp(rng.normal(0.0, 0.35, n)[:, None] * young_adult[None, :]
                      + rng.normal(0.0, 0.15, n)[:, None] * child[None, :] + rng.normal(0.0, 0.05, (n, 18)))
        la_bands = np.bincount(band_of_age, weights=persons[int(np.flatnonzero(codes == code)[0])],
                               minlength=18).astype(np.int64)
        bands = np.zeros((n, 18), dtype=np.int64)
        for k in range(18):
            bands[:, k] = rng.multinomial(la_bands[k], normalise(size * tilt[:, k]))
        frame = pd.DataFrame({"area_code": code, "district": [p.district for p in owners], "x": xs, "y": ys})
        frame[[f"band{k}" for k in range(18)]] = bands
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["_order"] = out["area_code"].map({c: i for i, c in enumerate(PROVISION_AREAS)})
    out = out.sort_values(["_order", "district", "y"], ascending=[True, True, False], kind="stable")
    out["number"] = out.groupby(["area_code", "district"]).cumcount() + 1
    out = out.sort_values(["_order", "district", "number"], kind="stable").reset_index(drop=True)
    out["locality_code"] = [f"E02{FIRST_SYNTHETIC_MSOA + i}" for i in range(len(out))]
    out["locality_name"] = [f"{d} {k:03d}" for d, k in zip(out["district"], out["number"])]
    out["lon"], out["lat"] = transformer(27700, 4326).transform(out["x"].to_numpy(), out["y"].to_numpy())
    import uuid

    out["global_id"] = [str(uuid.UUID(bytes=rng.bytes(16), version=4)) for _ in range(len(out))]
    return out.drop(columns=["_order"])


def write_localities(out: Path, latent: Latent, *, boundaries=None) -> list[Path]:
    """Write the synthetic localities of the gap-mapping sample areas: MSOA centroids and Census 2021 ages.

    ``ons_centroids/MSOA_2021_population_weighted_centroids.geojson``: a GeoJSON FeatureCollection laid out like the
    ONS Open Geography Portal download of "Middle layer Super Output Areas (December 2021) Population Weighted
    Centroids" (properties ``FID, MSOA21CD, MSOA21NM, GlobalID``; WGS84 longitude/latitude, 6 decimals, with the
    ``crs`` member GDAL writes), one point per synthetic MSOA of Islington, Rochdale and Cambridgeshire, inside the
    area's boundary. Codes are E02990001 onwards (no real MSOA has them); names are the lower-tier LA's name and a
    number from north to south, as ONS names MSOAs.

    ``ons_census/census2021-ts007a-msoa.csv``: the same MSOAs in the layout of the Nomis bulk download of Census 2021
    table TS007A "Age by five-year age bands" (``date, geography, geography code, Age: Total, Age: Aged 4 years and
    under, ..., Age: Aged 85 years and over``; LF, no BOM); whole numbers, ``Age: Total`` the sum of the bands. The
    area's population at mid-2021 (of the sample MYE) is shared out between its MSOAs (see
    :func:`_draw_localities`), so their population aged 0-24 adds up to the area's.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.
    boundaries : path, optional
        The CTYUA boundary GeoJSON the points are drawn in; default: the one in ``out`` if it holds the sample
        areas, else the committed one.

    Returns
    -------
    list of pathlib.Path
        The two files written.

    Examples
    --------
    >>> write_localities(Path("data_samples"), build_latent())  # doctest: +SKIP
    [PosixPath('data_samples/ons_centroids/MSOA_2021_population_weighted_centroids.geojson'),
     PosixPath('data_samples/ons_census/census2021-ts007a-msoa.csv')]
    """
    polygons = area_polygons(boundary_source(out, boundaries))
    localities = _draw_localities(latent, polygons)
    features = []
    for i, r in localities.iterrows():
        props = json.dumps({"FID": i + 1, "MSOA21CD": r["locality_code"], "MSOA21NM": r["locality_name"],
                            "GlobalID": r["global_id"]}, separators=(",", ":"))
        features.append('{"type":"Feature","properties":' + props + ',"geometry":{"type":"Point","coordinates":['
                        + f"{r['lon']:.6f},{r['lat']:.6f}" + "]}}")
    text = ('{"type":"FeatureCollection","name":"MSOA_2021_population_weighted_centroids","crs":{"type":"name",'
            '"properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[\n' + ",\n".join(features) + "\n]}\n")
    centroids = atomic_write(Path(out) / CENTROIDS_FILE, text.encode("utf-8"))
    rows = []
    for _, r in localities.iterrows():
        bands = [int(r[f"band{k}"]) for k in range(18)]
        rows.append([str(CENSUS_YEAR), r["locality_name"], r["locality_code"], str(sum(bands))]
                    + [str(v) for v in bands])
    census = atomic_write(Path(out) / CENSUS_AGE_FILE, csv_bytes(CENSUS_AGE_HEADER, rows, bom=False, crlf=False))
    return [centroids, census]
