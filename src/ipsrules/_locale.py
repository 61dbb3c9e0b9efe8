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
        "in_year": "{n} in {year}",
        "for_period": "{n} for the period",
        "budget_line": "Budget from {start} to {end}",
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
        "exits_to_work": "Left for work",
        "exits_to_studies": "Left for studies",
        "exits_to_work_or_studies": "Left for work or studies (the two above together)",
        "exits_with_job": "Held a paid job on the day they left",
        "exit_job_disagreements": "Exit reason and jobs on the day of exit disagree",
        "disagreement_basis": (
            "{checked} checked: {employed_without_job} left for work without a job that day, "
            "{job_with_other_reason} held a job but left for another reason; codes in the "
            "JSON and table reports"
        ),
        "exits_without_income_support": "Left without public income support",
        "judged_able_started_work": (
            "Of those who left judged able to work, started work while in the service"
        ),
        "continuity_heading": "Continuity from {start} to {end}",
        "handovers": "Handovers to a new employment specialist",
        "handovers_basis": (
            "{n} of {served} participants served handed over; {mean} per participant"
        ),
        "without_specialist": "Participants without a responsible specialist on some day",
        "days_basis": "mean {mean} days, longest {longest}",
        "without_specialist_on_day": "Without a responsible specialist on {day}",
        "waiting_for_specialist": "Waiting for a new specialist on {day}",
        "capacity_heading": "Capacity on {day}",
        "staff": "Employment specialists",
        "staff_value": "{people} ({fte} full-time equivalents)",
        "caseload": "Participants per full-time specialist",
        "caseload_value": "{caseload} (target {target})",
        "spare": "More participants who fit at the target",
        "needed": (
            "Specialists needed in total at the target, for the active participants and the "
            "waiting list"
        ),
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
        "in_year": "{n} år {year}",
        "for_period": "{n} för perioden",
        "budget_line": "Budget från {start} till {end}",
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
        "exits_to_work": "Avslut till arbete",
        "exits_to_studies": "Avslut till studier",
        "exits_to_work_or_studies": "Avslut till arbete eller studier (de två ovan tillsammans)",
        "exits_with_job": "Hade ett avlönat arbete på avslutsdagen",
        "exit_job_disagreements": "Avslutsorsak och arbete på avslutsdagen stämmer inte överens",
        "disagreement_basis": (
            "{checked} kontrollerade: {employed_without_job} avslut till arbete utan arbete den "
            "dagen, {job_with_other_reason} hade arbete men annan avslutsorsak; koderna finns "
            "i JSON- och tabellrapporterna"
        ),
        "exits_without_income_support": "Avslutade utan offentlig försörjning",
        "judged_able_started_work": (
            "Av dem som avslutades och bedömts ha arbetsförmåga: började arbeta under tiden i IPS"
        ),
        "continuity_heading": "Kontinuitet från {start} till {end}",
        "handovers": "Byten till en ny arbetsspecialist",
        "handovers_basis": (
            "{n} av {served} deltagare bytte arbetsspecialist; {mean} per deltagare"
        ),
        "without_specialist": "Deltagare utan ansvarig arbetsspecialist någon dag",
        "days_basis": "medel {mean} dagar, längst {longest}",
        "without_specialist_on_day": "Utan ansvarig arbetsspecialist den {day}",
        "waiting_for_specialist": "Väntar på en ny arbetsspecialist den {day}",
        "capacity_heading": "Kapacitet den {day}",
        "staff": "Arbetsspecialister",
        "staff_value": "{people} ({fte} heltidstjänster)",
        "caseload": "Deltagare per heltidstjänst",
        "caseload_value": "{caseload} (mål {target})",
        "spare": "Fler deltagare som ryms inom målet",
        "needed": (
            "Arbetsspecialister som behövs totalt inom målet, för aktiva deltagare och väntelistan"
        ),
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
        "too_few": "not enough records ({count} of {needed} {of})",
        "of.jobs": "jobs",
        "thresholds": "Cut points",
        "thresholds_all_built_in": (
            "Every computed item is scored by the cut points built into ipsrules."
        ),
        "thresholds_from": "Items {items}: cut points from {path}.",
        "thresholds_rest_built_in": "The other computed items: cut points built into ipsrules.",
        "thresholds_none": "No item was computed from the records.",
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
        "too_few": "för få poster ({count} av {needed} {of})",
        "of.jobs": "arbeten",
        "thresholds": "Gränsvärden",
        "thresholds_all_built_in": (
            "Alla beräknade punkter bedöms med de gränsvärden som är inbyggda i ipsrules."
        ),
        "thresholds_from": "Punkt {items}: gränsvärden från {path}.",
        "thresholds_rest_built_in": (
            "Övriga beräknade punkter: gränsvärden som är inbyggda i ipsrules."
        ),
        "thresholds_none": "Ingen punkt beräknades ur registret.",
    },
}
"""The labels of the fidelity reports; the scale's own texts stay with the scale."""


