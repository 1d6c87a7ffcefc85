from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from portal import cache, permissions, sanitize, text

        connection_created.connect(text.register_sqlite_fold)
        post_migrate.connect(permissions.name_permissions, dispatch_uid="portal.name_permissions")
        cache.connect_signals()
        sanitize.protect_spreadsheet_exports()
