"""The one-page board report: the sample's example, both languages, escaping, privacy."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given

from ipsrules import (
    SAMPLE_REPORT_DATE,
    ExitReason,
    Programme,
    ValidationError,
    sample_programme,
)
from ipsrules.outcomes import (
    board_report,
    format_amount,
    format_day,
    format_number,
    format_share,
)
from outcome_programmes import Q1_2025, outcome_programmes, small_programme

NBSP = "\u00a0"
Q3_2026 = (date(2026, 7, 1), SAMPLE_REPORT_DATE)


class TestTheSampleProgramme:
    """The issue's example: "92 participants: 22 in employment, ..." on 30 September 2026."""

    def test_status_counts_on_the_report_date(self) -> None:
        """22, 15, 31 and 24 of 92; 51 waiting; six specialists."""
        report = board_report(sample_programme(), *Q3_2026)
        counts = report.counts
        assert (counts.active, counts.employment, counts.studying) == (92, 22, 15)
        assert (counts.internship, counts.job_search, counts.waiting) == (31, 24, 51)
        assert report.capacity.specialists == 6

    def test_the_english_sentence(self) -> None:
        """As a board report reads, with the yearly cost."""
        report = board_report(sample_programme(), *Q3_2026, yearly_cost=4_300_000)
        assert report.summary("en") == (
            "92 participants: 22 in employment, 15 studying, 31 in an internship, 24 in planning "
            "and job search; 51 on the waiting list; six employment specialists; "
            "4.3 million SEK a year."
        )

    def test_the_swedish_sentence(self) -> None:
        """Decimal comma, kronor, and the number of specialists in words."""
        report = board_report(sample_programme(), *Q3_2026, yearly_cost=4_300_000)
        assert report.summary("sv") == (
            "92 deltagare: 22 i arbete, 15 studerar, 31 i praktik, 24 i planering och "
            "arbetssökande; 51 på väntelistan; sex arbetsspecialister; "
            "4,3 miljoner kronor per år."
        )

    def test_the_markdown_page_shows_the_figures(self) -> None:
        """The sentence in bold, then a table row per status with its count."""
        text = board_report(sample_programme(), *Q3_2026, yearly_cost=4_300_000).to_markdown()
        assert "**92 participants: 22 in employment, 15 studying" in text
        assert "| Competitive job |" in text
        assert "| Studying | 15 | 16.3% |" in text
        assert "| Internship or work trial | 31 | 33.7% |" in text
        assert "| Planning and job search | 24 | 26.1% |" in text
        assert "| On the waiting list | 51 |  |" in text
        assert "| Cost a year | 4.3 million SEK |" in text

    def test_the_staff_needed_in_total_and_on_top(self) -> None:
        """143 people at 20 each: 7.15 FTE, eight people; 1.65 FTE more than the 5.5 in post.

        FTE are written from the exact fraction, so 1.65 is not rounded down to 1.6 as the
        binary float 1.65 would be.
        """
        report = board_report(sample_programme(), *Q3_2026)
        text = report.to_markdown()
        assert "| Employment specialists | 6 (5.5 full-time equivalents) |" in text
        assert (
            "| Specialists needed in total at the target, for the active participants and the "
            "waiting list | 7.15 full-time equivalents (8 people) |"
        ) in text
        assert (
            "| Extra specialists to take the waiting list at the target "
            "| 1.65 full-time equivalents (2 people) |"
        ) in text
        swedish = report.to_markdown("sv")
        assert "| 7,15 heltidstjänster (8 personer) |" in swedish
        data = report.to_dict()["capacity"]
        assert isinstance(data, dict)
        assert (data["fte_needed"], data["specialists_needed"]) == (7.15, 8)


