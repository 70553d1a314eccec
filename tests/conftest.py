"""Shared fixtures. Tests that need ../shared (seeds, corpora, gold) skip with the reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the calling test with a clear reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the project's shared data, present in CI, absent in a user's clone)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("samples", "seeds")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of the bundled sample corpus, ingested (and linked) once per test session. Read it only."""
    import storyline

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    report = storyline.ingest([str(storyline.sample_corpus_path())], path)
    assert report.ok and report.new >= 44, report
    return path
