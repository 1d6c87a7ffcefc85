from django.core.checks import Error, register
from django.db import DatabaseError
from django.utils import timezone


@register("emulation")
def current_year_has_a_rule_set(app_configs=None, **kwargs):
    """Records of the current year must be judged by some rule set: a legal framework must cover the year."""
    from emulation.rules.ruleset import framework_for

    today = timezone.localdate()
    try:
        framework = framework_for(today)
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    if framework is None:
        return [
            Error(
                f"No legal framework is in force on {today:%d/%m/%Y}.",
                hint="Add one under Thi đua – Khen thưởng → Legal frameworks, or extend the latest one's dates.",
                id="emulation.E001",
            )
        ]
    return []
