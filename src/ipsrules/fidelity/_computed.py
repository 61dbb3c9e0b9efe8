"""
Items computed from a programme's records for a review period, each with its evidence.

An item is scored here only where the records carry what its anchors measure; every other
item comes back not computable, with what a rater (or richer records) would need. Nothing is
guessed: a measure that rests on missing data is not computed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType

import attrs

from ipsrules._document import JSON
from ipsrules._grouping import by_participant
from ipsrules._matching import Result, Status, check
from ipsrules._model import (
    Contact,
    ContactMode,
    Job,
    Party,
    Programme,
    Setting,
    in_work_at_entry,
)
from ipsrules._period import Period
from ipsrules.exceptions import ScoreError, ValidationError
from ipsrules.fidelity._scale import SCALE, Item
from ipsrules.fidelity._views import item_result_html
from ipsrules.rules import IPS25, Rule, RuleSet


def _counts(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(value))


def _ids(value: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(value)


def _count_ids(value: tuple[str, ...]) -> str:
    """A short stand-in for a long list of ids in a repr (a notebook prints it)."""
    return f"<{len(value)} ids>"


@attrs.frozen
class Evidence:
    """
    How a computed item was counted, so that an auditor can check it by hand.

    Attributes:
        summary: How the measure was counted, in a sentence or two.
        counts: The figures behind the measure, by name (``"participants"``, ``"fte"``, ...).
        records: The ids of every record the measure rests on (participants, jobs, contacts
            or specialists, as the summary says), in a stable order.
    """

    summary: str
    counts: Mapping[str, float] = attrs.field(factory=dict, converter=_counts, hash=False)
    records: tuple[str, ...] = attrs.field(default=(), converter=_ids, repr=_count_ids)


@attrs.frozen
class ItemResult:
    """
    One item of the scale as far as the records can score it.

    Attributes:
        item: The item.
        score: Its score 1..5, or ``None`` when it cannot be computed from the records.
        measure: The measured figure, in *unit*, or ``None`` when not computed (and for
            time-unlimited follow-along scored 1 before any job reached four months).
        unit: What the measure counts; empty when not computed.
        evidence: How it was counted (or, when not computable, why not).
        needs: What would be needed to score it when it is not computable: the data the
            records lack, or what a rater looks at for an item that is judged.
    """

    item: Item
    score: int | None = attrs.field()
    measure: float | None
    unit: str
    evidence: Evidence
    needs: str | None = None

    @score.validator
    def _check_score(self, _field: attrs.Attribute[int | None], value: object) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ScoreError(f"item {self.item.key!r}: a score is 1..5 or None, got {value!r}")

    @property
    def computable(self) -> bool:
        """Whether the records gave this item a score."""
        return self.score is not None

    def to_dict(self) -> dict[str, JSON]:
        """
        The result as JSON-ready data: ``number``, ``key``, ``score``, ``measure``,
        ``unit``, ``evidence`` (``summary``, ``counts`` and ``records``) and ``needs``;
        ``None`` where there is nothing.
        """
        return {
            "number": self.item.number,
            "key": self.item.key,
            "score": self.score,
            "measure": self.measure,
            "unit": self.unit,
            "evidence": {
                "summary": self.evidence.summary,
                "counts": dict(self.evidence.counts),
                "records": list(self.evidence.records),
            },
            "needs": self.needs,
        }

    def _repr_html_(self) -> str:
        return item_result_html(self)


# --- the period and its records ---------------------------------------------------------

_FOLLOW_ALONG_RULES = (Rule.PRE_START, Rule.START, Rule.WEEK, Rule.MONTH, Rule.JOB_END)
_SHOWN_IDS = 5  # how many offending ids a `needs` text names before "and N more"


def _listed(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_SHOWN_IDS])
    more = len(ids) - _SHOWN_IDS
    return shown + (f" and {more} more" if more > 0 else "")


def _share(part: float, whole: float) -> float:
    return 100.0 * part / whole


@attrs.frozen
class _ReviewScope:
    """What a review looks at: a programme's records over its period, indexed once for all."""

    programme: Programme
    period: Period
    rules: RuleSet
    # The face-to-face employer contacts with their day in the programme's time zone, in
    # the order of the log: only rapid job search looks at days outside the period, and only
    # at these. (A pair for every contact would cost hundreds of megabytes on a county.)
    employer_meetings: tuple[tuple[date, Contact], ...]
    # The contacts whose day falls in the period, in the order of the log.
    in_period: tuple[Contact, ...]

    @property
    def weeks(self) -> float:
        return self.period.days / 7

    def jobs_in_period(self) -> list[Job]:
        return [job for job in self.programme.jobs if self.period.overlaps(job.start, job.end)]


