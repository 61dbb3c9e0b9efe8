"""
The measuring sticks of ``benchmarks/``: the baselines are honest and the harness measures.

The streaming floor is only a fair floor if it writes the same feed as the plain `icalendar`
build, correctly escaped and folded; these tests prove that by parsing both with `icalendar`.
No timing is asserted here.
"""

from __future__ import annotations

import itertools
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipsrules
from ipsrules import Status, check
from ipsrules._convert import RECORD_LISTS
from ipsrules.synthetic import synthetic_programme

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import _feed_baselines as baselines
import _harness as harness
import run


def parsed_events(data: bytes) -> list[dict[str, Any]]:
    """Each event of a feed as its properties' parameters and decoded values, and its alarms."""
    calendar = icalendar.Calendar.from_ical(data)
    found = []
    for event in calendar.walk("VEVENT"):
        properties: dict[str, Any] = {}
        for name, value in event.property_items(recursive=False):
            if name in ("BEGIN", "END"):
                continue
            decoded = event.decoded(name) if name != "CATEGORIES" else value.cats
            properties[name] = (dict(value.params), decoded)
        alarms = [
            {name: alarm.decoded(name) for name in alarm if name not in ("BEGIN", "END")}
            for alarm in event.walk("VALARM")
        ]
        found.append({"properties": properties, "alarms": alarms})
    return found


@pytest.fixture(scope="module")
def results() -> list[Any]:
    programme = synthetic_programme(participants=40, specialists=3, years=1.0)
    return check(programme, today=date(2025, 11, 20))


def test_floor_and_plain_build_write_the_same_events(results: list[Any]) -> None:
    plain = baselines.plain_bytes(baselines.contents(results))
    floor = baselines.floor_bytes(baselines.contents(results))
    events = parsed_events(floor)
    assert events == parsed_events(plain)
    shown = [result for result in results if result.status is not Status.WAIVED]
    assert len(events) == len(shown) > 100
    # The sample has every status a feed shows, and alarms only where the window is ahead.
    statuses = {event["properties"]["CATEGORIES"][1][2] for event in events}
    assert statuses == {"met", "missed", "due", "upcoming"}
    for event in events:
        has_alarm = event["properties"]["CATEGORIES"][1][2] in ("due", "upcoming")
        assert bool(event["alarms"]) == has_alarm


def test_floor_streams_one_chunk_per_event(results: list[Any]) -> None:
    chunks = list(baselines.floor_chunks(baselines.contents(results)))
    assert chunks[0].startswith(b"BEGIN:VCALENDAR\r\n")
    assert chunks[-1] == b"END:VCALENDAR\r\n"
    assert all(chunk.startswith(b"BEGIN:VEVENT\r\n") for chunk in chunks[1:-1])
    assert all(chunk.count(b"BEGIN:VEVENT") == 1 for chunk in chunks[1:-1])


# Any text a TEXT value can carry: no control characters but line ends, no lone surrogates.
texts = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from('\n\\;,:"é€😀'),
    max_size=200,
)
contents = st.builds(
    baselines.Content,
    uid=texts.filter(lambda text: text.strip() != ""),
    start=st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 1, 1)),
    end=st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 1, 1)),
    sequence=st.integers(min_value=0, max_value=10**6),
    summary=texts,
    description=texts,
    categories=st.lists(texts.filter(lambda text: text != ""), min_size=1, max_size=4).map(tuple),
    alarm=st.booleans(),
)


@given(st.lists(contents, max_size=4))
def test_floor_parses_into_the_plain_builds_events_for_any_text(
    events: list[baselines.Content],
) -> None:
    floor = parsed_events(baselines.floor_bytes(events))
    assert floor == parsed_events(baselines.plain_bytes(events))
    for content, event in zip(events, floor, strict=True):
        assert event["properties"]["SUMMARY"][1] == content.summary.replace("\r", "\n")
        assert event["properties"]["DESCRIPTION"][1] == content.description.replace("\r", "\n")
        assert event["properties"]["DTSTART"][1] == content.start


