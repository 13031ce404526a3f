"""Read a joblib file that may only hold numpy arrays, numpy scalars and builtin containers.

Unpickling calls whatever the pickle names: a crafted model file can ask for `os.system` and
get it, whatever its sha256. This unpickler resolves only the names on an allow-list (what numpy
and joblib need to rebuild plain arrays, and builtin containers); any other name is refused
before it is imported or called, with an error naming the file and the class. Arrays of Python
objects are refused too, because joblib stores them as a nested pickle.

The files are written by joblib, and read here without importing joblib: its array records are
replaced by a small header class, and the array bytes after each are read with numpy alone.
"""

from __future__ import annotations

import io
import pickle
import zlib
from pathlib import Path
from typing import Any

from .errors import ModelError

# module -> names that may be resolved. numpy moved its internals from numpy.core to numpy._core
# in 2.0; both spellings are listed so that a file written under either loads under either.
ALLOWED: dict[str, frozenset[str]] = {
    "builtins": frozenset({"set", "frozenset", "bytearray", "complex", "slice", "range"}),
    "numpy": frozenset({"ndarray", "dtype"}),
    "numpy.core.multiarray": frozenset({"_reconstruct", "scalar"}),
    "numpy._core.multiarray": frozenset({"_reconstruct", "scalar"}),
    "numpy.core.numeric": frozenset({"_frombuffer"}),
    "numpy._core.numeric": frozenset({"_frombuffer"}),
    "joblib.numpy_pickle": frozenset({"NumpyArrayWrapper"}),
}
_ZLIB_MAGIC = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")


class RefusedClass(pickle.UnpicklingError):
    """The pickle names something that is not on the allow-list."""

    def __init__(self, module: str, name: str) -> None:
        super().__init__(f"{module}.{name}")
        self.module, self.name = module, name


class _ArrayHeader:
    """What a joblib array record says about the array that follows it in the stream (shape,
    dtype, order, padding). Stands in for joblib's `NumpyArrayWrapper`, so that reading a model
    does not import joblib (its import alone cost more than reading the arrays)."""


# joblib writes each array's bytes in blocks of at most this many bytes; reading in blocks of
# the same bound keeps a crafted shape from asking for one huge read up front.
_BLOCK_BYTES = 16 * 1024 ** 2


def _read_exactly(stream: io.BytesIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise pickle.UnpicklingError(f"array data: expected {size} bytes, found {len(data)}")
    return data


def _read_array(header: _ArrayHeader, stream: io.BytesIO) -> Any:
    """The array whose bytes follow `header` in the stream, in joblib's layout: an optional
    padding-length byte and its padding, then the elements in `order`."""
    import numpy as np

    state = header.__dict__
    dtype, shape, order = state.get("dtype"), state.get("shape"), state.get("order", "C")
    if not isinstance(dtype, np.dtype) or dtype.hasobject:
        raise RefusedClass("numpy", f"ndarray of {dtype!r} (Python objects)")
    if state.get("subclass") is not np.ndarray:
        raise RefusedClass("numpy", f"ndarray subclass {state.get('subclass')!r}")
    if not isinstance(shape, tuple) or not all(isinstance(n, int) and n >= 0 for n in shape):
        raise pickle.UnpicklingError(f"array shape {shape!r} is not a tuple of sizes")
    if state.get("numpy_array_alignment_bytes") is not None:
        padding = _read_exactly(stream, 1)[0]
        _read_exactly(stream, padding)
    count = 1
    for n in shape:
        count *= n
    size = count * dtype.itemsize
    blocks = [_read_exactly(stream, min(_BLOCK_BYTES, size - at)) for at in range(0, size, _BLOCK_BYTES)]
    array = np.frombuffer(b"".join(blocks), dtype=dtype, count=count).copy()
    array = array.reshape(shape[::-1]).transpose() if order == "F" else array.reshape(shape)
    if not array.dtype.isnative:  # a file written on a machine of the other byte order
        array = array.byteswap().view(array.dtype.newbyteorder("="))
    return array


def _unpickler_class() -> type:
    import numpy as np  # noqa: F401  (resolving the allowed numpy names imports it anyway)

    class RestrictedUnpickler(pickle._Unpickler):  # type: ignore[attr-defined,name-defined,misc]
        dispatch = pickle._Unpickler.dispatch.copy()  # type: ignore[attr-defined]

        def __init__(self, stream: io.BytesIO) -> None:
            super().__init__(stream)
            self.stream = stream

        def find_class(self, module: str, name: str) -> Any:
            if name not in ALLOWED.get(module, ()):
                raise RefusedClass(module, name)
            if (module, name) == ("joblib.numpy_pickle", "NumpyArrayWrapper"):
                return _ArrayHeader
            return super().find_class(module, name)

        def load_build(self) -> None:
            # A joblib array record is filled in by BUILD and is followed by its array's bytes
            # (after the pickle frame that holds it): read them in its place.
            pickle._Unpickler.load_build(self)  # type: ignore[attr-defined]
            if isinstance(self.stack[-1], _ArrayHeader):
                self.stack.append(_read_array(self.stack.pop(), self.stream))

        dispatch[pickle.BUILD[0]] = load_build

    return RestrictedUnpickler


def safe_load(data: bytes, source: Path) -> Any:
    """Unpickle a joblib file's bytes (zlib-compressed or not) with the allow-list; a refused
    name or a malformed stream is a `ModelError` naming `source`."""
    raw = data
    if data[:2] in _ZLIB_MAGIC:
        try:
            raw = zlib.decompress(data)
        except zlib.error as exc:
            raise ModelError(f"{source}: not a readable model file ({exc}); retrain it") from None
    unpickler = _unpickler_class()(io.BytesIO(raw))
    try:
        return unpickler.load()
    except RefusedClass as exc:
        raise ModelError(
            f"{source}: refused: the file asks for {exc.module}.{exc.name}, and a model may only hold "
            "arrays and plain containers (loading must not run code). If you made this file with an "
            "older classify, retrain it (`python train.py` or `classify train`); otherwise do not "
            "use it") from None
    except Exception as exc:
        raise ModelError(f"{source}: not a readable model file ({type(exc).__name__}: {exc}); "
                         "retrain it with `classify train`") from None
