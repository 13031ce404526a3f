"""Optional ed25519 signatures of model manifests (the `[sign]` extra, `cryptography`).

The manifest names the model file by sha256, so a signature of the manifest's bytes vouches for
the whole bundle. `classify model sign --key KEY` writes `NAME.sig` beside `NAME.json`; loading
with trusted keys (`Predictor.load(..., trusted_keys=[...])` or `$CLASSIFY_TRUSTED_KEYS`, public
key files separated by the path separator) refuses a bundle that no trusted key signed. Without
trusted keys nothing is checked and `cryptography` is never imported.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from .errors import ModelError

TRUSTED_KEYS_ENV = "CLASSIFY_TRUSTED_KEYS"


def signature_path(path: str | os.PathLike[str] | None) -> Path:
    from .bundle import model_paths

    _, manifest = model_paths(path)
    return manifest.with_suffix(".sig")


def _crypto():
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise ModelError("signatures need the `cryptography` package: pip install 'classify[sign]'") from None
    return serialization, ed25519


def _public_bytes(public_key) -> bytes:
    serialization, _ = _crypto()
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key) -> str:
    """A short fingerprint of a public key: the first 16 hex digits of its raw bytes' sha256."""
    return hashlib.sha256(_public_bytes(public_key)).hexdigest()[:16]


def generate_key(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write a new private key (PEM, readable by you only) to `path` and its public key to
    `path.pub`."""
    serialization, ed25519 = _crypto()
    private = ed25519.Ed25519PrivateKey.generate()
    out = Path(path)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    pub = out.with_name(out.name + ".pub")
    pub.write_bytes(private.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo))
    return out, pub


def _load_private(path: str | os.PathLike[str]):
    serialization, ed25519 = _crypto()
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ModelError(f"{path}: not a readable ed25519 private key ({exc}); make one with "
                         "`classify model keygen KEY`") from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ModelError(f"{path}: not an ed25519 key; make one with `classify model keygen KEY`")
    return key


def load_public(path: str | os.PathLike[str]):
    serialization, ed25519 = _crypto()
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError, TypeError) as exc:
        raise ModelError(f"{path}: not a readable ed25519 public key ({exc}); pass the KEY.pub file") from None
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise ModelError(f"{path}: not an ed25519 public key")
    return key


def sign(path: str | os.PathLike[str] | None, key_path: str | os.PathLike[str]) -> Path:
    """Sign a bundle's manifest (after checking the model file against it); returns NAME.sig."""
    from .bundle import atomic_write_bytes, model_paths, verify

    verify(path)
    _, manifest = model_paths(path)
    key = _load_private(key_path)
    data = manifest.read_bytes()
    record = {"algorithm": "ed25519", "key_id": key_id(key.public_key()),
              "manifest_sha256": hashlib.sha256(data).hexdigest(),
              "signature": base64.b64encode(key.sign(data)).decode("ascii")}
    out = signature_path(path)
    atomic_write_bytes(out, (json.dumps(record, indent=2) + "\n").encode("utf-8"))
    return out


def trusted_from_env() -> list[str]:
    value = os.environ.get(TRUSTED_KEYS_ENV, "")
    return [p for p in value.split(os.pathsep) if p.strip()]


def check_trusted(path: str | os.PathLike[str] | None, info: dict,
                  trusted_keys: Sequence[str | os.PathLike[str]] | None) -> None:
    """With trusted keys (given, else $CLASSIFY_TRUSTED_KEYS), refuse unless NAME.sig is a valid
    signature of exactly this manifest by one of them."""
    from .bundle import model_paths

    keys = list(trusted_keys) if trusted_keys is not None else trusted_from_env()
    if not keys:
        return
    _, manifest = model_paths(path)
    sig_file = signature_path(path)
    try:
        record = json.loads(sig_file.read_text(encoding="utf-8"))
        signature = base64.b64decode(record["signature"], validate=True)
    except FileNotFoundError:
        raise ModelError(f"{manifest}: not signed ({sig_file.name} missing) and trusted keys are "
                         "required; ask its author for a signed model") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{sig_file}: unreadable signature ({exc}); ask for a signed model") from None
    data = manifest.read_bytes()
    if json.loads(data.decode("utf-8")) != info:
        raise ModelError(f"{manifest}: changed while loading; try again")
    _crypto()
    from cryptography.exceptions import InvalidSignature

    for key_file in keys:
        public = load_public(key_file)
        try:
            public.verify(signature, data)
            return
        except InvalidSignature:
            continue
    raise ModelError(f"{manifest}: not signed by any trusted key (signature by key "
                     f"{record.get('key_id', '?')}); refusing to load it")
