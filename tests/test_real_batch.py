"""Every upper-tier local authority from the real published files (issue 14): ``jsnakit factsheets --data
../shared/data/real --all`` ends with 153 done, 0 failed. About 9 minutes on 2 cores, so it is marked
``full_batch`` and left out of the default run (``pytest -m full_batch`` runs it; ``.ci/run`` does, after the
README's test command)."""
from __future__ import annotations

import json
import re

import pytest

from jsnakit import cli
from jsnakit.core import geography

pytestmark = [pytest.mark.slow, pytest.mark.full_batch]


def test_every_local_authority_from_the_real_folder(real, tmp_path, capsys):
    out = tmp_path / "factsheets"
    status = cli.main(["factsheets", "--data", str(real), "--all", "--out", str(out), "--quiet"])
    summary = capsys.readouterr().out
    assert status == 0, summary
    assert re.match(r"factsheets: 153 done, 0 failed, 0 skipped in [\d.]+ s", summary.strip())
    records = json.loads((out / "manifest.json").read_text())["areas"]
    assert sorted(r["area_code"] for r in records) == sorted(geography.local_authorities()["area_code"])
    assert {r["status"] for r in records} == {"done"}
    for record in records:
        page = (out / record["output"]).read_text(encoding="utf-8")
        assert ">Prevalence<" in page and ">Data, methods and caveats<" in page, record["area_code"]
        assert "Synthetic data" not in page
