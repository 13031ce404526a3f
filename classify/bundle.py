"""The model bundle: one joblib file for everything fitted at training time, and a manifest.

A joblib file is a pickle, and unpickling runs code. So a bundle is only loaded after the sha256
of the file matches the one in its manifest (`NAME.json`): a flipped byte, a truncated copy or a
swapped file is refused *before* anything is unpickled. Loading an unverified file needs the
explicit `allow_unverified=True`, and warns.

Writes are atomic (temp file in the same folder, then rename), so a reader never sees half a
model and an interrupted training leaves the old model in place.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import ModelError

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "domains.joblib"
MODEL_ENV = "CLASSIFY_MODEL"


@dataclass
class Bundle:
    """What `train` produces and `Predictor` uses."""

    classifier: Any
    summarizer: Any
    labels: list[str]
    display_names: dict[str, str]
    threshold: float
    manifest: dict = field(default_factory=dict)


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
    import jieba
    import sklearn

    return {
        "classify": __version__,
        "scikit-learn": sklearn.__version__,
        "jieba": getattr(jieba, "__version__", "unknown"),
        "python": platform.python_version(),
    }


def save_bundle(bundle: Bundle, path: str | os.PathLike[str], manifest: dict | None = None) -> dict:
    """Write `NAME.joblib` (compressed) and `NAME.json`; return the manifest written."""
    import joblib

    model_file, manifest_file = model_paths(path)
    payload = {
        "classifier": bundle.classifier,
        "summarizer": bundle.summarizer,
        "labels": list(bundle.labels),
        "display_names": dict(bundle.display_names),
        "threshold": float(bundle.threshold),
    }
    buf = io.BytesIO()
    joblib.dump(payload, buf, compress=3)
    data = buf.getvalue()
    atomic_write_bytes(model_file, data)
    info = dict(manifest or {})
    info.update({
        "format": 1,
        "model_file": model_file.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "labels": list(bundle.labels),
        "display_names": dict(bundle.display_names),
        "threshold": float(bundle.threshold),
        "versions": versions(),
    })
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


def load_bundle(path: str | os.PathLike[str] | None = None, *, allow_unverified: bool = False) -> Bundle:
    """Verify, then unpickle. `allow_unverified=True` skips the check, loudly."""
    import joblib

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
        data, info = _read_verified(path)
    try:
        payload = joblib.load(io.BytesIO(data))
    except Exception as exc:  # a verified file that fails is a version problem
        raise ModelError(f"{model_file}: cannot be loaded ({type(exc).__name__}: {exc}); "
                         "retrain it with this version of classify") from None
    trained = info.get("versions", {}).get("scikit-learn")
    if trained:
        import sklearn

        if trained != sklearn.__version__:
            warnings.warn(f"{model_file}: trained with scikit-learn {trained}, running {sklearn.__version__}; "
                          "predictions may differ, retrain to be sure", stacklevel=2)
    return Bundle(
        classifier=payload["classifier"],
        summarizer=payload.get("summarizer"),
        labels=list(payload["labels"]),
        display_names=dict(payload["display_names"]),
        threshold=float(payload["threshold"]),
        manifest=info,
    )