# --- the workbook template ------------------------------------------------------------

TEMPLATE_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "sheet": "Read me",
        "title": "ipsrules: a programme's records, one sheet per kind of record",
        "intro": (
            "Fill in the sheets after this one: one row per record, under the column names "
            "in row 1. Leave a cell empty for a value you do not know or that does not apply.\n"
            "The sheet 'programme' has one row: the service's code, its name and its time "
            "zone. Keep the sheet and column names as they are; you may leave out a sheet or "
            "an optional column.\n"
            "Dates are dates (2026-03-11). A contact's time may be given too "
            "(2026-03-11 10:30): it is read in the programme's time zone.\n"
            "Participants are known by a code only: write no names, personal identity "
            "numbers or diagnoses in any sheet.\n"
            "Check the workbook with: ipsrules check WORKBOOK.xlsx"
        ),
        "heading.sheet": "Sheet",
        "heading.column": "Column",
        "heading.required": "Required",
        "heading.values": "What to write",
        "yes": "yes",
        "no": "no",
        "kind.text": "text",
        "kind.choice": "one of: {choices}",
        "kind.bool": "true or false (empty: true)",
        "kind.int": "a whole number",
        "kind.float": "a number",
        "kind.day": "a date (YYYY-MM-DD)",
        "kind.moment": "a date, or a date and time (YYYY-MM-DD HH:MM)",
        "choice.title": "Not one of the values",
        "choice.error": "Choose one of: {choices}",
    },
    "sv": {
        "sheet": "Läs mig",
        "title": "ipsrules: ett programs poster, ett blad per slags post",
        "intro": (
            "Fyll i bladen efter det här: en rad per post, under kolumnnamnen på rad 1. "
            "Lämna en cell tom för ett värde som inte är känt eller inte gäller.\n"
            "Bladet 'programme' har en rad: verksamhetens kod, namn och tidszon. Behåll "
            "bladens och kolumnernas namn som de är; ett blad eller en valfri kolumn får "
            "utelämnas.\n"
            "Datum skrivs som datum (2026-03-11). En kontakts klockslag kan anges "
            "(2026-03-11 10:30): det läses i programmets tidszon.\n"
            "Deltagare anges bara med kod: skriv inga namn, personnummer eller diagnoser i "
            "något blad.\n"
            "Kontrollera arbetsboken med: ipsrules check ARBETSBOK.xlsx"
        ),
        "heading.sheet": "Blad",
        "heading.column": "Kolumn",
        "heading.required": "Krävs",
        "heading.values": "Vad som skrivs",
        "yes": "ja",
        "no": "nej",
        "kind.text": "text",
        "kind.choice": "ett av: {choices}",
        "kind.bool": "true eller false (tomt: true)",
        "kind.int": "ett heltal",
        "kind.float": "ett tal",
        "kind.day": "ett datum (ÅÅÅÅ-MM-DD)",
        "kind.moment": "ett datum, eller datum och klockslag (ÅÅÅÅ-MM-DD TT:MM)",
        "choice.title": "Inte ett av värdena",
        "choice.error": "Välj ett av: {choices}",
    },
}
"""The words of the workbook template's first sheet and of its lists' messages."""

