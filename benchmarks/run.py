"""
The benchmark suite: every operation beside its baseline, at three sizes, in one run.

For each size it builds a synthetic programme (three years of jobs and contacts) and
measures the rules, the feeds, the fidelity items and the outcome reports, each with its
baseline measured in the same run on the same records, then prints one table per size with
seconds, peak memory, the ratio to the baseline and, where issue 6 sets one, the target and
whether it is met. ``docs/performance.md`` explains every row.

    python benchmarks/run.py                          # 1,000, 10,000 and 100,000 participants
    python benchmarks/run.py --sizes 1000,10000       # some sizes only
    python benchmarks/run.py --quick                  # a tiny programme, one run (CI)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import _feed_baselines as baselines
import attrs
import bench_fidelity
import bench_layouts
import bench_loading
import bench_memory
import bench_outcomes
import bench_rules
from _harness import (
    GiB,
    Peak,
    best_of,
    can_measure_process_memory,
    in_child,
    markdown_table,
    measure_here,
    mebibytes,
    process_peak,
    write_markdown,
)

import ipsrules
from ipsrules import (
    Programme,
    add_months,
    check,
    dump,
    dump_csv,
    feed_bytes,
    follow_ups,
    load_csv,
    write_feed,
)
from ipsrules.fidelity import compute_items
from ipsrules.outcomes import Period, board_report, quarterly_report
from ipsrules.synthetic import (
    default_contacts_until,
    default_report_date,
    synthetic_programme,
)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
FIRST_ENROLMENT = date(2024, 11, 4)
YEARS = 3.0
TODAY = default_contacts_until(FIRST_ENROLMENT, YEARS)
"""The day of every check and feed: the last day of the records (20 November 2027)."""
REPORT_DATE = default_report_date(FIRST_ENROLMENT, YEARS)
"""The last day of the outcome year (30 September 2027): its last quarter end."""
OUTCOME_START = add_months(REPORT_DATE + timedelta(days=1), -12)
FIDELITY_END = TODAY
FIDELITY_START = TODAY - timedelta(days=364)
CASELOAD = 20
"""The caseload of the specialist whose feed is measured: the one nearest to this."""

# The targets of issue 6.
FASTER_THAN_PLAIN = 20.0
WITHIN_FLOOR = 1.5
MEMORY_SHARE = 0.25
SPECIALIST_SECONDS = 0.010
RULES_WITHIN = 3.0
LOADING_WITHIN = 3.0
MEMORY_LIMIT = 4 * 10**9  # 4 GB
JUDGED_SIZE = 10_000
MEMORY_SIZE = 100_000


# --- what is measured ---------------------------------------------------------


@dataclass
class Work:
    """One row: a piece of work, how it is run, and what it is compared with."""

    key: str
    label: str
    timed: str
    run: Callable[[Any], object]
    setup: Callable[[], Any] | None = None
    describe: Callable[[Any], dict[str, Any]] | None = None
    library: bool = True  # ipsrules' own work (judged against the memory limit), not a baseline
    skipped: str | None = None


def feed_facts(data: Any) -> dict[str, Any]:
    """Size and events of a feed given as bytes or as (size, events) counted while streaming."""
    if isinstance(data, bytes):
        return {"bytes": len(data), "events": data.count(b"BEGIN:VEVENT\r\n")}
    size, events = data
    return {"bytes": size, "events": events}


def file_facts(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"bytes": len(data), "events": data.count(b"BEGIN:VEVENT\r\n")}


def drain(chunks: Iterator[bytes]) -> tuple[int, int]:
    """Consume a stream of chunks as a server would send them: size and events, nothing kept."""
    size = events = 0
    for chunk in chunks:
        size += len(chunk)
        events += chunk.count(b"BEGIN:VEVENT\r\n")
    return size, events


def floor_to_file(path: Path, results: Any) -> Path:
    """The floor streamed to a file the way `write_feed` writes: a temporary file, then moved."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as file:
        for chunk in baselines.floor_chunks(baselines.contents(results)):
            file.write(chunk)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
    return path


