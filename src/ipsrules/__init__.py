"""
The rules of IPS (Individual Placement and Support) as code.

The public surface is re-exported here; the modules behind it may move.
"""

from ._matching import Result, Status, check
from ._model import (
    NO_INCOME_SUPPORT,
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
from ._period import Period
from ._sample import SAMPLE_REPORT_DATE, sample_programme
from ._windows import FollowUp, add_months, follow_up_id, follow_ups
from .exceptions import Error, LoadError, UnknownRecordError, ValidationError
from .feeds import Disclosure, Include, event_uid, feed_bytes, iter_feed, to_calendar, write_feed
from .formats import dump, dump_csv, dumps, load, load_csv, loads
from .rules import IPS25, Requirement, Rule, RuleSet

__all__ = [
    "IPS25",
    "NO_INCOME_SUPPORT",
    "SAMPLE_REPORT_DATE",
    "Contact",
    "ContactMode",
    "Disclosure",
    "Error",
    "ExitReason",
    "FollowUp",
    "Include",
    "Internship",
    "Job",
    "LoadError",
    "Participant",
    "Party",
    "Period",
    "Programme",
    "Referral",
    "ReferralState",
    "Requirement",
    "Result",
    "Rule",
    "RuleSet",
    "Setting",
    "Specialist",
    "Status",
    "Study",
    "UnknownRecordError",
    "ValidationError",
    "add_months",
    "check",
    "dump",
    "dump_csv",
    "dumps",
    "event_uid",
    "feed_bytes",
    "follow_up_id",
    "follow_ups",
    "iter_feed",
    "load",
    "load_csv",
    "loads",
    "sample_programme",
    "to_calendar",
    "write_feed",
]