def _not_computable(entry: Item, why: str, needs: str, records: Sequence[str] = ()) -> ItemResult:
    return ItemResult(
        item=entry,
        score=None,
        measure=None,
        unit="",
        evidence=Evidence(summary=why, counts={}, records=tuple(records)),
        needs=needs,
    )


def _scored(
    entry: Item,
    measure: float,
    summary: str,
    counts: Mapping[str, float],
    records: Sequence[str],
    *,
    count: int | None = None,
) -> ItemResult:
    thresholds = entry.thresholds
    if thresholds is None:  # pragma: no cover - only items with thresholds come here
        raise ScoreError(f"item {entry.key!r} has no thresholds to score a measure")
    if not thresholds.confirmed:
        summary += " The cut points of this item are recalled, not yet confirmed."
    return ItemResult(
        item=entry,
        score=thresholds.score_for(measure, count=count),
        measure=measure,
        unit=thresholds.unit,
        evidence=Evidence(summary=summary, counts=counts, records=tuple(records)),
    )


def _no_specialists(entry: Item) -> ItemResult:
    return _not_computable(
        entry,
        "The programme lists no employment specialists.",
        "the programme's employment specialists (Specialist records, with their fte)",
    )


# --- staffing ---------------------------------------------------------------------------


def _caseload_size(entry: Item, scope: _ReviewScope) -> ItemResult:
    specialists = scope.programme.specialists
    if not specialists:
        return _no_specialists(entry)
    active: list[str] = []
    participant_days = 0
    for participant in scope.programme.participants:
        first = max(participant.enrolled_on, scope.period.start)
        last = scope.period.end
        if participant.discharged_on is not None:
            last = min(last, participant.discharged_on)
        if first <= last:
            active.append(participant.id)
            participant_days += (last - first).days + 1
    if not active:
        return _not_computable(
            entry,
            "No participant was on the caseload during the period.",
            "participants enrolled on or before the end of the period and not discharged "
            "before its start",
        )
    fte = sum(specialist.fte for specialist in specialists)
    mean_active = participant_days / scope.period.days
    measure = mean_active / fte
    summary = (
        f"On an average day of the period {mean_active:.1f} participants were on the caseload "
        f"(enrolled and not yet discharged; the day of discharge counts), shared by "
        f"{len(specialists)} specialists with {fte:g} full-time equivalents: "
        f"{measure:.1f} per full-time specialist. Records: the participants on the caseload."
    )
    counts = {
        "participants_on_caseload": len(active),
        "mean_participants_per_day": mean_active,
        "specialists": len(specialists),
        "full_time_equivalents": fte,
        "days": scope.period.days,
    }
    return _scored(entry, measure, summary, counts, active)


def _employment_services_staff(entry: Item, scope: _ReviewScope) -> ItemResult:
    specialists = scope.programme.specialists
    if not specialists:
        return _no_specialists(entry)
    unknown = [s.id for s in specialists if s.employment_share is None]
    if unknown:
        return _not_computable(
            entry,
            f"{len(unknown)} of {len(specialists)} specialists have no employment_share.",
            "each specialist's share of working time on employment services "
            f"(Specialist.employment_share; missing for {_listed(unknown)}), or a rater's "
            "score from schedules and interviews",
            unknown,
        )
    shares = {s.id: 100.0 * (s.employment_share or 0.0) for s in specialists}
    measure = sum(shares.values()) / len(shares)
    summary = (
        f"The share of working time on employment services recorded for each of the "
        f"{len(specialists)} specialists (Specialist.employment_share), averaged: "
        f"{measure:.0f}%. The records hold one share per specialist, not one per period. "
        "Records: the specialists."
    )
    counts: dict[str, float] = {"specialists": len(specialists)}
    counts.update({f"employment_share:{sid}": share for sid, share in shares.items()})
    return _scored(entry, measure, summary, counts, list(shares))


# --- services -----------------------------------------------------------------------------


def _is_face_to_face_with_employer(contact: Contact) -> bool:
    return contact.mode is ContactMode.FACE_TO_FACE and contact.party is Party.EMPLOYER


