from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Pages")

    def ready(self):
        from emulation.reports import register_section
        from home.reports import plan_tasks_section

        register_section(plan_tasks_section)

        from home import bloc

        bloc.register()

        from home import search

        search.connect_signals()

        from home import renditions

        renditions.connect_signals()
