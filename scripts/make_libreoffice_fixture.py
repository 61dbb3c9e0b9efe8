"""
Make tests/fixtures/libreoffice-programme.xlsx: a workbook saved by LibreOffice Calc.

A small programme is written with `ipsrules.dump_excel`, opened and saved again by
LibreOffice (``soffice --headless --convert-to xlsx``), so that the committed workbook is
LibreOffice's own file (its styles, its date cells, its shared strings), not openpyxl's.
The programme is also written as JSON beside it: `tests/test_excel.py` holds the workbook
equal to it. Run it again only when the format changes:

    python scripts/make_libreoffice_fixture.py   # needs soffice on PATH
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import ipsrules
from ipsrules import (
    Contact,
    ContactMode,
    ExitReason,
    Internship,
    Job,
    Participant,
    Party,
    Programme,
    Referral,
    ReferralState,
    Setting,
    Specialist,
    Study,
)

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def small_programme() -> Programme:
    """A programme with a record of every kind and a value of every type of cell."""
    return Programme(
        id="lo-fixture",
        name="Fixture service, Göteborg",
        timezone="Europe/Stockholm",
        specialists=[
            Specialist("ES1", name="Åsa Öberg", fte=0.8, employment_share=0.95),
            Specialist("ES2"),
        ],
        participants=[
            Participant("P001", date(2025, 1, 7), specialist_id="ES1"),
            Participant(
                "P002",
                date(2025, 2, 3),
                specialist_id="ES2",
                discharged_on=date(2025, 11, 28),
                exit_reason=ExitReason.EMPLOYED,
                income_support_at_entry="activity_compensation",
                income_support_at_exit="none",
            ),
            Participant("1001", date(2025, 3, 1)),
        ],
        jobs=[
            Job(
                "J1",
                "P001",
                date(2025, 3, 10),
                employer="Café Norr",
                job_type="hospitality",
                hours_per_week=20.5,
            ),
            Job(
                "J2",
                "P002",
                date(2025, 4, 1),
                end=date(2025, 10, 31),
                end_known_on=date(2025, 10, 15),
                competitive=False,
                hours_per_week=12.0,
            ),
        ],
        contacts=[
            Contact(
                "P001",
                date(2025, 3, 11),
                ContactMode.FACE_TO_FACE,
                setting=Setting.COMMUNITY,
                specialist_id="ES1",
                minutes=45,
                id="C1",
            ),
            Contact(
                "P001",
                datetime(2025, 3, 30, 9, 15, tzinfo=STOCKHOLM),
                ContactMode.PHONE,
                party=Party.EMPLOYER,
                specialist_id="ES1",
            ),
            Contact(
                "P002",
                datetime(2025, 4, 2, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
                ContactMode.VIDEO,
                setting=Setting.REMOTE,
            ),
        ],
        studies=[
            Study(
                "ST1",
                "P002",
                date(2025, 1, 15),
                end=date(2025, 6, 5),
                kind="adult_education",
                hours_per_week=10.0,
            )
        ],
        internships=[Internship("I1", "1001", date(2025, 3, 15), employer="Verkstad AB")],
        referrals=[
            Referral(
                "R1",
                date(2024, 12, 1),
                state=ReferralState.ENROLLED,
                decided_on=date(2025, 1, 7),
                participant_id="P001",
                source="psychiatry",
            ),
            Referral("R2", date(2025, 5, 2)),
        ],
    )


def main() -> int:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice is not on PATH: apt-get install libreoffice-calc", file=sys.stderr)
        return 1
    programme = small_programme()
    with tempfile.TemporaryDirectory() as work:
        written = Path(work) / "in" / "libreoffice-programme.xlsx"
        written.parent.mkdir()
        ipsrules.dump_excel(programme, written)
        out = Path(work) / "out"
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{work}/profile",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                str(written),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        FIXTURES.mkdir(exist_ok=True)
        shutil.copyfile(out / written.name, FIXTURES / written.name)
    ipsrules.dump(programme, FIXTURES / "libreoffice-programme.json")
    print(f"wrote {FIXTURES / written.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
