"""
The builder of a whole synthetic programme: people, then activities, contacts and referrals.

The parts are drawn in a fixed order from one seeded source, so the same arguments give
the same records; the order is part of the output, and changing it changes every record.
"""

from __future__ import annotations

import random
from datetime import date

import attrs

from ipsrules._grouping import by_participant
from ipsrules._model import Programme
from ipsrules._windows import follow_ups

from ._activities import Activities
from ._contacts import ContactLog
from ._dates import default_contacts_until, default_report_date
from ._draws import Draws
from ._people import draw_participants, draw_plans, draw_specialists
from ._referrals import draw_referrals
from ._staffing import apply_staff_changes, plan_staff_changes
from ._values import ZONE_NAME
from ._work_ability import draw_judgements


def synthetic_programme(
    *,
    participants: int = 92,
    specialists: int = 6,
    seed: int = 2025,
    first_enrolment: date = date(2024, 11, 4),
    years: float = 2.0,
    report_date: date | None = None,
    contacts_until: date | None = None,
    programme_id: str = "exempelstaden-ips",
    name: str = "Exempelstaden IPS (synthetic)",
) -> Programme:
    """
    A made-up IPS service with a realistic contact log; no real person is in it.

    It exists to try the library, benchmark it and show it (the bundled sample, the docs and
    the benchmarks are made with it) on data shaped like a Swedish IPS service (caseloads of
    15 to 20, job development with employers from the first weeks, participants in jobs,
    studies and internships, a waiting list, follow-along that meets most but not all of the
    rules) without anyone's records. The result depends on the arguments only: the same
    arguments give an equal programme on every run and every machine.

    On *report_date*, *participants* participants are active, and what they do is split as in
    a board report's example (of 92: 19 in competitive jobs and 3 in other paid work, 15
    studying, 31 in an internship, 24 planning or searching; largest remainders for other
    counts), with 51 referrals per 92 waiting. Besides them the programme holds participants
    who left before the report date (about one per four active, with exit reasons and income
    support) and a few who enrolled after it from the waiting list.

    Args:
        participants: How many participants are active on *report_date*, enrolled between
            *first_enrolment* and that day.
        specialists: How many employment specialists share the caseload.
        seed: The seed of the random draws.
        first_enrolment: The day the first participant enrols.
        years: The length of the span that the records describe, from *first_enrolment*.
        report_date: The day whose status counts follow the board report's example; by
            default `default_report_date` (30 September 2026 for the sample).
        contacts_until: The last day of the contact log; by default 16 days after the end of
            the span (`default_contacts_until`), which is also the day the other records
            describe.
        programme_id: The programme's id.
        name: The programme's name.

    Raises:
        ValueError: No specialist, a negative count of participants, a span of no positive
            length, or a *report_date* outside the records.
    """
    if participants < 0 or specialists < 1:
        msg = (
            "need at least one specialist and no negative count of participants, got "
            f"participants={participants}, specialists={specialists}"
        )
        raise ValueError(msg)
    known_on = default_contacts_until(first_enrolment, years)
    report = default_report_date(first_enrolment, years) if report_date is None else report_date
    if not first_enrolment <= report <= known_on:
        msg = (
            f"report_date must be from first_enrolment ({first_enrolment}) to the end of the "
            f"records ({known_on}), got {report}"
        )
        raise ValueError(msg)
    draws = Draws(
        rng=random.Random(seed),
        known_on=known_on,
        report_date=report,
        contacts_until=known_on if contacts_until is None else contacts_until,
    )
    staff = draw_specialists(draws, specialists)
    # Staff changes, job development and judgements of work ability draw from sources of
    # their own: added to the records, they leave the others as they were.
    staffing = random.Random(f"{seed}:staff")
    changes = plan_staff_changes(staff, staffing, first_enrolment, report, draws.known_on)
    dated_staff = staff if changes is None else changes.dated(staff)
    plans = draw_plans(draws, participants, first_enrolment)
    people = draw_participants(draws, plans, staff)
    activities = Activities(draws)
    for participant, plan in zip(people, plans, strict=True):
        activities.draw(participant, plan)
    skeleton = Programme(
        id=programme_id,
        name=name,
        timezone=ZONE_NAME,
        specialists=tuple(dated_staff),
        participants=tuple(people),
        jobs=tuple(activities.jobs),
        studies=tuple(activities.studies),
        internships=tuple(activities.internships),
    )
    windows_of = by_participant(follow_ups(skeleton, until=draws.contacts_until))
    jobs_of = by_participant(activities.jobs)
    colleagues = [specialist.id for specialist in staff]
    log = ContactLog(draws)
    for index, participant in enumerate(people):
        log.plan(
            participant,
            index,
            jobs_of.get(participant.id, []),
            windows_of.get(participant.id, []),
            colleagues,
        )
    del windows_of  # a million follow-ups on a county: not needed past this point
    job_development = random.Random(f"{seed}:job-development")
    log.plan_job_development(dated_staff, job_development, first_enrolment, len(people))
    contacts = log.finish()
    # Drawn last, so that the waiting list can change without changing the contact log.
    referrals = draw_referrals(draws, people, participants, first_enrolment)
    programme = attrs.evolve(skeleton, contacts=tuple(contacts), referrals=tuple(referrals))
    if changes is not None:
        programme = apply_staff_changes(programme, changes, staffing)
    judged = draw_judgements(programme, random.Random(f"{seed}:work-ability"), draws.known_on)
    return attrs.evolve(programme, work_ability_assessments=judged)
