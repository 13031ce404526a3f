"""The restricted unpickler reads joblib's array records itself (no joblib import): every array
layout joblib writes must come back equal to what `joblib.load` gives."""

from __future__ import annotations

import io
import subprocess
import sys

import joblib
import numpy as np
import pytest

from classify._safe_pickle import safe_load
from classify.errors import ModelError


def _dump(value, compress: int) -> bytes:
    buf = io.BytesIO()
    joblib.dump(value, buf, compress=compress)
    return buf.getvalue()


def test_arrays_of_every_layout_read_as_joblib_reads_them(tmp_path):
    rng = np.random.default_rng(0)
    payload = {
        "c_order": rng.normal(size=(3, 5)),
        "f_order": np.asfortranarray(rng.normal(size=(4, 3)).astype(np.float32)),
        "scalar_array": np.array(7, dtype=np.int64),
        "empty": np.zeros((0, 4), dtype=np.int32),
        "big_endian": np.arange(6, dtype=">i4").reshape(2, 3),
        "text": np.array(["反诈", "文旅"]),
        "nested": [np.arange(3, dtype=np.uint8), {"k": np.ones(2, dtype=bool)}],
    }
    for compress in (0, 3):
        data = _dump(payload, compress)
        path = tmp_path / f"m{compress}.joblib"
        path.write_bytes(data)
        ours, theirs = safe_load(data, path), joblib.load(path)
        for key in payload:
            if key == "nested":
                assert np.array_equal(ours[key][0], theirs[key][0])
                assert np.array_equal(ours[key][1]["k"], theirs[key][1]["k"])
                continue
            assert ours[key].dtype == theirs[key].dtype, key
            assert ours[key].shape == theirs[key].shape, key
            assert np.array_equal(ours[key], theirs[key]), key
        assert ours["big_endian"].dtype.isnative  # swapped to this machine's byte order
        assert ours["big_endian"].tolist() == [[0, 1, 2], [3, 4, 5]]


def test_truncated_array_data_is_a_model_error(tmp_path):
    data = _dump({"a": np.arange(1000, dtype=np.float64)}, 0)
    path = tmp_path / "cut.joblib"
    with pytest.raises(ModelError, match="cut.joblib"):
        safe_load(data[: len(data) // 2], path)


def test_reading_a_model_does_not_import_joblib():
    code = ("import sys\nfrom classify.bundle import load_bundle\nload_bundle()\n"
            "print('joblib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
