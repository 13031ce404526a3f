"""The model bundle: one joblib file of plain arrays, and a manifest.

A joblib file is a pickle, and unpickling runs whatever the pickle names. So a bundle holds no
Python objects: everything prediction needs was exported after training into numpy arrays,
strings, numbers and builtin containers (`ArrayClassifier`, `TextRankSummarizer.to_arrays`),
and it is read by a restricted unpickler that resolves nothing else (`classify._safe_pickle`).
A crafted file that asks for `os.system` is refused, whatever its sha256.

The sha256 check stays: the manifest (`NAME.json`) names the exact file, so a flipped byte, a
truncated copy or a swapped file is refused before anything is read. A manifest can also be
signed (`classify model sign`, ed25519) and loading can require a trusted signature.

`Bundle.extras` holds further named groups of arrays and JSON values (e.g. a line-role model's
weights, vocabulary and transitions), saved and checked like the rest.

Writes are atomic (temp file in the same folder, then rename), so a reader never sees half a
model and an interrupted training leaves the old model in place.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import ModelError

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from .inference import ArrayClassifier
    from .summarizers import TextRankSummarizer
    from .tokenize import Tokenizer

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "domains.joblib"
MODEL_ENV = "CLASSIFY_MODEL"
FORMAT = 2  # 1: pickled scikit-learn objects (refused); 2: arrays only
RETRAIN = "retrain it (`python train.py` for the shipped model, `classify train` for yours)"


@dataclass
class Bundle:
    """What `train` produces and `Predictor` uses.

    `tokenizer` is what the features were computed with: {"backend": ..., "user_dict":
    [[word, freq, tag], ...]}. `extras` maps a group name to a dict of numpy arrays (numbers,
    not objects) and JSON values (str, int, float, bool, None, lists and dicts of them); a
    bundle carries them as they are, for models that live beside the classifier.
    """

    classifier: ArrayClassifier
    summarizer: TextRankSummarizer | None
    labels: list[str]
    display_names: dict[str, str]
    threshold: float
    manifest: dict = field(default_factory=dict)
    tokenizer: dict = field(default_factory=dict)
    extras: dict[str, dict] = field(default_factory=dict)

    def to_sklearn(self) -> Pipeline:
        """The fitted scikit-learn Pipeline (tf-idf features -> calibrated LinearSVC) that these
        arrays were exported from; `predict_proba` gives the same probabilities."""
        return self.classifier.to_sklearn()

    def make_tokenizer(self, *, warn: bool = True) -> Tokenizer:
        """The tokenizer the model was trained with, or the installed default with a warning
        when that backend is missing (a few tokens may then differ)."""
        from .tokenize import available, get_tokenizer

        backend = self.tokenizer.get("backend")
        user_dict = tuple(tuple(e) for e in self.tokenizer.get("user_dict", ()))
        if backend and not available(backend):
            if warn:
                warnings.warn(f"this model was trained with the {backend} tokenizer, which is not "
                              f"installed; using another (a few tokens may differ). `pip install "
                              f"{backend}` to predict exactly as trained", stacklevel=3)
            backend = None
        return get_tokenizer(backend, user_dict)


def default_model_path() -> Path:
    """$CLASSIFY_MODEL, else the model shipped in the repository's `models/`."""
    env = os.environ.get(MODEL_ENV)
    if env:
        return Path(env)
    return DEFAULT_MODEL


