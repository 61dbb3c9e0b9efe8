"""
What every benchmark script shares: timing, peak memory, and writing tables.

Timing is the best of a few runs with the garbage collector off, so that one unlucky pause
does not count. Peak memory is measured in one of two ways, and each table says which:

- `process_peak` runs the work once in a forked child and reads the child's resident memory
  from ``/proc/self/status`` (Linux): the peak of the whole process (``VmHWM``) and how far
  it rose above where it stood when the work began. It sees every allocation, C or Python,
  and costs the work nothing; the fork shares the programme already in memory, so the
  work need not rebuild it. Memory that the process freed earlier but kept can be reused
  unseen, so the child trims the C heap (``malloc_trim``) before it measures.
- `traced_peak` runs the work under `tracemalloc`: the Python heap only, and slower while it
  traces; the per-topic scripts use it.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import math
import os
import select
import signal
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MiB = 2**20
GiB = 2**30


@dataclass(frozen=True)
class ScriptArguments:
    """What a per-topic script was asked for, with ``--quick`` already applied."""

    participants: int
    repeat: int
    years: float | None
    output: Path


def script_arguments(description: str, output: Path, *, years: float | None) -> ScriptArguments:
    """
    The options every per-topic script takes: ``--participants``, ``--years`` (when
    *years*, its default, is given), ``--repeat``, ``--quick`` (200 participants, one run,
    for CI) and ``--output`` (default *output*).
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--participants", type=int, default=10_000, metavar="N")
    if years is not None:
        parser.add_argument("--years", type=float, default=years, help="the enrolment span")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument("--quick", action="store_true", help="a small programme, for CI")
    parser.add_argument("--output", type=Path, default=output, help="the Markdown table")
    arguments = parser.parse_args()
    return ScriptArguments(
        participants=200 if arguments.quick else arguments.participants,
        repeat=1 if arguments.quick else arguments.repeat,
        years=arguments.years if years is not None else None,
        output=arguments.output,
    )


def best_of(
    repeat: int, work: Callable[[], object], *, budget: float = math.inf
) -> tuple[float, int]:
    """
    The best wall-clock time of up to *repeat* runs, in seconds, and how many runs there were.

    The collector is off while each run is timed. Once the runs have taken *budget* seconds
    in all, no more start (there is always one), so that slow baselines do not take all day.
    """
    times: list[float] = []
    spent = 0.0
    while len(times) < max(1, repeat) and (not times or spent < budget):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            work()
            elapsed = time.perf_counter() - started
        finally:
            gc.enable()
        times.append(elapsed)
        spent += elapsed
    return min(times), len(times)


def traced_peak(work: Callable[[], object]) -> int:
    """The peak of Python memory allocated by one run, in bytes, by `tracemalloc`."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- whole-process peak memory, in a forked child -----------------------------


@dataclass(frozen=True)
class Peak:
    """One run of some work in a child process: its time, memory and what it returned."""

    seconds: float | None = None
    """Wall-clock time of the run, with the collector on as in normal use."""
    start: int | None = None
    """Resident memory of the process when the work began (the programme, already loaded)."""
    peak: int | None = None
    """The highest resident memory of the process during the work."""
    facts: dict[str, Any] | None = None
    """What the work's *describe* function said of its result (its size, say)."""
    failure: str | None = None
    """Why there are no figures: the work raised, or went over the memory cap or the time limit."""

    @property
    def added(self) -> int | None:
        """How far the work raised resident memory above where it began."""
        if self.peak is None or self.start is None:
            return None
        return max(0, self.peak - self.start)


def can_measure_process_memory() -> bool:
    """Whether this system has what `process_peak` needs: fork and Linux's /proc."""
    return hasattr(os, "fork") and Path("/proc/self/status").exists()


