"""Loading a model runs no code from it: crafted pickles, old formats, signatures, extras."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import joblib
import numpy as np
import pytest

from classify import Predictor
from classify.bundle import load_bundle, model_paths, read_manifest, save_bundle
from classify.cli import main
from classify.errors import ModelError

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "data" / "samples" / "01_yaowen.txt"


class _Payload:
    """Pickles as a call of `func(*args)`: what an attacker's model file would hold."""

    def __init__(self, func, *args) -> None:
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args


def _crafted(small_bundle: Path, tmp_path: Path, evil: object, name: str = "evil") -> Path:
    """A model file holding `evil`, and a manifest (current format) whose sha256 matches it."""
    buf = io.BytesIO()
    joblib.dump({"format": 2, "classifier": evil}, buf, compress=3)
    data = buf.getvalue()
    out = tmp_path / name
    model, manifest = model_paths(out)
    model.write_bytes(data)
    info = read_manifest(small_bundle)
    info["sha256"] = hashlib.sha256(data).hexdigest()
    manifest.write_text(json.dumps(info), encoding="utf-8")
    return out


def _attacks(marker: Path) -> list[tuple[str, object]]:
    touch = f"touch {marker}"
    return [
        ("os.system", _Payload(os.system, touch)),
        ("builtins.exec", _Payload(exec, f"open({str(marker)!r}, 'w').close()")),
        ("pathlib.Path", _Payload(Path, str(marker))),
        # an array of Python objects is a nested pickle inside joblib's format
        ("object array", np.array([_Payload(os.system, touch)], dtype=object)),
    ]


@pytest.mark.parametrize("which", range(4))
def test_crafted_model_is_refused_and_runs_nothing(small_bundle, tmp_path, which):
    marker = tmp_path / "pwned"
    label, evil = _attacks(marker)[which]
    path = _crafted(small_bundle, tmp_path, evil)
    for unverified in (False, True):  # skipping the sha256 check never lifts the allow-list
        with pytest.raises(ModelError) as err:
            if unverified:
                with pytest.warns(UserWarning):
                    Predictor.load(path, allow_unverified=True)
            else:
                Predictor.load(path)
        message = str(err.value)
        assert str(model_paths(path)[0]) in message and "refused" in message, label
        assert not marker.exists(), label


def test_crafted_model_is_refused_by_classify_tag(small_bundle, tmp_path, capsys):
    marker = tmp_path / "pwned"
    path = _crafted(small_bundle, tmp_path, _Payload(os.system, f"touch {marker}"))
    code = main(["tag", str(PAGE), "--model", str(path), "--jobs", "1", "-q"])
    err = capsys.readouterr().err
    assert code == 2 and "system" in err and "refused" in err
    assert not marker.exists()


def test_old_format_is_refused_with_retrain_advice(small_bundle, tmp_path):
    out = tmp_path / "old"
    model, manifest = model_paths(out)
    shutil.copy(model_paths(small_bundle)[0], model)
    info = read_manifest(small_bundle)
    info["format"] = 1
    manifest.write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(ModelError, match=r"python train\.py.*classify train"):
        load_bundle(out)
    # a format-1 file (pickled objects) that claims to be current is refused by the allow-list
    from helpers import examples

    from classify.data import Example
    from classify.training import train

    result = train([Example(t, lab) for t, lab in examples()], cv=0, fit_summarizer=False)
    legacy = _crafted(small_bundle, tmp_path, result.estimator, "legacy")
    with pytest.raises(ModelError, match="classify.classifier.DomainClassifier"):
        load_bundle(legacy)


def test_extras_round_trip(small_bundle, tmp_path):
    bundle = load_bundle(small_bundle)
    bundle.extras = {"line_roles": {"weights": np.arange(12, dtype=np.float32).reshape(3, 4),
                                    "vocabulary": {"本报讯": 0, "记者": 1},
                                    "transitions": np.eye(3), "labels": ["title", "body", "byline"]}}
    out = tmp_path / "with_extras"
    info = save_bundle(bundle, out, {k: v for k, v in bundle.manifest.items() if k != "sha256"})
    assert info["extras"] == ["line_roles"]
    loaded = load_bundle(out).extras["line_roles"]
    assert loaded["weights"].dtype == np.float32 and (loaded["weights"] == bundle.extras["line_roles"]["weights"]).all()
    assert loaded["vocabulary"] == {"本报讯": 0, "记者": 1} and loaded["labels"] == ["title", "body", "byline"]
    assert (loaded["transitions"] == np.eye(3)).all()
    bundle.extras = {"bad": {"model": object()}}
    with pytest.raises(ValueError, match=r"extras\['bad'\]\['model'\]"):
        save_bundle(bundle, tmp_path / "bad")
    assert not model_paths(tmp_path / "bad")[0].exists()


