"""Timing helpers: figures are medians of repeated runs, printed beside a floor measured
in the same run, so a slower machine moves both."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    median_ms: float
    p95_ms: float

    def line(self) -> str:
        return f"  {self.name:<44} median {self.median_ms:8.2f} ms   p95 {self.p95_ms:8.2f} ms"


def measure(name: str, run: Callable[[], object], repeat: int = 50, warmup: int = 3) -> Figure:
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return Figure(name, statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])


def compare(subject: Figure, floor: Figure, target_ratio: float) -> bool:
    ratio = subject.median_ms / floor.median_ms
    verdict = "OK" if ratio <= target_ratio else "OVER TARGET"
    print(subject.line())
    print(floor.line())
    print(f"  ratio {ratio:.2f} (target ≤ {target_ratio:g}×): {verdict}")
    return ratio <= target_ratio
