"""
The languages of the reports, and every label they print, in one place.

A report asks `check_locale` first, so an unknown locale is refused the same way by every
report: with `ipsrules.exceptions.UnknownLocaleError`. Numbers, shares, days and amounts
are written here too, so that two reports never disagree on how Swedish writes 1 234,5.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final, Literal

from ipsrules.exceptions import UnknownLocaleError

Locale = Literal["en", "sv"]
"""The type of a locale that `check_locale` accepts."""

LOCALES: Final[tuple[str, ...]] = ("en", "sv")
"""The languages every report is written in: English and Swedish."""

NBSP: Final = "\u00a0"
"""Swedish groups thousands with a no-break space (1 234 567) and puts one before ``%``."""

NO_FIGURE: Final = "\u2013"
"""An en dash stands for a figure that cannot be computed."""


def check_locale(locale: str) -> str:
    """
    *locale* itself if the reports are written in it.

    Raises:
        UnknownLocaleError: *locale* is not one of `LOCALES` (a `ValidationError` too).
    """
    if locale not in LOCALES:
        raise UnknownLocaleError(str(locale), LOCALES)
    return locale


def labels(table: Mapping[str, Mapping[str, str]], locale: str) -> Mapping[str, str]:
    """The labels of *table* in *locale*, once the locale is checked."""
    return table[check_locale(locale)]


# --- numbers and dates for a locale ---------------------------------------------


NUMBER_WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "en": (
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ),
    "sv": (
        "inga",
        "en",
        "två",
        "tre",
        "fyra",
        "fem",
        "sex",
        "sju",
        "åtta",
        "nio",
        "tio",
        "elva",
        "tolv",
    ),
}
"""Small counts written as words, zero to twelve: "six employment specialists"."""

MONTHS: Final[Mapping[str, tuple[str, ...]]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
}
"""The names of the months, January first."""

CURRENCY_NAMES: Final[Mapping[str, Mapping[str, str]]] = {"sv": {"SEK": "kronor"}}
"""How a locale names a currency code, where it does not write the code itself."""


def format_number(value: float, locale: str = "en", *, digits: int = 0) -> str:
    """
    *value* with *digits* decimals as the locale writes it.

    English: ``1,234.5``. Swedish: decimal comma and a no-break space between thousands,
    ``1 234,5``.
    """
    check_locale(locale)
    text = f"{value:,.{digits}f}"
    if locale == "sv":
        text = text.replace(",", NBSP).replace(".", ",").replace("-", "\u2212")
    return text


def format_percent(value: float, locale: str = "en", *, digits: int = 0) -> str:
    """A share from 0 to 1 as a percentage with *digits* decimals: ``41%``, ``41 %``."""
    number = format_number(100 * value, locale, digits=digits)
    return f"{number}{NBSP}%" if locale == "sv" else f"{number}%"


def format_share(value: float | None, locale: str = "en") -> str:
    """A share from 0 to 1 as a percentage, one decimal: ``41.3%``, ``41,3 %``; a dash for none."""
    if value is None:
        check_locale(locale)
        return NO_FIGURE
    return format_percent(value, locale, digits=1)


def format_day(day: date, locale: str = "en") -> str:
    """A date written out: ``30 September 2026``, ``30 september 2026``."""
    return f"{day.day} {MONTHS[check_locale(locale)][day.month - 1]} {day.year}"


def format_amount(amount: float, currency: str, locale: str = "en") -> str:
    """
    An amount of money: in millions with one decimal from a million up, else whole units.

    ``4.3 million SEK``, ``4,3 miljoner kronor``; ``850,000 SEK``, ``850 000 kronor``.
    """
    text = labels(BOARD_LABELS, locale)
    name = CURRENCY_NAMES.get(locale, {}).get(currency, currency)
    if abs(amount) >= 1_000_000:
        return text["million"].format(
            n=format_number(amount / 1_000_000, locale, digits=1), currency=name
        )
    return text["amount"].format(n=format_number(amount, locale), currency=name)


def count_in_words(count: int, locale: str = "en") -> str:
    """*count* as a word from one to twelve ("six"), else as a number."""
    words = NUMBER_WORDS[check_locale(locale)]
    return words[count] if 0 < count < len(words) else format_number(count, locale)


# --- the labels of each report ------------------------------------------------

BOARD_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "{name}: board report",
        "dates": "Status on {day}. Outcomes from {start} to {end}.",
        "participants": "{n} participants",
        "participant": "{n} participant",
        "employment": "{n} in employment",
        "studying": "{n} studying",
        "internship": "{n} in an internship",
        "job_search": "{n} in planning and job search",
        "waiting": "{n} on the waiting list",
        "specialists": "{n} employment specialists",
        "specialist": "{n} employment specialist",
        "per_year": "{n} a year",
        "million": "{n} million {currency}",
        "amount": "{n} {currency}",
        "status_heading": "Participants on {day}",
        "status": "Status",
        "number": "Number",
        "share": "Share",
        "status_competitive_job": "Competitive job",
        "status_other_paid_job": "Other paid job",
        "status_studying": "Studying",
        "status_internship": "Internship or work trial",
        "status_job_search": "Planning and job search",
        "in_employment": "In employment (competitive and other paid jobs)",
        "active": "Active participants",
        "waiting_list": "On the waiting list",
        "outcomes_heading": "Outcomes from {start} to {end}",
        "measure": "Measure",
        "value": "Value",
        "basis": "Basis",
        "served": "Participants served",
        "employment_rate": "Employment rate (competitive job in the period)",
        "benchmarks": "benchmarks {minimum} minimum, {average} average, {excellent} excellent",
        "of": "{numerator} of {denominator}",
        "unknown": "{n} unknown",
        "job_starts": "Competitive job starts",
        "other_paid_job_starts": "Other paid job starts",
        "days_to_first_job": "Days from entry to first competitive job",
        "job_tenure": "Job tenure in days (competitive jobs held)",
        "hours_per_week": "Hours per week (competitive jobs held)",
        "mean_median": "mean {mean}, median {median}",
        "measured": "{n} measured",
        "studying_period": "Studied in the period",
        "internships_period": "In an internship in the period",
        "enrolled": "New participants",
        "exits": "Participants who left",
        "exits_to_work_or_studies": "Left for work or studies",
        "exits_without_income_support": "Left without public income support",
        "capacity_heading": "Capacity on {day}",
        "staff": "Employment specialists",
        "staff_value": "{people} ({fte} full-time equivalents)",
        "caseload": "Participants per full-time specialist",
        "caseload_value": "{caseload} (target {target})",
        "spare": "More participants who fit at the target",
        "to_clear": "Extra specialists to take the waiting list at the target",
        "to_clear_value": "{fte} full-time equivalents ({people} people)",
        "cost_heading": "Cost",
        "yearly_cost": "Cost a year",
        "period_cost": "Cost of the period",
        "per_served": "Per participant served",
        "per_job_start": "Per competitive job start",
        "none": NO_FIGURE,
        "footer": "Made by ipsrules from the service's records; counts only, no personal data.",
    },
    "sv": {
        "title": "{name}: rapport till styrelsen",
        "dates": "Läget den {day}. Resultat från {start} till {end}.",
        "participants": "{n} deltagare",
        "participant": "{n} deltagare",
        "employment": "{n} i arbete",
        "studying": "{n} studerar",
        "internship": "{n} i praktik",
        "job_search": "{n} i planering och arbetssökande",
        "waiting": "{n} på väntelistan",
        "specialists": "{n} arbetsspecialister",
        "specialist": "{n} arbetsspecialist",
        "per_year": "{n} per år",
        "million": "{n} miljoner {currency}",
        "amount": "{n} {currency}",
        "status_heading": "Deltagare den {day}",
        "status": "Status",
        "number": "Antal",
        "share": "Andel",
        "status_competitive_job": "Arbete på den öppna arbetsmarknaden",
        "status_other_paid_job": "Annat avlönat arbete",
        "status_studying": "Studerar",
        "status_internship": "Praktik eller arbetsprövning",
        "status_job_search": "Planering och arbetssökande",
        "in_employment": "I arbete (öppna arbetsmarknaden och annat avlönat arbete)",
        "active": "Aktiva deltagare",
        "waiting_list": "På väntelistan",
        "outcomes_heading": "Resultat från {start} till {end}",
        "measure": "Mått",
        "value": "Värde",
        "basis": "Underlag",
        "served": "Deltagare under perioden",
        "employment_rate": "Andel i arbete (arbete på öppna arbetsmarknaden under perioden)",
        "benchmarks": "riktmärken {minimum} lägsta, {average} genomsnitt, {excellent} utmärkt",
        "of": "{numerator} av {denominator}",
        "unknown": "{n} okända",
        "job_starts": "Påbörjade anställningar på öppna arbetsmarknaden",
        "other_paid_job_starts": "Påbörjade andra avlönade arbeten",
        "days_to_first_job": "Dagar från start i IPS till första anställningen",
        "job_tenure": "Anställningarnas längd i dagar",
        "hours_per_week": "Timmar per vecka i anställningarna",
        "mean_median": "medel {mean}, median {median}",
        "measured": "{n} mätta",
        "studying_period": "Studerade under perioden",
        "internships_period": "I praktik under perioden",
        "enrolled": "Nya deltagare",
        "exits": "Avslutade deltagare",
        "exits_to_work_or_studies": "Avslutade till arbete eller studier",
        "exits_without_income_support": "Avslutade utan offentlig försörjning",
        "capacity_heading": "Kapacitet den {day}",
        "staff": "Arbetsspecialister",
        "staff_value": "{people} ({fte} heltidstjänster)",
        "caseload": "Deltagare per heltidstjänst",
        "caseload_value": "{caseload} (mål {target})",
        "spare": "Fler deltagare som ryms inom målet",
        "to_clear": "Fler arbetsspecialister för att ta emot väntelistan inom målet",
        "to_clear_value": "{fte} heltidstjänster ({people} personer)",
        "cost_heading": "Kostnad",
        "yearly_cost": "Kostnad per år",
        "period_cost": "Kostnad för perioden",
        "per_served": "Per deltagare under perioden",
        "per_job_start": "Per påbörjad anställning",
        "none": NO_FIGURE,
        "footer": "Skapad av ipsrules ur verksamhetens register; bara antal, inga personuppgifter.",
    },
}

"""Every phrase of the board report, per locale. A value with ``{n}`` takes a formatted number."""

CHECK_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Follow-ups on {day}",
        "nothing": "No follow-ups are {statuses} on {day}.",
        "or": " or ",
        "day": "{n} day",
        "days": "{n} days",
        "follow_up": "{n} follow-up",
        "follow_ups": "{n} follow-ups",
        "overdue": "{days} overdue",
        "left": "{days} left",
        "last_day": "last day",
        "opens_in": "opens in {days}",
        "met_on": "met on {day}",
        "total": "{follow_ups} on {day}: {counts}",
        "count.met": "{n} met",
        "count.missed": "{n} missed",
        "count.due": "{n} due",
        "count.upcoming": "{n} upcoming",
        "count.waived": "{n} waived",
        "column.status": "status",
        "column.participant": "participant",
        "column.specialist": "specialist",
        "column.job": "job",
        "column.rule": "rule",
        "column.seq": "seq",
        "column.opens": "opens",
        "column.closes": "closes",
        "column.days": "days",
        "status.met": "met",
        "status.missed": "missed",
        "status.due": "due",
        "status.upcoming": "upcoming",
        "status.waived": "waived",
    },
    "sv": {
        "title": "Uppföljningar den {day}",
        "nothing": "Inga uppföljningar är {statuses} den {day}.",
        "or": " eller ",
        "day": "{n} dag",
        "days": "{n} dagar",
        "follow_up": "{n} uppföljning",
        "follow_ups": "{n} uppföljningar",
        "overdue": "{days} försenad",
        "left": "{days} kvar",
        "last_day": "sista dagen",
        "opens_in": "öppnar om {days}",
        "met_on": "gjord den {day}",
        "total": "{follow_ups} den {day}: {counts}",
        "count.met": "{n} gjorda",
        "count.missed": "{n} missade",
        "count.due": "{n} aktuella",
        "count.upcoming": "{n} kommande",
        "count.waived": "{n} undantagna",
        "column.status": "status",
        "column.participant": "deltagare",
        "column.specialist": "arbetsspecialist",
        "column.job": "anställning",
        "column.rule": "regel",
        "column.seq": "nr",
        "column.opens": "öppnar",
        "column.closes": "stänger",
        "column.days": "dagar",
        "status.met": "gjord",
        "status.missed": "missad",
        "status.due": "aktuell",
        "status.upcoming": "kommande",
        "status.waived": "undantagen",
    },
}
"""The phrases of a report of check results; English is what ``ipsrules check`` prints."""

FIDELITY_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "IPS fidelity review",
        "programme": "Programme",
        "period": "Period",
        "total": "Total",
        "band": "Band",
        "sections": "Sections",
        "section": "Section",
        "priorities": "Improvement priorities",
        "priorities_intro": "The lowest-scoring items, lowest first.",
        "overrides": "Computed scores overridden by a rater",
        "overrides_none": "No rater overrode a computed score.",
        "items": "Items",
        "number": "#",
        "key": "Key",
        "item": "Item",
        "score": "Score",
        "source": "Source",
        "computed": "Computed",
        "measure": "Measure",
        "evidence": "Evidence",
        "details": "Evidence, note or data needed",
        "records": "records",
        "note": "Note",
        "needs": "Data needed",
        "not_computable": "Not computable from the records",
        "not_computable_intro": (
            "These items could not be computed from the records; a rater scores them, or the "
            "records need this data:"
        ),
        "incomplete": "Incomplete review: {count} of 25 items have no score yet",
        "incomplete_short": "incomplete",
        "missing": "Items without a score",
        "not_scored": "not scored",
        "change": "Change",
        "earlier": "Earlier",
        "later": "Later",
        "source.computed": "computed",
        "source.rated": "rated",
        "source.overridden": "overridden",
        "source.missing": "not scored",
        "scale_note": (
            "Scored on the IPS Supported Employment Fidelity Scale (IPS-25); each item 1 to 5, "
            "total 25 to 125."
        ),
        "generated": "Written by ipsrules",
        "anchors": "Anchors",
        "unscored_chart": "not scored",
    },
    "sv": {
        "title": "IPS fidelitetsgranskning",
        "programme": "Verksamhet",
        "period": "Period",
        "total": "Summa",
        "band": "Nivå",
        "sections": "Avsnitt",
        "section": "Avsnitt",
        "priorities": "Förbättringsområden",
        "priorities_intro": "Punkterna med lägst poäng, lägst först.",
        "overrides": "Beräknade poäng som granskaren har ändrat",
        "overrides_none": "Ingen granskare har ändrat en beräknad poäng.",
        "items": "Punkter",
        "number": "Nr",
        "key": "Nyckel",
        "item": "Punkt",
        "score": "Poäng",
        "source": "Källa",
        "computed": "Beräknad",
        "measure": "Mått",
        "evidence": "Underlag",
        "details": "Underlag, anteckning eller data som behövs",
        "records": "poster",
        "note": "Anteckning",
        "needs": "Data som behövs",
        "not_computable": "Kan inte beräknas ur registret",
        "not_computable_intro": (
            "Dessa punkter kunde inte beräknas ur registret; en granskare bedömer dem, eller "
            "registret behöver dessa uppgifter:"
        ),
        "incomplete": "Granskningen är ofullständig: {count} av 25 punkter saknar poäng",
        "incomplete_short": "ofullständig",
        "missing": "Punkter utan poäng",
        "not_scored": "ej bedömd",
        "change": "Förändring",
        "earlier": "Tidigare",
        "later": "Senare",
        "source.computed": "beräknad",
        "source.rated": "bedömd",
        "source.overridden": "ändrad",
        "source.missing": "ej bedömd",
        "scale_note": (
            "Bedömd med IPS-skalan för programtrohet (IPS-25); varje punkt 1 till 5, summa "
            "25 till 125."
        ),
        "generated": "Skriven av ipsrules",
        "anchors": "Kriterier",
        "unscored_chart": "ej bedömd",
    },
}
"""The labels of the fidelity reports; the scale's own texts stay with the scale."""

