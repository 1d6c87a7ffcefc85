from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation and commendation")

    def ready(self):
        from emulation import checks  # noqa: F401  (registers the system check)
        from emulation.rules import evaluator, ruleset  # noqa: F401  (ruleset connects its cache's signals)

        evaluator.connect_records_signals()
