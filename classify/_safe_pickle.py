"""Read a joblib file that may only hold numpy arrays, numpy scalars and builtin containers.

Unpickling calls whatever the pickle names: a crafted model file can ask for `os.system` and
get it, whatever its sha256. This unpickler resolves only the names on an allow-list (what numpy
and joblib need to rebuild plain arrays, and builtin containers); any other name is refused
before it is imported or called, with an error naming the file and the class. Arrays of Python
objects are refused too, because joblib stores them as a nested pickle.

joblib's own unpickler (`NumpyUnpickler`) is reused for its array layout; only `find_class` and
the array step are narrowed.
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


def _unpickler_class() -> type:
    import numpy as np
    from joblib.numpy_pickle import NumpyArrayWrapper, NumpyUnpickler

    class RestrictedUnpickler(NumpyUnpickler):  # type: ignore[misc,valid-type]
        dispatch = NumpyUnpickler.dispatch.copy()

        def find_class(self, module: str, name: str) -> Any:
            if name not in ALLOWED.get(module, ()):
                raise RefusedClass(module, name)
            return super().find_class(module, name)

        def load_build(self) -> None:
            # A NumpyArrayWrapper is filled in by BUILD and then reads its array from the
            # stream; check what it will read first (no objects, a plain ndarray).
            pickle._Unpickler.load_build(self)  # type: ignore[attr-defined]
            wrapper = self.stack[-1]
            if isinstance(wrapper, NumpyArrayWrapper):
                dtype = getattr(wrapper, "dtype", None)
                if not isinstance(dtype, np.dtype) or dtype.hasobject:
                    raise RefusedClass("numpy", f"ndarray of {dtype!r} (Python objects)")
                if getattr(wrapper, "subclass", None) is not np.ndarray:
                    raise RefusedClass("numpy", f"ndarray subclass {getattr(wrapper, 'subclass', None)!r}")
                self.stack.pop()
                self.stack.append(wrapper.read(self, self.ensure_native_byte_order))

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
    unpickler = _unpickler_class()(str(source), io.BytesIO(raw), True)
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
