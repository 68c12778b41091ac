"""A scalar automatic-differentiation engine, in the spirit of micrograd (chapter 4).

A ``Value`` holds one number, ``data``, and remembers the operation and the inputs
(``_prev``) that produced it. Every operation records, right beside its forward
computation, a ``_backward`` closure: its *local* derivative rule, which multiplies
the gradient arriving at the output by the derivative of the output with respect to
each input and adds the product into that input's ``grad``. ``backward()`` visits
the graph in reverse topological order, so each node has received the whole
gradient from everything that uses it before it passes that gradient on: the chain
rule, applied mechanically.

:mod:`dlbook.autograd.mlp` builds a small multi-layer network on top of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Number = int | float


# --8<-- [start:value]
class Value:
    """A scalar in a computational graph: its value ``data``, and dJ/d(it) in ``grad``."""

    def __init__(self, data: Number, _prev: tuple[Value, ...] = (), _op: str = "",
                 label: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0                     # dJ/d(self), filled in by backward()
        self._backward: Callable[[], None] = lambda: None  # a leaf passes nothing on
        self._prev = _prev                  # the inputs this value was computed from
        self._op = _op                      # the operation that produced it, for display
        self.label = label

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.4g}, grad={self.grad:.4g})"
# --8<-- [end:value]

    # --8<-- [start:add_mul]
    def __add__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:            # d(a + b)/da = 1, d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:            # d(a b)/da = b, d(a b)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    # --8<-- [end:add_mul]

    # --8<-- [start:pow]
    def __pow__(self, p: Number) -> Value:
        """self ** p for a constant exponent p (an int, or any float when self > 0)."""
        if not isinstance(p, (int, float)):
            raise TypeError("only a constant (int or float) exponent is supported")
        out = Value(self.data ** p, (self,), f"**{p:g}")

        def _backward() -> None:            # d(a^p)/da = p a^(p - 1)
            self.grad += p * self.data ** (p - 1) * out.grad
        out._backward = _backward
        return out
    # --8<-- [end:pow]

    # --8<-- [start:derived]
    # Negation, subtraction and division are compositions of + * and **, so their
    # backward rules come for free from the rules above.
    def __neg__(self) -> Value:                          # -a = a * (-1)
        return self * -1

    def __sub__(self, other: Value | Number) -> Value:   # a - b = a + (-b)
        return self + (-other)

    def __truediv__(self, other: Value | Number) -> Value:  # a / b = a * b^(-1)
        other = other if isinstance(other, Value) else Value(other)
        return self * other ** -1

    # Python calls these for `2 + a`, `2 * a`, `2 - a`, `2 / a`, where 2 is no Value.
    def __radd__(self, other: Number) -> Value:
        return self + other

    def __rmul__(self, other: Number) -> Value:
        return self * other

    def __rsub__(self, other: Number) -> Value:
        return Value(other) - self

    def __rtruediv__(self, other: Number) -> Value:
        return Value(other) / self
    # --8<-- [end:derived]

    # --8<-- [start:functions]
    def exp(self) -> Value:
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward() -> None:            # d e^a / da = e^a, which is out.data
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self) -> Value:
        """The natural logarithm; needs self.data > 0."""
        out = Value(math.log(self.data), (self,), "log")

        def _backward() -> None:            # d log(a) / da = 1 / a
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward() -> None:            # tanh'(a) = 1 - tanh(a)^2
            self.grad += (1.0 - t * t) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self) -> Value:
        # The two-branch form of chapter 2: exp only ever sees -|a|.
        e = math.exp(-abs(self.data))
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        out = Value(s, (self,), "sigmoid")

        def _backward() -> None:            # sigma'(a) = sigma(a) (1 - sigma(a))
            self.grad += s * (1.0 - s) * out.grad
        out._backward = _backward
        return out

    def relu(self) -> Value:
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward() -> None:            # 1 if a > 0, else 0 (also at the kink)
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out
    # --8<-- [end:functions]

    # --8<-- [start:backward]
    def backward(self) -> None:
        """Fill in d(self)/dv in v.grad for every v this value depends on.

        Gradients *accumulate* (+=): a value used twice receives a contribution from
        each use. So, like torch, a second call adds to the first; reset the grads
        (``zero_grad``) between training steps.
        """
        order = topological_order(self)
        self.grad = 1.0                     # d(self)/d(self)
        for v in reversed(order):           # outputs before the inputs they came from
            v._backward()
    # --8<-- [end:backward]


# --8<-- [start:topo]
def topological_order(root: Value) -> list[Value]:
    """Every value ``root`` depends on, each listed after all of its inputs; root last.

    A depth-first search that appends a value only once all its inputs are listed.
    It keeps its own stack rather than recursing, so long graphs (a sum over
    thousands of examples) do not hit Python's recursion limit.
    """
    order: list[Value] = []
    visited: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        v, inputs_listed = stack.pop()
        if inputs_listed:
            order.append(v)
        elif id(v) not in visited:
            visited.add(id(v))
            stack.append((v, True))         # come back to v after its inputs
            stack.extend((child, False) for child in reversed(v._prev))
    return order
# --8<-- [end:topo]
