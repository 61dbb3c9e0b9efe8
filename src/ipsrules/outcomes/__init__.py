"""
Outcome and capacity reports: what a service achieves, for how many, at what cost.

Status on a day, outcome metrics over a period, caseload against the IPS target, the
quarterly report of the IPS learning communities and a one-page board report, all
computed from a programme's records; `docs/outcomes.md` defines every figure.
"""

from ipsrules._locale import LOCALES, format_amount, format_day, format_number, format_share
from ipsrules._period import Period
from ipsrules.outcomes._board import FIGURE_COLUMNS, BoardReport, board_report
from ipsrules.outcomes._budget import MAX_YEARLY_COST, Amount, Budget, BudgetLine
from ipsrules.outcomes._capacity import (
    CASELOAD_TARGET,
    TARGET_RANGE,
    Capacity,
    Cost,
    capacity,
    cost,
    exact,
    prorate,
)
from ipsrules.outcomes._continuity import (
    Continuity,
    Responsibility,
    continuity,
    handovers_in,
    responsibilities,
)
from ipsrules.outcomes._metrics import (
    EXITS_TO_WORK_OR_STUDIES,
    Count,
    Disagreements,
    Metric,
    OutcomeMetrics,
    Share,
    Summary,
    outcome_metrics,
)
from ipsrules.outcomes._quarterly import (
    BENCHMARKS,
    COLUMNS,
    QuarterlyReport,
    QuarterOutcomes,
    benchmark,
    quarter_outcomes,
    quarterly_report,
    quarters_between,
)
from ipsrules.outcomes._status import (
    PRECEDENCE,
    ParticipantStatus,
    StatusCounts,
    status_counts,
    status_on,
    waiting_list,
)

__all__ = [
    "BENCHMARKS",
    "CASELOAD_TARGET",
    "COLUMNS",
    "EXITS_TO_WORK_OR_STUDIES",
    "FIGURE_COLUMNS",
    "LOCALES",
    "MAX_YEARLY_COST",
    "PRECEDENCE",
    "TARGET_RANGE",
    "Amount",
    "BoardReport",
    "Budget",
    "BudgetLine",
    "Capacity",
    "Continuity",
    "Cost",
    "Count",
    "Disagreements",
    "Metric",
    "OutcomeMetrics",
    "ParticipantStatus",
    "Period",
    "QuarterOutcomes",
    "QuarterlyReport",
    "Responsibility",
    "Share",
    "StatusCounts",
    "Summary",
    "benchmark",
    "board_report",
    "capacity",
    "continuity",
    "cost",
    "exact",
    "format_amount",
    "format_day",
    "format_number",
    "format_share",
    "handovers_in",
    "outcome_metrics",
    "prorate",
    "quarter_outcomes",
    "quarterly_report",
    "quarters_between",
    "responsibilities",
    "status_counts",
    "status_on",
    "waiting_list",
]
