"""Timing with a fake clock, FLOPs against hand counts, the peak table, MFU."""

import pytest
import torch

from dlbook.nn.cnn import DigitsCNN
from dlbook.nn.transformer import TinyTransformerLM
from dlbook.train.throughput import (
    Timing,
    conv2d_flops,
    forward_flops,
    linear_flops,
    measure,
    mfu,
    peak_flops,
    peak_memory,
    reset_peak_memory,
    train_flops,
    transformer_train_flops,
)


def test_warm_up_then_synchronised_repeats_and_their_median():
    log = []
    durations = [5.0, 1.0, 3.0, 100.0, 2.0]  # seconds of each repeat; one hit a hiccup: the median ignores it
    now = [0.0]

    def clock():
        log.append("clock")
        return now[0]

    def fn():
        log.append("call")
        reads = log.count("clock")
        if reads % 2 == 1:  # a timed call: the clock has started
            now[0] += durations[reads // 2] / 2  # two calls a repeat

    timing = measure(fn, warmup=2, repeats=5, number=2, synchronize=lambda: log.append("sync"), clock=clock)
    assert log[:2] == ["call", "call"]  # warm-up: untimed, no synchronisation
    assert log[2:9] == ["sync", "clock", "call", "call", "sync", "clock", "sync"]  # sync before each clock read
    assert log.count("call") == 2 + 5 * 2
    assert timing.times == [5.0, 1.0, 3.0, 100.0, 2.0]
    assert timing.per_call == 1.5  # median 3 s for 2 calls
    assert timing.rate(items_per_call=64) == pytest.approx(64 / 1.5)
    assert Timing([1.0, 2.0], number=1).per_call == 1.5  # an even count: the mean of the middle two


def test_conv_flops_by_hand():
    assert conv2d_flops(1, 16, 3, 8, 8) == 2 * 1 * 3 * 3 * 16 * 8 * 8 == 18_432
    assert conv2d_flops(16, 32, 3, 4, 4) == 147_456
    assert conv2d_flops(4, 8, (3, 1), 5, 6, groups=2) == 2 * 2 * 3 * 1 * 8 * 5 * 6
    assert linear_flops(128, 10) == 2_560


def test_forward_flops_of_the_digits_cnn():
    # conv 1 -> 16 at 8x8, conv 16 -> 32 at 4x4 (after pooling), linear 128 -> 10, per image
    per_image = 18_432 + 147_456 + 2_560
    assert forward_flops(DigitsCNN(), torch.zeros(3, 1, 8, 8)) == 3 * per_image == 505_344
    strided = torch.nn.Conv2d(3, 8, 5, stride=2, padding=1)  # 17 + 2 - 5 = 14, // 2 + 1 = 8
    assert forward_flops(strided, torch.zeros(2, 3, 17, 17)) == 2 * (2 * 3 * 25 * 8 * 8 * 8)
    assert train_flops(per_image) == 3 * per_image


def test_transformer_flops_are_2_n_per_token_forward():
    vocab, d, layers, T, batch = 27, 16, 2, 10, 3
    model = TinyTransformerLM(vocab, d=d, heads=2, layers=layers, max_len=T)
    # the matrix products' parameters: W_q, W_k, W_v, W_o (d x d), the MLP (d x 4d twice), the head
    N = layers * (4 * d * d + 2 * 4 * d * d) + d * vocab
    weights = sum(m.weight.numel() for m in model.modules() if isinstance(m, torch.nn.Linear))
    assert weights == N
    tokens = batch * T
    assert forward_flops(model, torch.zeros(batch, T, dtype=torch.long)) == 2 * N * tokens  # Linear layers only
    assert transformer_train_flops(N, tokens) == 6 * N * tokens
    assert transformer_train_flops(N, tokens, layers, T, d) == (6 * N + 12 * layers * T * d) * tokens


@pytest.mark.parametrize(("name", "precision", "peak"), [
    ("NVIDIA H100 80GB HBM3", "bf16", 989e12),
    ("NVIDIA H100 PCIe", "bf16", 756e12),
    ("NVIDIA H200", "bf16", 989e12),
    ("NVIDIA H200 NVL", "bf16", 835e12),
    ("NVIDIA A100-SXM4-80GB", "bf16", 312e12),
    ("NVIDIA A100-SXM4-80GB", "fp32", 19.5e12),
    ("Tesla T4", "bf16", None),  # no bfloat16 units
    ("Some Future GPU", "bf16", None),
])
def test_the_peak_table(monkeypatch, name, precision, peak):
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: name)
    assert peak_flops("cuda", precision) == (None if peak is None else pytest.approx(peak))


def test_mfu():
    assert peak_flops("cpu", "bf16") is None
    assert mfu(1e12, 0.5, 4e12) == 0.5  # 2 TFLOP/s achieved of 4
    assert mfu(1e12, 0.5, None) is None


def test_peak_memory_on_the_cpu():
    reset_peak_memory("cpu")
    before = peak_memory("cpu")
    if before is None:
        pytest.skip("no /proc/self/status: not Linux")
    x = torch.ones(64 * 2**20 // 4)  # 64 MiB, touched
    assert peak_memory("cpu") - before >= 48 * 2**20
    del x
