"""What a student's function did to its arguments, made visible to the trusted test.

In a kernel, ``adam_step(params, grads, state)`` may update ``state`` in place, and the test
sees it. In grading the function ran on copies in the sandbox, so the worker sends back the
final state of the arguments it changed, and :func:`write_back` applies it to the test's own
objects: arrays with ``np.copyto``, tensors with ``copy_`` (and their ``.grad``) under
``no_grad``, lists, dicts and sets in place, tuples element by element (a tuple whose
elements were replaced is replaced where it sits). An argument that changed its shape or
dtype in place, or a read-only one, keeps its value, and the change is noted; inside a list
or dict, the new array takes the old one's place. What comes back is plain data decoded by :mod:`~dlbook_tools.grading.wire` (nothing
that can run code): writing it back does what the student's code could have done in a
kernel, no more.
"""

from __future__ import annotations

import sys
from typing import Any

SKIP = object()  # a function among the arguments: the test keeps its own


def write_back(orig: Any, final: Any, kept: dict[int, Any], notes: list[str], where: str) -> Any:
    """Make `orig` look like `final`; returns what stands for `final` afterwards (`orig`
    itself when it was updated in place). `kept` maps each array or tensor of `final` to the
    test's object that now holds its value (for answers that return an argument)."""
    import numpy as np

    torch = sys.modules.get("torch")
    if final is SKIP:
        return orig
    if isinstance(orig, np.ndarray) and type(final) is np.ndarray:
        if orig.shape != final.shape or orig.dtype != final.dtype:
            notes.append(f"{where} changed its shape or dtype in place; the test sees it unchanged")
            return final
        if orig.tobytes() != final.tobytes():
            if not orig.flags.writeable:
                notes.append(f"{where} is read-only; the test sees it unchanged")
                return final
            np.copyto(orig, final)
        kept[id(final)] = orig
        return orig
    if torch is not None and isinstance(orig, torch.Tensor) and isinstance(final, torch.Tensor):
        return _tensor(torch, orig, final, kept, notes, where)
    if isinstance(orig, list) and type(final) is list:
        n = min(len(orig), len(final))
        for i in range(n):
            orig[i] = write_back(orig[i], final[i], kept, notes, f"{where}[{i}]")
        del orig[n:]
        orig.extend(final[n:])
        return orig
    if isinstance(orig, dict) and type(final) is dict:
        for key in [k for k in orig if k not in final]:
            del orig[key]
        for key, value in final.items():
            orig[key] = write_back(orig[key], value, kept, notes, f"{where}[{key!r}]") if key in orig else value
        return orig
    if isinstance(orig, set) and type(final) is set:
        if orig != final:
            orig.clear()
            orig.update(final)
        return orig
    if isinstance(orig, tuple) and type(final) is tuple and len(orig) == len(final):
        parts = [write_back(o, f, kept, notes, f"{where}[{i}]") for i, (o, f) in enumerate(zip(orig, final))]
        if all(p is o for p, o in zip(parts, orig)):
            return orig
        # A tuple cannot change: where the function put a new one (in a list, a dict), it is new.
        return type(orig)(*parts) if hasattr(orig, "_fields") else tuple(parts)
    return final


def _tensor(torch: Any, orig: Any, final: Any, kept: dict[int, Any], notes: list[str], where: str) -> Any:
    if orig.shape != final.shape or orig.dtype != final.dtype:
        notes.append(f"{where} changed its shape or dtype in place; the test sees it unchanged")
        return final
    with torch.no_grad():
        if not torch.equal(orig.detach().cpu(), final.detach()):
            orig.copy_(final.detach())
        if orig.is_leaf and final.grad is not None:
            grad = final.grad.to(orig.device)
            if orig.grad is None or not torch.equal(orig.grad.cpu(), final.grad):
                orig.grad = grad
        elif orig.is_leaf and final.grad is None and final.requires_grad and orig.grad is not None:
            orig.grad = None  # the function set it to None (zero_grad(set_to_none=True))
    kept[id(final)] = orig
    return orig


def apply(args: tuple, kwargs: dict, state: Any, notes: list[str], name: str) -> dict[int, Any] | None:
    """Write a call's final state (``[args, kwargs]`` as decoded) back into the test's own
    arguments; the map of `kept` objects, or None when the state does not fit the call."""
    if type(state) is not list or len(state) != 2 or type(state[0]) is not list or type(state[1]) is not dict \
            or len(state[0]) != len(args) or set(state[1]) != set(kwargs):
        return None
    kept: dict[int, Any] = {}
    for i, (orig, final) in enumerate(zip(args, state[0])):
        write_back(orig, final, kept, notes, f"argument {i + 1} of {name}")
    for key, orig in kwargs.items():
        write_back(orig, state[1][key], kept, notes, f"argument {key} of {name}")
    return kept