def _rapid_job_search(entry: Item, scope: _ReviewScope) -> ItemResult:
    first_meeting: dict[str, date] = {}
    enrolled = {p.id: p.enrolled_on for p in scope.programme.participants}
    for day, contact in scope.employer_meetings:
        pid = contact.participant_id
        if pid is None:
            continue  # job development for no one participant: no one's first contact
        if day < enrolled[pid]:
            continue  # before entry: not a contact of the job search the item times
        known = first_meeting.get(pid)
        if known is None or day < known:
            first_meeting[pid] = day
    jobs_of = by_participant(scope.programme.jobs)

    counted: list[str] = []
    waits: list[int] = []
    waiting = 0
    for participant in scope.programme.participants:
        if in_work_at_entry(participant, jobs_of.get(participant.id, ())):
            continue  # no job search to time
        entry_day = participant.enrolled_on
        first = first_meeting.get(participant.id)
        if first is not None and first in scope.period:
            counted.append(participant.id)
            waits.append((first - entry_day).days)
        elif (first is None or first > scope.period.end) and entry_day <= scope.period.end:
            left = participant.discharged_on
            if left is None or left >= scope.period.start:
                waiting += 1
    if not counted:
        return _not_computable(
            entry,
            "No participant had a first face-to-face employer contact in the period"
            + (f"; {waiting} were still waiting for one at its end." if waiting else "."),
            "participants whose first face-to-face contact with an employer after entry "
            "(Contact with mode face_to_face and party employer) falls in the period",
        )
    measure = sum(waits) / len(waits)
    summary = (
        f"{len(counted)} participants had their first face-to-face employer contact after "
        f"entry in the period, on average {measure:.1f} days after entry (longest "
        f"{max(waits)}). Participants in work at entry are left out; {waiting} other "
        "participants were still waiting for a first contact at the end of the period and "
        "are not in the average. Records: the participants counted."
    )
    counts = {
        "participants": len(counted),
        "mean_days": measure,
        "longest_days": max(waits),
        "still_waiting": waiting,
    }
    return _scored(entry, measure, summary, counts, counted)


def _job_development_frequency(entry: Item, scope: _ReviewScope) -> ItemResult:
    specialists = scope.programme.specialists
    if not specialists:
        return _no_specialists(entry)
    in_period = scope.in_period
    if not in_period:
        return _not_computable(
            entry,
            "The contact log has no contact in the period.",
            "the contact log of the period, with face-to-face employer contacts",
        )
    meetings = [c for c in in_period if _is_face_to_face_with_employer(c)]
    unattributed = [c for c in meetings if c.specialist_id is None]
    if unattributed:
        ids = [c.id or f"{c.participant_id}@{c.at}" for c in unattributed]
        return _not_computable(
            entry,
            f"{len(unattributed)} of {len(meetings)} face-to-face employer contacts in the "
            "period name no specialist, so the rate per specialist cannot be counted.",
            f"specialist_id on every face-to-face employer contact ({_listed(ids)})",
            ids,
        )
    by_specialist = dict.fromkeys((s.id for s in specialists), 0)
    for contact in meetings:
        by_specialist[contact.specialist_id or ""] += 1
    weeks = scope.weeks
    rates = {s.id: by_specialist[s.id] / s.fte / weeks for s in specialists}  # per full-time week
    measure = sum(rates.values()) / len(rates)
    summary = (
        f"{len(meetings)} face-to-face employer contacts in {weeks:.1f} weeks by "
        f"{len(specialists)} specialists. Each specialist's contacts a week, per full-time "
        f"equivalent, averaged over the specialists: {measure:.2f}. Whether a supervisor "
        "reviews a tracking form, which the anchors also ask, is for a rater. Records: the "
        "contacts counted (those with an id)."
    )
    counts: dict[str, float] = {
        "employer_contacts": len(meetings),
        "specialists": len(specialists),
        "weeks": weeks,
    }
    counts.update({f"per_week:{sid}": rate for sid, rate in rates.items()})
    records = [c.id for c in meetings if c.id is not None]
    return _scored(entry, measure, summary, counts, records)


