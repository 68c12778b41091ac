"""Hypothesis strategies several test modules share."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: every dtype kind a plain-data array may have, in both byte orders where that means anything
ARRAY_DTYPES = st.one_of(
    hnp.boolean_dtypes(),
    hnp.integer_dtypes(endianness="="), hnp.integer_dtypes(endianness=">"),
    hnp.unsigned_integer_dtypes(endianness="<"), hnp.unsigned_integer_dtypes(endianness=">"),
    hnp.floating_dtypes(endianness="<"), hnp.floating_dtypes(endianness=">"),
    hnp.complex_number_dtypes(endianness="<"), hnp.complex_number_dtypes(endianness=">"),
    hnp.byte_string_dtypes(min_len=1, max_len=8), hnp.unicode_string_dtypes(min_len=1, max_len=8),
    hnp.datetime64_dtypes(), hnp.timedelta64_dtypes(),
)


def arrays(max_side: int = 4) -> st.SearchStrategy[np.ndarray]:
    """numpy arrays of any plain dtype and shape (0-d and empty ones too)."""
    return ARRAY_DTYPES.flatmap(lambda dt: hnp.arrays(
        dt, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=max_side)))


def numpy_scalars() -> st.SearchStrategy[np.generic]:
    return arrays().filter(lambda a: a.size > 0).map(lambda a: a.reshape(-1)[0])


#: atoms of plain data: what a question's interface may take or return
ATOMS = st.one_of(
    st.none(), st.booleans(), st.integers(-2**256, 2**256), st.floats(allow_nan=True, allow_infinity=True),
    st.text(), st.binary(), st.complex_numbers(allow_nan=True, allow_infinity=True),
)
HASHABLE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(),
                     st.binary(), st.tuples(st.integers(), st.text()))


def plain_data(arrays_too: bool = True) -> st.SearchStrategy:
    """Nested plain data: lists, tuples, dicts (any hashable keys), sets, arrays, scalars."""
    leaves = st.one_of(ATOMS, arrays(), numpy_scalars()) if arrays_too else ATOMS
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(tuple),
            st.dictionaries(HASHABLE, inner, max_size=4),
            st.sets(HASHABLE, max_size=4), st.frozensets(HASHABLE, max_size=4),
        ),
        max_leaves=12,
    )


def same(a: object, b: object) -> bool:
    """Equal, of the same type, all the way down (NaN equals NaN; arrays by dtype, shape and bytes)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray | np.generic):
        assert isinstance(b, np.ndarray | np.generic)
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, float):
        return a == b or (a != a and b != b)
    if isinstance(a, complex):
        assert isinstance(b, complex)
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, list | tuple):
        assert isinstance(b, list | tuple)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b
