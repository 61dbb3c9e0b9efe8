"""A check's results as data and as a report: Result.to_dict, check_report and its formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from ipsrules import (
    CHECK_COLUMNS,
    CheckReport,
    Job,
    Participant,
    Programme,
    Specialist,
    Status,
    Table,
    check,
    check_report,
    sample_programme,
)
from ipsrules.cli import main

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def sample() -> Programme:
    return sample_programme()


@pytest.fixture(scope="module")
def report(sample: Programme) -> CheckReport:
    return check_report(sample, today=TODAY)


class TestResultToDict:
    def test_json_takes_it_and_its_values_are_the_results(self, sample: Programme) -> None:
        """Every result, met ones with the times of their contacts."""
        results = check(sample, today=TODAY)
        assert any(result.met_by for result in results)
        for result in results:
            data = result.to_dict()
            assert json.loads(json.dumps(data)) == data
            follow_up = result.follow_up
            assert data == {
                "id": follow_up.id,
                "participant": follow_up.participant_id,
                "job": follow_up.job_id,
                "rule": follow_up.rule.value,
                "seq": follow_up.seq,
                "opens": follow_up.opens.isoformat(),
                "closes": follow_up.closes.isoformat(),
                "waived": follow_up.waived,
                "status": result.status.value,
                "met_by": [contact.at.isoformat() for contact in result.met_by],
            }


class TestCheckReport:
    def test_missed_and_due_by_default_action_first(self, report: CheckReport) -> None:
        """Missed before due; within a status by closing day."""
        statuses = [result.status for result in report.results]
        assert set(statuses) == {Status.MISSED, Status.DUE}
        assert statuses == sorted(statuses, key=[Status.MISSED, Status.DUE].index)
        missed = [r.follow_up.closes for r in report.results if r.status is Status.MISSED]
        assert missed == sorted(missed)

    def test_the_records_name_each_participants_specialist(
        self, sample: Programme, report: CheckReport
    ) -> None:
        records = report.to_records()
        assert len(records) == len(report.results)
        for record in records:
            assert list(record) == [*CHECK_COLUMNS, "id"]
            participant = sample.participant(str(record["participant"]))
            assert record["specialist"] == participant.specialist_id

    def test_one_specialists_participants(self, sample: Programme) -> None:
        only = check_report(sample, today=TODAY, specialist="ES1")
        assert only.results
        assert set(only.specialists) == {"ES1"}

    def test_to_dict(self, report: CheckReport) -> None:
        data = report.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["today"] == "2026-11-20"
        assert data["statuses"] == ["missed", "due"]
        assert data["results"] == report.to_records()

    def test_csv_reads_back_as_the_records(self, report: CheckReport) -> None:
        rows = list(csv.DictReader(io.StringIO(report.to_csv())))
        expected = [
            {key: "" if value is None else str(value) for key, value in record.items()}
            for record in report.to_records()
        ]
        assert rows == expected

    def test_a_table_and_a_document(self, report: CheckReport) -> None:
        """The table has a column of days; the document ends with the count per status."""
        table = report.to_table()
        assert isinstance(table, Table)
        assert table.header == (*CHECK_COLUMNS, "days")
        assert table.rows[0][-1].endswith("days overdue")
        document = report.to_document()
        assert document.title == "Follow-ups on 20 November 2026"
        last = document.blocks[-1]
        assert getattr(last, "text", "").startswith(f"{len(report.results)} follow-ups on ")

    def test_in_swedish(self, report: CheckReport) -> None:
        text = report.to_text("sv")
        assert text.splitlines()[0].split()[:3] == ["status", "deltagare", "arbetsspecialist"]
        assert "dagar försenad" in text
        assert report.to_document("sv").title == "Uppföljningar den 20 november 2026"

    def test_nothing_to_list(self, sample: Programme) -> None:
        empty = check_report(sample, today=date(2020, 1, 1))
        assert empty.results == ()
        assert empty.to_text() == "No follow-ups are missed or due on 2020-01-01.\n"
        assert empty.to_json() == "[]\n"
        assert "No follow-ups" in empty.to_markdown()

    def test_specialists_must_match_the_results(self, report: CheckReport) -> None:
        with pytest.raises(ValueError, match="specialists for"):
            CheckReport(TODAY, report.statuses, report.results, ())


@pytest.mark.parametrize(
    ("fmt", "method"), [("table", "to_text"), ("json", "to_json"), ("csv", "to_csv")]
)
@pytest.mark.parametrize("statuses", [(), ("met", "upcoming", "waived")])
def test_the_command_prints_the_report(
    capsys: pytest.CaptureFixture[str],
    sample: Programme,
    fmt: str,
    method: str,
    statuses: tuple[str, ...],
) -> None:
    """``ipsrules check`` prints what the library's report writes, byte for byte."""
    option = ["--status", *statuses] if statuses else []
    assert main(["check", "--today", TODAY.isoformat(), "--format", fmt, *option]) == 0
    out = capsys.readouterr().out
    expected = check_report(sample, today=TODAY, statuses=statuses or ("missed", "due"))
    assert out == getattr(expected, method)()


@pytest.mark.parametrize("code", ["=1+1", "+1", "-1", "@SUM(A1)", "\uff1d1"])
def test_csv_codes_that_start_a_formula_are_neutralised(code: str) -> None:
    """`check --format csv` is opened in spreadsheets: a code must not run as a formula."""
    programme = Programme(
        id="x",
        name="x",
        specialists=[Specialist(code)],
        participants=[Participant(code, enrolled_on=date(2026, 1, 1), specialist_id=code)],
        jobs=[Job(code, participant_id=code, start=date(2026, 2, 1))],
    )
    report = check_report(programme, today=date(2026, 6, 1))
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert rows
    assert {(row["participant"], row["specialist"]) for row in rows} == {("'" + code, "'" + code)}
    assert {row["job"] for row in rows} <= {"", "'" + code}
    assert "'" + code in {row["job"] for row in rows}
