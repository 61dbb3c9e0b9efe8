"""
What building a record costs, beside the same record built without any checks.

Every loader builds each row's record with the record class, so that an invalid record
cannot exist; on a large programme that is most of loading (issue 15). This script takes
the records of a synthetic programme, keeps their field values, and times building them
again, best of ``--repeat`` runs with the garbage collector off:

- the **baseline**: the same loop building a plain ``attrs.frozen`` class with the same
  fields and defaults and no validators, the least an attrs record can cost;
- the record class itself (`Contact`, then every other kind the programme holds), as a
  ratio to its baseline from the same run.

    python benchmarks/bench_records.py                 # 200,000 contacts from 2,000 participants
    python benchmarks/bench_records.py --quick         # 2,000 contacts, one run (CI)
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from _harness import best_of, markdown_table, write_markdown

from ipsrules import Contact, Programme
from ipsrules._convert import RECORD_LISTS
from ipsrules.synthetic import synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "records.md"


def plain_twin(kind: type[Any]) -> type[Any]:
    """A frozen attrs class with *kind*'s fields and defaults and no validators: the baseline."""
    fields = {
        field.name: attrs.field(default=field.default) for field in attrs.fields(kind) if field.init
    }
    return attrs.make_class(f"Plain{kind.__name__}", fields, frozen=True)


def field_values(records: Sequence[object], count: int) -> list[dict[str, Any]]:
    """The field values of *records*, repeated in order up to *count* of them."""
    values = [attrs.asdict(record, recurse=False) for record in records]
    return list(itertools.islice(itertools.cycle(values), count))


def builder(kind: type[Any], values: Sequence[dict[str, Any]]) -> Callable[[], list[Any]]:
    """The work of building one *kind* from each of *values*."""
    return lambda: [kind(**one) for one in values]


def measure(kind: type[Any], values: Sequence[dict[str, Any]], repeat: int) -> dict[str, Any]:
    """The best time of building *values* as *kind* and as its plain twin, taking turns."""
    plain = plain_twin(kind)
    record_times: list[float] = []
    plain_times: list[float] = []
    for _ in range(max(1, repeat)):  # in turns, so that a busy machine slows both alike
        plain_times.append(best_of(1, builder(plain, values))[0])
        record_times.append(best_of(1, builder(kind, values))[0])
    seconds, baseline = min(record_times), min(plain_times)
    return {
        "kind": kind.__name__,
        "count": len(values),
        "seconds": seconds,
        "baseline": baseline,
        "ratio": seconds / baseline,
    }


def measure_all(programme: Programme, contacts: int, repeat: int) -> list[dict[str, Any]]:
    """
    `Contact` built *contacts* times, then each other kind of record a tenth as often (its
    records repeated in turn): few programmes hold as many of them.
    """
    rows = [measure(Contact, field_values(programme.contacts, contacts), repeat)]
    for list_name in RECORD_LISTS:
        records = getattr(programme, list_name)
        if list_name == "contacts" or not records:
            continue
        rows.append(measure(type(records[0]), field_values(records, contacts // 10), repeat))
    return rows


def table(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The rows as a Markdown table."""
    return markdown_table(
        ("record", "built", "seconds", "per record", "plain attrs twin", "ratio"),
        [
            (
                f"`{row['kind']}`",
                f"{row['count']:,}",
                f"{row['seconds']:.3f}",
                f"{row['seconds'] / row['count'] * 1e6:.2f} µs",
                f"{row['baseline']:.3f}",
                f"{row['ratio']:.2f}",
            )
            for row in rows
        ],
        "lrrrrr",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--participants", type=int, default=2000, metavar="N")
    parser.add_argument("--contacts", type=int, default=200_000, metavar="N")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best counts")
    parser.add_argument("--quick", action="store_true", help="a small programme, for CI")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the Markdown table")
    options = parser.parse_args()
    participants = 40 if options.quick else options.participants
    contacts = 2000 if options.quick else options.contacts
    repeat = 1 if options.quick else options.repeat
    programme = synthetic_programme(participants=participants, years=2.0)
    lines = table(measure_all(programme, contacts, repeat))
    print("\n".join(lines))
    write_markdown(options.output, "Building records", lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
