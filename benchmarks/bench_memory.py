"""
Does every operation fit in memory on a large programme? Peak resident memory, one process each.

Each operation runs in a fresh subprocess that loads the programme (built once and pickled
to a scratch file, its contacts in chunks) and has `Programme` check it again. The kernel's
high-water mark of resident memory is read after loading and then reset, so each row shows
the operation's own peak (which includes the programme it works on, shown beside it), and
the load and the build have rows of their own.

    python benchmarks/bench_memory.py                     # 100,000 participants, 3 years
    python benchmarks/bench_memory.py --quick             # a tiny programme, for CI
    python benchmarks/bench_memory.py --skip feed         # leave out an operation
"""

from __future__ import annotations

import argparse
import copyreg
import gc
import math
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs

RESULTS = Path(__file__).resolve().parent / "results" / "memory.md"
LIMIT = 4 * 2**30  # the bound: 4 GB
YEARS = 3.0


def _today(years: float) -> date:
    from ipsrules.synthetic import default_contacts_until

    return default_contacts_until(date(2024, 11, 4), years)


def _operations(years: float) -> dict[str, Callable[[object], object]]:
    """Each operation, as a function of the programme; imports happen inside the child."""
    from ipsrules import check, feeds
    from ipsrules.fidelity import compute_items
    from ipsrules.outcomes import board_report, quarterly_report

    today = _today(years)
    year = today.year - 1  # the last whole calendar year of records
    generated = datetime(2026, 1, 1, tzinfo=UTC)

    def whole_feed(programme: object) -> object:
        with tempfile.TemporaryDirectory() as folder:
            feeds.write_feed(
                Path(folder) / "feed.ics",
                programme,
                today=today,
                generated_at=generated,
                uid_secret=feeds.PUBLIC,
                full=True,
            )
        return None

    return {
        "load": lambda programme: None,
        "check": lambda programme: len(check(programme, today=today)),
        "compute_items": lambda programme: compute_items(
            programme, start=date(year, 1, 1), end=date(year, 12, 31)
        ),
        "quarterly_report": lambda programme: quarterly_report(programme, year, 1, quarters=4),
        "board_report": lambda programme: board_report(
            programme, date(year, 1, 1), date(year, 12, 31), yearly_cost=1_000_000.0
        ),
        "specialist_feed": lambda programme: feeds.feed_bytes(
            programme,
            today=today,
            specialist_id=programme.specialists[0].id,  # type: ignore[attr-defined]
            generated_at=generated,
            uid_secret=feeds.PUBLIC,
            full=True,
        ),
        "feed": whole_feed,
    }