def _distinct_share(
    entry: Item, scope: _ReviewScope, field: str, what: str, share_of: str
) -> ItemResult:
    jobs = scope.jobs_in_period()
    if not jobs:
        return _not_computable(
            entry, "No job was held during the period.", "jobs held during the period"
        )
    missing = [job.id for job in jobs if getattr(job, field) is None]
    if missing:
        return _not_computable(
            entry,
            f"{len(missing)} of {len(jobs)} jobs held during the period have no {field}.",
            f"{field} on every job held during the period ({_listed(missing)})",
            missing,
        )
    values = {" ".join(str(getattr(job, field)).split()).casefold() for job in jobs}
    measure = _share(len(values), len(jobs))
    summary = (
        f"{len(jobs)} jobs were held at some time in the period, with {len(values)} distinct "
        f"{what} (compared without regard to case or spacing), so {measure:.0f}% of jobs are "
        f"{share_of}. Records: the jobs."
    )
    counts = {"jobs": len(jobs), f"distinct_{field}s": len(values)}
    return _scored(entry, measure, summary, counts, [job.id for job in jobs])


def _job_type_diversity(entry: Item, scope: _ReviewScope) -> ItemResult:
    return _distinct_share(entry, scope, "job_type", "job types", "of different types")


def _employer_diversity(entry: Item, scope: _ReviewScope) -> ItemResult:
    return _distinct_share(entry, scope, "employer", "employers", "with different employers")


def _competitive_jobs(entry: Item, scope: _ReviewScope) -> ItemResult:
    jobs = scope.jobs_in_period()
    if not jobs:
        return _not_computable(
            entry, "No job was held during the period.", "jobs held during the period"
        )
    competitive = sum(1 for job in jobs if job.competitive)
    measure = _share(competitive, len(jobs))
    minimum = entry.thresholds.minimum_count if entry.thresholds else None
    summary = (
        f"{competitive} of the {len(jobs)} jobs held at some time in the period are "
        f"competitive: {measure:.0f}%."
    )
    if minimum is not None and len(jobs) < minimum:
        summary += f" With fewer than {minimum} jobs the scale scores 1."
    summary += " Records: the jobs."
    counts = {"jobs": len(jobs), "competitive_jobs": competitive}
    return _scored(entry, measure, summary, counts, [job.id for job in jobs], count=len(jobs))


_HALF = 50.0  # "at least half": the one proportion the follow-along anchors themselves give


def _time_unlimited_follow_along(entry: Item, scope: _ReviewScope) -> ItemResult:
    results = check(scope.programme, today=scope.period.end, rules=scope.rules)
    decided = [
        result
        for result in results
        if result.follow_up.rule in _FOLLOW_ALONG_RULES
        and result.follow_up.closes in scope.period
        and result.status in (Status.MET, Status.MISSED)
    ]
    if not decided:
        return _not_computable(
            entry,
            "No follow-along follow-up (pre_start, start, week, month, job_end) closed in "
            "the period.",
            "jobs whose follow-along windows close in the period, and the contact log",
        )
    met = dict.fromkeys(_FOLLOW_ALONG_RULES, 0)
    total = dict.fromkeys(_FOLLOW_ALONG_RULES, 0)
    for result in decided:
        total[result.follow_up.rule] += 1
        met[result.follow_up.rule] += result.status is Status.MET

    # Jobs whose fourth month in work ends in the period: was the participant met face to
    # face in each of those four months (a week follow-up, then months 2, 3 and 4)?
    by_job: dict[str, dict[tuple[Rule, int], Result]] = {}
    for result in results:
        follow_up = result.follow_up
        if follow_up.job_id is not None and follow_up.rule in (Rule.WEEK, Rule.MONTH):
            by_job.setdefault(follow_up.job_id, {})[follow_up.rule, follow_up.seq] = result
    four_months: list[str] = []
    sustained = 0
    for job_id, windows in by_job.items():
        last = windows.get((Rule.MONTH, 4))
        if last is None or last.follow_up.closes not in scope.period:
            continue
        months = [windows.get((Rule.MONTH, seq)) for seq in (2, 3, 4)]
        weeks = [r for (rule, _), r in windows.items() if rule is Rule.WEEK]
        needed = [*months, *weeks]
        if not weeks or any(r is None or r.status is Status.WAIVED for r in needed):
            continue  # reported late, or not followed for four months: not judged here
        four_months.append(job_id)
        if all(r is not None and r.status is Status.MET for r in months) and any(
            r.status is Status.MET for r in weeks
        ):
            sustained += 1

    counts: dict[str, float] = {}
    for rule in _FOLLOW_ALONG_RULES:
        counts[f"{rule.value}_met"] = met[rule]
        counts[f"{rule.value}_decided"] = total[rule]
    counts["jobs_followed_four_months"] = len(four_months)
    counts["jobs_met_each_of_four_months"] = sustained
    records = [result.follow_up.id for result in decided] + four_months

    def shares() -> str:
        return "; ".join(
            f"{rule.value} {met[rule]} of {total[rule]}" for rule in _FOLLOW_ALONG_RULES
        )

    if total[Rule.MONTH] and not met[Rule.MONTH]:
        score = 1
        measure = 0.0 if four_months else None
    elif not four_months:
        return _not_computable(
            entry,
            f"Follow-ups met in the period: {shares()}; but no job reached the end of its "
            "fourth month in work during the period.",
            "jobs whose fourth month in work ends in the period (not reported late, not "
            "ended or declined before)",
            records,
        )
    else:
        measure = _share(sustained, len(four_months))

        def in_place(rule: Rule) -> bool:
            return total[rule] == 0 or _share(met[rule], total[rule]) >= _HALF

        if measure < _HALF:
            score = 2
        elif not (in_place(Rule.WEEK) and in_place(Rule.MONTH)):
            score = 3
        elif not all(in_place(rule) for rule in (Rule.PRE_START, Rule.START, Rule.JOB_END)):
            score = 4
        else:
            score = 5
    summary = (
        f"From ipsrules.check() on the last day of the period, the follow-along follow-ups "
        f"that closed in it: {shares()} met. Of {len(four_months)} jobs whose fourth month "
        f"in work ended in the period, {sustained} had a face-to-face meeting in each of "
        "the four months. Reading of the anchors: 1 when no month follow-up was met; 2 when "
        "fewer than half of those jobs were met for four months; 3 when at least half were, "
        "but week or month follow-ups were met less than half the time; 4 when those were "
        "met but pre-start, start or job-end contacts were met less than half the time; 5 "
        "otherwise. The planned step-down to the treatment team is not in the records; a "
        "rater checks it. Records: the follow-ups counted, then the jobs followed for four "
        "months."
    )
    return ItemResult(
        item=entry,
        score=score,
        measure=measure,
        unit="% of jobs met face to face in each of their first four months",
        evidence=Evidence(summary=summary, counts=counts, records=records),
    )


