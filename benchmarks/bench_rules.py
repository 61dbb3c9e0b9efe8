"""
How fast are the rules? `follow_ups` and `check` against a bare pass over the same records.

The floor is one loop over the jobs (their start and end, and a few date additions each) and
one over the contacts (each turned into a local date): about the least any rules engine must
do with these records. The engine's time is shown as a multiple of that floor, which says more
than seconds alone, since both move together from one machine to another.

    python benchmarks/bench_rules.py                  # 10,000 participants, 3 years
    python benchmarks/bench_rules.py --quick          # a tiny programme, for CI
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from _harness import best_of, mebibytes, script_arguments, traced_peak

from ipsrules import Programme, check, follow_ups
from ipsrules.synthetic import default_contacts_until, synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "rules.md"
_DAYS = (timedelta(days=-7), timedelta(days=3), timedelta(days=28), timedelta(days=365))


def floor(programme: Programme) -> int:
    """A bare linear pass over the jobs and contacts: the least the rules must do."""
    touched = 0
    for job in programme.jobs:
        start = job.start
        end = job.end or start
        for offset in _DAYS:
            if start + offset <= end + offset:
                touched += 1
    # Each contact's time from the log's column, as a pass over a log kept as columns
    # reads it: iterating the log would make a `Contact` per contact, work no rules engine
    # needs, and would flatter every ratio against this floor.
    zone = programme.zone
    for at in programme.contacts.column("at"):
        if (at.astimezone(zone).date() if isinstance(at, datetime) else at) is not None:
            touched += 1
    return touched


def windows(programme: Programme) -> int:
    """The follow-ups alone."""
    return len(follow_ups(programme))


def statuses(programme: Programme, today: date) -> int:
    """The statuses on *today* (`check` computes the follow-ups itself)."""
    return len(check(programme, today=today))


def main() -> int:
    arguments = script_arguments(__doc__.splitlines()[1], RESULTS, years=3.0)
    participants, repeat = arguments.participants, arguments.repeat
    specialists = max(1, math.ceil(participants / 18))

    started = time.perf_counter()
    programme = synthetic_programme(
        participants=participants, specialists=specialists, years=arguments.years
    )
    built = time.perf_counter() - started
    # Judge on the last day of the contact log, as a service would on its latest data.
    today = default_contacts_until(date(2024, 11, 4), arguments.years)
    follow_up_count = len(follow_ups(programme))

    work: list[tuple[str, Callable[[], object]]] = [
        ("floor: one pass over jobs and contacts", lambda: floor(programme)),
        ("`follow_ups`", lambda: windows(programme)),
        # check() computes the follow-ups itself: this row is follow_ups + check, the whole
        # job an application asks for.
        ("`check` (follow-ups and statuses)", lambda: statuses(programme, today)),
    ]
    seconds = [best_of(repeat, run)[0] for _, run in work]
    peaks = [traced_peak(run) for _, run in work]

    counts = (
        f"{len(programme.participants):,} participants ({participants:,} active on the report "
        f"date), {specialists:,} specialists, "
        f"{len(programme.jobs):,} jobs, {len(programme.contacts):,} contacts, "
        f"{follow_up_count:,} follow-ups; built in {built:.1f} s; best of {repeat}"
    )
    table = [
        "| work | seconds | ratio to floor | peak memory |",
        "| --- | ---: | ---: | ---: |",
    ]
    for (label, _), elapsed, peak in zip(work, seconds, peaks, strict=True):
        ratio = elapsed / seconds[0]
        table.append(f"| {label} | {elapsed:.3f} | {ratio:.1f} | {mebibytes(peak)} |")
    print(counts)
    for line in table:
        print(line)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(
        "# Rules benchmark\n\n" + counts + "\n\n" + "\n".join(table) + "\n", encoding="utf-8"
    )
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