def pick_specialist(programme: Programme) -> tuple[str, int]:
    """The specialist whose caseload (participants in the records) is nearest `CASELOAD`."""
    sizes: dict[str, int] = {}
    for participant in programme.participants:
        if participant.specialist_id is not None:
            sizes[participant.specialist_id] = sizes.get(participant.specialist_id, 0) + 1
    chosen = min(sorted(sizes), key=lambda sid: abs(sizes[sid] - CASELOAD))
    return chosen, sizes[chosen]


def works(programme: Programme, size: int, plain_up_to: int, folder: Path) -> list[Work]:
    """Every row of one size's table, in order."""
    feed: dict[str, object] = {"today": TODAY, "generated_at": baselines.GENERATED}
    if hasattr(ipsrules.feeds, "PUBLIC"):
        # A branch where UIDs need a secret and default feeds leave old done follow-ups out:
        # every follow-up but waived ones, as the baselines write them, is a full feed.
        feed.update(uid_secret=ipsrules.feeds.PUBLIC, full=True)
    iter_feed = getattr(ipsrules, "iter_feed", None)
    specialist, _ = pick_specialist(programme)
    quarter = (OUTCOME_START.month - 1) // 3 + 1
    quarters = [
        Period.quarter(OUTCOME_START.year + (quarter - 1 + step) // 4, (quarter - 1 + step) % 4 + 1)
        for step in range(4)
    ]
    too_big = (
        f"not run above {plain_up_to:,} participants (`--plain-up-to`): it would take "
        "minutes and many GB; its targets are judged at 10,000"
    )
    plain_skip = too_big if size > plain_up_to else None
    no_iter = (
        "`ipsrules.iter_feed` is absent on this branch: the streaming path is not measured"
        if iter_feed is None
        else None
    )

    def results() -> list[ipsrules.Result]:
        return check(programme, today=TODAY)

    def one_caseload() -> list[ipsrules.Result]:
        return check(baselines.caseload(programme, specialist), today=TODAY)

    def streamed(**extra: Any) -> Callable[[Any], object]:
        assert iter_feed is not None
        return lambda _: drain(iter_feed(programme, **feed, **extra))

    return [
        # The rules.
        Work("rules-floor", "floor: one pass over jobs and contacts", "the pass",
             lambda _: bench_rules.floor(programme), library=False),
        Work("follow_ups", "`follow_ups`", "the call", lambda _: follow_ups(programme)),
        Work("check", "`check` (follow-ups and their statuses)", "the call", lambda _: results()),
        # `check` reads the contact logs that building a programme files: these rows show
        # what building costs, and building and checking together.
        Work("build", "building the programme from its records", "`attrs.evolve`",
             lambda _: attrs.evolve(programme)),
        Work("build-check", "building the programme, then `check`", "both",
             lambda _: check(attrs.evolve(programme), today=TODAY)),
        # Feeds of the whole programme: the baselines, from `check` results and end to end.
        Work("plain-ser", "plain `icalendar` build, whole programme", "from `check` results",
             lambda state: baselines.plain_bytes(baselines.contents(state)), setup=results,
             describe=feed_facts, library=False, skipped=plain_skip),
        Work("floor-ser", "streaming floor, whole programme, joined", "from `check` results",
             lambda state: baselines.floor_bytes(baselines.contents(state)), setup=results,
             describe=feed_facts, library=False),
        Work("plain", "plain `icalendar` build, whole programme", "end to end (with `check`)",
             lambda _: baselines.plain_bytes(baselines.contents(results())),
             describe=feed_facts, library=False, skipped=plain_skip),
        Work("floor", "streaming floor, whole programme, joined", "end to end (with `check`)",
             lambda _: baselines.floor_bytes(baselines.contents(results())),
             describe=feed_facts, library=False),
        Work("floor-stream", "streaming floor, whole programme, chunks sent on",
             "end to end (with `check`)",
             lambda _: drain(baselines.floor_chunks(baselines.contents(results()))),
             describe=feed_facts, library=False),
        Work("floor-file", "streaming floor, whole programme, to a file",
             "end to end (with `check`)",
             lambda _: floor_to_file(folder / "floor.ics", results()),
             describe=file_facts, library=False),
        # Feeds of the whole programme: ipsrules.
        Work("feed_bytes", "`feed_bytes`, whole programme", "end to end (the call)",
             lambda _: feed_bytes(programme, **feed), describe=feed_facts),
        Work("iter_feed", "`iter_feed`, whole programme, chunks sent on", "end to end (the call)",
             streamed() if iter_feed is not None else (lambda _: None),
             describe=feed_facts, skipped=no_iter),
        Work("write_feed", "`write_feed`, whole programme, to a file", "end to end (the call)",
             lambda _: (write_feed(folder / "feed.ics", programme, **feed), folder / "feed.ics")[1],
             describe=file_facts),
        # One specialist's feed, asked of the whole programme.
        Work("plain-one", f"plain `icalendar` build, specialist {specialist}",
             "end to end (cut, `check`)",
             lambda _: baselines.plain_bytes(baselines.contents(one_caseload())),
             describe=feed_facts, library=False),
        Work("floor-one", f"streaming floor, specialist {specialist}",
             "end to end (cut, `check`)",
             lambda _: baselines.floor_bytes(baselines.contents(one_caseload())),
             describe=feed_facts, library=False),
        Work("feed_bytes-one", f"`feed_bytes`, specialist {specialist}", "end to end (the call)",
             lambda _: feed_bytes(programme, specialist_id=specialist, **feed),
             describe=feed_facts),
        Work("iter_feed-one", f"`iter_feed`, specialist {specialist}", "end to end (the call)",
             streamed(specialist_id=specialist) if iter_feed is not None else (lambda _: None),
             describe=feed_facts, skipped=no_iter),
        # Fidelity, a year.
        Work("fidelity-floor", "floor: one pass over the records of the year", "the pass",
             lambda _: bench_fidelity.floor(programme, FIDELITY_START, FIDELITY_END),
             library=False),
        Work("compute_items", "`compute_items`, a year (all computable items)", "the call",
             lambda _: compute_items(programme, start=FIDELITY_START, end=FIDELITY_END)),
        # Outcomes, a year.
        Work("outcomes-floor", "floor: one pass per quarter over the records", "the pass",
             lambda _: bench_outcomes.floor(programme, quarters), library=False),
        Work("quarterly_report", "`quarterly_report`, 4 quarters", "the call",
             lambda _: quarterly_report(programme, OUTCOME_START.year, quarter, quarters=4)),
        Work("board_report", "`board_report` for the year, as Markdown", "the call",
             lambda _: board_report(
                 programme, OUTCOME_START, REPORT_DATE, yearly_cost=1e7
             ).to_markdown()),
    ]  # fmt: skip


@dataclass(frozen=True)
class Comparison:
    """A row's ratio to a baseline row, and the target of issue 6 for it, if any."""

    key: str
    baseline: str
    what: str  # "time" or "memory"
    target: float | None = None
    target_text: str = ""


COMPARISONS = (
    Comparison("check-csv", "plain-csv", "time", LOADING_WITHIN, f"≤ {LOADING_WITHIN:g}"),
    Comparison("check-csv-without-fast", "plain-csv", "time"),
    Comparison("check-json", "plain-json", "time", LOADING_WITHIN, f"≤ {LOADING_WITHIN:g}"),
    Comparison("follow_ups", "rules-floor", "time"),
    Comparison("check", "rules-floor", "time", RULES_WITHIN, f"≤ {RULES_WITHIN:g}"),
    Comparison("build", "rules-floor", "time"),
    Comparison("build-check", "rules-floor", "time"),
    Comparison("check-compact", "rules-floor-compact", "time"),
    Comparison("plain-ser", "floor-ser", "time"),
    Comparison("plain", "floor", "time"),
    Comparison(
        "feed_bytes",
        "plain",
        "time",
        1 / FASTER_THAN_PLAIN,
        f"≤ {1 / FASTER_THAN_PLAIN:g} ({FASTER_THAN_PLAIN:g}x faster)",
    ),
    Comparison("feed_bytes", "floor", "time", WITHIN_FLOOR, f"≤ {WITHIN_FLOOR:g}"),
    Comparison("feed_bytes", "plain", "memory", MEMORY_SHARE, f"≤ {MEMORY_SHARE:g} of its peak"),
    Comparison("feed_bytes", "floor", "memory"),
    Comparison("iter_feed", "floor-stream", "time"),
    Comparison("iter_feed", "floor-stream", "memory"),
    Comparison("write_feed", "floor-file", "time"),
    Comparison("write_feed", "floor-file", "memory"),
    Comparison("feed_bytes-one", "plain-one", "time"),
    Comparison("feed_bytes-one", "floor-one", "time"),
    Comparison("iter_feed-one", "floor-one", "time"),
    Comparison("compute_items", "fidelity-floor", "time"),
    Comparison("quarterly_report", "outcomes-floor", "time"),
    Comparison("board_report", "outcomes-floor", "time"),
)
NAMES = {
    "plain-csv": "plain pass, CSV",
    "plain-json": "plain pass, JSON",
    "rules-floor": "rules floor",
    "rules-floor-compact": "rules floor, compact copy",
    "floor-ser": "floor, from results",
    "plain": "plain build, end to end",
    "floor": "floor, end to end",
    "floor-stream": "floor, chunks sent on",
    "floor-file": "floor, to a file",
    "plain-one": "plain build, specialist",
    "floor-one": "floor, specialist",
    "fidelity-floor": "fidelity floor",
    "outcomes-floor": "outcomes floor",
}


# --- one size ---------------------------------------------------------------


@dataclass
class Options:
    repeat: int
    budget: float
    cap: int
    timeout: float
    plain_up_to: int
    cache: bool


def programme_of(size: int, cache: bool) -> tuple[Programme, dict[str, Any]]:
    """
    The synthetic programme of *size* active participants, held as a user holds one: it is
    generated in a child process and written as CSV, then loaded here with `load_csv`, the
    way *Data format* says to load a large programme. Its facts: how long generating and
    loading took, and the peak of loading.

    How the records were made moves the floors: a time read from a file carries a UTC
    offset, which a pass must convert to the programme's zone, where the generator's
    times carry the zone itself; see *Performance*. The table's programme is the loader's.
    """
    arguments = {
        "participants": size,
        "specialists": max(1, math.ceil(size / 18)),
        "years": YEARS,
        "first_enrolment": FIRST_ENROLMENT,
    }
    with tempfile.TemporaryDirectory(prefix="ipsrules-programme-") as scratch:
        folder = Path(scratch) / "programme"
        if cache:
            # The cache is good only for the same generator, records, CSV and arguments.
            package = Path(ipsrules.__file__).parent
            generator = sorted((package / "synthetic").glob("*.py"))
            sources = [*generator, package / "_model.py", package / "_csvio.py"]
            digest = hashlib.sha256(repr(sorted(arguments.items())).encode())
            for source in sources:
                digest.update(source.read_bytes())
            folder = RESULTS / "programmes" / f"{size}-{digest.hexdigest()[:16]}"
        generated = None
        if not folder.exists():
            # Written to a scratch folder first, so an interrupted run leaves no half cache.
            written = Path(scratch) / "written"
            generated = in_child(lambda: generate_to(written, arguments))["seconds"]
            folder.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(written, folder)
        loading = measure_here(lambda: load_csv(folder))
    how = (
        "CSV files from the cache"
        if generated is None
        else f"generated in {generated:.1f} s and written as CSV files"
    )
    return loading.result, {
        "how": f"{how}, loaded with `load_csv` in {loading.seconds:.1f} s",
        "loaded": loading.seconds,
        "load_start": loading.start,
        "load_peak": loading.peak,
    }


def generate_to(folder: Path, arguments: dict[str, Any]) -> dict[str, float]:
    """Generate the synthetic programme and write it to *folder* as CSV: its generating time."""
    started = time.perf_counter()
    programme = synthetic_programme(**arguments)
    built = time.perf_counter() - started
    dump_csv(programme, folder)
    return {"seconds": built}


def measure_size(size: int, options: Options) -> dict[str, Any]:
    """Every row at one size, as JSON-able data: run in a child, so its memory goes with it."""
    programme, loading = programme_of(size, options.cache)
    specialist, caseload = pick_specialist(programme)
    facts: dict[str, Any] = {
        "size": size,
        "participants": len(programme.participants),
        "specialists": len(programme.specialists),
        "jobs": len(programme.jobs),
        "contacts": len(programme.contacts),
        "how": loading["how"],
        "specialist": specialist,
        "caseload": caseload,
    }
    # Loading is a user's operation too: one run, its peak that of this process.
    rows: dict[str, dict[str, Any]] = {
        "load_csv": {
            "key": "load_csv",
            "label": "`load_csv`, the programme's CSV files",
            "timed": "the call, once",
            "library": True,
            "seconds": loading["loaded"],
            "runs": 1,
            "first": loading["loaded"],
            "added": max(0, loading["load_peak"] - loading["load_start"]),
            "peak": loading["load_peak"],
        }
    }
    with tempfile.TemporaryDirectory(prefix="ipsrules-bench-") as folder:
        rows.update(loading_rows(programme, size, options, Path(folder)))
        todo = works(programme, size, options.plain_up_to, Path(folder))
        # The programme alone, as it sits in memory before any work: what every peak starts from.
        resident = process_peak(lambda _: None)
        facts["resident"] = resident.start
        progress(f"  {size:,}: programme {loading['how']}, {mebibytes(resident.start)}")
        # Memory first, each in its own child, before the timed runs here warm anything up.
        peaks: dict[str, Peak] = {}
        for work in todo:
            if work.skipped is None:
                peaks[work.key] = process_peak(
                    work.run,
                    setup=work.setup,
                    describe=work.describe,
                    cap=options.cap,
                    timeout=options.timeout,
                )
                peak = peaks[work.key]
                note = peak.failure or f"{peak.seconds:.3f} s, +{mebibytes(peak.added)}"
                progress(f"  {size:,}: {work.key}: first run {note}")
        for work in todo:
            row: dict[str, Any] = {
                "key": work.key,
                "label": work.label,
                "timed": work.timed,
                "library": work.library,
            }
            rows[work.key] = row
            if work.skipped is not None:
                row["note"] = work.skipped
                continue
            peak = peaks[work.key]
            if peak.failure is not None:
                row["note"] = f"{peak.failure}; not timed"
                continue
            row.update(first=peak.seconds, added=peak.added, peak=peak.peak, facts=peak.facts)
            state = work.setup() if work.setup is not None else None
            timed = lambda work=work, state=state: work.run(state)  # noqa: E731
            row["seconds"], row["runs"] = best_of(options.repeat, timed, budget=options.budget)
            del state
            progress(f"  {size:,}: {work.key}: best {row['seconds']:.4f} s of {row['runs']}")
            if work.key == "build-check":
                rows.update(compact_rows(programme, size, options, Path(folder)))
    facts["follow_ups"] = len(follow_ups(programme))
    return {"facts": facts, "rows": rows}


LOADING_ROWS = {
    "plain-csv": ("plain pass: `csv` module, every contact's time parsed", "a new interpreter"),
    "check-csv": ("`ipsrules check FOLDER` (CSV files), output dropped", "a new interpreter"),
    "check-csv-without-fast": (
        "`ipsrules check FOLDER` without the `fast` extra (pyarrow)",
        "a new interpreter",
    ),
    "plain-json": ("plain pass: `json.load`, every contact's time parsed", "a new interpreter"),
    "check-json": ("`ipsrules check FILE.json`, output dropped", "a new interpreter"),
}


def loading_rows(
    programme: Programme, size: int, options: Options, folder: Path
) -> dict[str, dict[str, Any]]:
    """
    Issue 15's rows: `ipsrules check` on the programme's CSV folder and on its JSON file,
    end to end, each beside its plain pass over the same files, all four in new
    interpreters (`bench_loading`), side by side in this run. Above the judged size only
    the JSON command runs, once, for its peak memory.
    """
    rows: dict[str, dict[str, Any]] = {}
    sources = {"csv": folder / "programme-csv", "json": folder / "programme.json"}
    dump_csv(programme, sources["csv"])
    dump(programme, sources["json"])
    for key, (label, timed) in LOADING_ROWS.items():
        plain, fmt = key.startswith("plain"), key.split("-")[1]
        row: dict[str, Any] = {"key": key, "label": label, "timed": timed, "library": not plain}
        rows[key] = row
        if size > JUDGED_SIZE and key != "check-json":
            row["note"] = f"not run above {JUDGED_SIZE:,} participants; judged at 10,000"
            continue
        repeat = 1 if size > JUDGED_SIZE else options.repeat
        kind = "plain-" + fmt if plain else "check" + key.removeprefix("check-" + fmt)
        figures = bench_loading.best(kind, sources[fmt], TODAY.isoformat(), repeat, options.timeout)
        if "failure" in figures:
            row["note"] = figures["failure"]
            continue
        row.update(figures, added=None)
        progress(f"  {size:,}: {key}: best {figures['seconds']:.3f} s of {figures['runs']}, "
                 f"peak {mebibytes(figures['peak'])}")  # fmt: skip
    shutil.rmtree(sources["csv"])
    sources["json"].unlink()
    return rows


def compact_rows(
    programme: Programme, size: int, options: Options, folder: Path
) -> dict[str, dict[str, Any]]:
    """
    The rules floor and `check` on a compact copy of the programme, in a new interpreter.

    The copy's records are rebuilt one after another from a pickle of their arguments, with
    nothing in between, where the loaded ones lie among the loader's short-lived objects:
    these rows show how much of the judged ratio is owed to where the records lie (on
    loaded records, little: see `bench_layouts.py`). Their memory is not measured (the
    memory figures are the loaded programme's), and they are not run above the judged
    size, where writing and reading the copy would take minutes.
    """
    labels = {
        "rules-floor-compact": ("floor: one pass over jobs and contacts, compact copy", "the pass"),
        "check-compact": ("`check`, compact copy", "the call"),
    }
    rows: dict[str, dict[str, Any]] = {
        key: {"key": key, "label": label, "timed": timed, "library": False}
        for key, (label, timed) in labels.items()
    }
    if size > JUDGED_SIZE:
        for row in rows.values():
            row["note"] = f"not run above {JUDGED_SIZE:,} participants"
        return rows

    def write_copy() -> dict[str, Any]:
        bench_memory.build_pickle(programme, pickled)
        return {}

    # Pickled in a child, so that this process's heap is left as it was; timed in a new
    # interpreter, whose heap has no holes for the copy to fall into.
    pickled = folder / "compact.pickle"
    in_child(write_copy)
    timed = bench_layouts.timed_afresh(pickled, options.repeat, options.budget, TODAY)
    pickled.unlink()
    for key, figures in (
        ("rules-floor-compact", timed["floor"]),
        ("check-compact", timed["check"]),
    ):
        seconds, runs = figures
        rows[key].update(seconds=seconds, runs=runs, first=None, added=None, peak=None)
        progress(f"  {size:,}: {key}: best {seconds:.4f} s of {runs}")
    return rows


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the tables ---------------------------------------------------------------


def seconds_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.2f} ms" if value < 0.1 else f"{value:.3f} s"


