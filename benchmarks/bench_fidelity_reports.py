"""
How fast are the fidelity reports? Each format against `compute_items`, same review.

A report reads a review of 25 items, so its cost should not grow with the programme except
through the evidence it lists (the ids of the records behind each item, which the HTML report
caps). The baseline, measured in the same run on the same programme, is `compute_items` for
the period; each report is shown as a share of it.

    python benchmarks/bench_fidelity_reports.py          # 10,000 participants over a year
    python benchmarks/bench_fidelity_reports.py --quick  # a tiny programme, for CI
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from _harness import best_of, script_arguments

from ipsrules.fidelity import Rating, Review, compute_items
from ipsrules.synthetic import synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "fidelity-reports.md"
FIRST_ENROLMENT = date(2024, 11, 4)


def main() -> int:
    arguments = script_arguments(__doc__.splitlines()[1], RESULTS, years=1.0)
    participants, repeat = arguments.participants, arguments.repeat
    specialists = max(1, math.ceil(participants / 18))

    programme = synthetic_programme(
        participants=participants,
        specialists=specialists,
        years=arguments.years,
        first_enrolment=FIRST_ENROLMENT,
    )
    start = FIRST_ENROLMENT
    end = start + timedelta(days=max(1, round(arguments.years * 365)) - 1)
    computed = compute_items(programme, start=start, end=end)
    draft = Review(computed, programme_id=programme.id, start=start, end=end)
    ratings = [Rating(item.key, 3, f"rated {item.key}") for item in draft.missing]
    review = draft.with_ratings(*ratings)

    work: list[tuple[str, Callable[[], object]]] = [
        ("`compute_items` (the baseline)", lambda: compute_items(programme, start=start, end=end)),
        ("`to_records()`", review.to_records),
        ("`to_html()`", review.to_html),
        ("`to_markdown()`", review.to_markdown),
        ("notebook view (`_repr_html_`)", review._repr_html_),
    ]
    try:
        import matplotlib  # noqa: F401 - only to see whether the extra is installed
        import pandas  # noqa: F401
    except ImportError:
        print("pandas or matplotlib is missing: to_dataframe() and chart() are not timed")
    else:
        work.append(("`to_dataframe()`", review.to_dataframe))
        work.append(("`chart()` (the figure, not drawn)", review.chart))
    for _, run in work:  # once untimed: the lazy imports of pandas and matplotlib happen here
        run()
    seconds = [best_of(repeat, run)[0] for _, run in work]
    records = sum(len(result.evidence.records) for result in computed)

    counts = (
        f"{participants:,} participants, {len(programme.jobs):,} jobs, "
        f"{len(programme.contacts):,} contacts; period {start} to {end}; "
        f"{records:,} record ids in the evidence; best of {repeat}"
    )
    table = ["| work | milliseconds | share of `compute_items` |", "| --- | ---: | ---: |"]
    for (label, _), elapsed in zip(work, seconds, strict=True):
        table.append(f"| {label} | {elapsed * 1000:.2f} | {elapsed / seconds[0]:.2%} |")
    print(counts)
    for line in table:
        print(line)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(
        "# Fidelity reports benchmark\n\n" + counts + "\n\n" + "\n".join(table) + "\n",
        encoding="utf-8",
    )
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
