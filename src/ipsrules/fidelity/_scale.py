"""
The IPS-25 fidelity scale as data: 25 items in three sections, their anchors, and the bands.

Every label is in our own words, in English and Swedish; the cut points of the quantitative
anchors are data (`Thresholds`), not prose, so that computed items and raters score alike.
Which cut points were checked against a published copy of the scale, and which are recalled,
is recorded on each `Thresholds` and explained in the docs (``docs/fidelity-scale.md``).
"""

# Swedish writes a range of numbers with an en dash, so the labels use one on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

import attrs

from ipsrules._locale import LOCALES as LOCALES  # every label of the scale exists in these
from ipsrules._locale import check_locale
from ipsrules.exceptions import ScoreError, UnknownItemError
from ipsrules.fidelity._views import item_html


class Section(StrEnum):
    """The three sections of the scale."""

    STAFFING = "staffing"
    ORGANISATION = "organisation"
    SERVICES = "services"

    def label(self, locale: str = "en") -> str:
        """The section's name in *locale*."""
        return _SECTION_LABELS[check_locale(locale)][self]


_SECTION_LABELS: Mapping[str, Mapping[Section, str]] = {
    "en": {
        Section.STAFFING: "Staffing",
        Section.ORGANISATION: "Organisation",
        Section.SERVICES: "Services",
    },
    # The Swedish translation of the 2008 form heads its sections PERSONAL, ORGANISATION
    # and Tjänster.
    "sv": {
        Section.STAFFING: "Personal",
        Section.ORGANISATION: "Organisation",
        Section.SERVICES: "Tjänster",
    },
}


class Direction(StrEnum):
    """Which way a measure improves."""

    LOWER_IS_BETTER = "lower_is_better"
    """A smaller measure scores higher, as with caseload size or days to first contact."""
    HIGHER_IS_BETTER = "higher_is_better"
    """A larger measure scores higher, as with the share of competitive jobs."""


def _cuts(value: tuple[float, ...]) -> tuple[float, float, float, float]:
    cuts = tuple(float(cut) for cut in value)
    if len(cuts) != 4:
        raise ScoreError(f"Thresholds need 4 cut points (for scores 5, 4, 3, 2), got {value!r}")
    return cuts


@attrs.frozen
class Thresholds:
    """
    The cut points of a quantitative item: which measure earns which score.

    ``cuts`` holds, best score first, the least good measure that still earns 5, 4, 3 and 2;
    a measure beyond the last cut scores 1. For a measure where lower is better, caseload
    ``(20, 25, 30, 40)`` reads: 20 or fewer scores 5, up to 25 scores 4, up to 30 scores 3,
    up to 40 scores 2, more scores 1. Where higher is better, ``(85, 70, 60, 50)`` reads:
    85 or more scores 5, and so on down to less than 50, which scores 1.

    Attributes:
        unit: What the measure counts, for example ``"participants per full-time specialist"``.
        direction: Which way the measure improves.
        cuts: The four cut points, for scores 5, 4, 3 and 2.
        minimum_count: Where the scale asks for a least number of records (competitive jobs:
            10 current jobs), fewer records score 1 whatever the measure.
        confirmed: Whether these cut points were checked against a published copy of the
            scale; ``False`` means they are recalled from it and still to be confirmed.
        source: Where they were checked, or why they are not confirmed.
        loaded_from: The scale file these cut points were read from (see `load_scale`), or
            ``None`` for the cut points built into ipsrules.
    """

    unit: str
    direction: Direction
    cuts: tuple[float, float, float, float] = attrs.field(converter=_cuts)
    minimum_count: int | None = None
    confirmed: bool = False
    source: str = ""
    loaded_from: str | None = None

    @cuts.validator
    def _check_cuts(self, _field: attrs.Attribute[object], value: tuple[float, ...]) -> None:
        if not all(math.isfinite(cut) for cut in value):
            raise ScoreError(f"cut points must be finite numbers, got {value!r}")
        ordered = sorted(value) if self.direction is Direction.LOWER_IS_BETTER else None
        if ordered is None:
            ordered = sorted(value, reverse=True)
        if list(value) != ordered or len(set(value)) != len(value):
            raise ScoreError(
                f"cut points for {self.direction.value} must be strictly "
                f"{'increasing' if self.direction is Direction.LOWER_IS_BETTER else 'decreasing'}"
                f", got {value!r}"
            )

    def score_for(self, measure: float | Fraction, *, count: int | None = None) -> int:
        """
        The score 1..5 that *measure* earns.

        Args:
            measure: The measured figure, in `unit`; a finite number of at least 0. A
                `~fractions.Fraction` is compared with the cuts exactly (computed items
                that sum full-time equivalents pass one, so that binary rounding cannot
                move a measure across a cut).
            count: How many records the measure rests on, for an item with a `minimum_count`.

        Raises:
            ScoreError: *measure* is negative, infinite or not a number.
        """
        if isinstance(measure, bool) or not isinstance(measure, int | float | Fraction):
            raise ScoreError(f"a measure is a number, got {measure!r}")
        if not math.isfinite(measure) or measure < 0:
            raise ScoreError(f"a measure is a finite number of at least 0, got {measure!r}")
        if self.minimum_count is not None and count is not None and count < self.minimum_count:
            return 1
        for score, cut in zip((5, 4, 3, 2), self.cuts, strict=True):
            if self.direction is Direction.LOWER_IS_BETTER:
                if measure <= cut:
                    return score
            elif measure >= cut:
                return score
        return 1


