"""Device choice (with every kind of hardware faked by monkeypatching) and moving batches."""

import warnings
from collections import namedtuple
from types import SimpleNamespace

import pytest
import torch

from dlbook.train.devices import DEVICE_ENV, choose_device, is_available, pin, synchronize, to_device


@pytest.fixture
def machine(monkeypatch):
    """A machine with nothing but a CPU; each test switches on what it needs."""
    monkeypatch.delenv(DEVICE_ENV, raising=False)
    state = {"accelerator": None, "cuda": False, "mps": False}
    monkeypatch.setattr(torch, "accelerator", SimpleNamespace(
        is_available=lambda: state["accelerator"] is not None,
        current_accelerator=lambda: None if state["accelerator"] is None else torch.device(state["accelerator"])))
    monkeypatch.setattr(torch.cuda, "is_available", lambda: state["cuda"])
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: state["mps"])
    return state


def test_the_choice_order_is_accelerator_cuda_mps_cpu(machine):
    assert choose_device() == torch.device("cpu")
    machine["mps"] = True
    assert choose_device() == torch.device("mps")
    machine["cuda"] = True  # CUDA beats MPS (a machine never has both, but the order is stated)
    assert choose_device() == torch.device("cuda")
    machine["accelerator"] = "xpu"  # torch.accelerator speaks first: it knows this build's device
    assert choose_device() == torch.device("xpu")


def test_older_torch_without_torch_accelerator(machine, monkeypatch):
    monkeypatch.delattr(torch, "accelerator")
    machine["cuda"] = True
    assert choose_device() == torch.device("cuda")
    machine["cuda"] = False
    assert choose_device() == torch.device("cpu")


def test_the_environment_overrides_and_an_argument_overrides_it(machine, monkeypatch):
    machine["accelerator"], machine["cuda"] = "cuda", True
    monkeypatch.setenv(DEVICE_ENV, "cpu")
    assert choose_device() == torch.device("cpu")
    monkeypatch.setenv(DEVICE_ENV, "cuda:1")
    assert choose_device() == torch.device("cuda", 1)
    assert choose_device("cpu") == torch.device("cpu")
    monkeypatch.setenv(DEVICE_ENV, "")  # set but empty: as if unset
    assert choose_device() == torch.device("cuda")


def test_asking_for_a_missing_device_raises(machine, monkeypatch):
    monkeypatch.setenv(DEVICE_ENV, "cuda")
    with pytest.raises(RuntimeError, match="not available"):
        choose_device()
    with pytest.raises(RuntimeError, match="not available"):
        choose_device("mps")
    assert is_available("cpu") and not is_available("cuda") and not is_available("no_such_device")


Pair = namedtuple("Pair", "X y")


def test_to_device_moves_every_tensor_and_keeps_the_nesting():
    batch = {"images": [torch.zeros(2, 3), (torch.ones(1), "label")], "pair": Pair(torch.arange(3), 7),
             "n": 5}
    moved = to_device(batch, "meta")  # a device every torch has: tensors without storage
    assert moved["images"][0].device.type == "meta" and moved["images"][0].shape == (2, 3)
    assert isinstance(moved["images"], list) and isinstance(moved["images"][1], tuple)
    assert moved["images"][1][0].device.type == "meta" and moved["images"][1][1] == "label"
    assert isinstance(moved["pair"], Pair) and moved["pair"].X.device.type == "meta" and moved["pair"].y == 7
    assert moved["n"] == 5
    assert batch["images"][0].device.type == "cpu"  # the original is untouched
    x = torch.zeros(3)
    assert to_device(x, "cpu") is x  # already there: no copy


def test_non_blocking_only_for_cuda(monkeypatch):
    calls = []

    def spy(self, device, non_blocking=False):
        calls.append((torch.device(device).type, non_blocking))
        return self

    monkeypatch.setattr(torch.Tensor, "to", spy)
    to_device((torch.zeros(1), torch.zeros(1)), "cuda")
    to_device([torch.zeros(1)], torch.device("cpu"))
    to_device(torch.zeros(1), "cuda", non_blocking=False)
    assert calls == [("cuda", True), ("cuda", True), ("cpu", False), ("cuda", False)]


def test_pin_is_a_no_op_without_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    batch = (torch.zeros(4), {"y": torch.ones(2)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # torch warns when pinning without an accelerator
        assert pin(batch) is batch
    synchronize("cpu")  # nothing to wait for
