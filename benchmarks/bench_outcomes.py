"""
How fast are the outcome reports? A year of quarterly reports against a bare pass.

The floor is one loop over every participant, job, study, internship and referral, testing
each once against each quarter's first and last day: about the least any quarterly report
must do with these records. The report's time is shown as a multiple of that floor, which
says more than seconds alone, since both move together from one machine to another.

    python benchmarks/bench_outcomes.py               # 10,000 participants on the report date
    python benchmarks/bench_outcomes.py --quick       # a small programme, for CI
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from _harness import best_of, script_arguments

from ipsrules import Programme
from ipsrules.outcomes import Period, board_report, quarterly_report, status_counts
from ipsrules.synthetic import synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "outcomes.md"
REPORT_DATE = date(2026, 9, 30)
YEAR = 2026


def floor(programme: Programme, periods: list[Period]) -> int:
    """A bare pass: every record tested once against each period's ends."""
    touched = 0
    for period in periods:
        start, end = period.start, period.end
        for participant in programme.participants:
            if participant.enrolled_on <= end and (
                participant.discharged_on is None or participant.discharged_on >= start
            ):
                touched += 1
        for records in (programme.jobs, programme.studies, programme.internships):
            for record in records:
                if record.start <= end and (record.end is None or record.end >= start):
                    touched += 1
        for referral in programme.referrals:
            if referral.waiting_on(end):
                touched += 1
    return touched


def main() -> int:
    arguments = script_arguments(__doc__.splitlines()[1], RESULTS, years=None)
    participants, repeat = arguments.participants, arguments.repeat
    specialists = max(1, math.ceil(participants / 16))

    started = time.perf_counter()
    programme = synthetic_programme(
        participants=participants,
        specialists=specialists,
        report_date=REPORT_DATE,
        contacts_until=date(2024, 11, 10),  # the contact log plays no part in outcomes
    )
    built = time.perf_counter() - started
    periods = [Period.quarter(YEAR, quarter) for quarter in range(1, 5)]

    work: list[tuple[str, Callable[[], object]]] = [
        ("floor: one pass per quarter over the records", lambda: floor(programme, periods)),
        ("`status_counts` on one day", lambda: status_counts(programme, REPORT_DATE)),
        (
            "`quarterly_report` for a year (4 quarters)",
            lambda: quarterly_report(programme, YEAR, 1, quarters=4),
        ),
        (
            "`board_report` for a quarter, Markdown",
            lambda: board_report(
                programme, periods[2].start, periods[2].end, yearly_cost=1e6
            ).to_markdown(),
        ),
    ]
    seconds = [best_of(repeat, run)[0] for _, run in work]

    counts = (
        f"{len(programme.participants):,} participants ({participants:,} active on "
        f"{REPORT_DATE}), {specialists:,} specialists, {len(programme.jobs):,} jobs, "
        f"{len(programme.studies):,} studies, {len(programme.internships):,} internships, "
        f"{len(programme.referrals):,} referrals; built in {built:.1f} s; best of {repeat}"
    )
    table = ["| work | seconds | ratio to floor |", "| --- | ---: | ---: |"]
    for (label, _), elapsed in zip(work, seconds, strict=True):
        table.append(f"| {label} | {elapsed:.4f} | {elapsed / seconds[0]:.1f} |")
    print(counts)
    for line in table:
        print(line)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(
        "# Outcomes benchmark\n\n" + counts + "\n\n" + "\n".join(table) + "\n", encoding="utf-8"
    )
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
