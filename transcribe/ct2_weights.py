"""Read the variables of a CTranslate2 ``model.bin`` (binary format version 6) into numpy arrays.

Layout, as CTranslate2's ``ModelSpec._serialize`` writes it (little-endian)::

    u32 version | str spec_name | u32 revision | u32 n_variables
    n_variables x (str name | u8 rank | rank x u32 dim | u8 dtype | u32 n_bytes | n_bytes data)
    u32 n_aliases | n_aliases x (str alias | str target)

where ``str`` is ``u16 length-including-NUL | bytes | NUL``.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

import numpy as np

_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
SUPPORTED_VERSIONS = (5, 6)


class _Cursor:
    def __init__(self, buffer):
        self.buffer = buffer
        self.pos = 0

    def unpack(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.buffer, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def string(self) -> str:
        (length,) = self.unpack("H")
        text = bytes(self.buffer[self.pos:self.pos + length - 1]).decode("utf-8")
        self.pos += length
        return text

    def take(self, n: int) -> memoryview:
        view = memoryview(self.buffer)[self.pos:self.pos + n]
        self.pos += n
        return view


def read_ct2(path: str | Path) -> tuple[str, dict[str, np.ndarray]]:
    """The spec name and every variable (aliases resolved) of a CTranslate2 model file."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buffer:
        cur = _Cursor(buffer)
        (version,) = cur.unpack("I")
        if version not in SUPPORTED_VERSIONS:
            raise ValueError(f"{path}: CTranslate2 binary version {version} is not supported")
        spec_name = cur.string()
        cur.unpack("I")  # spec revision
        (count,) = cur.unpack("I")
        variables: dict[str, np.ndarray] = {}
        for _ in range(count):
            name = cur.string()
            (rank,) = cur.unpack("B")
            shape = cur.unpack("I" * rank) if rank else ()
            dtype_id, n_bytes = cur.unpack("BI")
            if dtype_id not in _DTYPES:
                raise ValueError(f"{path}: variable {name} has unsupported dtype id {dtype_id}")
            data = np.frombuffer(cur.take(n_bytes), dtype=_DTYPES[dtype_id]).copy()
            variables[name] = data.reshape(shape)
        (n_aliases,) = cur.unpack("I")
        for _ in range(n_aliases):
            alias, target = cur.string(), cur.string()
            variables[alias] = variables[target]
    return spec_name, variables