@given(texts)
def test_folded_lines_are_75_octets_at_most_and_whole_characters(text: str) -> None:
    line = "DESCRIPTION:" + baselines.escape(text)
    folded = baselines.fold(line)
    assert folded.endswith(b"\r\n")
    physical = folded[:-2].split(b"\r\n")
    assert all(len(part) <= 75 for part in physical)
    assert all(part.startswith(b" ") for part in physical[1:])
    for part in physical:
        part.decode("utf-8")  # a fold inside a character would not decode
    assert b"".join([physical[0], *(part[1:] for part in physical[1:])]).decode() == line


def test_escape_follows_rfc_5545() -> None:
    assert baselines.escape("a,b;c\\d\ne\r\nf\rg") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"


# --- the harness ----------------------------------------------------------------

needs_proc = pytest.mark.skipif(
    not harness.can_measure_process_memory(), reason="needs fork and /proc (Linux)"
)


@needs_proc
def test_process_peak_sees_memory_the_work_holds() -> None:
    size = 64 * harness.MiB

    def hold(_: object) -> int:
        block = bytearray(size)  # zero pages: touch them so they are resident
        for at in range(0, size, 4096):
            block[at] = 1
        return len(block)

    peak = harness.process_peak(hold, describe=lambda length: {"length": length})
    assert peak.failure is None
    assert peak.added is not None
    assert peak.added >= size * 0.9
    assert peak.facts == {"length": size}
    assert peak.peak is not None
    assert peak.start is not None
    assert peak.peak >= peak.start + size * 0.9


@needs_proc
def test_process_peak_reports_a_failure_instead_of_figures() -> None:
    def fail(_: object) -> None:
        msg = "no such record"
        raise KeyError(msg)

    peak = harness.process_peak(fail)
    assert peak.failure == "KeyError: 'no such record'"
    assert peak.seconds is None
    assert peak.added is None


@needs_proc
def test_process_peak_stops_work_over_the_memory_cap() -> None:
    def grow(_: object) -> None:
        blocks = []
        while True:
            blocks.append(bytearray(b"x" * harness.MiB))

    cap = harness._status_bytes("VmRSS") + 256 * harness.MiB  # 256 MiB above this process
    peak = harness.process_peak(grow, cap=cap, timeout=120)
    assert peak.failure is not None
    assert "memory cap" in peak.failure


def test_best_of_runs_up_to_repeat_and_at_least_once() -> None:
    calls: list[int] = []
    seconds, runs = harness.best_of(3, lambda: calls.append(1))
    assert runs == 3 == len(calls)
    assert seconds >= 0
    seconds, runs = harness.best_of(5, lambda: calls.append(1), budget=0.0)
    assert runs == 1


# --- the tables -----------------------------------------------------------------


def row(key: str, seconds: float, added: int, *, library: bool = True) -> dict[str, Any]:
    return {
        "key": key,
        "label": key,
        "timed": "",
        "library": library,
        "seconds": seconds,
        "runs": 1,
        "first": seconds,
        "added": added,
        "peak": 100 + added,
        "facts": None,
    }


def measured(size: int, feed_seconds: float, feed_added: int) -> dict[str, Any]:
    rows = [
        row("plain", 10.0, 1000, library=False),
        row("floor", 0.4, 300, library=False),
        row("feed_bytes", feed_seconds, feed_added),
    ]
    facts = {"size": size}
    return {"facts": facts, "rows": {entry["key"]: entry for entry in rows}}


def test_feed_targets_are_judged_against_their_baselines_at_10000() -> None:
    _, verdicts = run.table(measured(10_000, 0.5, 250), [1000, 10_000])
    assert [ok for _, ok in verdicts] == [True, True, True]
    _, verdicts = run.table(measured(10_000, 0.7, 251), [1000, 10_000])
    # 0.7 s is 14x faster than 10 s, not 20x; within 1.5x of 0.4 s; memory over a quarter.
    assert [ok for _, ok in verdicts] == [False, False, False]
    _, verdicts = run.table(measured(1000, 0.5, 250), [1000, 10_000])
    assert verdicts == []