def test_loading_and_predicting_import_neither_sklearn_nor_scipy_stats(default_model):
    code = (
        "import sys, classify\n"
        "from classify import Predictor\n"
        "p = Predictor.load()\n"
        "loaded = sorted(m for m in ('sklearn', 'scipy.stats') if m in sys.modules)\n"
        "p.analyze_many([('反诈宣传进社区', '民警提醒：刷单返利都是诈骗，不要向陌生账户转账。')])\n"
        "used = sorted(m for m in ('sklearn', 'scipy.stats') if m in sys.modules)\n"
        "print(loaded, used)\n"
    )
    env = {**os.environ, "CLASSIFY_MODEL": str(default_model)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=120, check=True)
    assert out.stdout.strip() == "[] []"


def test_shipped_model_is_current_format_and_records_its_tokenizer(default_model):
    from classify.tokenize import BACKENDS

    info = read_manifest(default_model)
    assert info["format"] == 2
    assert info["tokenizer"]["backend"] in BACKENDS
    # the backend a default install gets (rjieba is a default dependency)
    assert info["tokenizer"]["backend"] == "rjieba"


# ----------------------------------------------------------------------------------------------
# Signatures


@pytest.fixture()
def keys(tmp_path):
    pytest.importorskip("cryptography", reason="signatures need the optional cryptography package")
    from classify.signing import generate_key

    return generate_key(tmp_path / "key"), generate_key(tmp_path / "other")


def test_signed_model_loads_with_its_key_only(small_bundle, tmp_path, keys, monkeypatch):
    from classify.signing import sign

    (private, public), (_, other_public) = keys
    path = tmp_path / "m"
    for src, dst in zip(model_paths(small_bundle), model_paths(path), strict=True):
        shutil.copy(src, dst)
    with pytest.raises(ModelError, match="not signed"):
        Predictor.load(path, trusted_keys=[public])
    assert main(["model", "sign", str(path), "--key", str(private)]) == 0
    assert sign(path, private).exists()
    assert Predictor.load(path, trusted_keys=[public]).labels
    assert Predictor.load(path, trusted_keys=[other_public, public]).labels
    with pytest.raises(ModelError, match="not signed by any trusted key"):
        Predictor.load(path, trusted_keys=[other_public])
    monkeypatch.setenv("CLASSIFY_TRUSTED_KEYS", str(other_public))
    with pytest.raises(ModelError, match="not signed by any trusted key"):
        Predictor.load(path)
    monkeypatch.setenv("CLASSIFY_TRUSTED_KEYS", str(public))
    assert Predictor.load(path).labels
    # an edited manifest (here: a lower threshold) no longer matches its signature
    manifest = model_paths(path)[1]
    info = json.loads(manifest.read_text(encoding="utf-8"))
    info["display_names"]["other"] = "别的"
    manifest.write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(ModelError, match="not signed by any trusted key"):
        Predictor.load(path)


# ----------------------------------------------------------------------------------------------
# Tokenizer backends and user dictionaries


def _backends():
    from classify.tokenize import BACKENDS, available

    return [pytest.param(b, marks=pytest.mark.skipif(not available(b), reason=f"{b} is not installed"))
            for b in BACKENDS]


@pytest.mark.parametrize("backend", _backends())
def test_user_dictionary_works_with_every_backend(backend, tmp_path):
    from classify.tokenize import Tokenizer, parse_user_dict

    text = "市民参加了临河区数智服务站启用仪式。"
    plain = Tokenizer(backend).cut(text)
    assert "数智服务站" not in plain
    custom = Tokenizer(backend, parse_user_dict("数智服务站 10 n\n临河区\n")).cut(text)
    assert "数智服务站" in custom and "临河区" in custom and "".join(custom) == text


def test_user_dictionary_is_kept_in_the_model(tmp_path, monkeypatch):
    from helpers import write_jsonl

    rows = [{"text": f"{w}第{i}期活动举行，数智服务站启用。", "label": lab}
            for lab, w in (("a", "招聘"), ("b", "诈骗")) for i in range(6)]
    data = write_jsonl(tmp_path / "d.jsonl", rows)
    user_dict = tmp_path / "dict.txt"
    user_dict.write_text("数智服务站 10 n\n", encoding="utf-8")
    out = tmp_path / "m"
    assert main(["train", "--data", str(data), "--out", str(out), "--cv", "0", "-q",
                 "--user-dict", str(user_dict)]) == 0
    info = read_manifest(out)
    assert info["tokenizer"]["user_dict_words"] == 1
    predictor = Predictor.load(out)
    assert "数智服务站" in predictor.tokenizer.cut("数智服务站启用")
    bad = tmp_path / "bad.txt"
    bad.write_text("好词 10 n extra\n", encoding="utf-8")
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "x"), "--cv", "0", "-q",
                 "--user-dict", str(bad)]) == 1
