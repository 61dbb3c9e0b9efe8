"""
The rules of IPS (Individual Placement and Support) as code.

The public surface is re-exported here; the modules behind it may move.
"""

from ._check_report import CHECK_COLUMNS, CheckReport, check_report
from ._document import Block, BulletList, Document, Heading, Paragraph, Table
from ._frames import from_frames, to_frames
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
from ._quality import Finding, QualityCheck, QualityReport, Severity, quality, quality_report
from ._sample import SAMPLE_REPORT_DATE, sample_programme
from ._windows import FollowUp, add_months, follow_up_id, follow_ups
from .exceptions import (
    DumpError,
    Error,
    FrameError,
    LoadError,
    MissingPackageError,
    UnknownLocaleError,
    UnknownRecordError,
    ValidationError,
    WorkbookError,
)
from .feeds import Disclosure, Include, event_uid, feed_bytes, iter_feed, to_calendar, write_feed
from .formats import (
    dump,
    dump_csv,
    dump_excel,
    dumps,
    excel_template,
    load,
    load_csv,
    load_excel,
    loads,
)
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
    "DumpError",
    "Error",
    "ExitReason",
    "Finding",
    "FollowUp",
    "FrameError",
    "Handover",
    "Heading",
    "Include",
    "Internship",
    "Job",
    "LoadError",
    "MissingPackageError",
    "Paragraph",
    "Participant",
    "Party",
    "Period",
    "Programme",
    "QualityCheck",
    "QualityReport",
    "Referral",
    "ReferralState",
    "Requirement",
    "Result",
    "Rule",
    "RuleSet",
    "Setting",
    "Severity",
    "Specialist",
    "Status",
    "Study",
    "Table",
    "UnknownLocaleError",
    "UnknownRecordError",
    "ValidationError",
    "WorkAbilityAssessment",
    "WorkbookError",
    "add_months",
    "check",
    "check_report",
    "dump",
    "dump_csv",
    "dump_excel",
    "dumps",
    "event_uid",
    "excel_template",
    "feed_bytes",
    "follow_up_id",
    "follow_ups",
    "from_frames",
    "iter_feed",
    "load",
    "load_csv",
    "load_excel",
    "loads",
    "quality",
    "quality_report",
    "sample_programme",
    "to_calendar",
    "to_frames",
    "write_feed",
]