COLUMN_NOTES: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "programme.id": "The service's code; it begins every follow-up's id.",
        "programme.name": "The service's name.",
        "programme.timezone": (
            "The IANA time zone in which days are counted, such as Europe/Stockholm."
        ),
        "specialists.id": "The employment specialist's code, unique in the programme.",
        "specialists.name": "A display name; never written to calendar feeds by default.",
        "specialists.fte": (
            "Full-time equivalent spent in the IPS service, more than 0 and at most 1 (empty: 1)."
        ),
        "specialists.employment_share": (
            "The share of working time spent on employment services, 0 to 1 (fidelity item 2)."
        ),
        "specialists.started_on": (
            "The first day in post, when known; empty: in post from before the records begin."
        ),
        "specialists.left_on": "The last day in post, once the specialist has left.",
        "participants.id": "The participant's pseudonymous code, unique in the programme.",
        "participants.enrolled_on": "The day the participant entered the service.",
        "participants.specialist_id": "The code of the specialist who holds the case.",
        "participants.discharged_on": "The day the participant left the service.",
        "participants.exit_reason": "Why they left; needs discharged_on.",
        "participants.income_support_at_entry": (
            "The main public income support at entry, such as activity_compensation; none for none."
        ),
        "participants.income_support_at_exit": ("The same when they left; needs discharged_on."),
        "jobs.id": "The job's code, unique in the programme.",
        "jobs.participant_id": "The code of the participant who holds the job.",
        "jobs.start": "The first working day.",
        "jobs.end": "The last working day, once the job has ended.",
        "jobs.end_known_on": (
            "The day the specialist learnt that the job ended or would end (empty: end)."
        ),
        "jobs.reported_on": "The day the job was reported to the service, when that was late.",
        "jobs.employer": "The employer's name; never written to calendar feeds by default.",
        "jobs.job_type": "A category such as retail, for fidelity's diversity items.",
        "jobs.competitive": (
            "Whether the job is competitive: open market, market pay, not set aside for "
            "people with disabilities."
        ),
        "jobs.hours_per_week": "Contracted hours a week.",
        "jobs.follow_along_declined_on": (
            "The day the participant declined further follow-along support for this job."
        ),
        "contacts.participant_id": "The code of the participant the contact was with or about.",
        "contacts.at": (
            "When it happened: a date, or a date and time in the programme's time zone."
        ),
        "contacts.mode": "How it was made.",
        "contacts.party": "Whom it was with (empty: participant).",
        "contacts.setting": "Where it took place.",
        "contacts.specialist_id": "The code of the specialist who made it.",
        "contacts.minutes": "How long it lasted, in minutes.",
        "contacts.id": "A code linking back to the case log, unique in the programme.",
        "studies.id": "The study's code, unique in the programme.",
        "studies.participant_id": "The code of the participant who studies.",
        "studies.start": "The first day.",
        "studies.end": "The last day, once it has ended.",
        "studies.kind": "A category such as adult_education or university.",
        "studies.hours_per_week": "Scheduled hours a week.",
        "internships.id": "The internship's code, unique in the programme.",
        "internships.participant_id": "The code of the participant who does it.",
        "internships.start": "The first day.",
        "internships.end": "The last day, once it has ended.",
        "internships.employer": (
            "The host workplace's name; never written to calendar feeds by default."
        ),
        "internships.hours_per_week": "Scheduled hours a week.",
        "referrals.id": "The referral's code, unique in the programme.",
        "referrals.referred_on": "The day the referral arrived.",
        "referrals.state": "Where it stands now (empty: referred, still waiting).",
        "referrals.decided_on": (
            "The day it left the waiting list; required unless the state is referred."
        ),
        "referrals.participant_id": (
            "The participant it became; required when the state is enrolled, else empty."
        ),
        "referrals.source": "Who referred, as a category such as psychiatry.",
        "handovers.participant_id": "The code of the participant whose case is handed over.",
        "handovers.on": "The first day the new specialist is responsible.",
        "handovers.specialist_id": (
            "The code of the specialist responsible from that day; empty: nobody yet."
        ),
        "handovers.id": "An optional code, unique in the programme's handovers.",
        "work_ability_assessments.participant_id": "The code of the participant judged.",
        "work_ability_assessments.on": "The day of the judgement.",
        "work_ability_assessments.able_to_work": (
            "Whether the participant was judged able to work: true or false."
        ),
        "work_ability_assessments.id": "An optional code, unique in the programme's assessments.",
    },
    "sv": {
        "programme.id": "Verksamhetens kod; den inleder varje uppföljnings id.",
        "programme.name": "Verksamhetens namn.",
        "programme.timezone": "IANA-tidszonen som dagar räknas i, till exempel Europe/Stockholm.",
        "specialists.id": "Arbetsspecialistens kod, unik i programmet.",
        "specialists.name": "Ett visningsnamn; skrivs som standard aldrig i kalenderflöden.",
        "specialists.fte": (
            "Tjänstgöringsgrad i IPS-verksamheten, mer än 0 och högst 1 (tomt: 1)."
        ),
        "specialists.employment_share": (
            "Andel av arbetstiden som går till arbetsinriktat stöd, 0 till 1 "
            "(trohetsskalans punkt 2)."
        ),
        "specialists.started_on": (
            "Första dagen i tjänst, om den är känd; tomt: i tjänst sedan före journalerna."
        ),
        "specialists.left_on": "Sista dagen i tjänst, när arbetsspecialisten har slutat.",
        "participants.id": "Deltagarens pseudonyma kod, unik i programmet.",
        "participants.enrolled_on": "Dagen då deltagaren skrevs in.",
        "participants.specialist_id": "Koden för arbetsspecialisten som har ärendet.",
        "participants.discharged_on": "Dagen då deltagaren skrevs ut.",
        "participants.exit_reason": "Varför deltagaren slutade; kräver discharged_on.",
        "participants.income_support_at_entry": (
            "Huvudsaklig offentlig försörjning vid inskrivning, till exempel "
            "activity_compensation; none för ingen."
        ),
        "participants.income_support_at_exit": ("Detsamma vid utskrivning; kräver discharged_on."),
        "jobs.id": "Anställningens kod, unik i programmet.",
        "jobs.participant_id": "Koden för deltagaren som har anställningen.",
        "jobs.start": "Första arbetsdagen.",
        "jobs.end": "Sista arbetsdagen, när anställningen har upphört.",
        "jobs.end_known_on": (
            "Dagen då arbetsspecialisten fick veta att anställningen upphörde eller skulle "
            "upphöra (tomt: end)."
        ),
        "jobs.reported_on": "Dagen då anställningen rapporterades, om det skedde i efterhand.",
        "jobs.employer": "Arbetsgivarens namn; skrivs som standard aldrig i kalenderflöden.",
        "jobs.job_type": "En kategori som retail, för trohetsskalans punkter om mångfald.",
        "jobs.competitive": (
            "Om anställningen är på den öppna arbetsmarknaden: marknadsmässig lön, inte "
            "avsedd för personer med funktionsnedsättning."
        ),
        "jobs.hours_per_week": "Avtalade timmar per vecka.",
        "jobs.follow_along_declined_on": (
            "Dagen då deltagaren avböjde fortsatt stöd i anställningen."
        ),
        "contacts.participant_id": "Koden för deltagaren som kontakten gällde.",
        "contacts.at": (
            "När den skedde: ett datum, eller datum och klockslag i programmets tidszon."
        ),
        "contacts.mode": "Hur kontakten togs.",
        "contacts.party": "Vem den var med (tomt: participant, deltagaren).",
        "contacts.setting": "Var den ägde rum.",
        "contacts.specialist_id": "Koden för arbetsspecialisten som tog kontakten.",
        "contacts.minutes": "Hur länge den varade, i minuter.",
        "contacts.id": "En kod som pekar tillbaka till journalen, unik i programmet.",
        "studies.id": "Studiens kod, unik i programmet.",
        "studies.participant_id": "Koden för deltagaren som studerar.",
        "studies.start": "Första dagen.",
        "studies.end": "Sista dagen, när studierna har avslutats.",
        "studies.kind": "En kategori som adult_education eller university.",
        "studies.hours_per_week": "Schemalagda timmar per vecka.",
        "internships.id": "Praktikens kod, unik i programmet.",
        "internships.participant_id": "Koden för deltagaren som gör praktiken.",
        "internships.start": "Första dagen.",
        "internships.end": "Sista dagen, när praktiken har avslutats.",
        "internships.employer": (
            "Praktikplatsens namn; skrivs som standard aldrig i kalenderflöden."
        ),
        "internships.hours_per_week": "Schemalagda timmar per vecka.",
        "referrals.id": "Remissens kod, unik i programmet.",
        "referrals.referred_on": "Dagen då remissen kom in.",
        "referrals.state": "Var den står nu (tomt: referred, väntar).",
        "referrals.decided_on": (
            "Dagen då den lämnade väntelistan; krävs utom när state är referred."
        ),
        "referrals.participant_id": (
            "Deltagaren som remissen ledde till; krävs när state är enrolled, annars tomt."
        ),
        "referrals.source": "Vem som remitterade, som en kategori som psychiatry.",
        "handovers.participant_id": "Koden för deltagaren vars ärende lämnas över.",
        "handovers.on": "Första dagen som den nya arbetsspecialisten har ärendet.",
        "handovers.specialist_id": (
            "Koden för arbetsspecialisten som har ärendet från den dagen; tomt: ingen än."
        ),
        "handovers.id": "En valfri kod, unik bland programmets överlämningar.",
        "work_ability_assessments.participant_id": "Koden för deltagaren som bedömdes.",
        "work_ability_assessments.on": "Dagen för bedömningen.",
        "work_ability_assessments.able_to_work": (
            "Om deltagaren bedömdes kunna arbeta: true eller false."
        ),
        "work_ability_assessments.id": "En valfri kod, unik bland programmets bedömningar.",
    },
}
"""What each column of a programme's tables means, by ``table.column``, in each locale."""
FEED_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "calendar": "IPS follow-ups",
        "calendar.specialist": "specialist {code}",
        "calendar.participant": "participant {code}",
        "calendar.unassigned": "IPS follow-ups: no specialist",
        "prefix.met": "Done: ",
        "prefix.missed": "Missed: ",
        "reminder": "Reminder: {title}",
        "title.pre_start": "meeting before the job starts",
        "title.start": "meeting at the start of the job",
        "title.week": "week {seq} meeting",
        "title.month": "month {seq} meeting",
        "title.job_end": "contact after the job ends",
        "title.transition_review": "transition review",
        "title.first_employer_contact": "first employer contact",
        "why.pre_start": "before the job that starts on {start} begins",
        "why.start": "in the first days of the job that started on {start}",
        "why.week": "in week {seq} of the job that started on {start}",
        "why.month": "in month {seq} of the job that started on {start}",
        "why.job_end": "after the end of the job that started on {start} became known",
        "why.transition_review": (
            "after {months} months of follow-along in the job that started on {start}: review "
            "whether follow-along goes on or passes to the treatment team"
        ),
        "why.first_employer_contact": "after the participant entered the service on {entered}",
        "rule.pre_start": "meeting before a job starts",
        "rule.start": "meeting at the start of a job",
        "rule.week": "weekly meeting",
        "rule.month": "monthly meeting",
        "rule.job_end": "contact after a job ends",
        "rule.transition_review": "transition review",
        "rule.first_employer_contact": "first employer contact",
        "needs": "Participant {code} needs {needed}",
        "reminder_for": "Reminder for participant {code}",
        "window": "between {opens} and {closes}",
        "rule_line": "Rule: {rule} ({rule_set}).",
        "status.upcoming": "Status: upcoming.",
        "status.due": "Status: due.",
        "status.missed": "Status: missed (no qualifying contact in the window).",
        "status.met": "Status: done.",
        "status.met_by": "Status: done ({contact} on {day}).",
        "category": "IPS",
        "category.upcoming": "upcoming",
        "category.due": "due",
        "category.missed": "missed",
        "category.met": "done",
        "category.waived": "waived",
        "specialist": "Specialist: {name}.",
        "employer": "Employer: {name}.",
    },
    "sv": {
        "calendar": "IPS-uppföljningar",
        "calendar.specialist": "arbetsspecialist {code}",
        "calendar.participant": "deltagare {code}",
        "calendar.unassigned": "IPS-uppföljningar: ingen arbetsspecialist",
        "prefix.met": "Gjord: ",
        "prefix.missed": "Missad: ",
        "reminder": "Påminnelse: {title}",
        "title.pre_start": "möte före jobbstart",
        "title.start": "möte vid jobbstart",
        "title.week": "möte vecka {seq}",
        "title.month": "möte månad {seq}",
        "title.job_end": "kontakt efter avslutad anställning",
        "title.transition_review": "avstämning om fortsatt stöd",
        "title.first_employer_contact": "första arbetsgivarkontakt",
        "why.pre_start": "före starten av anställningen som börjar {start}",
        "why.start": "under de första dagarna av anställningen som började {start}",
        "why.week": "under vecka {seq} av anställningen som började {start}",
        "why.month": "under månad {seq} av anställningen som började {start}",
        "why.job_end": (
            "efter att det blev känt att anställningen som började {start} har avslutats"
        ),
        "why.transition_review": (
            "efter {months} månaders uppföljning i anställningen som började {start}: stäm av "
            "om stödet ska fortsätta eller lämnas över till behandlingsteamet"
        ),
        "why.first_employer_contact": "efter att deltagaren började i IPS den {entered}",
        "rule.pre_start": "möte före jobbstart",
        "rule.start": "möte vid jobbstart",
        "rule.week": "veckomöte",
        "rule.month": "månadsmöte",
        "rule.job_end": "kontakt efter avslutad anställning",
        "rule.transition_review": "avstämning om fortsatt stöd",
        "rule.first_employer_contact": "första arbetsgivarkontakt",
        "needs": "Deltagare {code} behöver {needed}",
        "reminder_for": "Påminnelse för deltagare {code}",
        "window": "mellan {opens} och {closes}",
        "rule_line": "Regel: {rule} ({rule_set}).",
        "status.upcoming": "Status: kommande.",
        "status.due": "Status: aktuell.",
        "status.missed": "Status: missad (ingen kontakt som räknas i perioden).",
        "status.met": "Status: gjord.",
        "status.met_by": "Status: gjord ({contact} den {day}).",
        "category": "IPS",
        "category.upcoming": "kommande",
        "category.due": "aktuell",
        "category.missed": "missad",
        "category.met": "gjord",
        "category.waived": "undantagen",
        "specialist": "Arbetsspecialist: {name}.",
        "employer": "Arbetsgivare: {name}.",
    },
}
"""
Every phrase of a calendar feed, per locale: its name, and each event's summary,
description, categories and alarm. Rules are named as people say them, never by their
internal names (``first_employer_contact``).
"""

