"""Mixed precision, channels-last and the compile switch, on the CPU."""

import pytest
import torch

from dlbook.nn.cnn import DigitsCNN
from dlbook.train.precision import autocast, channels_last, default_precision, grad_scaler, maybe_compile
from dlbook.train.steps import train_step


def test_bf16_autocast_on_the_cpu():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    X, y = torch.randn(8, 16), torch.randint(0, 4, (8,))
    with autocast("cpu", "bf16"):
        logits = model(X)
        loss = torch.nn.functional.cross_entropy(logits, y)
    assert logits.dtype == torch.bfloat16  # the products ran in bfloat16...
    assert loss.dtype == torch.float32     # ...the loss, a reduction, in float32
    loss.backward()
    assert all(p.dtype == p.grad.dtype == torch.float32 for p in model.parameters())  # float32 master weights
    with torch.no_grad():
        exact = model(X)
    # bfloat16 keeps 8 significant bits: about 2-3 decimal digits
    torch.testing.assert_close(logits.float(), exact, rtol=0.05, atol=0.05)
    with autocast("cpu", "fp32"):
        assert model(X).dtype == torch.float32  # "fp32" does nothing
    with pytest.raises(ValueError, match="precision"):
        autocast("cpu", "fp8")


def test_a_scaler_only_for_fp16(monkeypatch):
    assert isinstance(grad_scaler("cpu", "fp16"), torch.amp.GradScaler)
    assert grad_scaler("cpu", "bf16") is None and grad_scaler("cpu", "fp32") is None
    assert default_precision("cpu") == "bf16"
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)  # a V100 or a T4
    assert default_precision("cuda") == "fp16"


def test_fp16_gradients_underflow_without_the_scaler_and_survive_with_it():
    """Failure first, then the fix: a gradient of 1e-8 is below float16's smallest number."""
    def run(scaler):
        torch.manual_seed(0)
        model = torch.nn.Linear(4, 4)
        opt = torch.optim.SGD(model.parameters(), lr=0.0)  # keep the weights: look at the gradients
        X, y = torch.randn(8, 4), torch.zeros(8, 4)
        train_step(model, lambda y_hat, y: 1e-8 * (y_hat - y).sum(), opt, (X, y),
                   precision="fp16", scaler=scaler)
        return model.weight.grad, X

    assert torch.count_nonzero(run(None)[0]) == 0  # every weight gradient flushed to zero
    g, X = run(grad_scaler("cpu", "fp16"))
    # scaled by 65,536 on the way down, unscaled after: d/dW_ij of 1e-8 sum(X W^T) = 1e-8 sum_n X_nj
    torch.testing.assert_close(g, 1e-8 * X.sum(0).expand(4, 4), rtol=1e-2, atol=0)


def test_channels_last_keeps_the_outputs():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(8, 4, 3))
    x = torch.randn(5, 3, 10, 10)
    expected = model(x)
    model_cl, x_cl = channels_last(model), channels_last(x)
    assert model_cl[0].weight.is_contiguous(memory_format=torch.channels_last)
    assert x_cl.is_contiguous(memory_format=torch.channels_last) and x_cl.shape == x.shape
    assert torch.equal(x_cl, x)  # same values, other strides
    torch.testing.assert_close(model_cl(x_cl), expected, rtol=1e-5, atol=1e-6)
    cnn = DigitsCNN()
    images = torch.rand(4, 1, 8, 8)
    before = cnn(images)
    torch.testing.assert_close(channels_last(cnn)(channels_last(images)), before, rtol=1e-5, atol=1e-6)
    flat = torch.randn(3, 4)
    assert channels_last(flat) is flat  # only 4-d tensors have the layout


def test_compile_is_off_on_the_cpu_by_default(monkeypatch):
    calls = []
    monkeypatch.setattr(torch, "compile", lambda model, **options: calls.append(options) or "compiled")
    model = torch.nn.Linear(2, 2)
    assert maybe_compile(model) is model
    assert maybe_compile(model, device="cpu") is model
    assert maybe_compile(model, enabled=False, device="cuda") is model
    assert maybe_compile(model, device="cuda") == "compiled"
    assert maybe_compile(model, enabled=True, device="cpu", mode="max-autotune") == "compiled"
    assert calls == [{}, {"mode": "max-autotune"}]
