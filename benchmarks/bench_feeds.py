"""
How fast and how large are calendar feeds? Against plain `icalendar`, and against a floor.

Three ways of serialising the same `check` results, timed in the same run, taking turns (the
plain build and the floor are those of `_feed_baselines.py`, which `run.py` measures too):

- **plain icalendar**: what an application would write by hand with the `icalendar` package,
  one `Event` per follow-up built property by property (a summary, a short description,
  categories, an alarm), then `Calendar.to_ical()`;
- **floor**: a minimal streaming writer of the same events as the plain build, with correct
  escaping and folding, written here in a few lines: nothing can be much faster in Python;
- **ipsrules**: the writer behind `feed_bytes` and `iter_feed`, with its fuller texts.

Then the public functions from the programme, `check` included: `feed_bytes`, and `iter_feed`
streamed to /dev/null, beside `check` alone. Peak memory is traced (`tracemalloc`, Python's
allocations while the work runs; the programme and the results are allocated before). Last,
one specialist's feed: cold (the first request on a programme just loaded, which indexes its
records by participant) and warm (later requests on the same programme, as an application
that keeps the programme loaded serves them).

    python benchmarks/bench_feeds.py                  # 10,000 participants
    python benchmarks/bench_feeds.py --quick          # 200 participants, for CI
"""

from __future__ import annotations

import gc
import math
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

import attrs
from _feed_baselines import GENERATED, contents, plain_bytes
from _feed_baselines import floor_chunks as baseline_floor_chunks
from _harness import script_arguments
from icalendar import Calendar

from ipsrules import (
    IPS25,
    Disclosure,
    Include,
    Programme,
    Result,
    Status,
    check,
    feed_bytes,
    iter_feed,
)
from ipsrules.feeds import DONE_HORIZON, PUBLIC, _chunks, _Feed
from ipsrules.synthetic import default_contacts_until, synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "feeds.md"


# Every follow-up but waived ones, as the baselines write them: a full feed.
FEED = {"uid_secret": PUBLIC, "full": True}


def plain_icalendar(results: Iterable[Result]) -> bytes:
    """The events built with plain `icalendar`, one by one, as an application would."""
    return plain_bytes(contents(results))


def floor_chunks(results: Iterable[Result]) -> Iterator[bytes]:
    """The minimal streaming writer of the same events: the floor."""
    return baseline_floor_chunks(contents(results))


def ipsrules_chunks(
    programme: Programme, today: date, results: Iterable[Result]
) -> Iterator[bytes]:
    """The writer behind `iter_feed`, fed the given results instead of running `check`."""
    feed = _Feed(
        programme,
        today=today,
        specialist_id=None,
        participant_id=None,
        until=None,
        include=Include.MET,
        disclose=Disclosure.NONE,
        name=None,
        generated_at=GENERATED,
        uid_secret=PUBLIC,
        locale="en",
        full=True,
        done_horizon=DONE_HORIZON,
        state=None,
        rules=IPS25,
        refresh_interval=timedelta(hours=12),
    )
    return _chunks(feed, results)


def to_devnull(chunks: Iterable[bytes]) -> int:
    """Write *chunks* to /dev/null as a file or a socket would take them; the octets written."""
    written = 0
    with open(os.devnull, "wb") as sink:
        for chunk in chunks:
            written += sink.write(chunk)
    return written


def best_times(repeat: int, works: list[Callable[[], object]]) -> list[float]:
    """
    The best wall-clock time of each piece of work, in seconds, over *repeat* rounds.

    The pieces take turns within each round, with the collector off, so that a machine that
    is busier at one moment than another slows all of them alike.
    """
    best = [math.inf] * len(works)
    for _ in range(repeat):
        for index, work in enumerate(works):
            gc.collect()
            gc.disable()
            try:
                started = time.perf_counter()
                work()
                best[index] = min(best[index], time.perf_counter() - started)
            finally:
                gc.enable()
    return best


