"""The rules of emulation and commendation, read from each year's rule set.

Rules are data (LegalFramework and EmulationYear rows); this package only knows how to apply each kind of rule.
Public API: `rule_set_for(year)`, `eligibility(year)`, `check_award(award)`, `deadline_met(...)`,
`unit_deadline(...)`.
"""

from emulation.rules.evaluator import AwardCheck, Reason, check_award, eligibility, quota_max
from emulation.rules.ruleset import RuleSetMissing, deadline_cutoff, deadline_met, rule_set_for, unit_deadline

__all__ = [
    "AwardCheck",
    "Reason",
    "RuleSetMissing",
    "check_award",
    "deadline_cutoff",
    "deadline_met",
    "eligibility",
    "quota_max",
    "rule_set_for",
    "unit_deadline",
]
