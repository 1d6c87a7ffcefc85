from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.backends.signals import connection_created

        from portal import cache, sanitize, text

        connection_created.connect(text.register_sqlite_fold)
        cache.connect_signals()
        sanitize.protect_spreadsheet_exports()
