"""What each of chapter 13's speed-ups buys, one on top of the other, for the chapter 12 CNN and
the chapter 10 transformer; and what the book's training loop costs over a bare torch loop.

    python benchmarks/train_ablation.py [--size cpu|gpu] [--device DEV] [--threads N]
                                        [--warm-compile-cache] [--out PATH]

The ablation rows, each adding one thing to the row above it:

    fp32 eager                   float32, data on the host (pinned on CUDA), copied every step
    + bf16 autocast              (fp16 with a GradScaler where the GPU has no bfloat16)
    + channels-last              convnets only
    + torch.compile              the first call's compilation is timed apart (compile_s)
    + data kept on the device    no copy per step (on a CPU the host is the device: skipped)

Every row runs the book's `train_step` on a fresh model (same seed) with AdamW, times it with
`measure` (warm-up, synchronise, median of N) and prints samples or tokens per second, the
model FLOPs utilisation against the device's peak (none for a CPU) and the peak memory (CUDA:
tensors allocated; CPU: growth of the process's resident set during the row). Then `fit`
against the same loop written bare in torch (shuffle, step, evaluate each epoch), timed in
alternation: the overhead must stay under 5 %. `--size cpu` takes about a minute on two cores
(a cold torch.compile alone is 12-20 s of it); `--size gpu` sizes the models for a real GPU.
Writes the results as JSON with the hardware, the date and the command.
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import gc
import itertools
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from dlbook.data.images import digits
from dlbook.data.text import Vocabulary, documentation_text, random_windows
from dlbook.nn.cnn import DigitsCNN
from dlbook.nn.transformer import TinyTransformerLM, sequence_loss
from dlbook.train.devices import choose_device, pin, synchronize, to_device
from dlbook.train.fit import fit
from dlbook.train.precision import channels_last, default_precision, grad_scaler, maybe_compile
from dlbook.train.steps import train_step
from dlbook.train.throughput import (
    forward_flops,
    measure,
    mfu,
    peak_flops,
    peak_memory,
    reset_peak_memory,
    train_flops,
    transformer_train_flops,
)

ROOT = Path(__file__).resolve().parents[1]

SIZES: dict[str, dict[str, Any]] = {
    "cpu": {"cnn": {"channels": (16, 32), "batch": 256},
            "lm": {"d": 64, "heads": 4, "layers": 2, "T": 64, "batch": 32},
            "n_batches": 8, "warmup": 3, "repeats": 7, "number": 2,
            "overhead": {"epochs": 3, "batch": 64, "runs": 9}},
    "gpu": {"cnn": {"channels": (128, 256), "batch": 8192},
            "lm": {"d": 512, "heads": 8, "layers": 6, "T": 256, "batch": 64},
            "n_batches": 8, "warmup": 10, "repeats": 15, "number": 10,
            "overhead": {"epochs": 10, "batch": 256, "runs": 9}},
}

ROWS = [  # name, then what it switches on, on top of the rows above it
    ("fp32 eager", {}),
    ("+ bf16 autocast", {"autocast": True}),
    ("+ channels-last", {"channels_last": True}),
    ("+ torch.compile", {"compile": True}),
    ("+ data kept on the device", {"on_device": True}),
]


class Workload:
    """A model factory, its loss, host batches, and the FLOPs of one training step."""

    def __init__(self, name: str, make: Callable[[], torch.nn.Module], loss: Callable, batches: list,
                 items: int, unit: str, flops: int, convnet: bool):
        self.name, self.make, self.loss, self.batches = name, make, loss, batches
        self.items, self.unit, self.flops, self.convnet = items, unit, flops, convnet


def cnn_workload(cfg: dict, n_batches: int) -> Workload:
    (X, y), _ = digits()
    rng = np.random.default_rng(0)
    B = cfg["batch"]
    batches = []
    for _ in range(n_batches):  # digits sampled with replacement: any batch size
        idx = rng.integers(0, len(X), B)
        batches.append((torch.tensor(X[idx], dtype=torch.float32), torch.tensor(y[idx])))

    def make() -> torch.nn.Module:
        torch.manual_seed(0)
        return DigitsCNN(channels=cfg["channels"])

    flops = B * train_flops(forward_flops(make(), batches[0][0][:1]))  # counted on one image, times B
    return Workload("DigitsCNN (ch. 12)", make, torch.nn.functional.cross_entropy, batches, B,
                    "samples/s", flops, convnet=True)


def lm_workload(cfg: dict, n_batches: int) -> Workload:
    text = documentation_text()
    vocab = Vocabulary.from_text(text)
    ids = vocab.encode(text)
    rng = np.random.default_rng(0)
    batches = [tuple(torch.from_numpy(a) for a in random_windows(ids, cfg["T"], cfg["batch"], rng))
               for _ in range(n_batches)]

    def make() -> torch.nn.Module:
        torch.manual_seed(0)
        return TinyTransformerLM(len(vocab), d=cfg["d"], heads=cfg["heads"], layers=cfg["layers"],
                                 max_len=cfg["T"])

    model = make()
    N = sum(m.weight.numel() for m in model.modules() if isinstance(m, torch.nn.Linear))
    tokens = cfg["batch"] * cfg["T"]
    flops = transformer_train_flops(N, tokens, cfg["layers"], cfg["T"], cfg["d"])
    return Workload(f"TinyTransformerLM (ch. 10), {N / 1e6:.2f} M params", make, sequence_loss, batches,
                    tokens, "tokens/s", flops, convnet=False)


def run_row(w: Workload, on: dict, device: torch.device, size: dict) -> dict[str, Any]:
    precision = default_precision(device) if on.get("autocast") else "fp32"
    gc.collect()
    reset_peak_memory(device)
    base = peak_memory(device) or 0
    model = w.make().to(device)
    if on.get("channels_last"):
        model = channels_last(model)
    model = maybe_compile(model, enabled=bool(on.get("compile")))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scaler = grad_scaler(device, precision)
    layout = channels_last if on.get("channels_last") else (lambda x: x)
    if on.get("on_device"):  # moved once, laid out once
        batches = [(layout(X), y) for X, y in to_device(w.batches, device)]
    else:
        batches = pin(w.batches)  # a DataLoader with pin_memory=True would hand over these
    turn = itertools.cycle(range(len(batches)))

    def step() -> None:
        X, y = batches[next(turn)]
        if not on.get("on_device"):
            X, y = to_device((X, y), device)  # non_blocking from pinned memory on CUDA
            X = layout(X)
        train_step(model, w.loss, opt, (X, y), precision=precision, scaler=scaler)

    compile_s = None
    if on.get("compile"):
        start = time.perf_counter()
        step()
        synchronize(device)
        compile_s = time.perf_counter() - start
    timing = measure(step, warmup=size["warmup"], repeats=size["repeats"], number=size["number"],
                     synchronize=lambda: synchronize(device))
    peak = peak_memory(device)
    return {"precision": precision, "seconds_per_step": timing.per_call, "rate": timing.rate(w.items),
            "mfu": mfu(w.flops, timing.per_call, peak_flops(device, precision)),
            "peak_mib": None if peak is None else max(0, peak - base) / 2**20, "compile_s": compile_s,
            "times": timing.times}


def skip_reason(w: Workload, on: dict, device: torch.device) -> str | None:
    if on.get("channels_last") and not w.convnet:
        return "no convolutions: channels-last changes nothing"
    if on.get("on_device") and device.type == "cpu":
        return "the CPU is the host: there is nothing to copy"
    return None


def ablation(w: Workload, device: torch.device, size: dict) -> list[dict[str, Any]]:
    print(f"\n{w.name}: {w.items} {w.unit.split('/')[0]} a step, {w.flops / 1e9:.3f} GFLOP a step")
    print(f"  {'row':28} {'prec':5} {'ms/step':>9} {w.unit:>13} {'MFU':>7} {'peak MiB':>9} {'compile s':>9}")
    rows: list[dict[str, Any]] = []
    on: dict[str, bool] = {}
    for name, adds in ROWS:
        on = {**on, **adds}
        reason = skip_reason(w, adds, device)
        if reason is not None:
            rows.append({"row": name, "skipped": reason})
            print(f"  {name:28} skipped: {reason}")
            continue
        r = {"row": name, **run_row(w, on, device, size)}
        rows.append(r)
        mfu_text = "-" if r["mfu"] is None else f"{100 * r['mfu']:.1f}%"
        print(f"  {name:28} {r['precision']:5} {1e3 * r['seconds_per_step']:9.2f} {r['rate']:13,.0f} "
              f"{mfu_text:>7} {_fmt(r['peak_mib'], '9.1f')} {_fmt(r['compile_s'], '9.1f')}", flush=True)
    return rows


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def bare_loop(model, loss_fn, opt, train, val, epochs, batch_size, rng) -> list[float]:
    """fit's work written out in plain torch: shuffle, step, then evaluate both sets."""
    X, y = train
    val_loss = []
    for _ in range(epochs):
        model.train()
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            opt.zero_grad()
            loss_fn(model(X[idx]), y[idx]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            loss_fn(model(X), y).item()
            val_loss.append(loss_fn(model(val[0]), val[1]).item())
    return val_loss


def overhead(device: torch.device, cfg: dict) -> dict[str, Any]:
    (X, y), (X_val, y_val) = digits()
    train = to_device((torch.tensor(X, dtype=torch.float32), torch.tensor(y)), device)
    val = to_device((torch.tensor(X_val, dtype=torch.float32), torch.tensor(y_val)), device)
    loss = torch.nn.functional.cross_entropy

    def run(loop: str) -> tuple[float, float]:
        """(wall, CPU) seconds of one training run."""
        torch.manual_seed(0)
        model = DigitsCNN().to(device)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        synchronize(device)
        wall, cpu = time.perf_counter(), time.process_time()
        if loop == "fit":
            fit(model, loss, opt, train, val, cfg["epochs"], cfg["batch"], rng=np.random.default_rng(0))
        else:
            bare_loop(model, loss, opt, train, val, cfg["epochs"], cfg["batch"], np.random.default_rng(0))
        synchronize(device)
        return time.perf_counter() - wall, time.process_time() - cpu

    run("fit"), run("bare")  # warm-up
    times: dict[str, list[tuple[float, float]]] = {"fit": [], "bare": []}
    for _ in range(cfg["runs"]):  # alternate, so a slow spell of the machine hits both
        for loop in times:
            times[loop].append(run(loop))
    result: dict[str, Any] = {"epochs": cfg["epochs"], "batch": cfg["batch"], "runs": cfg["runs"]}
    for clock, k in (("wall", 0), ("cpu", 1)):  # CPU time: what the loop costs, whatever else the machine runs
        fit_s = statistics.median(t[k] for t in times["fit"])
        bare_s = statistics.median(t[k] for t in times["bare"])
        result[clock] = {"fit_s": fit_s, "bare_s": bare_s, "overhead": fit_s / bare_s - 1,
                         "fit_times": [t[k] for t in times["fit"]], "bare_times": [t[k] for t in times["bare"]]}
    result["within_5_percent"] = result["wall"]["overhead"] <= 0.05 or result["cpu"]["overhead"] <= 0.05
    print(f"\nfit against a bare torch loop, DigitsCNN on the digits, {cfg['epochs']} epochs, batch "
          f"{cfg['batch']}, medians of {cfg['runs']} alternating runs:")
    for clock in ("wall", "cpu"):
        r = result[clock]
        print(f"  {clock + ' time':9} fit {1e3 * r['fit_s']:8.1f} ms, bare {1e3 * r['bare_s']:8.1f} ms: "
              f"overhead {100 * r['overhead']:+.1f} %")
    return result


def hardware(device: torch.device) -> dict[str, Any]:
    info = {"machine": platform.machine(), "cpu": _cpu_name(), "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(), "torch": torch.__version__,
            "python": platform.python_version(), "device": str(device)}
    if device.type == "cpu":
        info["cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    if device.type == "cuda":
        info["gpu"] = torch.cuda.get_device_name(device)
    return info


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="cpu")
    parser.add_argument("--device", default=None, help="default: dlbook.train.devices.choose_device()")
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU threads for torch (default: torch's own choice); on a CPU shared with other "
                             "work use 1: idle OpenMP threads spin, and a preempted one stalls every op")
    parser.add_argument("--warm-compile-cache", action="store_true",
                        help="reuse torch.compile's on-disk cache (default: a fresh one, so compile_s is a cold compile)")
    parser.add_argument("--out", type=Path, default=None,
                        help="JSON results (default: benchmarks/results/train_ablation-<device>.json)")
    args = parser.parse_args(argv)
    if not args.warm_compile_cache:  # read when compiling: a fresh folder makes every compile cold
        cache = tempfile.mkdtemp(prefix="train_ablation-inductor-")
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = cache
        atexit.register(shutil.rmtree, cache, ignore_errors=True)
    device = choose_device(args.device)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    size = SIZES[args.size]
    started = time.perf_counter()
    print(f"device {device}, size {args.size}, torch {torch.__version__}, {torch.get_num_threads()} threads")
    results = {
        "command": " ".join(["python", *sys.argv]) if argv is None else "main(" + repr(argv) + ")",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "hardware": hardware(device), "size": args.size, "config": size,
        "memory": "CUDA: peak bytes of tensors allocated; CPU: growth of the resident set during the row",
        "ablation": {},
    }
    for w in (cnn_workload(size["cnn"], size["n_batches"]), lm_workload(size["lm"], size["n_batches"])):
        results["ablation"][w.name] = {"unit": w.unit, "items_per_step": w.items, "flops_per_step": w.flops,
                                       "rows": ablation(w, device, size)}
    results["fit_overhead"] = overhead(device, size["overhead"])
    results["seconds"] = time.perf_counter() - started
    out = args.out or ROOT / "benchmarks" / "results" / f"train_ablation-{device.type}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\n{results['seconds']:.0f} s in all; results in {out}")
    return results


if __name__ == "__main__":
    main()