class TestSmallProgramme:
    def test_swedish_markdown_with_cost(self) -> None:
        """The figures of the small programme at the end of Q1 2025, in Swedish."""
        report = board_report(small_programme(), *Q1_2025, yearly_cost=365_000)
        text = report.to_markdown("sv")
        assert report.summary("sv") == (
            "3 deltagare: 2 i arbete, 0 studerar, 0 i praktik, 1 i planering och "
            f"arbetssökande; 2 på väntelistan; två arbetsspecialister; 365{NBSP}000 kronor per år."
        )
        assert "# Small \\<IPS\\> & Co: rapport till styrelsen" in text
        assert "Läget den 31 mars 2025. Resultat från 1 januari 2025 till 31 mars 2025." in text
        assert (
            f"| Andel i arbete (arbete på öppna arbetsmarknaden under perioden) | 60,0{NBSP}% |"
            in text
        )
        assert f"| Kostnad för perioden | 90{NBSP}000 kronor |" in text
        assert f"| Per påbörjad anställning | 45{NBSP}000 kronor |" in text
        assert "| Deltagare per heltidstjänst | 2,0 (mål 20) |" in text
        assert "1 av 2; 1 okända" in text

    def test_without_a_cost_there_is_no_cost_section(self) -> None:
        """No yearly cost, no guess: the sentence and the page leave cost out."""
        report = board_report(small_programme(), *Q1_2025)
        assert report.cost is None
        assert report.summary().endswith("two employment specialists.")
        assert "## Cost" not in report.to_markdown()

    def test_html_is_one_escaped_page(self) -> None:
        """A whole document with its own style; the programme's name is escaped."""
        page = board_report(small_programme(), *Q1_2025).to_html("en")
        assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
        assert "<title>Small &lt;IPS&gt; &amp; Co: board report</title>" in page
        assert "<IPS>" not in page
        assert "<script" not in page
        assert "src=" not in page
        assert "href=" not in page
        tags = _Tags()
        tags.feed(page)
        assert tags.open == []

    def test_a_single_specialist_and_participant_are_singular(self) -> None:
        """One participant, one employment specialist; en deltagare, en arbetsspecialist."""
        programme = small_programme()
        report = board_report(programme, date(2025, 4, 1), date(2025, 4, 1))
        assert report.summary().startswith("3 participants")
        one = board_report(
            Programme(
                id="one",
                name="One",
                specialists=programme.specialists[:1],
                participants=[p for p in programme.participants if p.id == "A"],
                jobs=[j for j in programme.jobs if j.participant_id == "A"],
            ),
            date(2025, 4, 1),
            date(2025, 4, 1),
        )
        assert one.summary() == (
            "1 participant: 0 in employment, 0 studying, 0 in an internship, "
            "1 in planning and job search; 0 on the waiting list; one employment specialist."
        )
        assert one.summary("sv").endswith("0 på väntelistan; en arbetsspecialist.")

    def test_an_unknown_locale_is_refused(self) -> None:
        """Only en and sv; the error names the locale."""
        with pytest.raises(ValidationError) as error:
            board_report(small_programme(), *Q1_2025).to_markdown("de")
        assert error.value.field == "locale"


def _mismatched() -> Programme:
    """The small programme with E recorded as leaving for work, F for studies while in J5."""
    programme = small_programme()
    reasons = {"E": ExitReason.EMPLOYED, "F": ExitReason.STUDYING}
    return attrs.evolve(
        programme,
        participants=[
            attrs.evolve(p, exit_reason=reasons[p.id]) if p.id in reasons else p
            for p in programme.participants
        ],
    )


class TestExits:
    """Exits to work and to studies apart, and disagreements shown, never hidden."""

    def test_the_page_shows_each_exit_share_and_the_disagreements(self) -> None:
        """C and E left for work, F for studies: 2 of 3 and 1 of 3; two disagree."""
        text = board_report(_mismatched(), *Q1_2025).to_markdown()
        assert "| Left for work | 66.7% | 2 of 3 |" in text
        assert "| Left for studies | 33.3% | 1 of 3 |" in text
        assert "| Left for work or studies (the two above together) | 100.0% | 3 of 3 |" in text
        assert "| Held a paid job on the day they left | 66.7% | 2 of 3 |" in text
        assert (
            "| Exit reason and jobs on the day of exit disagree | 2 | 3 checked: 1 left for "
            "work without a job that day, 1 held a job but left for another reason; codes in "
            "the JSON and table reports |"
        ) in text

    def test_the_swedish_page(self) -> None:
        """Avslut till arbete och till studier, each with its basis."""
        text = board_report(_mismatched(), *Q1_2025).to_markdown("sv")
        assert f"| Avslut till arbete | 66,7{NBSP}% | 2 av 3 |" in text
        assert f"| Avslut till studier | 33,3{NBSP}% | 1 av 3 |" in text
        assert "| Avslutsorsak och arbete på avslutsdagen stämmer inte överens | 2 |" in text
        assert "1 avslut till arbete utan arbete den dagen" in text

    def test_the_codes_are_in_the_table_and_the_json(self) -> None:
        """Which participants disagree, by code, for someone to check; the page has counts."""
        report = board_report(_mismatched(), *Q1_2025)
        assert report.to_text().endswith(
            "\nTo check:\n"
            "exit_job_disagreements.employed_without_job: E\n"
            "exit_job_disagreements.job_with_other_reason: F\n"
        )
        check = report.to_dict()["outcomes"]["exit_job_disagreements"]  # type: ignore[index]
        assert check["kinds"] == {"employed_without_job": ["E"], "job_with_other_reason": ["F"]}
        assert (check["value"], check["checked"], check["evidence"]) == (2, 3, ["E", "F"])
        rows = {(r["section"], r["name"]): r for r in csv.DictReader(io.StringIO(report.to_csv()))}
        assert rows["outcomes", "exit_job_disagreements"]["value"] == "2"
        assert rows["outcomes", "exit_job_disagreements.employed_without_job"]["value"] == "1"
        assert rows["outcomes", "exit_job_disagreements"]["denominator"] == "3"

    def test_nothing_to_check_adds_no_lines(self) -> None:
        assert "To check" not in board_report(small_programme(), *Q1_2025).to_text()


