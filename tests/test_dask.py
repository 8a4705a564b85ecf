"""``--executor dask`` (issue 20): the batch on a dask.distributed cluster, here a LocalCluster started by the test
and named by address, as an existing cluster (dask-jobqueue, Kubernetes) would be: every area done, the kernels the
batch started on the workers stopped when it ends (the worker plugin's teardown), the cluster left running."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jsnakit import cli
from jsnakit.factsheets import batch

distributed = pytest.importorskip("distributed", reason="the dask extra (pip install 'jsnakit[dask]')")

STUB = Path(__file__).parent / "fixtures" / "stub_factsheet.ipynb"
AREAS = ["E09000019", "E08000005", "E10000003", "E06000017"]

pytestmark = pytest.mark.slow


def _kernels_running(client) -> dict:
    def count():
        from jsnakit.factsheets import kernels

        return kernels._KERNELS.running()

    return client.run(count)


def test_the_batch_runs_on_a_dask_cluster_named_by_address(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sen_pupils.csv").write_text("area_code,count\nE09000019,100\n", encoding="utf-8")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        code = cli.main(["factsheets", "--areas", *AREAS, "--data", str(data), "--workbook", str(STUB),
                         "--out", str(out), "--executor", "dask", "--scheduler", cluster.scheduler_address,
                         "--quiet"])
        assert code == cli.EXIT_OK
        # the kernels the batch started on the workers are stopped when it ends; the cluster itself keeps running
        assert set(_kernels_running(client).values()) == {0}
        assert client.submit(lambda: "still up").result() == "still up"
    doc = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {a["area_code"]: a["status"] for a in doc["areas"]} == dict.fromkeys(AREAS, "done")
    for area in AREAS:
        assert "data:image/png;base64" in (out / f"{area}.html").read_text(encoding="utf-8")


def test_scheduler_needs_the_dask_executor(tmp_path, capsys):
    code = cli.main(["factsheets", "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:8786"])
    assert code == cli.EXIT_USAGE
    assert "--scheduler needs --executor dask; got --executor process" in capsys.readouterr().err


def test_dask_is_a_registered_executor_when_installed():
    assert "dask" in batch.executors()
