"""
How fast and how large are calendar feeds? `feed_bytes` against plain `icalendar`.

The baseline is what any application would write by hand with the `icalendar` package: the
same `check` results, one `Event` per follow-up built property by property with a summary,
a short description, categories and an alarm, then `Calendar.to_ical()` (`plain_bytes` in
`_feed_baselines.py`, which `run.py` measures too). It is timed in the
same run, on the same results, so the ratio says what `ipsrules.feeds` costs on top of
`icalendar` itself (its texts, its checks on them, the headers), whatever the machine.

    python benchmarks/bench_feeds.py                  # the sample, and 10,000 participants
    python benchmarks/bench_feeds.py --quick          # the sample and 200 participants, for CI
"""

from __future__ import annotations

import argparse
import gc
import math
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from _feed_baselines import GENERATED, caseload, contents, plain_bytes

from ipsrules import Programme, check, feed_bytes, sample_programme
from ipsrules._synthetic import default_contacts_until, synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "feeds.md"


def baseline(programme: Programme, today: date, specialist_id: str | None = None) -> bytes:
    """The same follow-ups built with plain `icalendar`, one `Event` at a time (`plain_bytes`)."""
    scope = programme if specialist_id is None else caseload(programme, specialist_id)
    return plain_bytes(contents(check(scope, today=today)))


def best_of_both(
    repeat: int, ours: Callable[[], object], theirs: Callable[[], object]
) -> tuple[float, float]:
    """
    The best wall-clock time of each of two pieces of work, in seconds, over *repeat* rounds.

    The two take turns within each round, with the collector off, so that a machine that
    is busier at one moment than another slows both alike.
    """
    best = [math.inf, math.inf]
    for _ in range(repeat):
        for index, work in enumerate((ours, theirs)):
            gc.collect()
            gc.disable()
            try:
                started = time.perf_counter()
                work()
                best[index] = min(best[index], time.perf_counter() - started)
            finally:
                gc.enable()
    return best[0], best[1]


def size(data: bytes) -> str:
    return f"{len(data) / 2**20:.2f} MiB" if len(data) >= 2**20 else f"{len(data) / 2**10:.0f} KiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--participants", type=int, default=10_000, metavar="N")
    parser.add_argument("--years", type=float, default=3.0, help="the enrolment span")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds; the best counts")
    parser.add_argument("--quick", action="store_true", help="a small programme, for CI")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the Markdown table")
    arguments = parser.parse_args()
    participants = 200 if arguments.quick else arguments.participants
    repeat = 1 if arguments.quick else arguments.repeat
    specialists = max(1, math.ceil(participants / 18))

    sample = sample_programme()
    sample_today = date(2026, 11, 20)
    large = synthetic_programme(
        participants=participants, specialists=specialists, years=arguments.years
    )
    large_today = default_contacts_until(date(2024, 11, 4), arguments.years)
    one = large.specialists[0].id
    one_caseload = caseload(large, one)

    cases: list[tuple[str, Callable[[], bytes], Callable[[], bytes]]] = [
        (
            f"sample ({len(sample.participants)} participants), whole feed",
            lambda: feed_bytes(sample, today=sample_today, generated_at=GENERATED),
            lambda: baseline(sample, sample_today),
        ),
        (
            f"{participants:,} participants, whole feed",
            lambda: feed_bytes(large, today=large_today, generated_at=GENERATED),
            lambda: baseline(large, large_today),
        ),
        (
            f"one specialist ({one}) of {participants:,} participants",
            lambda: feed_bytes(large, today=large_today, specialist_id=one, generated_at=GENERATED),
            lambda: baseline(large, large_today, specialist_id=one),
        ),
        (
            f"one specialist's caseload ({len(one_caseload.participants)} participants)",
            lambda: feed_bytes(
                one_caseload, today=large_today, specialist_id=one, generated_at=GENERATED
            ),
            lambda: baseline(one_caseload, large_today, specialist_id=one),
        ),
    ]
    table = [
        "| feed | events | `feed_bytes` s | baseline s | time ratio | size | baseline size |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, ours, theirs in cases:
        data, plain = ours(), theirs()
        events = data.count(b"BEGIN:VEVENT\r\n")
        assert events == plain.count(b"BEGIN:VEVENT\r\n"), label
        ours_s, theirs_s = best_of_both(repeat, ours, theirs)
        table.append(
            f"| {label} | {events:,} | {ours_s:.3f} | {theirs_s:.3f} | "
            f"{ours_s / theirs_s:.2f} | {size(data)} | {size(plain)} |"
        )
    counts = (
        f"{participants:,} participants, {specialists:,} specialists, {len(large.jobs):,} jobs, "
        f"{len(large.contacts):,} contacts; judged on {large_today}; best of {repeat}"
    )
    print(counts)
    for line in table:
        print(line)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(
        "# Feeds benchmark\n\n" + counts + "\n\n" + "\n".join(table) + "\n", encoding="utf-8"
    )
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
