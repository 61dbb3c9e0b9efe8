"""
How fast are the fidelity items? `compute_items` against `check` and a bare pass, same records.

Computing the items of a review period includes one `check` of the programme (for the
time-unlimited follow-along item) and a few passes over participants, jobs and contacts. The
baselines, measured in the same run on the same programme, are a bare pass over the records
(each contact turned into a local date, each job and participant touched once) and `check`
alone; the items' time is shown as a multiple of each.

    python benchmarks/bench_fidelity.py                  # 10,000 participants over a year
    python benchmarks/bench_fidelity.py --quick          # a tiny programme, for CI
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from _harness import best_of, mebibytes, script_arguments, traced_peak

from ipsrules import Programme, check
from ipsrules.fidelity import compute_items
from ipsrules.synthetic import synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "fidelity.md"
FIRST_ENROLMENT = date(2024, 11, 4)


def floor(programme: Programme, start: date, end: date) -> int:
    """A bare pass over the records: each contact's local date, each job and participant."""
    touched = 0
    # Each contact's time from the log's column: iterating the log would make a `Contact`
    # per contact, and flatter the ratio against this floor (see `bench_rules.floor`).
    zone = programme.zone
    for at in programme.contacts.column("at"):
        if start <= (at.astimezone(zone).date() if isinstance(at, datetime) else at) <= end:
            touched += 1
    for job in programme.jobs:
        if job.start <= end and (job.end is None or job.end >= start):
            touched += 1
    for participant in programme.participants:
        if participant.enrolled_on <= end:
            touched += 1
    return touched


def main() -> int:
    arguments = script_arguments(__doc__.splitlines()[1], RESULTS, years=1.0)
    participants, repeat = arguments.participants, arguments.repeat
    specialists = max(1, math.ceil(participants / 18))

    started = time.perf_counter()
    programme = synthetic_programme(
        participants=participants,
        specialists=specialists,
        years=arguments.years,
        first_enrolment=FIRST_ENROLMENT,
    )
    built = time.perf_counter() - started
    # The review period is the enrolment span: a year by default.
    start = FIRST_ENROLMENT
    end = start + timedelta(days=max(1, round(arguments.years * 365)) - 1)

    work: list[tuple[str, Callable[[], object]]] = [
        ("floor: one pass over the records", lambda: floor(programme, start, end)),
        ("`check` on the last day of the period", lambda: check(programme, today=end)),
        ("`compute_items` (all 25 items)", lambda: compute_items(programme, start=start, end=end)),
    ]
    seconds = [best_of(repeat, run)[0] for _, run in work]
    peaks = [traced_peak(run) for _, run in work]
    computed = compute_items(programme, start=start, end=end)
    scored = sum(1 for result in computed if result.computable)

    counts = (
        f"{participants:,} participants, {specialists:,} specialists, "
        f"{len(programme.jobs):,} jobs, {len(programme.contacts):,} contacts; period "
        f"{start} to {end}; {scored} items computed; built in {built:.1f} s; best of {repeat}"
    )
    table = [
        "| work | seconds | ratio to floor | ratio to `check` | peak memory |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for (label, _), elapsed, peak in zip(work, seconds, peaks, strict=True):
        table.append(
            f"| {label} | {elapsed:.3f} | {elapsed / seconds[0]:.1f} | "
            f"{elapsed / seconds[1]:.2f} | {mebibytes(peak)} |"
        )
    print(counts)
    for line in table:
        print(line)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(
        "# Fidelity benchmark\n\n" + counts + "\n\n" + "\n".join(table) + "\n", encoding="utf-8"
    )
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
