"""The wire between grader and sandbox, on its own (no sandbox, no bubblewrap): plain data
crosses it unchanged, and whatever a hostile worker writes raises only the wire's two
documented errors (WireError reading a message, NotPlainData decoding a value) within
its size, depth and item limits."""

from __future__ import annotations

import base64
import json
import os
import threading
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlbook_tools.grading import wire
from strategies import arrays, numpy_scalars, plain_data, same

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def across(value: object) -> object:
    """`value` sent as the worker sends it and read back as the grader reads it."""
    data = wire.dumps({"op": "return", "value": wire.encode(value)})
    return wire.decode(wire.loads(data)["value"])


def as_plain(value: object) -> object:
    """What arrives for `value`: a numpy scalar that subclasses a builtin (float64, complex128,
    str_, bytes_) arrives as that builtin; containers keep their type."""
    if isinstance(value, np.generic):
        for base in (float, complex, str, bytes):
            if isinstance(value, base):
                return base(value)
        return value
    if isinstance(value, list | tuple):
        return type(value)(as_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    return value


# -- plain data crosses unchanged ------------------------------------------------------------------

@SETTINGS
@given(plain_data())
def test_plain_data_round_trips(value):
    assert same(across(value), as_plain(value))


@SETTINGS
@given(arrays(max_side=6))
def test_arrays_keep_dtype_shape_and_bytes(arr):
    for view in (arr, arr.T, arr[::-1] if arr.ndim else arr):  # views that are not C-contiguous
        got = across(view)
        assert type(got) is np.ndarray and got.flags.writeable
        assert got.dtype == view.dtype and got.shape == view.shape
        assert got.tobytes() == view.tobytes()


@SETTINGS
@given(numpy_scalars())
def test_numpy_scalars_keep_their_value(x):
    got = across(x)
    assert same(got, as_plain(x))


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16", "bfloat16", "int64", "int8", "uint8", "bool",
                                   "complex64"])
def test_torch_tensors_round_trip(dtype):
    torch = pytest.importorskip("torch")
    t = (torch.arange(6, dtype=torch.float64).reshape(2, 3) - 2).to(getattr(torch, dtype))
    got = across(t)
    assert isinstance(got, torch.Tensor) and got.dtype == t.dtype and torch.equal(got, t)
    if t.is_floating_point():
        t.requires_grad_(True)
        assert across(t).requires_grad


def test_one_array_twice_arrives_as_one_array_twice():
    """With a call's table, identity crosses the wire: f(x, x) gets one array, twice."""
    x, y = np.ones(3), np.zeros(2)
    sent = wire.Table()
    encoded = wire.encode([x, y, x, {"again": y}], table=sent)
    assert encoded["v"][2] == {"t": "alias", "i": 0} and sent.objects == [x, y]
    got = wire.decode(wire.loads(wire.dumps({"op": "call", "v": encoded}))["v"], table=wire.Table())
    assert got[0] is got[2] and got[1] is got[3]["again"] and got[0] is not got[1]
    assert wire.encode([x, x]) == {"t": "list", "v": [wire.encode(x), wire.encode(x)]}  # no table: copies
    for bad in ({"t": "alias", "i": 0}, {"t": "alias", "i": -1}, {"t": "alias", "i": "0"}):
        with pytest.raises(wire.NotPlainData):
            wire.decode({"t": "list", "v": [bad]}, table=wire.Table())
    with pytest.raises(wire.NotPlainData):  # without a table, an alias is refused
        wire.decode({"t": "alias", "i": 0})


def test_the_templates_ellipsis_crosses():
    assert across(...) is Ellipsis and across([..., 1]) == [..., 1]


def test_a_tensors_gradient_crosses_with_it():
    torch = pytest.importorskip("torch")
    w = torch.ones(2, dtype=torch.float64, requires_grad=True)
    (3 * w).sum().backward()
    got = across(w)
    assert got.requires_grad and got.grad is not None and got.grad.tolist() == [3.0, 3.0]
    bad = wire.encode(w)
    bad["grad"] = wire.encode(np.zeros(3))
    with pytest.raises(wire.NotPlainData):
        wire.decode(bad)


