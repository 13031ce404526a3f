from __future__ import annotations

import shutil

import pytest

from classify import Predictor
from classify.bundle import load_bundle, model_paths, read_manifest, verify
from classify.errors import ModelError


def _copy(src, dst_dir):
    model, manifest = model_paths(src)
    shutil.copy(model, dst_dir / model.name)
    shutil.copy(manifest, dst_dir / manifest.name)
    return dst_dir / model.stem


def test_manifest_round_trip(small_bundle):
    info = read_manifest(small_bundle)
    for key in ("sha256", "labels", "display_names", "threshold", "versions", "training_data", "cv", "created"):
        assert key in info
    assert set(info["versions"]) >= {"classify", "scikit-learn", "jieba", "python"}
    bundle = load_bundle(small_bundle)
    assert bundle.labels == info["labels"] and bundle.threshold == info["threshold"]
    assert info["display_names"]["anti_fraud"] == "反诈防骗"
    assert info["training_data"]["counts"]["culture"] == 8


def test_flipped_byte_is_refused_before_unpickling(small_bundle, tmp_path, monkeypatch):
    path = _copy(small_bundle, tmp_path)
    model, _ = model_paths(path)
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))

    from classify import _safe_pickle

    def boom(*a, **k):  # unpickling must not even be attempted
        raise AssertionError("unpickling attempted on an unverified file")

    monkeypatch.setattr(_safe_pickle, "safe_load", boom)
    with pytest.raises(ModelError) as err:
        Predictor.load(path)
    assert str(model) in str(err.value) and "sha256" in str(err.value)


def test_missing_manifest_is_refused(small_bundle, tmp_path):
    path = _copy(small_bundle, tmp_path)
    model_paths(path)[1].unlink()
    with pytest.raises(ModelError, match="manifest missing"):
        load_bundle(path)
    with pytest.warns(UserWarning, match="WITHOUT verifying"):
        assert load_bundle(path, allow_unverified=True).labels


def test_verify_accepts_an_intact_bundle(small_bundle):
    assert verify(small_bundle)["sha256"] == read_manifest(small_bundle)["sha256"]


def test_paths_accept_any_suffix(small_bundle):
    assert model_paths(str(small_bundle) + ".joblib") == model_paths(str(small_bundle) + ".json")


def test_missing_tokenizer_backend_warns_and_falls_back(small_bundle, monkeypatch):
    from classify import tokenize

    trained = read_manifest(small_bundle)["tokenizer"]["backend"]
    real = tokenize.available
    monkeypatch.setattr(tokenize, "available", lambda name: name != trained and real(name))
    if not any(tokenize.available(b) for b in tokenize.BACKENDS):
        pytest.skip("only one tokenizer backend is installed, nothing to fall back to")
    with pytest.warns(UserWarning, match=f"trained with the {trained} tokenizer, which is not installed"):
        predictor = Predictor.load(small_bundle)
    assert predictor.tokenizer.backend != trained
    assert predictor.predict("民警提醒：刷单返利都是诈骗。").label == "anti_fraud"


def test_env_variable_selects_the_model(small_bundle, monkeypatch):
    monkeypatch.setenv("CLASSIFY_MODEL", str(small_bundle))
    assert Predictor.load().manifest["sha256"] == read_manifest(small_bundle)["sha256"]


def test_training_is_reproducible_to_the_byte(tmp_path):
    """Same data, any hash seed: the same model file (so its sha256 identifies the model)."""
    import os
    import subprocess
    import sys

    from classify.bundle import sha256_file

    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from helpers import examples;"
        "from classify.data import Example; from classify.training import train;"
        "from classify.bundle import save_bundle;"
        "r = train([Example(t, l) for t, l in examples()], cv=2);"
        "save_bundle(r.bundle, sys.argv[1], r.manifest)"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shas = []
    for seed in ("1", "2"):
        out = tmp_path / f"m{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(out)], check=True, cwd=root, env=env)
        shas.append(sha256_file(model_paths(out)[0]))
    assert shas[0] == shas[1]
