"""
The rules of IPS (Individual Placement and Support) as code.

The public surface is re-exported here; the modules behind it may move. Each name is imported
when it is first used, so that a program (``ipsrules check``, say) starts without loading the
parts it never runs: calendar feeds, fidelity, outcomes, pandas and workbook support.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from ._check_report import CHECK_COLUMNS, CheckReport, check_report
    from ._document import Block, BulletList, Document, Heading, Paragraph, Table
    from ._frames import from_frames, to_frames
    from ._locale import LOCALES
    from ._matching import Result, Status, check
    from ._model import (
        NO_INCOME_SUPPORT,
        Contact,
        ContactLog,
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
        LoadProblemsError,
        MissingPackageError,
        Problem,
        UnknownLocaleError,
        UnknownRecordError,
        ValidationError,
        WorkbookError,
    )
    from .feeds import (
        Disclosure,
        Include,
        event_uid,
        feed_bytes,
        iter_feed,
        to_calendar,
        write_feed,
    )
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

_MODULES: Final[dict[str, tuple[str, ...]]] = {
    "._check_report": (
        "CHECK_COLUMNS",
        "CheckReport",
        "check_report",
    ),
    "._document": (
        "Block",
        "BulletList",
        "Document",
        "Heading",
        "Paragraph",
        "Table",
    ),
    "._frames": (
        "from_frames",
        "to_frames",
    ),
    "._locale": ("LOCALES",),
    "._matching": (
        "Result",
        "Status",
        "check",
    ),
    "._model": (
        "NO_INCOME_SUPPORT",
        "Contact",
        "ContactLog",
        "ContactMode",
        "ExitReason",
        "Handover",
        "Internship",
        "Job",
        "Participant",
        "Party",
        "Programme",
        "Referral",
        "ReferralState",
        "Setting",
        "Specialist",
        "Study",
        "WorkAbilityAssessment",
    ),
    "._period": ("Period",),
    "._quality": (
        "Finding",
        "QualityCheck",
        "QualityReport",
        "Severity",
        "quality",
        "quality_report",
    ),
    "._sample": (
        "SAMPLE_REPORT_DATE",
        "sample_programme",
    ),
    "._windows": (
        "FollowUp",
        "add_months",
        "follow_up_id",
        "follow_ups",
    ),
    ".exceptions": (
        "DumpError",
        "Error",
        "FrameError",
        "LoadError",
        "LoadProblemsError",
        "MissingPackageError",
        "Problem",
        "UnknownLocaleError",
        "UnknownRecordError",
        "ValidationError",
        "WorkbookError",
    ),
    ".feeds": (
        "Disclosure",
        "Include",
        "event_uid",
        "feed_bytes",
        "iter_feed",
        "to_calendar",
        "write_feed",
    ),
    ".formats": (
        "dump",
        "dump_csv",
        "dump_excel",
        "dumps",
        "excel_template",
        "load",
        "load_csv",
        "load_excel",
        "loads",
    ),
    ".rules": (
        "IPS25",
        "Requirement",
        "Rule",
        "RuleSet",
    ),
}
"""The public names, by the module that defines them (relative to this package)."""

_MODULE_OF: Final = {name: module for module, names in _MODULES.items() for name in names}

_SUBMODULES: Final = frozenset(
    {
        "exceptions",
        "feeds",
        "fidelity",
        "formats",
        "outcomes",
        "rules",
        "server",
        "strategies",
        "synthetic",
    }
)
"""Public modules that ``ipsrules.<name>`` gives after ``import ipsrules`` alone."""


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module, __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})


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
    "ContactLog",
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
    "LoadProblemsError",
    "MissingPackageError",
    "Paragraph",
    "Participant",
    "Party",
    "Period",
    "Problem",
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