@attrs.frozen
class _Texts:
    title: str
    description: str
    anchors: tuple[str, str, str, str, str]  # for scores 1..5


@attrs.frozen
class Item:
    """
    One item of the IPS-25 scale.

    Attributes:
        number: Its number, 1..25, in the order of the scale.
        key: A short snake_case key, for example ``"caseload_size"``.
        section: The section it belongs to.
        thresholds: The cut points of a quantitative item; ``None`` where the anchors are
            judged, not measured.
    """

    number: int
    key: str
    section: Section
    thresholds: Thresholds | None = attrs.field(default=None, repr=False)
    _texts: Mapping[str, _Texts] = attrs.field(factory=dict, eq=False, repr=False)

    def title(self, locale: str = "en") -> str:
        """The item's name in *locale*."""
        return self._texts[check_locale(locale)].title

    def description(self, locale: str = "en") -> str:
        """What the item looks for, in one line, in *locale*."""
        return self._texts[check_locale(locale)].description

    def anchor(self, score: int, locale: str = "en") -> str:
        """What earns *score* (1..5), in *locale*."""
        check_locale(locale)
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ScoreError(f"item {self.key!r}: a score is a whole number 1..5, got {score!r}")
        return self._texts[locale].anchors[score - 1]

    def score_for(self, measure: float | Fraction, *, count: int | None = None) -> int:
        """
        The score that *measure* earns, by the item's `thresholds`.

        Raises:
            ScoreError: The item has no thresholds (its anchors are judged), or the measure
                is not a finite number of at least 0.
        """
        if self.thresholds is None:
            raise ScoreError(f"item {self.key!r} is judged by a rater; it has no thresholds")
        return self.thresholds.score_for(measure, count=count)

    def _repr_html_(self) -> str:
        return item_html(self)


# --- the data -------------------------------------------------------------------------

_V_2008 = (
    "checked against the 2008 scale form (1/7/08; transcripts at docest.com and "
    "fdocuments.us, dor.ca.gov copy), the UK version (Centre for Mental Health) and the "
    "Swedish translation 'Programtrohetsskala för IPS' (2008)"
)
_RECALLED = (
    "recalled from the published IPS-25 (2008, manual 2015/2019); not yet checked against "
    "a copy of the scale"
)


def _elements(total: int, first_cut: int) -> Thresholds:
    """Thresholds of a count-of-elements item: all *total* score 5, one fewer 4, and so on."""
    return Thresholds(
        unit=f"elements present (of {total})",
        direction=Direction.HIGHER_IS_BETTER,
        cuts=(total, total - 1, total - 2, first_cut),
        source=_RECALLED,
    )


_T = tuple[str, str, tuple[str, str, str, str, str]]


def _item(
    number: int,
    key: str,
    section: Section,
    en: _T,
    sv: _T,
    thresholds: Thresholds | None = None,
) -> Item:
    return Item(
        number=number,
        key=key,
        section=section,
        thresholds=thresholds,
        texts=MappingProxyType({"en": _Texts(*en), "sv": _Texts(*sv)}),
    )


_S, _O, _SV = Section.STAFFING, Section.ORGANISATION, Section.SERVICES