def peak_memory(work: Callable[[], object]) -> int:
    """The most memory Python allocated at once while *work* ran, in bytes, beyond its start."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def mib(size: float) -> str:
    return f"{size / 2**20:,.1f} MiB"


def serialising(programme: Programme, today: date, results: list[Result], repeat: int) -> list[str]:
    """The table of the writers, each given the same results."""
    shown = sum(result.status is not Status.WAIVED for result in results)
    # The three writers must write the same events; the floor and the plain build the same feed.
    plain, floor = plain_icalendar(results), b"".join(floor_chunks(results))
    ours = b"".join(ipsrules_chunks(programme, today, results))
    assert ours == feed_bytes(programme, today=today, generated_at=GENERATED, **FEED)
    for data in (plain, floor, ours):
        assert data.count(b"BEGIN:VEVENT\r\n") == shown
    if shown <= 5_000:  # parsing is slow: the small programmes of CI prove it
        assert Calendar.from_ical(plain) == Calendar.from_ical(floor)

    serialisers: list[tuple[str, Callable[[], object], bytes]] = [
        ("plain icalendar, event by event", lambda: plain_icalendar(results), plain),
        ("floor: minimal streaming writer", lambda: b"".join(floor_chunks(results)), floor),
        (
            "ipsrules writer (`feed_bytes` without `check`)",
            lambda: b"".join(ipsrules_chunks(programme, today, results)),
            ours,
        ),
        (
            "ipsrules writer, streamed to /dev/null",
            lambda: to_devnull(ipsrules_chunks(programme, today, results)),
            ours,
        ),
    ]
    times = best_times(repeat, [work for _, work, _ in serialisers])
    peaks = [peak_memory(work) for _, work, _ in serialisers]
    plain_s, floor_s = times[0], times[1]
    first = [
        "| serialising the results | s | events/s | x plain's speed | x floor's time "
        "| peak memory | x plain's peak | size |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (label, _, data), seconds, peak in zip(serialisers, times, peaks, strict=True):
        first.append(
            f"| {label} | {seconds:.3f} | {shown / seconds:,.0f} | {plain_s / seconds:.1f} | "
            f"{seconds / floor_s:.2f} | {mib(peak)} | {peak / peaks[0]:.3f} | {mib(len(data))} |"
        )

    return first


def main() -> int:
    arguments = script_arguments(__doc__.splitlines()[1], RESULTS, years=3.0)
    participants, repeat = arguments.participants, arguments.repeat
    specialists = max(1, math.ceil(participants / 18))

    programme = synthetic_programme(
        participants=participants, specialists=specialists, years=arguments.years
    )
    today = default_contacts_until(date(2024, 11, 4), arguments.years)
    results = check(programme, today=today)
    shown = sum(result.status is not Status.WAIVED for result in results)

    first = serialising(programme, today, results, repeat)
    del results  # from here on, each piece of work checks the programme itself
    public: list[tuple[str, Callable[[], object]]] = [
        ("`check` alone", lambda: check(programme, today=today)),
        ("`check` + plain icalendar", lambda: plain_icalendar(check(programme, today=today))),
        (
            "`feed_bytes`",
            lambda: feed_bytes(programme, today=today, generated_at=GENERATED, **FEED),
        ),
        (
            "`iter_feed` to /dev/null",
            lambda: to_devnull(iter_feed(programme, today=today, generated_at=GENERATED, **FEED)),
        ),
    ]
    times = best_times(repeat, [work for _, work in public])
    peaks = [peak_memory(work) for _, work in public]
    second = [
        "| from the programme | s | x plain's time | peak memory | x plain's peak |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for (label, _), seconds, peak in zip(public, times, peaks, strict=True):
        second.append(
            f"| {label} | {seconds:.3f} | {seconds / times[1]:.3f} | {mib(peak)} | "
            f"{peak / peaks[1]:.3f} |"
        )

    # One specialist's feed: cold on a programme just loaded (a copy has no index yet), then
    # warm, as later requests to an application that keeps the programme loaded.
    ids = [specialist.id for specialist in programme.specialists]
    fresh = attrs.evolve(programme)
    started = time.perf_counter()
    one = feed_bytes(fresh, today=today, specialist_id=ids[0], generated_at=GENERATED, **FEED)
    cold = time.perf_counter() - started
    warm = []
    for specialist_id in (ids * 50)[1:51]:
        started = time.perf_counter()
        feed_bytes(fresh, today=today, specialist_id=specialist_id, generated_at=GENERATED, **FEED)
        warm.append(time.perf_counter() - started)
    caseload = sum(p.specialist_id == ids[0] for p in programme.participants)
    third = [
        "| one specialist's feed | ms |",
        "| --- | ---: |",
        f"| cold: the first request ({caseload} participants, "
        f"{one.count(b'BEGIN:VEVENT')} events) | {cold * 1e3:.1f} |",
        f"| warm: later requests, median of {len(warm)} | {statistics.median(warm) * 1e3:.1f} |",
        f"| warm: slowest of them | {max(warm) * 1e3:.1f} |",
    ]

    counts = (
        f"{participants:,} participants, {specialists:,} specialists, {len(programme.jobs):,} "
        f"jobs, {len(programme.contacts):,} contacts; {shown:,} events; judged on {today}; "
        f"best of {repeat}"
    )
    report = "\n\n".join([counts, "\n".join(first), "\n".join(second), "\n".join(third)])
    print(report)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text("# Feeds benchmark\n\n" + report + "\n", encoding="utf-8")
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
