"""
Feeds in English and Swedish: the calendar's name and every event's text, in the words of IPS
services, with no internal rule name in either.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from icalendar import Event

from ipsrules import (
    Contact,
    ContactMode,
    Job,
    Participant,
    Programme,
    Rule,
    Specialist,
    UnknownLocaleError,
    strategies,
)
from ipsrules import feeds as feeds_module
from ipsrules.feeds import PUBLIC, feed_bytes, to_calendar

PROGRAMME = Programme(
    id="demo",
    name="Demo IPS service",
    specialists=[Specialist("S1", name="Sam Berg")],
    participants=[Participant("P001", enrolled_on=date(2025, 3, 1), specialist_id="S1")],
    jobs=[Job("J001", participant_id="P001", start=date(2025, 3, 10), employer="Acme AB")],
    contacts=[Contact("P001", date(2025, 3, 11), ContactMode.FACE_TO_FACE)],
)
OPTIONS = {
    "uid_secret": PUBLIC,
    "today": date(2025, 3, 12),
    "until": date(2025, 3, 17),
    "generated_at": datetime(2025, 3, 12, 2, tzinfo=UTC),
}

# Every event of the feed above, as a specialist reads it: summary, description, categories,
# and the alarm's text (None for no alarm). Written out by hand from docs/feeds.md.
ENGLISH = [
    (
        "P001: first employer contact",
        "Participant P001 needs a face-to-face contact with an employer about the participant, "
        "between 2025-03-01 and 2025-03-31, after the participant entered the service on "
        "2025-03-01.\nRule: first employer contact (IPS-25).\nStatus: due.",
        ["IPS", "first employer contact", "due"],
        None,
    ),
    (
        "Missed: P001: meeting before the job starts",
        "Participant P001 needs a face-to-face contact with the participant, between 2025-03-03 "
        "and 2025-03-09, before the job that starts on 2025-03-10 begins.\nRule: meeting before "
        "a job starts (IPS-25).\nStatus: missed (no qualifying contact in the window).",
        ["IPS", "meeting before a job starts", "missed"],
        None,
    ),
    (
        "Done: P001: meeting at the start of the job",
        "Participant P001 needs a face-to-face contact with the participant, between 2025-03-10 "
        "and 2025-03-13, in the first days of the job that started on 2025-03-10.\nRule: "
        "meeting at the start of a job (IPS-25).\nStatus: done (met by a face-to-face contact "
        "on 2025-03-11).",
        ["IPS", "meeting at the start of a job", "done"],
        None,
    ),
    (
        "Done: P001: week 1 meeting",
        "Participant P001 needs a face-to-face contact with the participant, between 2025-03-10 "
        "and 2025-03-16, in week 1 of the job that started on 2025-03-10.\nRule: weekly meeting "
        "(IPS-25).\nStatus: done (met by a face-to-face contact on 2025-03-11).",
        ["IPS", "weekly meeting", "done"],
        None,
    ),
    (
        "P001: week 2 meeting",
        "Participant P001 needs a face-to-face contact with the participant, between 2025-03-17 "
        "and 2025-03-23, in week 2 of the job that started on 2025-03-10.\nRule: weekly meeting "
        "(IPS-25).\nStatus: upcoming.",
        ["IPS", "weekly meeting", "upcoming"],
        "P001: week 2 meeting",
    ),
]
SWEDISH = [
    (
        "P001: första arbetsgivarkontakt",
        "Deltagare P001 behöver kontakt ansikte mot ansikte med en arbetsgivare om deltagaren, "
        "mellan 2025-03-01 och 2025-03-31, efter att deltagaren började i IPS den 2025-03-01."
        "\nRegel: första arbetsgivarkontakt (IPS-25).\nStatus: aktuell.",
        ["IPS", "första arbetsgivarkontakt", "aktuell"],
        None,
    ),
    (
        "Missad: P001: möte före jobbstart",
        "Deltagare P001 behöver kontakt ansikte mot ansikte med deltagaren, mellan 2025-03-03 "
        "och 2025-03-09, före starten av anställningen som börjar 2025-03-10.\nRegel: möte före "
        "jobbstart (IPS-25).\nStatus: missad (ingen kontakt som räknas i perioden).",
        ["IPS", "möte före jobbstart", "missad"],
        None,
    ),
    (
        "Gjord: P001: möte vid jobbstart",
        "Deltagare P001 behöver kontakt ansikte mot ansikte med deltagaren, mellan 2025-03-10 "
        "och 2025-03-13, under de första dagarna av anställningen som började 2025-03-10.\n"
        "Regel: möte vid jobbstart (IPS-25).\nStatus: gjord (kontakt ansikte mot ansikte den "
        "2025-03-11).",
        ["IPS", "möte vid jobbstart", "gjord"],
        None,
    ),
    (
        "Gjord: P001: möte vecka 1",
        "Deltagare P001 behöver kontakt ansikte mot ansikte med deltagaren, mellan 2025-03-10 "
        "och 2025-03-16, under vecka 1 av anställningen som började 2025-03-10.\nRegel: "
        "veckomöte (IPS-25).\nStatus: gjord (kontakt ansikte mot ansikte den 2025-03-11).",
        ["IPS", "veckomöte", "gjord"],
        None,
    ),
    (
        "P001: möte vecka 2",
        "Deltagare P001 behöver kontakt ansikte mot ansikte med deltagaren, mellan 2025-03-17 "
        "och 2025-03-23, under vecka 2 av anställningen som började 2025-03-10.\nRegel: "
        "veckomöte (IPS-25).\nStatus: kommande.",
        ["IPS", "veckomöte", "kommande"],
        "P001: möte vecka 2",
    ),
]


def texts(event: Event) -> tuple[str, str, list[str], str | None]:
    alarms = event.walk("VALARM")
    alarm = str(alarms[0]["DESCRIPTION"]) if alarms else None
    categories = [str(category) for category in event["CATEGORIES"].cats]
    return str(event["SUMMARY"]), str(event["DESCRIPTION"]), categories, alarm


@pytest.mark.parametrize(("locale", "expected"), [("en", ENGLISH), ("sv", SWEDISH)])
def test_every_event_in_words(locale: str, expected: list[tuple[object, ...]]) -> None:
    calendar = to_calendar(PROGRAMME, locale=locale, **OPTIONS)
    assert [texts(event) for event in calendar.walk("VEVENT")] == expected


@pytest.mark.parametrize(
    ("locale", "options", "name"),
    [
        ("en", {}, "IPS follow-ups"),
        ("en", {"specialist_id": "S1"}, "IPS follow-ups: specialist S1"),
        ("en", {"participant_id": "P001"}, "IPS follow-ups: participant P001"),
        ("sv", {}, "IPS-uppföljningar"),
        ("sv", {"specialist_id": "S1"}, "IPS-uppföljningar: arbetsspecialist S1"),
        ("sv", {"participant_id": "P001"}, "IPS-uppföljningar: deltagare P001"),
        (
            "sv",
            {"specialist_id": "S1", "participant_id": "P001"},
            "IPS-uppföljningar: arbetsspecialist S1, deltagare P001",
        ),
    ],
)
def test_calendar_name(locale: str, options: dict[str, str], name: str) -> None:
    data = feed_bytes(PROGRAMME, locale=locale, **OPTIONS, **options)  # type: ignore[arg-type]
    unfolded = data.replace(b"\r\n ", b"")
    written = name.replace(",", "\\,")  # a TEXT value escapes its commas
    assert f"\r\nNAME:{written}\r\nX-WR-CALNAME:{written}\r\n".encode() in unfolded


def test_disclosed_names_in_swedish() -> None:
    told = to_calendar(
        PROGRAMME,
        locale="sv",
        disclose=feeds_module.Disclosure.SPECIALIST_NAME | feeds_module.Disclosure.EMPLOYER_NAME,
        **OPTIONS,
    )
    assert str(told["X-WR-CALNAME"]) == "IPS-uppföljningar"  # no specialist asked for
    week_2 = str(told.walk("VEVENT")[-1]["DESCRIPTION"])
    assert week_2.endswith("\nArbetsspecialist: Sam Berg.\nArbetsgivare: Acme AB.")


LATER = Programme(
    id="demo",
    name="Demo IPS service",
    specialists=[Specialist("S1")],
    participants=[Participant("P001", enrolled_on=date(2025, 3, 1), specialist_id="S1")],
    jobs=[
        Job("J001", "P001", start=date(2025, 3, 10)),
        Job("J002", "P001", start=date(2025, 4, 1), end=date(2025, 5, 20)),
    ],
    contacts=[],
)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            {
                "P001: month 2 meeting": "in month 2 of the job that started on 2025-03-10",
                "P001: contact after the job ends": (
                    "after the end of the job that started on 2025-04-01 became known"
                ),
                "P001: Reminder: transition review": (
                    "after 12 months of follow-along in the job that started on 2025-03-10: "
                    "review whether follow-along goes on or passes to the treatment team"
                ),
            },
        ),
        (
            "sv",
            {
                "P001: möte månad 2": "under månad 2 av anställningen som började 2025-03-10",
                "P001: kontakt efter avslutad anställning": (
                    "efter att det blev känt att anställningen som började 2025-04-01 har avslutats"
                ),
                "P001: Påminnelse: avstämning om fortsatt stöd": (
                    "efter 12 månaders uppföljning i anställningen som började 2025-03-10: stäm "
                    "av om stödet ska fortsätta eller lämnas över till behandlingsteamet"
                ),
            },
        ),
    ],
)
def test_the_other_rules_in_words(locale: str, expected: dict[str, str]) -> None:
    calendar = to_calendar(
        LATER, uid_secret=PUBLIC, today=date(2025, 2, 1), locale=locale, full=True
    )
    found = [(str(e["SUMMARY"]), str(e["DESCRIPTION"])) for e in calendar.walk("VEVENT")]
    for summary, why in expected.items():
        assert (summary, f", {why}.\n") in [(s, f", {why}.\n") for s, d in found if why in d]
    job_end = next(d for s, d in found if s.endswith(("ends", "anställning")))
    assert ("in any mode" if locale == "en" else "på valfritt sätt") in job_end


@pytest.mark.parametrize("function", ["feed_bytes", "iter_feed", "to_calendar"])
@pytest.mark.parametrize("locale", ["fi", "EN", "sv_SE", ""])
def test_unknown_locale(function: str, locale: str) -> None:
    with pytest.raises(UnknownLocaleError) as info:
        getattr(feeds_module, function)(PROGRAMME, uid_secret=PUBLIC, locale=locale)
    assert info.value.field == "locale"


def test_the_locale_changes_no_uid() -> None:
    def uids(locale: str) -> list[str]:
        calendar = to_calendar(PROGRAMME, locale=locale, **OPTIONS)
        return [str(event["UID"]) for event in calendar.walk("VEVENT")]

    assert uids("en") == uids("sv")


# Internal names that no text may show, and English that a Swedish feed may not hold.
INTERNAL = [rule.value for rule in Rule if "_" in rule.value] + ["face_to_face", "IPS25"]
ENGLISH_WORDS = ["Participant", "participant", "meeting", "Reminder", "Done", "Missed", "Rule"]


@given(strategies.programmes(max_participants=4), strategies.days())
def test_no_internal_names_and_no_english_in_swedish(programme: Programme, today: date) -> None:
    codes = [p.id for p in programme.participants]
    for locale in ("en", "sv"):
        calendar = to_calendar(programme, uid_secret=PUBLIC, today=today, locale=locale, full=True)
        pieces = [str(calendar["X-WR-CALNAME"])]
        for event in calendar.walk("VEVENT"):
            summary, description, categories, alarm = texts(event)
            pieces += [summary, description, *categories, alarm or ""]
        text = "\n".join(pieces)
        for code in sorted(codes, key=len, reverse=True):
            text = text.replace(code, "")
        assert not [name for name in INTERNAL if name in text], locale
        if locale == "sv":
            assert not [word for word in ENGLISH_WORDS if word in text]
