"""Shared fixtures: tiny gazetteers written in code, the curated one, and the seeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gazhelpers import ROOT, SHARED, write_gazetteer

from geo.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def tiny_gaz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gazetteer(tmp_path_factory.mktemp("gaz"))


@pytest.fixture
def tiny_gaz(tiny_gaz_dir: Path) -> Gazetteer:
    return load_gazetteer(tiny_gaz_dir)


@pytest.fixture(scope="session")
def curated() -> Gazetteer:
    return load_gazetteer(ROOT / "gazetteer")


@pytest.fixture
def seeds_dir() -> Iterator[Path]:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    yield seeds
