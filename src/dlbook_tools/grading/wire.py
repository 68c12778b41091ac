"""The wire between the trusted grader and a sandboxed worker: plain data only.

A message is an 8-byte big-endian length and a JSON document. Values inside a message
are encoded by :func:`encode`: ``None``, bools, ints, floats and strings as themselves
(and ``...`` as ``{"t": "ellipsis"}``);
everything else as a tagged object ``{"t": ...}``: lists, tuples, dicts (as key/value
pairs), sets, complex numbers, bytes, numpy arrays and scalars (dtype, shape and the
raw bytes in base64), torch tensors (an array plus the torch dtype, and its gradient), and
two kinds of function reference (``fn``: a callable of the grader the worker may call back;
``ref``: one of the student's own functions, passed back to it). Nothing is ever pickled, and
:func:`decode` rebuilds only those types: object dtypes, structured dtypes, odd shapes,
sizes that do not match and deep nesting are refused, so what the worker sends cannot
run code, claim to equal anything, or exhaust the grader.

Identity: with a :class:`Table` shared by the encodes (and one by the decodes) of one call,
an array or tensor met a second time travels as ``{"t": "alias", "i": k}``, the k-th array
or tensor of the call, so ``f(x, x)`` arrives as one array passed twice, and an answer that
returns its argument returns that same object.

The worker imports this file too, so it uses only the standard library and numpy.
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import selectors
import sys
import time
from typing import Any, Callable

MAX_MESSAGE = 64 * 2**20  # bytes in one message: a 64 MiB array is plenty for an exercise
MAX_DEPTH = 64            # nesting of containers
MAX_ITEMS = 1_000_000     # container items in one message (arrays count as one)
IMMUTABLE = frozenset({type(None), bool, int, float, complex, str, bytes})  # exact types a call cannot change
MAX_DIMS = 32
DTYPE = re.compile(r"[<>|=][biufcSUmM][0-9]{1,10}(\[[0-9]{0,10}[A-Za-z]{1,2}\])?")
MAX_TEXT = 2000           # characters of an error message that cross the wire
MAX_CALLBACK_DEPTH = 32   # calls back into the grader nested inside calls of the student's code

#: torch dtypes a tensor may have on the wire, and the numpy dtype its bytes travel as
TORCH_DTYPES = {
    "float64": "<f8", "float32": "<f4", "float16": "<f2", "bfloat16": "<f4",
    "int64": "<i8", "int32": "<i4", "int16": "<i2", "int8": "|i1", "uint8": "|u1",
    "bool": "|b1", "complex64": "<c8", "complex128": "<c16",
}


class WireError(Exception):
    """The other side broke the protocol: a message that is too big, truncated, or not JSON.
    Reading a message raises only this (and its subclasses)."""


class NotPlainData(TypeError):
    """A value that cannot cross the wire (an object, a generator, an object-dtype array...).
    :func:`encode` and :func:`decode` raise only this, whatever they are given."""


class Closed(WireError):
    """The other side closed its end (for the grader: the worker died)."""


class Timeout(WireError):
    """No complete message before the deadline."""


# -- values ------------------------------------------------------------------------------

class Table:
    """The arrays and tensors of one call, in the order they crossed (see the module's doc).
    Encoding, `index` maps an object's id to its place (and `objects` keeps it alive);
    decoding, `objects` holds what was rebuilt."""

    def __init__(self) -> None:
        self.index: dict[int, int] = {}
        self.objects: list[Any] = []

    def seen(self, x: Any) -> int | None:
        return self.index.get(id(x))

    def add(self, x: Any) -> None:
        self.index[id(x)] = len(self.objects)
        self.objects.append(x)


def encode(x: Any, callable_ref: Callable[[Any], dict] | None = None, table: Table | None = None) -> Any:
    """`x` as JSON-ready plain data. `callable_ref` turns a callable into a reference
    (``fn`` or ``ref``); without it, callables are not plain data. With `table`, an array or
    tensor already in it travels as an alias."""
    count = [0]
    return _encode(x, callable_ref, 0, count, table)


def _encode(x: Any, ref: Callable | None, depth: int, count: list[int], table: Table | None = None) -> Any:
    count[0] += 1
    if depth > MAX_DEPTH:
        raise NotPlainData(f"nested more than {MAX_DEPTH} levels deep")
    if count[0] > MAX_ITEMS:
        raise NotPlainData(f"more than {MAX_ITEMS} items")
    # Exact types first, then subclasses converted to their plain base (a float subclass
    # with a lying __eq__ arrives as a float).
    if x is None or x is True or x is False:
        return x
    if x is Ellipsis:  # the template's `...`, still in place
        return {"t": "ellipsis"}
    if isinstance(x, bool):
        return bool(x)
    if isinstance(x, int):
        x = int.__index__(x)
        if x.bit_length() > 10_000:  # JSON readers refuse ints of more than 4300 digits
            raise NotPlainData("an int of more than 3000 digits")
        return x
    if isinstance(x, float):
        return float.__float__(x)
    if isinstance(x, str):
        return str.__str__(x)
    if isinstance(x, complex):
        c = complex(x)  # a subclass's __complex__ must return a complex; JSON keeps only its two floats
        return {"t": "complex", "v": [float(c.real), float(c.imag)]}
    if isinstance(x, (bytes, bytearray)):
        return {"t": "bytes", "b64": base64.b64encode(bytes(x)).decode("ascii")}
    if isinstance(x, tuple):
        return {"t": "tuple", "v": [_encode(v, ref, depth + 1, count, table) for v in tuple(x)]}
    if isinstance(x, list):
        return {"t": "list", "v": [_encode(v, ref, depth + 1, count, table) for v in list(x)]}
    if isinstance(x, (set, frozenset)):
        tag = "frozenset" if isinstance(x, frozenset) else "set"
        return {"t": tag, "v": [_encode(v, ref, depth + 1, count, table) for v in x]}
    if isinstance(x, dict):
        return {"t": "dict", "v": [[_encode(k, ref, depth + 1, count, table),
                                    _encode(v, ref, depth + 1, count, table)] for k, v in dict.items(x)]}
    np = sys.modules.get("numpy")
    torch = sys.modules.get("torch")
    if table is not None and ((np is not None and isinstance(x, np.ndarray))
                              or (torch is not None and isinstance(x, torch.Tensor))):
        k = table.seen(x)
        if k is not None:
            return {"t": "alias", "i": k}
        out = _encode(x, ref, depth, count)
        table.add(x)
        return out
    if np is not None:
        if isinstance(x, np.ndarray):
            return _encode_array(np, np.asarray(x))
        if isinstance(x, np.generic):
            arr = np.asarray(x)
            if arr.dtype.hasobject:
                raise NotPlainData(f"a numpy {arr.dtype} scalar")
            return {**_encode_array(np, arr), "t": "npscalar"}  # the tag last: it overrides "ndarray"
    if torch is not None and isinstance(x, torch.Tensor):
        name = str(x.dtype).removeprefix("torch.")
        if name not in TORCH_DTYPES:
            raise NotPlainData(f"a tensor of dtype {x.dtype}")
        out = {"t": "tensor", "dtype": name, "requires_grad": bool(x.requires_grad),
               "data": _encode_array(np, _tensor_array(x, name))}
        grad = x.grad if x.is_leaf else None
        if grad is not None and str(grad.dtype).removeprefix("torch.") == name and grad.shape == x.shape:
            out["grad"] = _encode_array(np, _tensor_array(grad, name))
        return out
    if ref is not None and callable(x):
        return ref(x)
    raise NotPlainData(f"a {type(x).__module__}.{type(x).__qualname__} object")


def _tensor_array(x: Any, name: str) -> Any:
    t = x.detach().cpu()
    return (t.float() if name == "bfloat16" else t).numpy()


def _encode_array(np: Any, arr: Any) -> dict:
    if arr.dtype.hasobject or arr.dtype.fields is not None or arr.dtype.kind not in "biufcSUmM":
        raise NotPlainData(f"a numpy array of dtype {arr.dtype}")
    return {"t": "ndarray", "dtype": arr.dtype.str, "shape": list(arr.shape),
            "b64": base64.b64encode(arr.tobytes(order="C")).decode("ascii")}


def decode(v: Any, resolve: Callable[[dict], Any] | None = None, table: Table | None = None) -> Any:
    """Rebuild a value from :func:`encode`'s output, trusting nothing. `resolve` turns a
    function reference (``fn`` / ``ref``) into something callable; without it, references
    are refused. With `table`, aliases to the call's earlier arrays and tensors are
    resolved (without it, refused). Raises :class:`NotPlainData` for anything else."""
    return _decode(v, resolve, 0, [0], table)


def _decode(v: Any, resolve: Callable[[dict], Any] | None, depth: int, count: list[int],
            table: Table | None = None) -> Any:
    count[0] += 1
    if depth > MAX_DEPTH or count[0] > MAX_ITEMS:
        raise NotPlainData("too deeply nested or too many items")
    if v is None or type(v) in (bool, int, float, str):
        return v
    if type(v) is not dict or type(v.get("t")) is not str:
        raise NotPlainData(f"unexpected {type(v).__name__} on the wire")
    t = v["t"]
    items = v.get("v")
    if t in ("list", "tuple", "set", "frozenset"):
        if type(items) is not list:
            raise NotPlainData(f"malformed {t}")
        values = [_decode(x, resolve, depth + 1, count, table) for x in items]
        try:
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[t](values)
        except TypeError as err:  # an unhashable member of a set
            raise NotPlainData(str(err)) from None
    if t == "dict":
        if type(items) is not list or not all(type(p) is list and len(p) == 2 for p in items):
            raise NotPlainData("malformed dict")
        try:
            return {_decode(k, resolve, depth + 1, count, table): _decode(x, resolve, depth + 1, count, table)
                    for k, x in items}
        except TypeError as err:  # an unhashable key
            raise NotPlainData(str(err)) from None
    if t == "ellipsis":
        return Ellipsis
    if t == "complex":
        if type(items) is not list or len(items) != 2 or not all(type(p) in (int, float) for p in items):
            raise NotPlainData("malformed complex")
        try:
            return complex(items[0], items[1])
        except OverflowError:  # an int too large for a float
            raise NotPlainData("malformed complex") from None
    if t == "bytes":
        return _b64(v.get("b64"))
    if t == "alias":
        i = v.get("i")
        if table is None or type(i) is not int or not 0 <= i < len(table.objects):
            raise NotPlainData("malformed alias")
        return table.objects[i]
    if t == "ndarray":
        arr = _decode_array(v)
        if table is not None:
            table.objects.append(arr)
        return arr
    if t == "npscalar":
        arr = _decode_array(v)
        if arr.shape != ():
            raise NotPlainData("a numpy scalar with a shape")
        return arr[()]
    if t == "tensor":
        tensor = _decode_tensor(v)
        if table is not None:
            table.objects.append(tensor)
        return tensor
    if t in ("fn", "ref") and resolve is not None:
        return resolve(v)
    raise NotPlainData(f"unknown tag {t[:20]!r}")


def _b64(s: Any) -> bytes:
    if type(s) is not str:
        raise NotPlainData("malformed base64")
    try:
        return base64.b64decode(s.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise NotPlainData("malformed base64") from None


def _decode_array(v: dict) -> Any:
    import numpy as np

    dtype, shape = v.get("dtype"), v.get("shape")
    # Only what encode writes (dtype.str of a plain array: '<f8', '|b1', '<U3', '<M8[ns]'):
    # numpy parses some other strings with ast and would raise anything, or warn.
    if type(dtype) is not str or len(dtype) > 16 or not DTYPE.fullmatch(dtype):
        raise NotPlainData("malformed dtype")
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError, OverflowError):
        raise NotPlainData(f"unknown dtype {dtype!r}") from None
    if (dt.hasobject or dt.fields is not None or dt.subdtype is not None or dt.kind not in "biufcSUmM"
            or dt.itemsize == 0):
        raise NotPlainData(f"refused dtype {dtype!r}")
    if (type(shape) is not list or len(shape) > MAX_DIMS
            or not all(type(n) is int and 0 <= n <= MAX_MESSAGE for n in shape)):
        raise NotPlainData("malformed shape")
    raw = _b64(v.get("b64"))
    if math.prod(shape) * dt.itemsize != len(raw):
        raise NotPlainData("array bytes do not match its shape and dtype")
    return np.frombuffer(raw, dtype=dt).reshape(shape).copy()  # a writable array of our own


def _decode_tensor(v: dict) -> Any:
    name, data = v.get("dtype"), v.get("data")
    if name not in TORCH_DTYPES or type(data) is not dict:
        raise NotPlainData("malformed tensor")
    arr = _decode_array(data)
    if arr.dtype.str != TORCH_DTYPES[name]:
        raise NotPlainData("tensor bytes do not match its dtype")
    try:
        import torch
    except ImportError:  # a grader without torch cannot have sent one
        raise NotPlainData("a tensor, and torch is not installed here") from None

    t = torch.from_numpy(arr).to(getattr(torch, name))
    if v.get("requires_grad") is True and (t.is_floating_point() or t.is_complex()):
        t.requires_grad_(True)
        grad = v.get("grad")
        if grad is not None:
            g = _decode_array(grad) if type(grad) is dict else None
            if g is None or g.dtype.str != TORCH_DTYPES[name] or g.shape != arr.shape:
                raise NotPlainData("a gradient that does not match its tensor")
            t.grad = torch.from_numpy(g).to(getattr(torch, name))
    return t


# -- messages ------------------------------------------------------------------------------

def dumps(msg: dict) -> bytes:
    """A message as JSON bytes; NotPlainData when it is over :data:`MAX_MESSAGE`."""
    data = json.dumps(msg, separators=(",", ":"), allow_nan=True).encode("utf-8")
    if len(data) > MAX_MESSAGE:
        raise NotPlainData(f"a message of {len(data) / 2**20:.0f} MiB (the limit is {MAX_MESSAGE // 2**20} MiB)")
    return data


def send(fd: int, msg: dict) -> None:
    send_bytes(fd, dumps(msg))


def send_bytes(fd: int, data: bytes) -> None:
    """A message already made by :func:`dumps`."""
    view = memoryview(len(data).to_bytes(8, "big") + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def loads(data: bytes) -> dict[str, Any]:
    """A message from JSON bytes; WireError for anything that is not a JSON object with an op."""
    try:
        msg = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise WireError("a message that is not JSON") from None
    if type(msg) is not dict or type(msg.get("op")) is not str:
        raise WireError("a message without an op")
    return msg


class Reader:
    """Reads whole messages from a file descriptor, with an optional deadline (the grader
    side: a hung or flooding worker must not hang or exhaust it)."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buf = bytearray()
        self.selector = selectors.DefaultSelector()
        self.selector.register(fd, selectors.EVENT_READ)

    def _fill(self, n: int, deadline: float | None) -> None:
        while len(self.buf) < n:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not self.selector.select(left):
                    raise Timeout("no answer in time")
            chunk = os.read(self.fd, max(65536, min(n - len(self.buf), 2**22)))
            if not chunk:
                raise Closed("the other side closed the pipe")
            self.buf += chunk

    def recv(self, deadline: float | None = None) -> dict:
        self._fill(8, deadline)
        size = int.from_bytes(self.buf[:8], "big")
        if size > MAX_MESSAGE:
            raise WireError(f"a message of {size} bytes (the limit is {MAX_MESSAGE})")
        self._fill(8 + size, deadline)
        data = bytes(self.buf[8:8 + size])
        del self.buf[:8 + size]
        return loads(data)

    def close(self) -> None:
        self.selector.close()
