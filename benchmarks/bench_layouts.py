"""
How much does the memory layout of the records move the rules floor and `check`?

The rules floor is a bare pass over every contact that does little with each, so its time
is mostly memory traffic: it depends on where the records lie, which depends on how the
process made them. `check` finds a window's contacts in the logs a programme files, so it
reads few of them. This script builds the same programme four ways, each in a fresh child
process, and times the floor and `check` in each:

- loaded with `load_csv` (how `run.py` holds it, and how a large programme is loaded);
- loaded with `ipsrules.load` from JSON;
- as the generator leaves it, its freed working memory still in the process;
- rebuilt record after record from a pickle of their arguments, contacts one after another
  with nothing in between (`bench_memory.load_pickle`): the floor's best case.

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
from datetime import date
from pathlib import Path
from typing import Any

import bench_memory
import bench_rules
from _harness import best_of, in_child, markdown_table, script_arguments, write_markdown

from ipsrules import Programme, check, dump, dump_csv, load, load_csv
from ipsrules._synthetic import default_contacts_until, synthetic_programme

RESULTS = Path(__file__).resolve().parent / "results" / "layouts.md"
FIRST_ENROLMENT = date(2024, 11, 4)


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
    day = date.fromisoformat(today)
    return {
        "floor": best_of(int(repeat), lambda: bench_rules.floor(programme), budget=float(budget)),
        "check": best_of(int(repeat), lambda: check(programme, today=day), budget=float(budget)),
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
            bench_memory.build_pickle(programme, folder / "programme.pickle")
            return {"contacts": len(programme.contacts)}

        contacts = in_child(write_all)["contacts"]
        ways: dict[str, Callable[[], Programme]] = {
            "loaded with `load_csv`": lambda: load_csv(folder / "csv"),
            "loaded with `ipsrules.load` (JSON)": lambda: load(folder / "programme.json"),
            "left by the generator": lambda: synthetic_programme(**generator),
            "rebuilt one record after another (pickle)": lambda: bench_memory.load_pickle(
                folder / "programme.pickle"
            ),
        }
        rows = []
        for way, make in ways.items():

            def measure(make: Callable[[], Programme] = make) -> dict[str, Any]:
                programme = make()
                floor, _ = best_of(arguments.repeat, lambda: bench_rules.floor(programme))
                checked, _ = best_of(arguments.repeat, lambda: check(programme, today=today))
                return {"floor": floor, "check": checked}

            figures = in_child(measure)
            ratio = figures["check"] / figures["floor"]
            rows.append(
                [way, f"{figures['floor']:.3f} s", f"{figures['check']:.3f} s", f"{ratio:.2f}"]
            )
            print(
                f"{way}: floor {figures['floor']:.3f} s, check {figures['check']:.3f} s, "
                f"ratio {ratio:.2f}"
            )
    lines = [
        f"{arguments.participants:,} participants active, {contacts:,} contacts; best of "
        f"{arguments.repeat} runs with the collector off, each way in a child process of its own.",
        "",
        *markdown_table(["the programme as", "floor", "`check`", "ratio"], rows, "lrrr"),
    ]
    write_markdown(arguments.output, "Layouts: the rules floor and `check`", lines)
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
