"""First-request latency of a service that embeds the predictor, with and without `warmup()`.

    python bench/warmup.py [--runs 5]

Each run is a fresh process (as a service worker starts): load the default model, call
`warmup()` (or not), then time the first `predict` of a real article from the sample issue and a
few more predicts after it. Prints medians over the runs. Target: first `predict` after
`warmup()` under 20 ms (wall time; the CPU time is printed too, as wall time on a shared
machine is noisy).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 20.0
STEADY = 5  # predicts after the first one, for the steady-state figure


def child(warm: bool) -> None:
    from classify import Predictor, split_page

    page = (ROOT / "data" / "samples" / "03_minsheng.txt").read_text(encoding="utf-8")
    articles = split_page(page)  # before timing: the service receives an article, not a page
    texts = [f"{a.title}\n{a.body}" for a in articles]
    t = time.perf_counter()
    predictor = Predictor.load()
    load = time.perf_counter() - t
    t = time.perf_counter()
    if warm:
        predictor.warmup()
    warmup = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    predictor.predict(texts[0])
    first, first_cpu = time.perf_counter() - t, time.process_time() - cpu
    steady = []
    for text in texts[1:1 + STEADY]:
        t = time.perf_counter()
        predictor.predict(text)
        steady.append(time.perf_counter() - t)
    print(json.dumps({"load": load, "warmup": warmup, "first": first, "first_cpu": first_cpu, "steady": statistics.median(steady),
                      "chars": len(texts[0])}))


def run(warm: bool, runs: int) -> list[dict]:
    cmd = [sys.executable, __file__, "--child", "warm" if warm else "cold"]
    out = []
    for _ in range(runs):
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--child", choices=("warm", "cold"))
    args = ap.parse_args()
    if args.child:
        child(args.child == "warm")
        return
    subprocess.run([sys.executable, __file__, "--child", "cold"], capture_output=True, check=True, cwd=ROOT)  # OS file cache

    def ms(rows: list[dict], key: str) -> str:
        return f"{statistics.median(r[key] for r in rows) * 1000:.1f} ms"

    cold = run(False, args.runs)
    warm = run(True, args.runs)
    print(f"fresh processes: {args.runs} each; first article {warm[0]['chars']} characters")
    print(f"without warmup: load {ms(cold, 'load')}, first predict {ms(cold, 'first')} (median)")
    print(f"with warmup:    load {ms(warm, 'load')}, warmup() {ms(warm, 'warmup')}, "
          f"first predict {ms(warm, 'first')} (median; target < {TARGET_MS:.0f} ms)")
    firsts = ", ".join(f"{r['first'] * 1000:.1f}" for r in warm)
    print(f"first predicts after warmup: {firsts} ms (slowest {max(r['first'] for r in warm) * 1000:.1f} ms); "
          f"CPU time median {ms(warm, 'first_cpu')}")
    print(f"steady state (median of the next {STEADY} predicts): {ms(warm, 'steady')}")


if __name__ == "__main__":
    main()