def test_a_liar_arrives_as_its_plain_base():
    class Liar(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    class LiarArray(np.ndarray):
        def __eq__(self, other):
            return True

    got = across([Liar(0.5), np.zeros(2).view(LiarArray), {Liar(1.0): Liar(2.0)}])
    assert type(got[0]) is float and type(got[1]) is np.ndarray and type(list(got[2])[0]) is float
    assert got[0] != 0.25


@pytest.mark.parametrize("value", [
    object(), (x for x in ()), lambda: 1, np.array([None, 1], dtype=object),
    np.zeros(2, dtype=[("a", "<f8")]), np.zeros(2, dtype="V8"), 2**20000, [1, {2: [object()]}],
], ids=["object", "generator", "function", "object array", "structured array", "void array", "huge int",
        "nested object"])
def test_what_is_not_plain_data_is_refused(value):
    with pytest.raises(wire.NotPlainData):
        wire.encode(value)


# -- limits ------------------------------------------------------------------------------------------

def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def test_nesting_is_limited_both_ways():
    assert across(nested(wire.MAX_DEPTH - 1)) == nested(wire.MAX_DEPTH - 1)
    with pytest.raises(wire.NotPlainData):
        wire.encode(nested(wire.MAX_DEPTH + 1))
    deep: object = {"t": "list", "v": []}
    for _ in range(wire.MAX_DEPTH + 1):
        deep = {"t": "list", "v": [deep]}
    with pytest.raises(wire.NotPlainData):
        wire.decode(deep)
    with pytest.raises(wire.WireError):  # deeper than the JSON reader goes: still only a WireError
        wire.loads(b'{"op": "x", "v": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")


def test_items_are_limited_both_ways(monkeypatch):
    encoded = wire.encode(list(range(200)))
    monkeypatch.setattr(wire, "MAX_ITEMS", 100)
    with pytest.raises(wire.NotPlainData):
        wire.encode(list(range(200)))
    with pytest.raises(wire.NotPlainData):
        wire.decode(encoded)


def test_message_size_is_limited_both_ways(monkeypatch):
    monkeypatch.setattr(wire, "MAX_MESSAGE", 1000)
    with pytest.raises(wire.NotPlainData):  # the sender refuses to write it
        wire.dumps({"op": "return", "value": wire.encode(np.zeros(1000))})
    r, w = os.pipe()
    try:
        os.write(w, (10**9).to_bytes(8, "big"))  # a header that claims a GB: refused before reading on
        with pytest.raises(wire.WireError, match="limit"):
            wire.Reader(r).recv(time.monotonic() + 5)
    finally:
        os.close(r)
        os.close(w)


@pytest.mark.parametrize("bad", [
    {"t": "ndarray", "dtype": "<f8", "shape": [3], "b64": base64.b64encode(bytes(16)).decode()},
    {"t": "ndarray", "dtype": "<f8", "shape": [1] * (wire.MAX_DIMS + 1), "b64": base64.b64encode(bytes(8)).decode()},
    {"t": "ndarray", "dtype": "|O", "shape": [1], "b64": base64.b64encode(bytes(8)).decode()},
    {"t": "ndarray", "dtype": ",", "shape": [0], "b64": ""},
    {"t": "ndarray", "dtype": "<U0", "shape": [0], "b64": ""},
    {"t": "ndarray", "dtype": "<f8", "shape": [-1], "b64": ""},
    {"t": "npscalar", "dtype": "<f8", "shape": [1], "b64": base64.b64encode(bytes(8)).decode()},
    {"t": "complex", "v": [10**400, 0]},
    {"t": "bytes", "b64": "not base64!"},
    {"t": "set", "v": [{"t": "list", "v": []}]},
    {"t": "dict", "v": [[{"t": "list", "v": []}, 1]]},
    {"t": "fn", "id": 0},
    {"t": "tensor", "dtype": "float32", "data": {"t": "ndarray", "dtype": "<f8", "shape": [0], "b64": ""}},
    {"t": "pickle", "v": "gASVAAAAAAAAAAA="},
], ids=["size mismatch", "too many dims", "object dtype", "dtype numpy parses with ast", "zero-size dtype",
        "negative shape", "scalar with a shape", "huge complex", "bad base64", "unhashable in set",
        "unhashable key", "function reference without a resolver", "tensor of the wrong dtype", "unknown tag"])
def test_malformed_values_are_refused(bad):
    with pytest.raises(wire.NotPlainData):
        wire.decode(bad)


# -- garbage raises only the documented errors --------------------------------------------------------

DTYPE_STRINGS = st.one_of(st.sampled_from(["<f8", ">i4", "|b1", "<U3", "|S2", "<M8[ns]", "<m8", "|O", "|V4", ",",
                                           "f8,i4", "a", "<U0", "<f16", "(2,)i4", "<S99999999999"]),
                          st.text(max_size=20))
SHAPES = st.lists(st.integers(-2, 2**40), max_size=40) | st.integers() | st.none()
B64 = st.binary(max_size=64).map(lambda b: base64.b64encode(b).decode()) | st.text(max_size=10)
TAGS = st.sampled_from(["list", "tuple", "set", "frozenset", "dict", "complex", "bytes", "ndarray", "npscalar",
                        "tensor", "fn", "ref", "alias", "ellipsis", "nope"])
JSON_ATOMS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10))


def wire_like() -> st.SearchStrategy:
    """JSON a hostile worker could send as a value: near-misses of every tag."""
    return st.recursive(JSON_ATOMS, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.fixed_dictionaries({"t": TAGS}, optional={
            "v": st.lists(inner, max_size=4) | inner | st.lists(st.lists(inner, max_size=3), max_size=3),
            "dtype": DTYPE_STRINGS | st.sampled_from(["float32", "bfloat16", "int8"]),
            "shape": SHAPES, "b64": B64, "data": inner, "requires_grad": JSON_ATOMS, "id": JSON_ATOMS,
            "i": JSON_ATOMS, "grad": inner}),
        st.dictionaries(st.text(max_size=3), inner, max_size=3),
    ), max_leaves=10)


@SETTINGS
@given(wire_like())
def test_decoding_anything_raises_only_not_plain_data(value):
    for table in (None, wire.Table()):
        try:
            wire.decode(value, table=table)
        except wire.NotPlainData:
            pass


@SETTINGS
@given(st.binary(max_size=2000) | wire_like().map(lambda v: json.dumps({"op": "x", "v": v}).encode()))
def test_reading_any_bytes_raises_only_wire_errors(data):
    try:
        msg = wire.loads(data)
    except wire.WireError:
        return
    assert type(msg) is dict and type(msg["op"]) is str


@SETTINGS
@given(st.lists(st.binary(max_size=300) | st.binary(max_size=40).map(lambda b: len(b).to_bytes(8, "big") + b),
                max_size=5))
def test_a_reader_fed_garbage_raises_only_wire_errors(chunks):
    data = b"".join(chunks)
    r, w = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(w, data) if data else None, os.close(w)))
    writer.start()
    reader = wire.Reader(r)
    try:
        for _ in range(len(data) + 1):  # every message it can frame, until the pipe closes
            reader.recv(time.monotonic() + 5)
        pytest.fail("more messages than bytes")
    except wire.WireError:
        pass
    finally:
        writer.join()
        reader.close()
        os.close(r)