def test_every_size_has_a_row_for_the_streaming_feed_even_when_it_is_absent() -> None:
    programme = synthetic_programme(participants=20, specialists=1, years=1.0)
    keys = [work.key for work in run.works(programme, 20, 10_000, Path("."))]
    assert "iter_feed" in keys
    assert "iter_feed-one" in keys
    assert len(keys) == len(set(keys))
    larger = run.works(programme, 20_000, 10_000, Path("."))
    plain = [work for work in larger if work.key == "plain"]
    assert plain[0].skipped is not None
    assert "--plain-up-to" in plain[0].skipped


def test_the_year_of_outcomes_ends_on_the_report_date() -> None:
    outcomes = (run.OUTCOME_START, run.REPORT_DATE)
    assert outcomes == (date(2026, 10, 1), date(2027, 9, 30))
    fidelity = run.FIDELITY_END - run.FIDELITY_START
    assert fidelity == timedelta(days=364)


def test_loading_rows_run_both_sides_in_new_interpreters(tmp_path: Path) -> None:
    """The plain passes and the command read the same files and report a peak each."""
    import bench_loading

    programme = synthetic_programme(participants=20, years=0.5)
    folder = tmp_path / "csv"
    ipsrules.dump_csv(programme, folder)
    ipsrules.dump(programme, tmp_path / "p.json")
    assert (
        bench_loading.plain_csv(str(folder))
        == sum(len(getattr(programme, name)) for name in RECORD_LISTS) + 1
    )  # the programme's own row
    assert bench_loading.plain_json(str(tmp_path / "p.json")) == len(programme.contacts)
    for kind, source in (("plain-csv", folder), ("check", folder), ("check", tmp_path / "p.json")):
        figures = bench_loading.best(kind, source, "2025-06-01", repeat=1, timeout=120)
        assert figures["runs"] == 1
        assert figures["seconds"] > 0
        assert figures["peak"] > 10 * harness.MiB


def test_a_failing_command_is_a_failure_not_a_figure(tmp_path: Path) -> None:
    import bench_loading

    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    figures = bench_loading.run("check", tmp_path / "bad.json", "2025-06-01", timeout=120)
    assert figures["failure"].startswith("exit 2: ipsrules: error:")


def test_loading_targets_are_judged_against_the_plain_passes() -> None:
    judged = {(c.key, c.baseline): c.target for c in run.COMPARISONS}
    assert judged[("check-csv", "plain-csv")] == 3.0
    assert judged[("check-json", "plain-json")] == 3.0


def test_records_baseline_is_the_record_without_its_checks() -> None:
    """The plain twin has the record's fields and defaults, takes the same values, checks none."""
    import bench_records

    programme = synthetic_programme(participants=20, years=0.5)
    for kind in RECORD_LISTS.values():
        twin = bench_records.plain_twin(kind)
        assert [(f.name, f.default) for f in attrs.fields(twin)] == [
            (f.name, f.default) for f in attrs.fields(kind)
        ]
        assert all(f.validator is None for f in attrs.fields(twin))
    values = bench_records.field_values(programme.contacts, 50)
    assert len(values) == 50
    assert bench_records.builder(ipsrules.Contact, values)() == list(
        itertools.islice(itertools.cycle(programme.contacts), 50)
    )
    twin = bench_records.plain_twin(ipsrules.Contact)
    assert twin(participant_id=None, at="not a time", mode=3).mode == 3  # no checks
    rows = bench_records.measure_all(programme, contacts=100, repeat=1)
    assert rows[0]["kind"] == "Contact"
    assert {row["kind"] for row in rows} <= {kind.__name__ for kind in RECORD_LISTS.values()}
    assert all(row["seconds"] > 0 and row["baseline"] > 0 for row in rows)