def _community_based_services(entry: Item, scope: _ReviewScope) -> ItemResult:
    specialists = scope.programme.specialists
    if not specialists:
        return _no_specialists(entry)
    in_period = scope.in_period
    # (specialist, minutes, in the community) of every contact that has all three
    timed = [
        (c.specialist_id, c.minutes, c.setting is Setting.COMMUNITY, c.id)
        for c in in_period
        if c.setting is not None and c.minutes is not None and c.specialist_id is not None
    ]
    untimed = len(in_period) - len(timed)
    if not timed:
        return _not_computable(
            entry,
            f"None of the {len(in_period)} contacts in the period has a setting, minutes and "
            "a specialist.",
            "contacts in the period with setting, minutes and specialist_id",
        )
    community: dict[str, int] = {}
    minutes: dict[str, int] = {}
    for sid, length, outside, _ in timed:
        minutes[sid] = minutes.get(sid, 0) + length
        if outside:
            community[sid] = community.get(sid, 0) + length
    rated = [s.id for s in specialists if minutes.get(s.id)]
    if not rated:
        return _not_computable(
            entry,
            "The contacts in the period with a setting and minutes last 0 minutes in all.",
            "contacts in the period with their length in minutes",
        )
    shares = {sid: _share(community.get(sid, 0), minutes[sid]) for sid in rated}
    measure = sum(shares.values()) / len(shares)
    summary = (
        f"Of each specialist's logged contact time in the period (contacts with a setting, "
        f"minutes and a specialist: {len(timed)}), the share in the community, averaged over "
        f"{len(rated)} specialists: {measure:.0f}%. Contact time stands in for scheduled "
        f"work hours, which the records do not hold. {untimed} contacts without setting, "
        "minutes or specialist are left out. Records: the contacts counted (those with an id)."
    )
    counts: dict[str, float] = {
        "contacts_timed": len(timed),
        "contacts_left_out": untimed,
        "minutes": sum(minutes.values()),
        "community_minutes": sum(community.values()),
        "specialists_rated": len(rated),
    }
    counts.update({f"community_share:{sid}": share for sid, share in shares.items()})
    records = [cid for *_, cid in timed if cid is not None]
    return _scored(entry, measure, summary, counts, records)


# --- the judged items ----------------------------------------------------------------------