def ratio_text(value: float) -> str:
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def judged(size: int, sizes: list[int]) -> bool:
    """Whether the ratio targets are judged at *size*: 10,000, else the largest size run."""
    return size == JUDGED_SIZE if JUDGED_SIZE in sizes else size == max(sizes)


def table(measured: dict[str, Any], sizes: list[int]) -> tuple[list[str], list[tuple[str, bool]]]:
    """One size's Markdown table, and each target judged at that size with whether it is met."""
    facts, rows = measured["facts"], measured["rows"]
    size = facts["size"]
    judge = judged(size, sizes)
    verdicts: list[tuple[str, bool]] = []
    lines: list[list[str]] = []
    by_key: dict[str, list[Comparison]] = {}
    for comparison in COMPARISONS:
        by_key.setdefault(comparison.key, []).append(comparison)
    for key, row in rows.items():
        if "seconds" not in row:
            lines.append([row["label"], row["timed"], "", "", "", "", "", "", "", "—", row["note"]])
            if row["library"] and size >= MEMORY_SIZE and "memory cap" in row["note"]:
                verdicts.append((f"{row['label']}: peak ≤ 4 GB at {size:,}", False))
            continue
        cells = [
            row["label"],
            row["timed"],
            seconds_text(row["seconds"]),
            str(row["runs"]),
            seconds_text(row["first"]),
            mebibytes(row["added"]),
            mebibytes(row["peak"]),
        ]
        compared = []
        for comparison in by_key.get(key, []):
            base = rows.get(comparison.baseline, {})
            field_name = "seconds" if comparison.what == "time" else "added"
            if base.get(field_name) is None or row.get(field_name) is None:
                why = base.get("note", "no figure")
                compared.append(["", f"{NAMES.get(comparison.baseline)} ({why})", "", ""])
                continue
            ratio = row[field_name] / max(base[field_name], 1e-9)
            target, met = "", ""
            if comparison.target is not None and judge:
                target = comparison.target_text
                ok = ratio <= comparison.target
                met = "yes" if ok else "**no**"
                verdicts.append((f"{row['label']}: {comparison.what} ratio to "
                                 f"{NAMES[comparison.baseline]} {target}", ok))  # fmt: skip
            what = "memory: " if comparison.what == "memory" else ""
            compared.append([ratio_text(ratio), what + NAMES[comparison.baseline], target, met])
        if key == "feed_bytes-one" and judge:
            ok = row["seconds"] < SPECIALIST_SECONDS
            compared.append(["", "", "< 10 ms", "yes" if ok else "**no**"])
            verdicts.append((f"{row['label']}: under 10 ms", ok))
        if row["library"] and size >= MEMORY_SIZE:
            ok = row["peak"] <= MEMORY_LIMIT
            compared.append(["", "", "process peak ≤ 4 GB", "yes" if ok else "**no**"])
            verdicts.append((f"{row['label']}: peak ≤ 4 GB at {size:,}", ok))
        if not compared:
            compared.append(["", "", "", ""])
        note = ""
        if row.get("facts"):
            note = f"{row['facts']['events']:,} events, {mebibytes(row['facts']['bytes'])}"
        lines.append([*cells, *compared[0], note])
        for more in compared[1:]:
            lines.append(["″", "", "", "", "", "", "", *more, ""])
    header = [
        "work", "timed", "best", "runs", "in child", "peak added", "process peak",
        "ratio", "to", "target", "met?", "output",
    ]  # fmt: skip
    return markdown_table(header, lines, "llrrrrrrllll"), verdicts