def model_paths(path: str | os.PathLike[str] | None) -> tuple[Path, Path]:
    """(joblib path, manifest path) for `models/domains`, `.joblib` or `.json`."""
    p = Path(path) if path is not None else default_model_path()
    if p.is_dir():
        raise ModelError(f"{p}: is a directory; name the model itself, e.g. {p / 'domains'}")
    if p.suffix in (".joblib", ".json"):
        p = p.with_suffix("")
    return p.with_name(p.name + ".joblib"), p.with_name(p.name + ".json")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def new_file_mode() -> int:
    """The mode `open()` would give a new file (0666 less the umask); mkstemp uses 0600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def versions() -> dict[str, str]:
    import platform  # here, not at import: only training needs it (6 ms of every start)

    import jieba
    import sklearn

    return {
        "classify": __version__,
        "scikit-learn": sklearn.__version__,
        "jieba": getattr(jieba, "__version__", "unknown"),
        "python": platform.python_version(),
    }


def save_bundle(bundle: Bundle, path: str | os.PathLike[str], manifest: dict | None = None) -> dict:
    """Write `NAME.joblib` and `NAME.json`; return the manifest written.

    The joblib file is written uncompressed: its arrays (float coefficients, idf, vocabulary
    offsets) shrink only about 1.5x under zlib, while inflating them cost about 30 ms of every
    cold start, more than reading the extra megabytes. Files written compressed by earlier
    versions still load (the reader takes both)."""
    import joblib

    model_file, manifest_file = model_paths(path)
    for name, group in bundle.extras.items():
        _check_plain(group, f"extras[{name!r}]")
    payload = {
        "format": FORMAT,
        "classifier": bundle.classifier.to_arrays(),
        "summarizer": bundle.summarizer.to_arrays() if bundle.summarizer is not None else None,
        "labels": list(bundle.labels),
        "display_names": dict(bundle.display_names),
        "threshold": float(bundle.threshold),
        "tokenizer": {"backend": bundle.tokenizer.get("backend"),
                      "user_dict": [list(e) for e in bundle.tokenizer.get("user_dict", ())]},
        "extras": {str(k): dict(v) for k, v in bundle.extras.items()},
    }
    _check_plain(payload, "the model")
    buf = io.BytesIO()
    joblib.dump(payload, buf, compress=0)
    data = buf.getvalue()
    atomic_write_bytes(model_file, data)
    info = dict(manifest or {})
    tokenizer = {k: v for k, v in bundle.tokenizer.items() if k != "user_dict"}
    info.update({
        "format": FORMAT,
        "tokenizer": tokenizer,
        "extras": sorted(bundle.extras),
        "model_file": model_file.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "labels": list(bundle.labels),
        "display_names": dict(bundle.display_names),
        "threshold": float(bundle.threshold),
        "versions": versions(),
    })
    info.pop("signature", None)  # a new file needs a new signature
    info.setdefault("created", datetime.now(timezone.utc).isoformat(timespec="seconds"))
    text = json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_bytes(manifest_file, text.encode("utf-8"))
    bundle.manifest = info
    return info


def read_manifest(path: str | os.PathLike[str] | None) -> dict:
    """The manifest of a bundle; reads no pickle."""
    _, manifest_file = model_paths(path)
    if not manifest_file.exists():
        raise ModelError(f"{manifest_file}: manifest missing; a model without its manifest cannot be "
                         "verified. Retrain it with `classify train` or restore the .json file")
    try:
        info = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{manifest_file}: unreadable manifest ({exc}); restore it or retrain") from None
    if not (isinstance(info, dict) and isinstance(info.get("sha256"), str)
            and isinstance(info.get("versions", {}), dict)):
        raise ModelError(f"{manifest_file}: not a classify manifest (no sha256); restore it or retrain")
    return info


def _read_verified(path: str | os.PathLike[str] | None) -> tuple[bytes, dict]:
    """The model file's bytes, read once, and its manifest, after checking one against the other.
    Hashing and unpickling the same bytes leaves no window to swap the file in between."""
    model_file, _ = model_paths(path)
    info = read_manifest(path)
    data = _read_model(model_file)
    if hashlib.sha256(data).hexdigest() != info["sha256"]:
        raise ModelError(f"{model_file}: sha256 does not match its manifest (file changed or corrupt); "
                         "refusing to load it. Retrain, or restore the file")
    return data, info


def _read_model(model_file: Path) -> bytes:
    try:
        return model_file.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{model_file}: model file missing; run `python train.py` or pass --model") from None
    except OSError as exc:
        raise ModelError(f"{model_file}: cannot be read ({exc.strerror or exc}); check --model") from None


def verify(path: str | os.PathLike[str] | None) -> dict:
    """Check the joblib file against its manifest's sha256; return the manifest or raise."""
    return _read_verified(path)[1]


def load_bundle(path: str | os.PathLike[str] | None = None, *, allow_unverified: bool = False,
                trusted_keys: Sequence[str | os.PathLike[str]] | None = None) -> Bundle:
    """Verify (sha256, and the signature when keys are trusted), then read the arrays with the
    restricted unpickler. `allow_unverified=True` skips the sha256 check, loudly; it never lifts
    the restrictions on what the file may hold."""
    from ._safe_pickle import safe_load

    model_file, _ = model_paths(path)
    if allow_unverified:
        warnings.warn(f"{model_file}: loading WITHOUT verifying its sha256; only do this for files "
                      "you trust", stacklevel=2)
        try:
            info = read_manifest(path)
        except ModelError:
            info = {}
        data = _read_model(model_file)
    else:
        info = read_manifest(path)
        _refuse_old_format(info, model_file)
        data, info = _read_verified(path)
    from .signing import check_trusted

    check_trusted(path, info, trusted_keys)
    payload = safe_load(data, model_file)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelError(f"{model_file}: an old or unknown model format; {RETRAIN}")
    return bundle_from_payload(payload, info, model_file)


def _refuse_old_format(info: dict, model_file: Path) -> None:
    if info.get("format", 1) != FORMAT:
        raise ModelError(f"{model_file}: model format {info.get('format', 1)} stores pickled Python "
                         f"objects, which this version of classify no longer loads (loading must "
                         f"not run code); {RETRAIN}")


def bundle_from_payload(payload: dict, info: dict, model_file: Path) -> Bundle:
    from .inference import ArrayClassifier
    from .summarizers import TextRankSummarizer

    try:
        classifier = ArrayClassifier.from_arrays(payload["classifier"])
        summary = payload.get("summarizer")
        summarizer = TextRankSummarizer.from_arrays(summary) if summary is not None else None
        bundle = Bundle(
            classifier=classifier,
            summarizer=summarizer,
            labels=[str(x) for x in payload["labels"]],
            display_names={str(k): str(v) for k, v in payload["display_names"].items()},
            threshold=float(payload["threshold"]),
            manifest=info,
            tokenizer=dict(payload.get("tokenizer") or {}),
            extras={str(k): dict(v) for k, v in (payload.get("extras") or {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"{model_file}: incomplete model ({type(exc).__name__}: {exc}); {RETRAIN}") from None
    bundle.classifier.tokenize = bundle.make_tokenizer().tokenize
    return bundle


def _check_plain(value: Any, where: str) -> None:
    """Refuse, at save time, anything the restricted loader would refuse at load time."""
    import numpy as np

    if value is None or isinstance(value, (str, bool, int, float)):
        return
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject or type(value) is not np.ndarray:
            raise ValueError(f"{where}: arrays must hold numbers or fixed-width text, not objects")
        return
    if isinstance(value, np.generic):
        return
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check_plain(v, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, (str, int)):
                raise ValueError(f"{where}: keys must be str or int, got {type(k).__name__}")
            _check_plain(v, f"{where}[{k!r}]")
        return
    raise ValueError(f"{where}: {type(value).__name__} cannot go in a model file (arrays, numbers, "
                     "strings, lists and dicts only)")