_RATER_LOOKS_AT: Mapping[str, str] = {
    "vocational_generalists": "which of the six phases each specialist carries out, from "
    "interviews and case records",
    "team_assignment": "which treatment teams each specialist belongs to and the share of "
    "the caseload they supply, from team rosters and interviews",
    "team_contact": "the five signs of frequent team contact, from observing a team meeting, "
    "the shared record and interviews",
    "vr_collaboration": "how often specialists and vocational rehabilitation counsellors meet "
    "and talk about shared participants, from logs and interviews",
    "vocational_unit": "whether specialists form a unit with group supervision and cover, "
    "from observing unit supervision and interviews",
    "supervisor_role": "the five parts of the supervisor's role, from interviews with the "
    "supervisor and specialists and field-mentoring logs",
    "zero_exclusion": "referral and eligibility practice, from policies, referral records and "
    "interviews",
    "agency_focus": "the five signs of an agency focus on work, from intake forms, care plans, "
    "displays and outcome reports",
    "executive_support": "the five signs of leadership support, from interviews with the "
    "agency's leaders and steering-group minutes",
    "work_incentives_planning": "how benefits planning is offered and by whom, from "
    "interviews and case records",
    "disclosure": "the four signs of good help with disclosure, from interviews with "
    "specialists and participants",
    "work_based_assessment": "vocational profiles and how they are kept up to date, from case "
    "records",
    "individualized_job_search": "the share of employer contacts based on the participant's "
    "preferences, from job search plans and employer-contact logs",
    "job_development_quality": "how specialists approach employers, from observing job "
    "development in the field and interviews",
    "individualized_follow_along": "the range and sources of in-work support, from case "
    "records and interviews",
    "assertive_engagement": "the six outreach strategies, from policies, outreach records and "
    "interviews",
}


def _judged(entry: Item) -> ItemResult:
    return _not_computable(
        entry,
        "Judged by a rater: the records do not carry what this item's anchors ask.",
        "a rater's score; a rater looks at " + _RATER_LOOKS_AT[entry.key],
    )


_COMPUTED: Mapping[str, Callable[[Item, _ReviewScope], ItemResult]] = {
    "caseload_size": _caseload_size,
    "employment_services_staff": _employment_services_staff,
    "rapid_job_search": _rapid_job_search,
    "job_development_frequency": _job_development_frequency,
    "job_type_diversity": _job_type_diversity,
    "employer_diversity": _employer_diversity,
    "competitive_jobs": _competitive_jobs,
    "time_unlimited_follow_along": _time_unlimited_follow_along,
    "community_based_services": _community_based_services,
}

COMPUTED_KEYS = tuple(key for key in (entry.key for entry in SCALE) if key in _COMPUTED)
"""The keys of the items that `compute_items` can score from records, in scale order."""


def _plain_day(name: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError("review period", name, f"expected a date, got {value!r}")
    return value


def compute_items(
    programme: Programme, *, start: date, end: date, rules: RuleSet = IPS25
) -> tuple[ItemResult, ...]:
    """
    Every item of the scale, scored from *programme*'s records where they allow it.

    Returns one `ItemResult` per item, in the order of the scale. The items of
    `COMPUTED_KEYS` are scored from the records of the period *start* to *end* (both days
    included) when the records carry what they need; every other result is not computable
    and says in `ItemResult.needs` what would be needed, or what a rater looks at.

    Args:
        programme: The records.
        start: The first day of the review period.
        end: The last day of the review period; follow-ups are checked as on this day.
        rules: The follow-up rules, for time-unlimited follow-along.

    Raises:
        ipsrules.ValidationError: *start* or *end* is not a date, or *end* is before *start*.
    """
    start = _plain_day("start", start)
    end = _plain_day("end", end)
    if end < start:
        raise ValidationError("review period", "end", f"{end} is before start {start}")
    zone = programme.zone
    employer_meetings: list[tuple[date, Contact]] = []
    in_period: list[Contact] = []
    for contact in programme.contacts:
        day = contact.local_date(zone)
        if start <= day <= end:
            in_period.append(contact)
        if _is_face_to_face_with_employer(contact):
            employer_meetings.append((day, contact))
    scope = _ReviewScope(
        programme=programme,
        period=Period(start, end),
        rules=rules,
        employer_meetings=tuple(employer_meetings),
        in_period=tuple(in_period),
    )
    return tuple(
        _COMPUTED[entry.key](entry, scope) if entry.key in _COMPUTED else _judged(entry)
        for entry in SCALE
    )
