"""The LA-level file of *Special educational needs in England* as "Download all data" gives it,
``sen_phase_type_.csv`` (one row per phase and type of school, a column per provision: ``total_pupils``,
``ehc_plan``, ``sen_support``; its columns as DfE's SEND-AP-Inclusion-Dashboard reads them), made here from the
sample file of the same figures in the long layout: both read to the same counts, and a folder holding it gives the
school-census prevalence in full."""
from __future__ import annotations

import csv
import io

import pytest

from jsnakit.needs import profile
from jsnakit.factsheets import sections
from jsnakit.catalog import Catalog, identify
from jsnakit.core.errors import InputError
from jsnakit.sources import dfe

LONG = "dfe_sen_in_england/data-special-educational-needs-in-england.csv"
HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
          "region_name", "old_la_code", "new_la_code", "la_name", "phase_type_grouping", "type_of_establishment",
          "hospital_school", "total_pupils", "sen_support", "sen_support_percent", "ehc_plan", "ehc_plan_percent"]
COLUMN = {"Total": "total_pupils", "Education, health and care plan": "ehc_plan",
          "SEN support / SEN without an EHC plan": "sen_support"}


def _wide(samples, tmp_path):
    """The sample long file pivoted to the sen_phase_type_ layout, with a State-funded primary row per area that
    the reader must leave out."""
    rows = list(csv.DictReader(io.StringIO((samples / LONG).read_text(encoding="utf-8"))))
    keys = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
            "region_name", "old_la_code", "new_la_code", "la_name"]
    wide: dict = {}
    for row in rows:
        if row["sen_provision"] not in COLUMN:
            continue
        record = wide.setdefault(tuple(row.get(k, "") for k in keys), {})
        record[COLUMN[row["sen_provision"]]] = row["pupil_count"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for key, counts in wide.items():
        base = list(key) + ["Total", "Total", "Total"]
        writer.writerow(base + [counts["total_pupils"], counts["sen_support"], "", counts["ehc_plan"], ""])
        writer.writerow(list(key) + ["State-funded primary", "Total", "Total", "1", "0", "", "0", ""])
    path = tmp_path / "sen_phase_type_.csv"
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    return path


def test_the_wide_file_reads_to_the_same_counts_as_the_long_one(samples, tmp_path):
    path = _wide(samples, tmp_path)
    assert identify(path) == ["sen_provision"]
    keys = ["period", "area_code", "category"]
    wide = dfe.read_sen_provision(path).set_index(keys)["count"].sort_index()
    long = dfe.read_sen_provision(samples / LONG).set_index(keys)["count"].sort_index()
    assert len(wide) == len(long) > 1000 and wide.equals(long)
    # Islington, January 2026 (the sample file): 3,023 of 40,248 pupils with an EHC plan.
    assert wide[("2025/26", "E09000019", "EHC plan")] == 3023 and wide[("2025/26", "E09000019", "All pupils")] == 40248


def test_a_folder_with_the_wide_file_has_the_census_prevalence(samples, tmp_path):
    _wide(samples, tmp_path)
    catalog = Catalog(tmp_path, cache_dir=False)
    assert sections.available(profile.published(catalog), catalog, "prevalence", "E09000019") == ["census"]


def test_pupils_with_a_plan_above_all_pupils_in_the_wide_file(samples, tmp_path):
    path = _wide(samples, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if ",E09000019," in line and ",Total,Total,Total," in line)
    cells = lines[at].rstrip("\r\n").split(",")
    cells[HEADER.index("ehc_plan")] = str(int(cells[HEADER.index("total_pupils")]) + 1)
    lines[at] = ",".join(cells) + "\r\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=rf"sen_phase_type_.csv, row {at + 1}, column 'ehc_plan': expected no more "
                                         r"than total_pupils in the same row"):
        dfe.read_sen_provision(path)
