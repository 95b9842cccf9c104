"""Parallel extraction (--jobs) and Dask (--scheduler) give exactly the serial output."""

import json
from pathlib import Path

import pytest
from gazhelpers import DATA

from geo.export import geojson_text
from geo.gazetteer import Gazetteer
from geo.pipeline import run


def _text(result) -> str:
    return geojson_text(result.incidents, result.tallies)


@pytest.fixture(scope="module")
def serial(curated: Gazetteer):
    return run([DATA / "devset"], gazetteer=curated)


def test_jobs_give_identical_output(curated: Gazetteer, serial) -> None:
    parallel = run([DATA / "devset"], gazetteer=curated, jobs=2)
    assert parallel.documents == serial.documents
    assert _text(parallel) == _text(serial)


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_output(curated: Gazetteer, serial) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        result = run([DATA / "devset"], gazetteer=curated, scheduler=cluster.scheduler_address)
    assert result.documents == serial.documents
    assert _text(result) == _text(serial)


def test_unreachable_scheduler_is_one_error(curated: Gazetteer, tmp_path: Path) -> None:
    from geo.errors import InputError

    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        run([DATA / "devset"], gazetteer=curated, scheduler="tcp://127.0.0.1:9")


def test_malformed_scheduler_address_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geo.cli import main

    out = tmp_path / "o.geojson"
    assert main(["extract", str(DATA / "devset"), "-o", str(out), "--scheduler", "nonsense"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("geomap: error: --scheduler 'nonsense' is not a scheduler address")
    assert not out.exists()


def test_cli_jobs(tmp_path: Path) -> None:
    from geo.cli import main

    out = tmp_path / "o.geojson"
    assert main(["-q", "extract", str(DATA / "devset"), "-o", str(out), "--jobs", "2"]) == 0
    assert len(json.loads(out.read_text())["features"]) > 30
    assert (
        main(["extract", str(DATA / "devset"), "-o", str(tmp_path / "x.geojson"), "--jobs", "0"])
        == 2
    )