def _status_bytes(field: str, pid: int | str = "self") -> int:
    """A ``kB`` line of ``/proc/<pid>/status``, in bytes."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    msg = f"no {field} in /proc/{pid}/status"
    raise LookupError(msg)


def _trim_c_heap() -> None:
    """Give freed C heap back to the system (glibc), so that reuse cannot hide growth."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _reset_peak() -> None:
    """Set the peak resident memory (VmHWM) to what is resident now (Linux 4.0 and later)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass  # the peak then includes the setup run in this child too


@dataclass(frozen=True)
class Measured:
    """One run of some work in this process: what it returned, its time and its peak."""

    result: Any
    seconds: float
    start: int
    """Resident memory when the work began."""
    peak: int
    """The highest resident memory of the process during the work."""


def measure_here(work: Callable[[], Any]) -> Measured:
    """
    Run *work* once in this process, with the collector on: its time and the process's peak.

    For work whose result must stay here, such as loading the programme that every other
    row then uses; `process_peak` is for work whose result can be thrown away.
    """
    gc.collect()
    _trim_c_heap()
    _reset_peak()
    start = _status_bytes("VmRSS")
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    return Measured(result, seconds, start, _status_bytes("VmHWM"))


def process_peak(
    work: Callable[[Any], object],
    *,
    setup: Callable[[], Any] | None = None,
    describe: Callable[[Any], dict[str, Any]] | None = None,
    cap: int | None = None,
    timeout: float | None = None,
) -> Peak:
    """
    Run *work* once in a forked child: its time and its whole-process peak resident memory.

    *setup* runs first in the child, untimed and before the peak is reset, and its result is
    passed to *work* (`None` without it). *describe*, given what *work* returned, gives a few
    JSON-able facts to bring back (sizes, counts). The child is killed if its resident
    memory goes over *cap* bytes or it runs longer than *timeout* seconds; the result then
    says so in `Peak.failure`.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report through the pipe, and leave at once
        os.close(reader)
        code = 0
        try:
            state = setup() if setup is not None else None
            measured = measure_here(lambda: work(state))
            facts = describe(measured.result) if describe is not None else {}
            report: dict[str, Any] = {
                "seconds": measured.seconds,
                "start": measured.start,
                "peak": measured.peak,
                "facts": facts,
            }
        except BaseException as error:  # the parent reports it
            report = {"failure": f"{type(error).__name__}: {error}"}
            code = 1
        try:
            os.write(writer, json.dumps(report).encode("utf-8"))
            sys.stdout.flush()
        finally:
            os._exit(code)
    os.close(writer)
    return _await_child(pid, reader, cap, timeout)


def _await_child(pid: int, reader: int, cap: int | None, timeout: float | None) -> Peak:
    """Read the child's report, watching its memory and time, and reap it."""
    chunks: list[bytes] = []
    started = time.monotonic()
    failure = None
    try:
        while True:
            ready, _, _ = select.select([reader], [], [], 0.05)
            if ready:
                chunk = os.read(reader, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
                continue
            if cap is not None:
                try:
                    resident = _status_bytes("VmRSS", pid)
                except (OSError, LookupError):
                    resident = 0  # exiting
                if resident > cap:
                    failure = f"stopped: went over the {cap / GiB:.1f} GiB memory cap"
            if timeout is not None and time.monotonic() - started > timeout:
                failure = f"stopped: ran longer than {timeout:.0f} s"
            if failure is not None:
                os.kill(pid, signal.SIGKILL)
                break
    finally:
        os.close(reader)
        os.waitpid(pid, 0)
    if failure is not None:
        return Peak(failure=failure)
    if not chunks:
        return Peak(failure="the child died without a report")
    report = json.loads(b"".join(chunks))
    if "failure" in report:
        return Peak(failure=report["failure"])
    return Peak(
        seconds=report["seconds"],
        start=report["start"],
        peak=report["peak"],
        facts=report["facts"],
    )


def in_child(work: Callable[[], Any]) -> Any:
    """Run *work* in a forked child and return its JSON-able result (memory left there)."""
    peak = process_peak(lambda _state: None, setup=None, describe=lambda _none: work())
    if peak.failure is not None:
        raise RuntimeError(peak.failure)
    return peak.facts


# --- output -------------------------------------------------------------------


def mebibytes(size: int | None) -> str:
    """A size in bytes for a table: MiB from one mebibyte up, else KiB."""
    if size is None:
        return ""
    return f"{size / MiB:,.1f} MiB" if size >= MiB else f"{size / 2**10:.0f} KiB"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """A Markdown table; *align* has one letter per column, ``l`` or ``r``."""
    rule = ["---" if side == "l" else "---:" for side in align]
    return [
        "| " + " | ".join(cells) + " |"
        for cells in (list(header), rule, *(list(row) for row in rows))
    ]


def write_markdown(path: Path, title: str, lines: Sequence[str]) -> None:
    """Write a Markdown page of *lines* under *title*, making its folder if need be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