def heading(facts: dict[str, Any]) -> str:
    return (
        f"### {facts['size']:,} participants\n\n"
        f"{facts['size']:,} active on {REPORT_DATE}, {facts['participants']:,} in the records, "
        f"{facts['specialists']:,} specialists, {facts['jobs']:,} jobs, "
        f"{facts['contacts']:,} contacts, {facts['follow_ups']:,} follow-ups; programme "
        f"{facts['how']}, {mebibytes(facts['resident'])} resident; "
        f"specialist {facts['specialist']} has {facts['caseload']} participants."
    )


def machine() -> str:
    """The facts of this machine that the figures depend on."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    try:
        fast = f"pyarrow {importlib.metadata.version('pyarrow')} (the `fast` extra)"
    except importlib.metadata.PackageNotFoundError:
        fast = "no pyarrow (the `fast` extra is not installed)"
    return (
        f"`nproc` {len(os.sched_getaffinity(0))}, Python {platform.python_version()} "
        f"on {platform.system()} {platform.release()} ({platform.machine()}), {fast}, "
        f"load average at the start {load}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="participants active, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="no more timed runs of one work after this (s)"
    )
    parser.add_argument(
        "--cap", type=float, default=8.0, help="kill a child above this much memory (GiB)"
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="kill a child after (s)")
    parser.add_argument(
        "--plain-up-to", type=int, default=10_000, help="the largest size for the plain build"
    )
    parser.add_argument(
        "--cache", action="store_true", help="keep generated programmes in results/programmes/"
    )
    parser.add_argument("--quick", action="store_true", help="200 participants, one run (CI)")
    parser.add_argument("--output", type=Path, help="the Markdown file (results/<date>.md)")
    parser.add_argument(
        "--tables-from", type=Path, metavar="JSON", help="write the tables of an earlier run again"
    )
    arguments = parser.parse_args()
    if not can_measure_process_memory():
        parser.error("needs os.fork and /proc (Linux) to measure whole-process memory")
    sizes = [200] if arguments.quick else [int(n) for n in arguments.sizes.split(",")]
    options = Options(
        repeat=1 if arguments.quick else arguments.repeat,
        budget=arguments.budget,
        cap=int(arguments.cap * GiB),
        timeout=arguments.timeout,
        plain_up_to=arguments.plain_up_to,
        cache=arguments.cache,
    )
    started = datetime.now(UTC)
    if arguments.tables_from is not None:
        earlier = json.loads(arguments.tables_from.read_text(encoding="utf-8"))
        started = datetime.fromisoformat(earlier["started"])
        options = Options(**earlier["options"])
        sizes = [measured["facts"]["size"] for measured in earlier["sizes"]]
    lines = [
        f"Run on {started:%Y-%m-%d %H:%M} UTC; {{machine}}; best of {options.repeat} runs "
        f"(fewer once a work's runs pass {options.budget:g} s); checks and feeds on {TODAY}.",
        "",
    ]
    verdicts: list[tuple[str, bool]] = []
    output = arguments.output or RESULTS / f"{started:%Y-%m-%d}.md"
    raw: dict[str, Any] = {
        "started": started.isoformat(),
        "machine": machine(),
        "options": vars(options),
        "sizes": [],
    }
    for size in sizes:
        if arguments.tables_from is not None:
            measured = earlier["sizes"][sizes.index(size)]
            raw["machine"] = earlier["machine"]
        else:
            progress(f"{size:,} participants")
            measured = in_child(lambda size=size: measure_size(size, options))
        raw["sizes"].append(measured)
        if arguments.tables_from is None:  # after each size, so a failure later loses nothing
            output.parent.mkdir(parents=True, exist_ok=True)
            output.with_suffix(".json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
        rows, found = table(measured, sizes)
        verdicts += found
        lines += [heading(measured["facts"]), "", *rows, ""]
    if MEMORY_SIZE not in sizes:
        lines.append(f"The 4 GB limit is judged at {MEMORY_SIZE:,} participants, not run here.")
        lines.append("")
    lines.append("### Targets")
    lines.append("")
    met = sum(ok for _, ok in verdicts)
    lines += [f"- {'met' if ok else '**not met**'}: {what}" for what, ok in verdicts]
    if arguments.tables_from is None:
        raw["minutes"] = (datetime.now(UTC) - started).total_seconds() / 60
        output.with_suffix(".json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    else:
        raw["minutes"] = earlier.get("minutes", 0.0)
    lines += ["", f"{met} of {len(verdicts)} targets met; the run took "
              f"{raw['minutes']:.1f} minutes."]  # fmt: skip
    lines[0] = lines[0].replace("{machine}", raw["machine"])
    write_markdown(output, "Benchmarks", lines)
    print("\n".join(lines))
    print(f"written to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