SCALE: tuple[Item, ...] = (
    _item(
        1, "caseload_size", _S,
        ("Caseload size",
         "How many participants each full-time employment specialist carries.",
         ("41 or more participants per full-time specialist",
          "31 to 40 participants per full-time specialist",
          "26 to 30 participants per full-time specialist",
          "21 to 25 participants per full-time specialist",
          "20 or fewer participants per full-time specialist")),
        ("Klientgruppens storlek",
         "Hur många deltagare varje heltidsanställd arbetscoach har.",
         ("41 eller fler deltagare per heltidsanställd arbetscoach",
          "31–40 deltagare per heltidsanställd arbetscoach",
          "26–30 deltagare per heltidsanställd arbetscoach",
          "21–25 deltagare per heltidsanställd arbetscoach",
          "20 eller färre deltagare per heltidsanställd arbetscoach")),
        Thresholds(
            unit="participants per full-time specialist",
            direction=Direction.LOWER_IS_BETTER,
            cuts=(20, 25, 30, 40),
            confirmed=True,
            source=_V_2008,
        ),
    ),
    _item(
        2, "employment_services_staff", _S,
        ("Employment services staff",
         "Specialists spend their working time on employment services and nothing else.",
         ("Less than 60% of their time goes to employment services",
          "60% to 74% of their time goes to employment services",
          "75% to 89% of their time goes to employment services",
          "90% to 95% of their time goes to employment services",
          "96% or more of their time goes to employment services")),
        ("Arbetscoachernas sysselsättning",
         "Arbetscoacherna ägnar sin arbetstid åt arbetsinriktat stöd och inget annat.",
         ("Mindre än 60 % av tiden går till arbetsinriktat stöd",
          "60–74 % av tiden går till arbetsinriktat stöd",
          "75–89 % av tiden går till arbetsinriktat stöd",
          "90–95 % av tiden går till arbetsinriktat stöd",
          "96 % eller mer av tiden går till arbetsinriktat stöd")),
        Thresholds(
            unit="% of specialists' time on employment services",
            direction=Direction.HIGHER_IS_BETTER,
            cuts=(96, 90, 75, 60),
            confirmed=True,
            source=_V_2008,
        ),
    ),
    _item(
        3, "vocational_generalists", _S,
        ("Vocational generalists",
         "Each specialist carries a participant through every phase, from intake to "
         "follow-along.",
         ("The specialist only refers participants to other programmes or vendors",
          "The specialist keeps a caseload but sends participants elsewhere for the work",
          "The specialist covers one to four of the six phases",
          "The specialist covers five of the six phases",
          "The specialist covers all six phases: intake, engagement, assessment, job "
          "placement, job coaching and follow-along")),
        ("Arbetscoachernas helhetsansvar",
         "Varje arbetscoach följer deltagaren genom alla faser, från intagning till "
         "uppföljande stöd.",
         ("Arbetscoachen hänvisar bara deltagare vidare till andra program eller aktörer",
          "Arbetscoachen har egna deltagare men låter andra stå för det arbetsinriktade stödet",
          "Arbetscoachen ansvarar för en till fyra av de sex faserna",
          "Arbetscoachen ansvarar för fem av de sex faserna",
          "Arbetscoachen ansvarar för alla sex faserna: intagning, anslutning, bedömning, "
          "arbetsplacering, coachning och uppföljande stöd")),
    ),
    _item(
        4, "team_assignment", _O,
        ("Integration with treatment through team assignment",
         "Specialists belong to one or two mental health treatment teams that supply most "
         "of their caseload.",
         ("The employment service runs apart from mental health treatment",
          "Under half of the caseload comes from the specialist's one or two teams, or the "
          "specialist serves three or more teams, or there are no teams",
          "50% to 74% of the caseload comes from the specialist's one or two teams",
          "75% to 89% of the caseload comes from the specialist's one or two teams",
          "90% or more of the caseload comes from the specialist's one or two teams")),
        ("Integrering med behandlingen genom teamtillhörighet",
         "Arbetscoacherna hör till ett eller två psykiatriska behandlingsteam som står för "
         "de flesta av deras deltagare.",
         ("Arbetsrehabiliteringen bedrivs skild från den psykiatriska behandlingen",
          "Under hälften av deltagarna kommer från arbetscoachens ett eller två team, eller "
          "arbetscoachen betjänar tre eller fler team, eller det finns inga team",
          "50–74 % av deltagarna kommer från arbetscoachens ett eller två team",
          "75–89 % av deltagarna kommer från arbetscoachens ett eller två team",
          "90 % eller fler av deltagarna kommer från arbetscoachens ett eller två team")),
    ),
    _item(
        5, "team_contact", _O,
        ("Integration with treatment through frequent team contact",
         "Specialists take part in their treatment teams' work week by week.",
         ("One or none of the five signs of close team contact",
          "Two of the five signs of close team contact",
          "Three of the five signs of close team contact",
          "Four of the five signs of close team contact",
          "All five: weekly team meetings, a real say in decisions, notes in the shared "
          "record, an office near the team, and help for the team to raise work with others")),
        ("Integrering med behandlingen genom tät kontakt med teamet",
         "Arbetscoacherna deltar i behandlingsteamets arbete varje vecka.",
         ("Ett eller inget av de fem tecknen på tät teamkontakt",
          "Två av de fem tecknen på tät teamkontakt",
          "Tre av de fem tecknen på tät teamkontakt",
          "Fyra av de fem tecknen på tät teamkontakt",
          "Alla fem: teammöten varje vecka, verkligt inflytande över beslut, anteckningar i "
          "den gemensamma journalen, kontor nära teamet och stöd till teamet att ta upp "
          "arbete med fler")),
        _elements(5, 2),
    ),
    _item(
        6, "vr_collaboration", _O,
        ("Collaboration with vocational rehabilitation",
         "Specialists and vocational rehabilitation counsellors work together on shared "
         "participants.",
         ("Contact is rarer than quarterly, or there is none",
          "Contact about quarterly",
          "Contact about monthly",
          "Meetings at least quarterly, or contact about participants every week",
          "Scheduled meetings at least monthly and contact about participants every week")),
        ("Samverkan med arbetslivsinriktad rehabilitering",
         "Arbetscoacher och handläggare för arbetslivsinriktad rehabilitering samarbetar "
         "kring gemensamma deltagare.",
         ("Kontakt mer sällan än varje kvartal, eller ingen alls",
          "Kontakt ungefär varje kvartal",
          "Kontakt ungefär varje månad",
          "Möten minst varje kvartal, eller kontakt om deltagare varje vecka",
          "Schemalagda möten minst varje månad och kontakt om deltagare varje vecka")),
    ),
    _item(
        7, "vocational_unit", _O,
        ("Vocational unit",
         "Specialists work as a unit with one supervisor, meet as a group and cover for "
         "each other.",
         ("Specialists do not form a unit",
          "Same supervisor, but no group meetings and no cover for each other",
          "Same supervisor and case discussions, but no cover for each other",
          "A unit that meets for supervision at least twice a month and covers caseloads",
          "At least two full-time specialists and a leader meet weekly for group "
          "supervision and cover each other's caseloads")),
        ("Arbetsrehabiliterande enhet",
         "Arbetscoacherna arbetar som en enhet med en handledare, träffas i grupp och "
         "täcker upp för varandra.",
         ("Arbetscoacherna bildar ingen enhet",
          "Samma handledare, men inga gruppträffar och ingen som täcker upp",
          "Samma handledare och ärendediskussioner, men ingen som täcker upp",
          "En enhet som har grupphandledning minst två gånger i månaden och täcker upp",
          "Minst två heltidsanställda arbetscoacher och en ledare har grupphandledning "
          "varje vecka och täcker upp för varandras deltagare")),
    ),
    _item(
        8, "supervisor_role", _O,
        ("Role of the employment supervisor",
         "A supervisor leads the unit, coaches specialists in the field and steers by "
         "outcomes.",
         ("One or none of the five parts of the supervisor's role",
          "Two of the five parts of the supervisor's role",
          "Three of the five parts of the supervisor's role",
          "Four of the five parts of the supervisor's role",
          "All five: at most ten specialists per supervisor, weekly supervision, regular "
          "contact with team leaders, field mentoring, and outcome goals reviewed at least "
          "quarterly")),
        ("Handledarens roll",
         "En handledare leder enheten, handleder arbetscoacherna i fält och styr mot "
         "resultat.",
         ("En eller ingen av de fem delarna i handledarens roll",
          "Två av de fem delarna i handledarens roll",
          "Tre av de fem delarna i handledarens roll",
          "Fyra av de fem delarna i handledarens roll",
          "Alla fem: högst tio arbetscoacher per handledare, handledning varje vecka, "
          "regelbunden kontakt med teamledarna, handledning i fält och resultatmål som "
          "följs upp minst varje kvartal")),
        _elements(5, 2),
    ),
    _item(
        9, "zero_exclusion", _O,
        ("Zero exclusion",
         "Everyone who wants to work may take part, whatever their diagnosis, symptoms or "
         "history.",
         ("A formal policy excludes some people",
          "Most people are kept out as not ready for work",
          "Some people are kept out as not ready for work",
          "Nobody is kept out, but referrals are not sought widely",
          "Nobody is kept out, staff encourage work, and referrals come from many sources, "
          "self-referral included")),
        ("Ingen utestängning",
         "Alla som vill arbeta får delta, oavsett diagnos, symtom eller bakgrund.",
         ("En uttalad regel utestänger vissa personer",
          "De flesta hålls utanför som inte redo för arbete",
          "Vissa hålls utanför som inte redo för arbete",
          "Ingen hålls utanför, men remisser söks inte brett",
          "Ingen hålls utanför, personalen uppmuntrar arbete och remisser kommer från många "
          "håll, även egenanmälan")),
    ),
    _item(
        10, "agency_focus", _O,
        ("Agency focus on competitive employment",
         "The whole agency shows that it expects its clients can work in ordinary jobs.",
         ("One or none of the five signs of a focus on work",
          "Two of the five signs of a focus on work",
          "Three of the five signs of a focus on work",
          "Four of the five signs of a focus on work",
          "All five: work asked about at intake and in care plans, information about work "
          "on display, work stories shared, and the employment rate measured and shared")),
        ("Verksamhetens fokus på arbete på den öppna marknaden",
         "Hela verksamheten visar att den räknar med att dess klienter kan ha vanliga jobb.",
         ("Ett eller inget av de fem tecknen på fokus på arbete",
          "Två av de fem tecknen på fokus på arbete",
          "Tre av de fem tecknen på fokus på arbete",
          "Fyra av de fem tecknen på fokus på arbete",
          "Alla fem: arbete tas upp vid intagning och i vårdplaner, information om arbete "
          "syns, erfarenheter av arbete delas och andelen i arbete mäts och redovisas")),
        _elements(5, 2),
    ),
    _item(
        11, "executive_support", _O,
        ("Executive team support",
         "The agency's leaders know the model, watch its fidelity and remove obstacles.",
         ("One or none of the five signs of leadership support",
          "Two of the five signs of leadership support",
          "Three of the five signs of leadership support",
          "Four of the five signs of leadership support",
          "All five: leaders know the principles, fidelity is reviewed and used, a steering "
          "group meets regularly, the head tells all staff why it matters, and barriers are "
          "reported and acted on")),
        ("Ledningens stöd",
         "Verksamhetens ledning känner till modellen, följer programtroheten och röjer "
         "hinder.",
         ("Ett eller inget av de fem tecknen på stöd från ledningen",
          "Två av de fem tecknen på stöd från ledningen",
          "Tre av de fem tecknen på stöd från ledningen",
          "Fyra av de fem tecknen på stöd från ledningen",
          "Alla fem: ledningen känner principerna, programtroheten granskas och används, en "
          "styrgrupp möts regelbundet, chefen förklarar för all personal varför det är "
          "viktigt och hinder rapporteras och åtgärdas")),
        _elements(5, 2),
    ),
    _item(
        12, "work_incentives_planning", _SV,
        ("Work incentives planning",
         "Everyone is offered personal advice on how work affects their benefits, before "
         "and during a job.",
         ("Benefits advice is hard to get",
          "Specialists only refer people elsewhere for benefits advice",
          "Specialists talk through benefit changes with each participant",
          "A trained person offers benefits planning before a job starts",
          "A specially trained planner offers it before a job starts and again when hours "
          "or pay change, with help to report earnings")),
        ("Information om ersättningar och arbete",
         "Alla erbjuds personlig rådgivning om hur arbete påverkar deras ersättningar, före "
         "och under en anställning.",
         ("Rådgivning om ersättningar är svår att få",
          "Arbetscoacherna hänvisar bara vidare för rådgivning om ersättningar",
          "Arbetscoacherna går igenom förändrade ersättningar med varje deltagare",
          "En utbildad person erbjuder planering av ersättningar innan ett arbete börjar",
          "En särskilt utbildad rådgivare erbjuder det innan arbetet börjar och igen när "
          "timmar eller lön ändras, med hjälp att rapportera inkomster")),
    ),
    _item(
        13, "disclosure", _SV,
        ("Disclosure",
         "Specialists help participants choose, with good information, what to tell an "
         "employer.",
         ("None of the four signs of good help with disclosure",
          "One of the four signs of good help with disclosure",
          "Two of the four signs of good help with disclosure",
          "Three of the four signs of good help with disclosure",
          "All four: disclosure is never a condition, pros and cons are discussed first, "
          "what to say is worked out concretely, and the question is revisited")),
        ("Att berätta om sin funktionsnedsättning",
         "Arbetscoacherna hjälper deltagarna att välja, välinformerade, vad de berättar för "
         "en arbetsgivare.",
         ("Inget av de fyra tecknen på gott stöd i frågan",
          "Ett av de fyra tecknen på gott stöd i frågan",
          "Två av de fyra tecknen på gott stöd i frågan",
          "Tre av de fyra tecknen på gott stöd i frågan",
          "Alla fyra: att berätta är aldrig ett villkor, för- och nackdelar diskuteras "
          "först, vad som kan sägas arbetas fram konkret och frågan tas upp igen")),
        _elements(4, 1),
    ),
    _item(
        14, "work_based_assessment", _SV,
        ("Ongoing, work-based vocational assessment",
         "Assessment happens through real work and is kept up to date in a vocational "
         "profile.",
         ("Testing in the office before any placement",
          "Step-wise, prevocational, volunteer or set-aside work first",
          "Jobs are sought without a review of interests, strengths or past jobs",
          "A short assessment is done, but the profile is not written down or updated",
          "A profile built in a few sessions from several sources, used to match jobs and "
          "updated after every job")),
        ("Fortlöpande arbetsbaserad bedömning",
         "Bedömningen sker genom riktigt arbete och hålls aktuell i en yrkesprofil.",
         ("Tester på kontoret före varje placering",
          "Stegvis förberedande träning, volontärarbete eller särskilt avsatta arbeten först",
          "Arbeten söks utan genomgång av intressen, styrkor eller tidigare arbeten",
          "En kort bedömning görs, men profilen skrivs inte ned eller uppdateras",
          "En profil som byggs upp under några samtal från flera källor, används för att "
          "matcha arbeten och uppdateras efter varje arbete")),
    ),
    _item(
        15, "rapid_job_search", _SV,
        ("Rapid job search for a competitive job",
         "Participants meet employers about real jobs soon after they enter the service.",
         ("First face-to-face employer contact after more than 270 days on average",
          "First face-to-face employer contact after 151 to 270 days on average",
          "First face-to-face employer contact after 61 to 150 days on average",
          "First face-to-face employer contact after 31 to 60 days on average",
          "First face-to-face employer contact within 30 days on average")),
        ("Snabbt arbetssökande",
         "Deltagarna träffar arbetsgivare om riktiga jobb kort efter att de börjat.",
         ("Första personliga arbetsgivarkontakten efter mer än 270 dagar i genomsnitt",
          "Första personliga arbetsgivarkontakten efter 151–270 dagar i genomsnitt",
          "Första personliga arbetsgivarkontakten efter 61–150 dagar i genomsnitt",
          "Första personliga arbetsgivarkontakten efter 31–60 dagar i genomsnitt",
          "Första personliga arbetsgivarkontakten inom 30 dagar i genomsnitt")),
        Thresholds(
            unit="days from entry to first face-to-face employer contact (mean)",
            direction=Direction.LOWER_IS_BETTER,
            cuts=(30, 60, 150, 270),
            source=_RECALLED
            + "; the 30-day standard itself is confirmed (Wisconsin DHS, IPS Grow)",
        ),
    ),
    _item(
        16, "individualized_job_search", _SV,
        ("Individualised job search",
         "Employers are approached for what the participant wants and can do, not for what "
         "is easy to get.",
         ("Less than 25% of employer contacts follow the participant's preferences",
          "25% to 49% of employer contacts follow the participant's preferences",
          "50% to 74% of employer contacts follow the participant's preferences",
          "75% to 89% of employer contacts follow the participant's preferences",
          "90% or more follow the participant's preferences, under a job search plan that "
          "is kept up to date")),
        ("Individuellt anpassat arbetssökande",
         "Arbetsgivare kontaktas utifrån vad deltagaren vill och kan, inte utifrån vad som "
         "är lätt att få.",
         ("Mindre än 25 % av arbetsgivarkontakterna utgår från deltagarens önskemål",
          "25–49 % av arbetsgivarkontakterna utgår från deltagarens önskemål",
          "50–74 % av arbetsgivarkontakterna utgår från deltagarens önskemål",
          "75–89 % av arbetsgivarkontakterna utgår från deltagarens önskemål",
          "90 % eller mer utgår från deltagarens önskemål, enligt en aktuell plan för "
          "arbetssökandet")),
        Thresholds(
            unit="% of employer contacts based on the participant's preferences",
            direction=Direction.HIGHER_IS_BETTER,
            cuts=(90, 75, 50, 25),
            source=_RECALLED,
        ),
    ),
    _item(
        17, "job_development_frequency", _SV,
        ("Job development: frequent employer contact",
         "Each specialist meets employers face to face several times a week.",
         ("Fewer than 2 face-to-face employer contacts a week",
          "About 2 face-to-face employer contacts a week, or no tracking of them",
          "About 4 a week, tracked on a form the supervisor reviews monthly",
          "About 5 a week, tracked on a form the supervisor reviews weekly",
          "6 or more a week (or twice the number of job seekers when fewer than 3 are "
          "looking), tracked on a form the supervisor reviews weekly")),
        ("Arbetsutveckling: täta arbetsgivarkontakter",
         "Varje arbetscoach träffar arbetsgivare personligen flera gånger i veckan.",
         ("Färre än 2 personliga arbetsgivarkontakter i veckan",
          "Omkring 2 personliga arbetsgivarkontakter i veckan, eller ingen uppföljning av dem",
          "Omkring 4 i veckan, förda på en lista som handledaren går igenom varje månad",
          "Omkring 5 i veckan, förda på en lista som handledaren går igenom varje vecka",
          "6 eller fler i veckan (eller två per arbetssökande när färre än 3 söker), förda "
          "på en lista som handledaren går igenom varje vecka")),
        Thresholds(
            unit="face-to-face employer contacts per specialist per week",
            direction=Direction.HIGHER_IS_BETTER,
            # The anchors name 2, 4, 5 and 6 contacts and the scale says to take the
            # closest scale point: the cuts are the points halfway between them.
            cuts=(5.5, 4.5, 3, 2),
            source=_RECALLED
            + "; cuts are midpoints between the anchors' 2, 4, 5 and 6 contacts (closest "
            "scale point); the tracking-form part of the anchors is for a rater",
        ),
    ),
    _item(
        18, "job_development_quality", _SV,
        ("Job development: quality of employer contact",
         "Specialists build relationships with employers over several planned visits.",
         ("Employers are met only to hand in applications, or rarely",
          "Specialists ask about openings and pass leads on to participants",
          "Specialists follow up advertised openings and present themselves and the service",
          "Specialists meet employers whether or not there is an opening and speak for the "
          "participant",
          "Specialists learn each employer's needs over several planned visits and offer "
          "well-matched candidates")),
        ("Arbetsutveckling: arbetsgivarkontakternas kvalitet",
         "Arbetscoacherna bygger relationer med arbetsgivare genom flera planerade besök.",
         ("Arbetsgivare träffas bara för att lämna ansökningar, eller sällan",
          "Arbetscoacherna frågar efter lediga jobb och för tips vidare till deltagarna",
          "Arbetscoacherna följer upp utannonserade jobb och presenterar sig och verksamheten",
          "Arbetscoacherna träffar arbetsgivare oavsett lediga jobb och talar för deltagaren",
          "Arbetscoacherna lär känna varje arbetsgivares behov under flera planerade besök "
          "och erbjuder väl matchade kandidater")),
    ),
    _item(
        19, "job_type_diversity", _SV,
        ("Diversity of job types",
         "Participants get many different kinds of job, not the same few.",
         ("Less than 50% of jobs are of different types",
          "50% to 59% of jobs are of different types",
          "60% to 69% of jobs are of different types",
          "70% to 84% of jobs are of different types",
          "85% or more of jobs are of different types")),
        ("Variation i typ av arbete",
         "Deltagarna får många olika slags arbeten, inte samma få.",
         ("Mindre än 50 % av arbetena är av olika typ",
          "50–59 % av arbetena är av olika typ",
          "60–69 % av arbetena är av olika typ",
          "70–84 % av arbetena är av olika typ",
          "85 % eller mer av arbetena är av olika typ")),
        Thresholds(
            unit="% of jobs of a distinct type",
            direction=Direction.HIGHER_IS_BETTER,
            cuts=(85, 70, 60, 50),
            source=_RECALLED,
        ),
    ),
    _item(
        20, "employer_diversity", _SV,
        ("Diversity of employers",
         "Participants work for many different employers, not the same few.",
         ("Less than 50% of jobs are with different employers",
          "50% to 59% of jobs are with different employers",
          "60% to 69% of jobs are with different employers",
          "70% to 84% of jobs are with different employers",
          "85% or more of jobs are with different employers")),
        ("Variation i arbetsgivare",
         "Deltagarna arbetar hos många olika arbetsgivare, inte hos samma få.",
         ("Mindre än 50 % av arbetena är hos olika arbetsgivare",
          "50–59 % av arbetena är hos olika arbetsgivare",
          "60–69 % av arbetena är hos olika arbetsgivare",
          "70–84 % av arbetena är hos olika arbetsgivare",
          "85 % eller mer av arbetena är hos olika arbetsgivare")),
        Thresholds(
            unit="% of jobs with a distinct employer",
            direction=Direction.HIGHER_IS_BETTER,
            cuts=(85, 70, 60, 50),
            source=_RECALLED,
        ),
    ),
    _item(
        21, "competitive_jobs", _SV,
        ("Competitive jobs",
         "Jobs are ordinary, permanent jobs open to anyone, at the going rate of pay.",
         ("Less than 64% of jobs are competitive, or there are fewer than 10 jobs",
          "64% to 74% of jobs are competitive",
          "75% to 84% of jobs are competitive",
          "85% to 94% of jobs are competitive",
          "95% or more of jobs are competitive")),
        ("Arbeten på den öppna marknaden",
         "Arbetena är vanliga, varaktiga arbeten som alla kan söka, med gängse lön.",
         ("Mindre än 64 % av arbetena är på den öppna marknaden, eller färre än 10 arbeten",
          "64–74 % av arbetena är på den öppna marknaden",
          "75–84 % av arbetena är på den öppna marknaden",
          "85–94 % av arbetena är på den öppna marknaden",
          "95 % eller mer av arbetena är på den öppna marknaden")),
        Thresholds(
            unit="% of jobs that are competitive",
            direction=Direction.HIGHER_IS_BETTER,
            cuts=(95, 85, 75, 64),
            minimum_count=10,
            source=_RECALLED,
        ),
    ),
    _item(
        22, "individualized_follow_along", _SV,
        ("Individualised follow-along supports",
         "Support in work is fitted to the person and comes from many people, not the "
         "specialist alone.",
         ("Most working participants get no support once they start",
          "About half get a narrow range of support, mostly from the specialist",
          "Most get a narrow range of support, mostly from the specialist",
          "Varied, personal support from several people, with employer contact on request",
          "As for 4, with help towards a career as well: education or a better job")),
        ("Individuellt anpassat stöd i arbetet",
         "Stödet i arbetet anpassas efter personen och kommer från många, inte bara från "
         "arbetscoachen.",
         ("De flesta som arbetar får inget stöd när de väl har börjat",
          "Ungefär hälften får ett begränsat stöd, mest från arbetscoachen",
          "De flesta får ett begränsat stöd, mest från arbetscoachen",
          "Varierat, personligt stöd från flera personer, med arbetsgivarkontakt på begäran",
          "Som för 4, och dessutom stöd i karriären: utbildning eller ett bättre arbete")),
    ),
    _item(
        23, "time_unlimited_follow_along", _SV,
        ("Time-unlimited follow-along supports",
         "Specialists meet working participants face to face, often at first and for as "
         "long as they want it.",
         ("No face-to-face contact after the first month in work",
          "Face-to-face contact for at least 4 months with fewer than half of those working",
          "Face-to-face contact for at least 4 months with at least half of those working",
          "Weekly in the first month and monthly for about a year, but some of the "
          "routine is missing",
          "The full routine: the week before the start, within 3 days of it, weekly for a "
          "month, monthly for about a year, and within 3 days of a job ending")),
        ("Tidsobegränsat uppföljande stöd",
         "Arbetscoacherna träffar deltagare som arbetar personligen, tätt i början och så "
         "länge de vill.",
         ("Ingen personlig kontakt efter den första månaden i arbete",
          "Personlig kontakt i minst 4 månader med färre än hälften av dem som arbetar",
          "Personlig kontakt i minst 4 månader med minst hälften av dem som arbetar",
          "Varje vecka den första månaden och varje månad i ungefär ett år, men delar av "
          "rutinen saknas",
          "Hela rutinen: veckan före start, inom 3 dagar från start, varje vecka i en "
          "månad, varje månad i ungefär ett år och inom 3 dagar när ett arbete upphör")),
    ),
    _item(
        24, "community_based_services", _SV,
        ("Community-based services",
         "Specialists spend most of their working time out in the community, not in the "
         "office.",
         ("Less than 30% of working time in the community",
          "30% to 39% of working time in the community",
          "40% to 49% of working time in the community",
          "50% to 64% of working time in the community",
          "65% or more of working time in the community")),
        ("Stöd ute i samhället",
         "Arbetscoacherna är mest ute i samhället, inte på kontoret.",
         ("Mindre än 30 % av arbetstiden ute i samhället",
          "30–39 % av arbetstiden ute i samhället",
          "40–49 % av arbetstiden ute i samhället",
          "50–64 % av arbetstiden ute i samhället",
          "65 % eller mer av arbetstiden ute i samhället")),
        Thresholds(
            unit="% of specialists' working time in the community",
            direction=Direction.HIGHER_IS_BETTER,
            cuts=(65, 50, 40, 30),
            source=_RECALLED
            + "; the top cut (65% or more) is confirmed by an IPS job description "
            "(casconnections.org) and the IPS FAQ's 'about two-thirds'",
        ),
    ),
    _item(
        25, "assertive_engagement", _SV,
        ("Assertive engagement and outreach",
         "The team keeps reaching out to people who drop away, and does not close their "
         "case for it.",
         ("Two or fewer of the six outreach strategies",
          "Three of the six outreach strategies",
          "Four of the six outreach strategies",
          "Five of the six outreach strategies",
          "All six: no discharge for missed meetings, outreach recorded, done by the team, "
          "several home or community visits, joint visits, and family contact where it "
          "fits")),
        ("Aktivt uppsökande arbete",
         "Teamet fortsätter att söka upp personer som uteblir och avslutar inte deras "
         "kontakt för det.",
         ("Två eller färre av de sex uppsökande arbetssätten",
          "Tre av de sex uppsökande arbetssätten",
          "Fyra av de sex uppsökande arbetssätten",
          "Fem av de sex uppsökande arbetssätten",
          "Alla sex: ingen avslutning för uteblivna besök, uppsökandet dokumenteras, görs "
          "av teamet, flera hem- eller samhällsbesök, gemensamma besök och kontakt med "
          "närstående när det passar")),
        _elements(6, 3),
    ),
)  # fmt: skip
"""All 25 items, in the order of the scale."""

