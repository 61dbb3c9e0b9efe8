"""
The rules of IPS (Individual Placement and Support) as code.

The public surface is re-exported here; the modules behind it may move.
"""

from ._check_report import CHECK_COLUMNS, CheckReport, check_report
from ._document import Block, BulletList, Document, Heading, Paragraph, Table
from ._locale import LOCALES
from ._matching import Result, Status, check
from ._model import (
    NO_INCOME_SUPPORT,
    Contact,
    ContactMode,
    ExitReason,
    Handover,
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
    WorkAbilityAssessment,
)
from ._period import Period
from ._sample import SAMPLE_REPORT_DATE, sample_programme
from ._windows import FollowUp, add_months, follow_up_id, follow_ups
from .exceptions import (
    Error,
    LoadError,
    LoadProblemsError,
    Problem,
    UnknownLocaleError,
    UnknownRecordError,
    ValidationError,
)
from .feeds import Disclosure, Include, event_uid, feed_bytes, iter_feed, to_calendar, write_feed
from .formats import dump, dump_csv, dumps, load, load_csv, loads
from .rules import IPS25, Requirement, Rule, RuleSet

__all__ = [
    "CHECK_COLUMNS",
    "IPS25",
    "LOCALES",
    "NO_INCOME_SUPPORT",
    "SAMPLE_REPORT_DATE",
    "Block",
    "BulletList",
    "CheckReport",
    "Contact",
    "ContactMode",
    "Disclosure",
    "Document",
    "Error",
    "ExitReason",
    "FollowUp",
    "Handover",
    "Heading",
    "Include",
    "Internship",
    "Job",
    "LoadError",
    "LoadProblemsError",
    "Paragraph",
    "Participant",
    "Party",
    "Period",
    "Problem",
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
    "Table",
    "UnknownLocaleError",
    "UnknownRecordError",
    "ValidationError",
    "WorkAbilityAssessment",
    "add_months",
    "check",
    "check_report",
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
