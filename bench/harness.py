"""Timing helpers: figures are medians of repeated runs, printed beside a floor measured
in the same run, so a slower machine moves both."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection


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


def measure_pair(
    name: str,
    run: Callable[[], object],
    floor_name: str,
    floor: Callable[[], object],
    repeat: int = 50,
    warmup: int = 3,
) -> tuple[Figure, Figure]:
    """The subject and its floor, timed in alternation so that whatever else the machine
    does at the time weighs on both alike."""
    for _ in range(warmup):
        run()
        floor()
    subject_samples, floor_samples = [], []
    for _ in range(repeat):
        for samples, call in ((subject_samples, run), (floor_samples, floor)):
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
    return _figure(name, subject_samples), _figure(floor_name, floor_samples)


def _figure(name: str, samples: list[float]) -> Figure:
    samples.sort()
    return Figure(name, statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])


def compare(subject: Figure, floor: Figure, target_ratio: float) -> bool:
    ratio = subject.median_ms / floor.median_ms
    verdict = "OK" if ratio <= target_ratio else "OVER TARGET"
    print(subject.line())
    print(floor.line())
    print(f"  ratio {ratio:.2f} (target ≤ {target_ratio:g}×): {verdict}")
    return ratio <= target_ratio


def analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them on a live database; without
    them PostgreSQL plans a just-filled table as if it were empty."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