def _rss(field: str) -> int:
    """A line of ``/proc/self/status`` (``VmRSS``, ``VmHWM``) in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


def _child(pickled: str, operation: str, years: float) -> None:
    """
    Load the programme, run one operation, print seconds and three sizes in bytes.

    The sizes: the peak while loading; the programme in memory afterwards; the peak while
    the operation ran. The kernel's high-water mark is reset between the two peaks (by
    writing 5 to ``/proc/self/clear_refs``), so the operation's peak is its own.
    """
    programme = load_pickle(Path(pickled))
    gc.collect()
    load_peak = _rss("VmHWM")
    resident = _rss("VmRSS")
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")
    work = _operations(years)[operation]
    started = time.perf_counter()
    work(programme)
    elapsed = time.perf_counter() - started
    print(f"{elapsed} {load_peak} {resident} {_rss('VmHWM')}")


def _as_arguments(record: object) -> tuple[type, tuple[object, ...]]:
    """Pickle a record as a call of its class: unpickling builds (and checks) it again."""
    kind = type(record)
    return kind, tuple(getattr(record, field.name) for field in attrs.fields(kind) if field.init)


def _pickle_compactly() -> None:
    """
    Pickle records as calls of their classes, not as attrs' state dictionaries.

    A dictionary per record, built and thrown away while 7 million contacts are loaded,
    would leave the loading process's peak far above what the programme itself holds.
    """
    from ipsrules import (
        Contact,
        Internship,
        Job,
        Participant,
        Programme,
        Referral,
        Specialist,
        Study,
    )

    for kind in (Contact, Internship, Job, Participant, Programme, Referral, Specialist, Study):
        copyreg.pickle(kind, _as_arguments)


_CHUNK = 250_000  # contacts per pickle: each pickle's memo is freed before the next


def _build(participants: int, years: float, pickled: Path) -> None:
    """Build the programme and pickle it (see `build_pickle`)."""
    from ipsrules.synthetic import synthetic_programme

    programme = synthetic_programme(
        participants=participants,
        specialists=max(1, math.ceil(participants / 18)),
        years=years,
    )
    build_pickle(programme, pickled)
    counts = (
        f"{len(programme.participants):,} participants ({participants:,} active on the report "
        f"date), {len(programme.jobs):,} jobs, {len(programme.contacts):,} contacts"
    )
    print(counts)


def build_pickle(programme: Any, pickled: Path) -> None:
    """
    Pickle *programme* for `load_pickle`: its records, then its contacts in chunks.

    A single pickle keeps a reference to every object it loads until the end (its memo),
    which would put the loading peak far above the programme; chunks do not.
    """
    _pickle_compactly()
    contacts = programme.contacts
    with open(pickled, "wb") as file:
        pickle.dump(attrs.evolve(programme, contacts=()), file, pickle.HIGHEST_PROTOCOL)
        for start in range(0, len(contacts), _CHUNK):
            pickle.dump(contacts[start : start + _CHUNK], file, pickle.HIGHEST_PROTOCOL)


def load_pickle(pickled: Path) -> Any:
    """The programme of `build_pickle`, built and checked again as a loader would build it."""
    contacts: list[object] = []
    with open(pickled, "rb") as file:
        programme = pickle.load(file)
        while True:
            try:
                contacts.extend(pickle.load(file))
            except EOFError:
                break
    return attrs.evolve(programme, contacts=contacts)


def _run(arguments: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{arguments} failed:\n{done.stderr}")
    return done.stdout.strip()


def gibibytes(size: float) -> str:
    return f"{size / 2**30:.2f} GiB" if size >= 2**30 else f"{size / 2**20:.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--participants", type=int, default=100_000, metavar="N")
    parser.add_argument("--quick", action="store_true", help="a tiny programme, for CI")
    parser.add_argument("--skip", action="append", default=[], help="an operation to leave out")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the Markdown table")
    parser.add_argument("--child", nargs=2, metavar=("PICKLE", "OPERATION"), help=argparse.SUPPRESS)
    parser.add_argument("--build", metavar="PICKLE", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    participants = 200 if arguments.quick else arguments.participants
    if arguments.child:
        _child(*arguments.child, YEARS)
        return 0
    if arguments.build:
        _build(participants, YEARS, Path(arguments.build))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(peak)
        return 0

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        pickled = Path(folder) / "programme.pickle"
        started = time.perf_counter()
        built = _run(["--participants", str(participants), "--build", str(pickled)])
        counts, build_peak = built.splitlines()
        elapsed = time.perf_counter() - started
        rows.append(("build (`synthetic_programme`)", elapsed, None, int(build_peak)))
        print(counts, rows[-1], flush=True)
        for operation in _operations(YEARS):
            if operation in arguments.skip:
                continue
            seconds, load_peak, resident, peak = _run(["--child", str(pickled), operation]).split()
            if operation == "load":
                rows.append(("load (`Programme` checks it)", 0.0, None, int(load_peak)))
                rows.append(("the programme in memory", 0.0, None, int(resident)))
            else:
                rows.append((f"`{operation}`", float(seconds), int(resident), int(peak)))
            print(rows[-1], flush=True)
    table = [
        "| operation | seconds | peak RSS | of which the programme | within 4 GB |",
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for label, elapsed, resident, peak in rows:
        within = "yes" if peak <= LIMIT else "NO"
        held = "" if resident is None else gibibytes(resident)
        table.append(f"| {label} | {elapsed:.1f} | {gibibytes(peak)} | {held} | {within} |")
    print(counts)
    print("\n".join(table))
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(
        "# Memory benchmark\n\n" + counts + "\n\n" + "\n".join(table) + "\n", encoding="utf-8"
    )
    print(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