FEED_CONTACT_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "face_to_face": "face-to-face",
        "phone": "phone",
        "video": "video",
        "message": "message",
        "participant": "the participant",
        "employer": "an employer",
        "team": "a team",
        "family": "a family",
        "any_mode": "a contact in any mode (a phone call or a message counts)",
    },
    "sv": {
        "face_to_face": "ansikte mot ansikte",
        "phone": "per telefon",
        "video": "via video",
        "message": "via meddelande",
        "participant": "deltagaren",
        "employer": "en arbetsgivare",
        "team": "ett team",
        "family": "en anhörig",
        "any_mode": "kontakt på valfritt sätt (ett samtal eller ett meddelande räknas)",
    },
}
"""How a feed names contact modes and parties in each locale (see `ipsrules.feeds`)."""
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
        "check.contact_outside_post": (
            "the contact on {day} names specialist {specialist}, who was not in post that day "
            "(in post {post})"
        ),
        "check.handover_outside_post": (
            "the case is handed to specialist {specialist} on {day}, who was not in post that "
            "day (in post {post}): on days out of post nobody is responsible for it"
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
        "check.contact_outside_post": (
            "kontakten {day} anger arbetsspecialist {specialist}, som inte var i tjänst den "
            "dagen (i tjänst {post})"
        ),
        "check.handover_outside_post": (
            "ärendet lämnas över till arbetsspecialist {specialist} {day}, som inte var i tjänst "
            "den dagen (i tjänst {post}): dagar utanför tjänsten har ingen ärendet"
        ),
    },
}
"""The labels and messages of the data-quality report (`ipsrules.quality`)."""