QUALITY_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Data quality",
        "column.severity": "severity",
        "column.check": "check",
        "column.record": "record",
        "column.id": "id",
        "column.participant": "participant",
        "column.field": "field",
        "column.message": "message",
        "severity.warning": "warning",
        "severity.note": "note",
        "nothing": "No data-quality findings.",
        "summary": "{warnings}, {notes}.",
        "warning": "{n} warning",
        "warnings": "{n} warnings",
        "note": "{n} note",
        "notes": "{n} notes",
        "mention": "{count} data-quality findings: run `ipsrules quality {file}`",
        "mention.one": "1 data-quality finding: run `ipsrules quality {file}`",
        "check.contact_before_enrolment": (
            "the contact on {day} is before the participant enrolled on {enrolled}"
        ),
        "check.contact_after_discharge": (
            "the contact on {day} is after the participant was discharged on {discharged}"
        ),
        "check.starts_after_discharge": (
            "starts on {start}, after the participant was discharged on {discharged}: it is not "
            "counted as a job start and no follow-up opens after the discharge"
        ),
        "check.starts_after_discharge.other": (
            "starts on {start}, after the participant was discharged on {discharged}"
        ),
        "check.long_hours": "{hours} hours a week is more than {most}",
        "check.overlapping_jobs": (
            "starts on {start} while job {other} of the same participant is held: two jobs at "
            "once, or one job entered twice?"
        ),
        "check.end_learnt_late": (
            "the end on {end} was learnt {days} days later, on {known}: the job_end follow-up "
            "opens then"
        ),
        "check.far_future_end": (
            "ends on {end}, decades after it started on {start}: if it has not ended, leave the "
            "end empty"
        ),
        "check.declined_before_start": (
            "follow-along was declined on {declined}, before the job started on {start}: no "
            "follow-up of the job opens after {declined}"
        ),
    },
    "sv": {
        "title": "Datakvalitet",
        "column.severity": "allvarlighet",
        "column.check": "kontroll",
        "column.record": "post",
        "column.id": "id",
        "column.participant": "deltagare",
        "column.field": "fält",
        "column.message": "meddelande",
        "severity.warning": "varning",
        "severity.note": "notering",
        "nothing": "Inga anmärkningar på datakvaliteten.",
        "summary": "{warnings}, {notes}.",
        "warning": "{n} varning",
        "warnings": "{n} varningar",
        "note": "{n} notering",
        "notes": "{n} noteringar",
        "mention": "{count} anmärkningar på datakvaliteten: kör `ipsrules quality {file}`",
        "mention.one": "1 anmärkning på datakvaliteten: kör `ipsrules quality {file}`",
        "check.contact_before_enrolment": (
            "kontakten {day} är före deltagarens inskrivning {enrolled}"
        ),
        "check.contact_after_discharge": (
            "kontakten {day} är efter deltagarens utskrivning {discharged}"
        ),
        "check.starts_after_discharge": (
            "börjar {start}, efter deltagarens utskrivning {discharged}: räknas inte som en "
            "påbörjad anställning och ingen uppföljning öppnar efter utskrivningen"
        ),
        "check.starts_after_discharge.other": (
            "börjar {start}, efter deltagarens utskrivning {discharged}"
        ),
        "check.long_hours": "{hours} timmar i veckan är mer än {most}",
        "check.overlapping_jobs": (
            "börjar {start} medan samma deltagare har anställningen {other}: två anställningar "
            "samtidigt, eller en anställning inlagd två gånger?"
        ),
        "check.end_learnt_late": (
            "slutet {end} blev känt {days} dagar senare, {known}: uppföljningen efter avslutad "
            "anställning öppnar då"
        ),
        "check.far_future_end": (
            "slutar {end}, årtionden efter starten {start}: lämna slutdatumet tomt om det inte "
            "har slutat"
        ),
        "check.declined_before_start": (
            "stöd efter anställning avböjdes {declined}, före anställningens start {start}: "
            "ingen uppföljning av anställningen öppnar efter {declined}"
        ),
    },
}
"""The labels and messages of the data-quality report (`ipsrules.quality`)."""