_BY_KEY = {entry.key: entry for entry in SCALE}
_BY_NUMBER = {entry.number: entry for entry in SCALE}


def item(key_or_number: str | int) -> Item:
    """
    The item with this key (``"caseload_size"``) or number (1..25).

    Raises:
        UnknownItemError: No item has this key or number.
    """
    if isinstance(key_or_number, bool):
        raise UnknownItemError(key_or_number)
    if isinstance(key_or_number, int):
        found = _BY_NUMBER.get(key_or_number)
    elif isinstance(key_or_number, str):
        found = _BY_KEY.get(key_or_number)
    else:
        found = None
    if found is None:
        raise UnknownItemError(key_or_number)
    return found


BUILT_IN = "built-in"
"""What `thresholds_from` says of cut points that were not loaded from a scale file."""


def thresholds_from(entry: Item) -> str | None:
    """
    Where *entry*'s cut points come from: the path of the scale file they were loaded from,
    `BUILT_IN`, or ``None`` for an item judged by a rater (it has none).
    """
    if entry.thresholds is None:
        return None
    return entry.thresholds.loaded_from or BUILT_IN


def check_scale(scale: object) -> tuple[Item, ...]:
    """
    *scale* as a tuple of the 25 items of `SCALE`, in order (their cut points may differ).

    Raises:
        ScoreError: *scale* is not 25 `Item` values with the keys of `SCALE` in its order.
    """
    if not isinstance(scale, tuple | list) or len(scale) != len(SCALE):
        raise ScoreError(f"a scale is the {len(SCALE)} items of SCALE, got {scale!r:.80}")
    for entry, expected in zip(scale, SCALE, strict=True):
        if not isinstance(entry, Item) or entry.key != expected.key:
            raise ScoreError(
                f"item {expected.number} of a scale must be {expected.key!r}, got {entry!r:.80}"
            )
    return tuple(scale)


