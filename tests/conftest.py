from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import examples  # noqa: E402

# Property tests draw the same examples on every run (the suite must be deterministic); a case
# found once is kept as an explicit @example beside its test.
from hypothesis import settings  # noqa: E402

settings.register_profile("deterministic", derandomize=True)
settings.load_profile("deterministic")


@pytest.fixture(scope="session")
def small_bundle(tmp_path_factory):
    """A bundle trained on the test texts (fast), saved and verified like a real model."""
    from classify.bundle import save_bundle
    from classify.data import Example
    from classify.training import train

    rows = [Example(text, label) for text, label in examples()]
    result = train(rows, cv=2)
    path = tmp_path_factory.mktemp("model") / "small"
    save_bundle(result.bundle, path, result.manifest)
    return path


@pytest.fixture(scope="session")
def small_predictor(small_bundle):
    from classify import Predictor

    return Predictor.load(small_bundle)


@pytest.fixture(scope="session")
def default_model():
    path = ROOT / "models" / "domains.joblib"
    if not path.exists():
        pytest.fail("models/domains.joblib is missing: run `python train.py`")
    return ROOT / "models" / "domains"


@pytest.fixture(scope="session")
def sample_issue_records(default_model, tmp_path_factory):
    """`classify tag data/samples` once for the issue and digest tests: the records, in order."""
    import json

    from classify.cli import main

    out = tmp_path_factory.mktemp("issue") / "issue.jsonl"
    assert main(["tag", str(ROOT / "data" / "samples"), "-o", str(out), "--jobs", "1", "-q"]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