class _Tags(HTMLParser):
    """Checks that every element opened is closed, in order."""

    VOID = frozenset({"meta"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag


class TestFormatting:
    @pytest.mark.parametrize(
        ("value", "digits", "locale", "text"),
        [
            (1234567, 0, "en", "1,234,567"),
            (1234567, 0, "sv", f"1{NBSP}234{NBSP}567"),
            (4.25, 1, "en", "4.2"),
            (4.35, 1, "sv", "4,3"),
            (0.5, 2, "sv", "0,50"),
            (-1500, 0, "sv", f"\u22121{NBSP}500"),
        ],
    )
    def test_numbers(self, value: float, digits: int, locale: str, text: str) -> None:
        """Thousands and decimals as each language writes them."""
        assert format_number(value, locale, digits=digits) == text

    def test_shares_amounts_and_days(self) -> None:
        """Percent with one decimal, millions from a million up, day month year."""
        assert format_share(0.413) == "41.3%"
        assert format_share(0.413, "sv") == f"41,3{NBSP}%"
        assert format_share(None) == "\u2013"
        assert format_amount(4_300_000, "SEK") == "4.3 million SEK"
        assert format_amount(4_300_000, "SEK", "sv") == "4,3 miljoner kronor"
        assert format_amount(850_000, "EUR", "sv") == f"850{NBSP}000 EUR"
        assert format_day(date(2026, 9, 30)) == "30 September 2026"
        assert format_day(date(2026, 9, 30), "sv") == "30 september 2026"


@given(outcome_programmes())
def test_the_report_names_no_participant_job_or_referral(programme: Programme) -> None:
    """Counts only: no record id reaches the page, in either language or format."""
    report = board_report(programme, date(2025, 1, 1), date(2025, 12, 31), yearly_cost=1e6)
    for locale in ("en", "sv"):
        for text in (report.to_markdown(locale), report.to_html(locale)):
            assert not re.search(r"\b(P|J|ST|I|R|S)\d+\b", text)


class TestToDict:
    """The figures as JSON-ready data: what ``ipsrules outcomes --format json`` prints."""

    def test_json_takes_it_as_it_is(self) -> None:
        report = board_report(sample_programme(), *Q3_2026, yearly_cost=4_300_000)
        data = report.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert report.to_json() == json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def test_its_values_are_the_reports(self) -> None:
        report = board_report(sample_programme(), *Q3_2026, yearly_cost=4_300_000)
        data = report.to_dict()
        counts, room, metrics = report.counts, report.capacity, report.metrics
        assert data["programme"] == report.programme
        assert data["period"] == {"start": "2026-07-01", "end": "2026-09-30"}
        assert data["status"] == {
            "day": "2026-09-30",
            "counts": {status.value: value for status, value in counts.counts.items()},
            "employment": counts.employment,
            "active": counts.active,
            "waiting": counts.waiting,
        }
        outcomes = data["outcomes"]
        assert isinstance(outcomes, dict)
        assert list(outcomes) == [metric.name for metric in metrics.all()]
        rate = outcomes["employment_rate"]
        assert isinstance(rate, dict)
        share = metrics.employment_rate
        assert (rate["value"], rate["numerator"], rate["denominator"]) == (
            share.value,
            share.numerator,
            share.denominator,
        )
        assert rate["evidence"] == list(share.evidence)
        capacity = data["capacity"]
        assert isinstance(capacity, dict)
        assert (capacity["specialists"], capacity["fte"], capacity["spare_places"]) == (
            room.specialists,
            room.fte,
            room.spare_places,
        )
        assert report.cost is not None
        assert data["cost"] == {
            "currency": "SEK",
            "yearly": 4_300_000,
            "budgets": [],
            "period": report.cost.period_cost,
            "per_participant_served": report.cost.per_participant_served,
            "per_job_start": report.cost.per_job_start,
        }

    def test_no_cost_without_a_yearly_cost(self) -> None:
        assert board_report(small_programme(), *Q1_2025).to_dict()["cost"] is None

    def test_records_and_csv_hold_every_figure(self) -> None:
        """One record per figure; the CSV reads back as the records, empty for None."""
        report = board_report(small_programme(), *Q1_2025)
        records = report.to_records()
        assert {key: records[7][key] for key in ("section", "name", "value")} == {
            "section": "status",
            "name": "waiting",
            "value": 2,
        }
        rows = list(csv.DictReader(io.StringIO(report.to_csv())))
        assert len(rows) == len(records)
        assert rows[7]["value"] == "2"
        assert rows[7]["numerator"] == ""


def test_csv_writes_figures_as_numbers_and_holds_no_record_text() -> None:
    """
    The board CSV holds only names and figures, no text from the records, so nothing in it
    needs the quote that keeps a formula from running, and every figure reads as a number.
    """
    report = board_report(sample_programme(), date(2026, 1, 1), date(2026, 3, 31), yearly_cost=1e6)
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert rows
    assert all(not cell.startswith("'") for row in rows for cell in row.values())
    for row in rows:
        for column in ("value", "numerator", "denominator", "unknown"):
            if row[column]:
                float(row[column])