# --- bands --------------------------------------------------------------------------


class Band(StrEnum):
    """The fidelity band a total score falls in."""

    EXEMPLARY = "exemplary"
    """115 to 125."""
    GOOD = "good"
    """100 to 114."""
    FAIR = "fair"
    """74 to 99."""
    NOT_SUPPORTED_EMPLOYMENT = "not_supported_employment"
    """73 or less."""

    def label(self, locale: str = "en") -> str:
        """The band's name in *locale*."""
        return _BAND_LABELS[check_locale(locale)][self]


_BAND_LABELS: Mapping[str, Mapping[Band, str]] = {
    "en": {
        Band.EXEMPLARY: "Exemplary fidelity",
        Band.GOOD: "Good fidelity",
        Band.FAIR: "Fair fidelity",
        Band.NOT_SUPPORTED_EMPLOYMENT: "Not supported employment",
    },
    "sv": {
        Band.EXEMPLARY: "Exemplarisk programtrohet",
        Band.GOOD: "God programtrohet",
        Band.FAIR: "Godtagbar programtrohet",
        Band.NOT_SUPPORTED_EMPLOYMENT: "Inte supported employment",
    },
}

MIN_TOTAL = 25
"""The least total: every item scored 1."""
MAX_TOTAL = 125
"""The greatest total: every item scored 5."""

# The least total of each band, best first.
_BAND_FLOORS = ((115, Band.EXEMPLARY), (100, Band.GOOD), (74, Band.FAIR))


def band_for(total: int) -> Band:
    """
    The band of a total score.

    Raises:
        ScoreError: *total* is not a whole number from 25 to 125.
    """
    if isinstance(total, bool) or not isinstance(total, int):
        raise ScoreError(f"a total is a whole number, got {total!r}")
    if not MIN_TOTAL <= total <= MAX_TOTAL:
        raise ScoreError(f"a total of 25 items is {MIN_TOTAL}..{MAX_TOTAL}, got {total}")
    for floor, band in _BAND_FLOORS:
        if total >= floor:
            return band
    return Band.NOT_SUPPORTED_EMPLOYMENT
