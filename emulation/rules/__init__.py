"""The rules of emulation and commendation, read from each year's rule set.

Rules are data (LegalFramework and EmulationYear rows); this package only knows how to apply each kind of rule.
Public API: `rule_set_for(year, on=None)` (the law in force on the decision date `on`, else on 31 December),
`eligibility(year)` and its cached `eligibility_summary(year)`, `check_award(award)`, `grade_warnings(year)`, `deadline_met(...)`, `unit_deadline(...)`.
"""

from emulation.rules.evaluator import (
    NON_CANDIDATE_KINDS,
    AwardCheck,
    Reason,
    check_award,
    eligibility,
    eligibility_summary,
    grade_warnings,
    is_candidate,
    merge_reasons,
    quota_max,
    records_changed,
    records_version,
)
from emulation.rules.ruleset import RuleSetMissing, deadline_cutoff, deadline_met, rule_set_for, unit_deadline

__all__ = [
    "NON_CANDIDATE_KINDS",
    "AwardCheck",
    "Reason",
    "RuleSetMissing",
    "check_award",
    "deadline_cutoff",
    "deadline_met",
    "eligibility",
    "eligibility_summary",
    "grade_warnings",
    "is_candidate",
    "merge_reasons",
    "quota_max",
    "records_changed",
    "records_version",
    "rule_set_for",
    "unit_deadline",
]
