"""Tests of programmes as pandas DataFrames (`to_frames`, `from_frames`) and reports' frames."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from ipsrules import (
    CHECK_COLUMNS,
    Contact,
    ContactMode,
    FrameError,
    Job,
    LoadError,
    LoadProblemsError,
    MissingPackageError,
    Participant,
    Programme,
    Specialist,
    check_report,
    from_frames,
    sample_programme,
    to_frames,
)
from ipsrules.fidelity import MissingExtraError, compute_items, items_frame
from ipsrules.outcomes import FIGURE_COLUMNS, board_report, quarterly_report
from ipsrules.strategies import programmes

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def programme_frame(timezone_name: str = "Europe/Stockholm") -> pd.DataFrame:
    return pd.DataFrame({"id": ["demo"], "name": ["Demo"], "timezone": [timezone_name]})


class TestRoundTrip:
    def test_sample_round_trips(self) -> None:
        programme = sample_programme()
        assert from_frames(to_frames(programme)) == programme

    @settings(max_examples=60, deadline=None)
    @given(programmes(max_contacts=15))
    def test_generated_programmes_round_trip(self, programme: Programme) -> None:
        assert from_frames(to_frames(programme)) == programme

    def test_one_frame_per_csv_file_with_its_columns(self) -> None:
        frames = to_frames(sample_programme())
        assert list(frames) == [
            "programme",
            "specialists",
            "participants",
            "jobs",
            "contacts",
            "studies",
            "internships",
            "referrals",
            "handovers",
            "work_ability_assessments",
        ]
        assert list(frames["handovers"].columns) == ["participant_id", "on", "specialist_id", "id"]
        assert len(frames["handovers"]) == len(sample_programme().handovers)
        assert list(frames["contacts"].columns) == [
            "participant_id",
            "at",
            "mode",
            "party",
            "setting",
            "specialist_id",
            "minutes",
            "id",
        ]
        assert len(frames["contacts"]) == len(sample_programme().contacts)

    def test_columns_are_typed(self) -> None:
        frames = to_frames(sample_programme())
        jobs, contacts = frames["jobs"], frames["contacts"]
        assert jobs["id"].dtype == pd.StringDtype()
        assert jobs["start"].dtype == np.dtype("datetime64[s]")
        assert jobs["end"].isna().any()
        assert jobs["competitive"].dtype == "boolean"
        assert jobs["hours_per_week"].dtype == "Float64"
        assert contacts["minutes"].dtype == "Int64"
        assert isinstance(contacts["mode"].dtype, pd.CategoricalDtype)
        assert list(contacts["mode"].cat.categories) == [
            "face_to_face",
            "phone",
            "video",
            "message",
        ]
        assert contacts["at"].dtype == object
        assert {type(value) for value in contacts["at"]} <= {date, datetime}


class TestNotebookFrames:
    def test_frames_as_a_notebook_builds_them(self) -> None:
        frames = {
            "programme": programme_frame(),
            "specialists": pd.DataFrame({"id": ["S1"], "fte": ["0.5"]}),
            "participants": pd.DataFrame(
                {
                    "id": ["P1", "P2"],
                    "enrolled_on": pd.to_datetime(["2025-01-06", "2025-02-03"]),
                    "specialist_id": ["S1", np.nan],
                }
            ),
            "jobs": pd.DataFrame(
                {
                    "id": ["J1"],
                    "participant_id": ["P1"],
                    "start": [date(2025, 3, 10)],
                    "hours_per_week": [np.float64(20)],
                }
            ),
            "contacts": pd.DataFrame(
                {
                    "participant_id": ["P1", "P1", "P2"],
                    "at": [
                        pd.Timestamp("2025-03-11 09:30"),  # naive: the programme's zone
                        pd.Timestamp("2025-03-12 09:30", tz="UTC"),
                        "2025-03-13",
                    ],
                    "mode": ["face_to_face", "phone", "video"],
                    "minutes": [45.0, np.nan, 30.0],  # a whole-number column with a gap
                }
            ),
        }
        programme = from_frames(frames)
        assert programme.specialists == (Specialist("S1", fte=0.5),)
        assert programme.participants == (
            Participant("P1", date(2025, 1, 6), specialist_id="S1"),
            Participant("P2", date(2025, 2, 3)),
        )
        assert programme.jobs == (Job("J1", "P1", date(2025, 3, 10), hours_per_week=20.0),)
        assert programme.contacts == (
            Contact(
                "P1",
                datetime(2025, 3, 11, 9, 30, tzinfo=STOCKHOLM),
                ContactMode.FACE_TO_FACE,
                minutes=45,
            ),
            Contact("P1", datetime(2025, 3, 12, 9, 30, tzinfo=UTC), ContactMode.PHONE),
            Contact("P2", date(2025, 3, 13), ContactMode.VIDEO, minutes=30),
        )
        assert programme.contacts[0].at.utcoffset() == timedelta(hours=1)
        assert type(programme.contacts[0].minutes) is int

    def test_a_frame_that_is_absent_has_no_records(self) -> None:
        assert from_frames({"programme": programme_frame()}) == Programme(id="demo", name="Demo")


class TestErrors:
    def frames(self, **extra: pd.DataFrame) -> dict[str, pd.DataFrame]:
        participants = pd.DataFrame(
            {"id": ["P1", "P2"], "enrolled_on": [date(2025, 1, 6), date(2025, 1, 7)]},
            index=["a", "b"],
        )
        return {"programme": programme_frame(), "participants": participants, **extra}

    @pytest.mark.parametrize(
        ("jobs", "message"),
        [
            (
                {"id": ["J1"], "participant_id": ["P1"], "start": ["2025/03/10"]},
                "frame 'jobs', index 0, column 'start': expected a date in ISO format",
            ),
            (
                {
                    "id": ["J1"],
                    "participant_id": ["P1"],
                    "start": [date(2025, 3, 10)],
                    "minutes": [1],
                },
                "frame 'jobs', column 'minutes': unknown column; the columns of jobs are: id,",
            ),
            (
                {"id": ["J1"], "start": [date(2025, 3, 10)]},
                "frame 'jobs', column 'participant_id': is required but missing from the header",
            ),
            (
                {"id": ["J1"], "participant_id": ["P9"], "start": [date(2025, 3, 10)]},
                "frame 'jobs', index 0, column 'participant_id': refers to unknown participant",
            ),
            (
                {"id": ["J1"], "participant_id": ["P1"], "start": [None]},
                "frame 'jobs', index 0, column 'start': is required but empty",
            ),
            (
                {
                    "id": ["J1"],
                    "participant_id": ["P1"],
                    "start": [date(2025, 3, 10)],
                    "hours_per_week": [-1.0],
                },
                "frame 'jobs', index 0, column 'hours_per_week': must not be negative",
            ),
        ],
    )
    def test_bad_frames_are_named(self, jobs: dict[str, list[object]], message: str) -> None:
        with pytest.raises(FrameError) as caught:
            from_frames(self.frames(jobs=pd.DataFrame(jobs)))
        assert isinstance(caught.value, LoadError)
        assert str(caught.value).startswith(message)

    def test_a_row_is_named_by_its_index_label(self) -> None:
        frames = self.frames()
        frames["participants"].loc["b", "id"] = "P1"
        with pytest.raises(FrameError) as caught:
            from_frames(frames)
        error = caught.value
        assert (error.frame, error.index, error.column) == ("participants", "b", "id")
        assert str(error).startswith("frame 'participants', index 'b', column 'id': duplicate id")

    def test_every_problem_at_once(self) -> None:
        """Faults in several frames, and between records, each named by frame and index."""
        frames = self.frames(
            jobs=pd.DataFrame(
                {
                    "id": ["J1", "J2", "J3"],
                    "participant_id": ["P1", "P9", "P2"],
                    "start": [date(2025, 3, 10), date(2025, 3, 10), "soon"],
                    "hours_per_week": [-1.0, 20.0, 20.0],
                },
                index=[10, 11, 12],
            )
        )
        frames["participants"].loc["b", "id"] = "P1"
        with pytest.raises(LoadProblemsError) as caught:
            from_frames(frames)
        error = caught.value
        assert [
            (problem.cause.frame, problem.cause.index, problem.cause.column)  # type: ignore[union-attr]
            for problem in error.problems
        ] == [
            ("participants", "b", "id"),
            ("jobs", 10, "hours_per_week"),
            ("jobs", 11, "participant_id"),
            ("jobs", 12, "start"),
        ]
        lines = str(error).splitlines()
        assert lines[0] == "frames: 4 problems:"
        assert lines[1].startswith("  frame 'participants', index 'b', column 'id': duplicate id")
        assert all(isinstance(problem.cause, FrameError) for problem in error.problems)

    def test_an_unknown_frame(self) -> None:
        with pytest.raises(FrameError, match="frame 'job': unknown frame; the frames of a"):
            from_frames(self.frames(job=pd.DataFrame()))

    def test_the_programme_frame_is_required(self) -> None:
        with pytest.raises(FrameError, match="no frame 'programme'"):
            from_frames({"participants": self.frames()["participants"]})

    def test_not_a_frame(self) -> None:
        with pytest.raises(FrameError, match="frame 'jobs': expected a DataFrame, got dict"):
            from_frames({"programme": programme_frame(), "jobs": {"id": ["J1"]}})  # type: ignore[dict-item]

    def test_a_column_name_that_is_not_text(self) -> None:
        with pytest.raises(FrameError, match="a column's name must be text, got 0"):
            from_frames({"programme": programme_frame(), "jobs": pd.DataFrame([[1]])})

    def test_a_bad_time_zone(self) -> None:
        with pytest.raises(FrameError, match=r"frame 'programme', index 0, column 'timezone'"):
            from_frames({"programme": programme_frame("Mars/Olympus")})

    def test_without_pandas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        frames = to_frames(Programme(id="p", name="P"))
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MissingPackageError, match=r"pip install 'ipsrules\[pandas\]'"):
            to_frames(Programme(id="p", name="P"))
        with pytest.raises(MissingPackageError, match=r"ipsrules\[pandas\]"):
            from_frames(frames)
        report = check_report(sample_programme(), today=date(2026, 9, 30))
        with pytest.raises(MissingPackageError, match=r"CheckReport.to_dataframe\(\) needs pandas"):
            report.to_dataframe()
        with pytest.raises(MissingPackageError, match=r"ipsrules\[reports\]"):
            quarterly_report(sample_programme(), 2026, 3).to_dataframe()
        with pytest.raises(MissingPackageError, match=r"ipsrules\[reports\]"):
            board_report(sample_programme(), date(2026, 7, 1), date(2026, 9, 30)).to_dataframe()
        with pytest.raises(MissingExtraError, match=r"ipsrules\[notebook\]"):
            items_frame(())


class TestReportFrames:
    def test_check_report(self) -> None:
        report = check_report(sample_programme(), today=date(2026, 9, 30))
        frame = report.to_dataframe()
        assert list(frame.columns) == [*CHECK_COLUMNS, "id"]
        assert len(frame) == len(report.results) > 0
        records = report.to_records()
        for row, record in zip(frame.itertuples(index=False), records, strict=True):
            assert row.status == record["status"]
            assert row.id == record["id"]
            assert row.opens.date().isoformat() == record["opens"]
            assert row.closes.date().isoformat() == record["closes"]
            assert (None if pd.isna(row.job) else row.job) == record["job"]
            assert row.seq == record["seq"]
        assert frame["seq"].dtype == "Int64"
        assert frame["opens"].dtype == np.dtype("datetime64[s]")
        assert list(frame["status"].cat.categories) == [
            "missed",
            "due",
            "upcoming",
            "met",
            "waived",
        ]

    def test_compute_items(self) -> None:
        results = compute_items(sample_programme(), start=date(2026, 1, 1), end=date(2026, 6, 30))
        frame = items_frame(results)
        assert list(frame.index) == list(range(1, 26))
        assert list(frame.columns) == [
            "key",
            "status",
            "score",
            "measure",
            "unit",
            "evidence",
            "records",
            "needs",
        ]
        for result in results:
            row = frame.loc[result.item.number]
            assert row["key"] == result.item.key
            assert row["status"] == result.status.value
            assert (None if pd.isna(row["score"]) else row["score"]) == result.score
            assert row["evidence"] == result.evidence.summary
            assert row["records"] == len(result.evidence.records)
        assert frame["score"].dtype == "Int64"

    def test_board_report(self) -> None:
        report = board_report(sample_programme(), date(2026, 7, 1), date(2026, 9, 30))
        frame = report.to_dataframe()
        assert list(frame.columns) == list(FIGURE_COLUMNS)
        records = report.to_records()
        assert len(frame) == len(records)
        for (_, row), record in zip(frame.iterrows(), records, strict=True):
            for column in FIGURE_COLUMNS:
                expected = record[column]
                assert (None if pd.isna(row[column]) else row[column]) == expected
        assert frame["numerator"].dtype == "Int64"
