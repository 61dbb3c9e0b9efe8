"""
The rules of IPS (Individual Placement and Support) as code.

The public surface is re-exported here; the modules behind it may move.
"""

from ._matching import Result, Status, check
from ._model import (
    Contact,
    ContactMode,
    Job,
    Participant,
    Party,
    Programme,
    Setting,
    Specialist,
)
from ._sample import sample_programme
from ._windows import FollowUp, add_months, follow_up_id, follow_ups
from .exceptions import Error, LoadError, UnknownRecordError, ValidationError
from .feeds import Disclosure, Include, event_uid, feed_bytes, to_calendar, write_feed
from .io import dump, dumps, load, loads
from .rules import IPS25, Requirement, Rule, RuleSet

__all__ = [
    "IPS25",
    "Contact",
    "ContactMode",
    "Disclosure",
    "Error",
    "FollowUp",
    "Include",
    "Job",
    "LoadError",
    "Participant",
    "Party",
    "Programme",
    "Requirement",
    "Result",
    "Rule",
    "RuleSet",
    "Setting",
    "Specialist",
    "Status",
    "UnknownRecordError",
    "ValidationError",
    "add_months",
    "check",
    "dump",
    "dumps",
    "event_uid",
    "feed_bytes",
    "follow_up_id",
    "follow_ups",
    "load",
    "loads",
    "sample_programme",
    "to_calendar",
    "write_feed",
]
