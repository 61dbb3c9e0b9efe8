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
from .exceptions import Error, LoadError, ValidationError
from .io import dump, dumps, load, loads
from .rules import IPS25, Requirement, Rule, RuleSet

__all__ = [
    "IPS25",
    "Contact",
    "ContactMode",
    "Error",
    "FollowUp",
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
    "ValidationError",
    "add_months",
    "check",
    "dump",
    "dumps",
    "follow_up_id",
    "follow_ups",
    "load",
    "loads",
    "sample_programme",
]
