"""
Loading end to end, as a user runs it, beside the plain pass that reads the same file.

Each run is a new interpreter started by this script's parent, so that both sides pay for
starting Python and reading the file from the page cache alike, and each reports its own
peak resident memory:

    python benchmarks/bench_loading.py plain-csv FOLDER   # the csv module, every contact's time
    python benchmarks/bench_loading.py plain-json FILE    # json.load, every contact's time
    python benchmarks/bench_loading.py check FILE-OR-FOLDER YYYY-MM-DD   # `ipsrules check`
    python benchmarks/bench_loading.py check-without-fast FOLDER YYYY-MM-DD  # without pyarrow

The plain passes are the baselines of issue 15, fixed: the CSV one reads every file of the
folder with `csv.reader` and parses every contact's ``at`` with `datetime.fromisoformat`;
the JSON one is `json.load` of the file and the same parsing of every contact's ``at``.
``check`` runs the command line's own `main` with its output sent to ``/dev/null``: the
command a user types, in the same interpreter start-up as the baselines, with ipsrules
compiled to bytecode first, as pip leaves an installed package (`compiled`);
``check-without-fast`` is the same as if the ``fast`` extra (pyarrow) were not installed.
The last line a run prints is JSON: ``{"peak": bytes}``, its process's peak resident
memory (VmHWM).
"""

from __future__ import annotations

import compileall
import contextlib
import csv
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any


def plain_csv(folder: str) -> int:
    """Read every CSV file of *folder*, parsing every contact's time: the rows read."""
    rows = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8", newline="") as file:
            reader = csv.reader(file)
            header = next(reader)
            at = header.index("at") if name == "contacts.csv" else None
            for row in reader:
                rows += 1
                if at is not None:
                    datetime.fromisoformat(row[at])
    return rows


def plain_json(path: str) -> int:
    """`json.load` the document and parse every contact's time: the contacts read."""
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    contacts = document.get("contacts", [])
    for contact in contacts:
        datetime.fromisoformat(contact["at"])
    return len(contacts)


def check(source: str, today: str) -> int:
    """`ipsrules check SOURCE --today TODAY`, its output dropped: the exit status."""
    from ipsrules.cli import main

    with open(os.devnull, "w", encoding="utf-8") as devnull, contextlib.redirect_stdout(devnull):
        return main(["check", source, "--today", today])


def peak_bytes() -> int:
    """This process's peak resident memory (VmHWM), from ``/proc/self/status``."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def run(kind: str, source: Path, today: str, timeout: float) -> dict[str, Any]:
    """
    One run of *kind* in a new interpreter: its wall-clock time (start-up included), its
    peak resident memory, and whether it succeeded.
    """
    command = [sys.executable, str(Path(__file__).resolve()), kind, str(source)]
    if kind.startswith("check"):
        command.append(today)
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"failure": f"stopped: ran longer than {timeout:.0f} s"}
    seconds = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"failure": f"exit {done.returncode}: {done.stderr.strip()[-300:]}"}
    return {"seconds": seconds, "peak": json.loads(lines[-1])["peak"]}


def compiled() -> None:
    """
    Compile ipsrules to bytecode, as pip does when it installs a package: a user's command
    reads each module's bytecode, where an editable tree run with ``PYTHONDONTWRITEBYTECODE``
    (as CI's is) would compile all of them anew at each start (0.06 s more, measured). The
    plain passes import only the standard library, which is compiled already.
    """
    import ipsrules

    compileall.compile_dir(Path(ipsrules.__file__).parent, quiet=1)


def best(kind: str, source: Path, today: str, repeat: int, timeout: float) -> dict[str, Any]:
    """The best time of *repeat* runs of *kind*, and the highest peak among them."""
    if kind.startswith("check"):
        compiled()
    runs = [run(kind, source, today, timeout) for _ in range(max(1, repeat))]
    failed = [one for one in runs if "failure" in one]
    if failed:
        return failed[0]
    return {
        "seconds": min(one["seconds"] for one in runs),
        "first": runs[0]["seconds"],
        "runs": len(runs),
        "peak": max(one["peak"] for one in runs),
    }


def main() -> int:
    kind, source = sys.argv[1], sys.argv[2]
    if kind == "plain-csv":
        plain_csv(source)
    elif kind == "plain-json":
        plain_json(source)
    elif kind in ("check", "check-without-fast"):
        if kind == "check-without-fast":
            sys.modules["pyarrow"] = None  # type: ignore[assignment]  # as if not installed
        status = check(source, sys.argv[3])
        if status != 0:
            return status
    else:
        print(f"unknown kind {kind!r}", file=sys.stderr)
        return 2
    print(json.dumps({"peak": peak_bytes()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
