"""
How much does the way the records were made move the rules floor and `check`?

The rules floor is a bare pass over every contact that turns its time into a local day.
What that costs depends on how the records were made, in two ways: a time that already
carries the programme's own time zone needs no conversion, while one that carries a UTC
offset, as every time read from a file does, needs a full one (about four times as long);
and the pass is faster over records made one after another with nothing in between than
over records scattered among a loader's short-lived objects. `check` reads few contacts
(their local days are filed when the programme is built), so it hardly moves. This script
makes the same programme five ways, each in a child process of its own, and times the
floor and `check` in each:

- loaded with `load_csv` (how `run.py` holds it, and how a large programme is loaded);
- loaded with `ipsrules.load` from JSON;
- as the generator leaves it (its times in the programme's zone), its freed working memory
  still in the process;
- rebuilt one record after another from a pickle of the generator's records
  (`bench_memory.load_pickle`): the floor's best case;
- rebuilt the same way from a pickle of the records `load_csv` read.

    python benchmarks/bench_layouts.py                    # 10,000 participants, 3 years
    python benchmarks/bench_layouts.py --quick            # a tiny programme, for CI
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import bench_memory
import bench_rules
from _harness import best_of, in_child, markdown_table, script_arguments, write_markdown

from ipsrules import Programme, check, dump, dump_csv, load, load_csv
from ipsrules.synthetic import default_contacts_until, synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "layouts.md"
FIRST_ENROLMENT = date(2024, 11, 4)


def times_in(programme: Programme) -> str:
    """Whether the contacts' times carry the programme's own zone or a UTC offset."""
    times = [contact.at for contact in programme.contacts if isinstance(contact.at, datetime)]
    zoned = sum(1 for at in times if at.tzinfo is programme.zone)
    if zoned == len(times):
        return "the programme's zone"
    if zoned == 0:
        return "UTC offsets"
    return f"{zoned / len(times):.0%} in the programme's zone"


def timed_afresh(
    pickled: Path, repeat: int, budget: float, today: date
) -> dict[str, tuple[float, int]]:
    """
    The best time and runs of the floor and of `check` on the programme of *pickled*
    (`bench_memory.build_pickle`), read back in a new interpreter.

    A new interpreter's heap has no holes, so the records are rebuilt one after another
    with nothing in between; read back in a process that has loaded anything, they would
    fill the holes that loading left and lie apart again.
    """
    code = (
        "import json, sys, bench_layouts; "
        "print(json.dumps(bench_layouts._time_pickle(*sys.argv[1:])))"
    )
    arguments = [str(pickled), str(repeat), str(budget), today.isoformat()]
    done = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        cwd=Path(__file__).resolve().parent,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout.splitlines()[-1])
    return {key: (seconds, runs) for key, (seconds, runs) in figures.items()}


def _time_pickle(pickled: str, repeat: str, budget: str, today: str) -> dict[str, Any]:
    programme = bench_memory.load_pickle(Path(pickled))
    return floor_and_check(programme, int(repeat), float(budget), date.fromisoformat(today))


def floor_and_check(
    programme: Programme, repeat: int, budget: float, today: date
) -> dict[str, tuple[float, int]]:
    """The best time and runs of the rules floor and of `check` on *programme*."""
    return {
        "floor": best_of(repeat, lambda: bench_rules.floor(programme), budget=budget),
        "check": best_of(repeat, lambda: check(programme, today=today), budget=budget),
    }


def main() -> int:
    arguments = script_arguments(__doc__.splitlines()[1], RESULTS, years=3.0)
    assert arguments.years is not None
    generator = {
        "participants": arguments.participants,
        "specialists": max(1, math.ceil(arguments.participants / 18)),
        "years": arguments.years,
        "first_enrolment": FIRST_ENROLMENT,
    }
    today = default_contacts_until(FIRST_ENROLMENT, arguments.years)
    with tempfile.TemporaryDirectory(prefix="ipsrules-layouts-") as scratch:
        folder = Path(scratch)

        def write_all() -> dict[str, int]:
            programme = synthetic_programme(**generator)
            dump_csv(programme, folder / "csv")
            dump(programme, folder / "programme.json")
            bench_memory.build_pickle(programme, folder / "generated.pickle")
            bench_memory.build_pickle(load_csv(folder / "csv"), folder / "loaded.pickle")
            return {"contacts": len(programme.contacts)}

        contacts = in_child(write_all)["contacts"]
        ways: dict[str, Callable[[], Programme]] = {
            "loaded with `load_csv`": lambda: load_csv(folder / "csv"),
            "loaded with `ipsrules.load` (JSON)": lambda: load(folder / "programme.json"),
            "left by the generator": lambda: synthetic_programme(**generator),
            "the generator's, rebuilt one record after another": lambda: bench_memory.load_pickle(
                folder / "generated.pickle"
            ),
            "`load_csv`'s, rebuilt one record after another": lambda: bench_memory.load_pickle(
                folder / "loaded.pickle"
            ),
        }
        rows = []
        for way, make in ways.items():

            def measure(make: Callable[[], Programme] = make) -> dict[str, Any]:
                programme = make()
                timed = floor_and_check(programme, arguments.repeat, math.inf, today)
                return {
                    "floor": timed["floor"][0],
                    "check": timed["check"][0],
                    "times": times_in(programme),
                }

            figures = in_child(measure)
            ratio = figures["check"] / figures["floor"]
            cells = [
                way,
                figures["times"],
                f"{figures['floor']:.3f} s",
                f"{figures['check']:.3f} s",
                f"{ratio:.2f}",
            ]
            rows.append(cells)
            print(" | ".join(cells))
    lines = [
        f"{arguments.participants:,} participants active, {contacts:,} contacts; best of "
        f"{arguments.repeat} runs with the collector off, each way in a child process of its own.",
        "",
        *markdown_table(
            ["the programme as", "contact times in", "floor", "`check`", "ratio"], rows, "llrrr"
        ),
    ]
    write_markdown(
        arguments.output, "How the records were made: the rules floor and `check`", lines
    )
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
