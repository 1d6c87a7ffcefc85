"""Admin screens of the portal's plumbing: the sign-in locks the office may lift."""

from axes.models import AccessAttempt
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

# django-axes names its model and fields in English only: the project's catalogue gives them their Vietnamese.
AXES_NAMES = (
    _("access attempt"),
    _("access attempts"),
    _("Username"),
    _("IP Address"),
    _("User Agent"),
    _("Path"),
    _("Failed Logins"),
    _("Attempt Time"),
    _("GET Data"),
    _("POST Data"),
    _("HTTP Accept"),
)


class LockColumn(Column):
    """Whether the account is locked now (its failures reached the limit and the cool-off has not passed)."""

    def get_value(self, instance):
        from django.conf import settings

        locked = instance.failures_since_start >= settings.AXES_FAILURE_LIMIT and (
            instance.attempt_time + settings.AXES_COOLOFF_TIME > timezone.now()
        )
        return _("Locked") if locked else _("Not locked")


class SignInLockViewSet(ModelViewSet):
    """Failed sign-ins per account, from django-axes. Deleting a row lifts that account's lock; nothing is added or
    edited here (the office has view and delete only, and the add button is gone for administrators too)."""

    model = AccessAttempt
    name = "sign-in-locks"
    icon = "lock"
    menu_label = _("Sign-in locks")
    add_to_settings_menu = True
    list_display = [
        Column("username", label=_("Account"), sort_key="username"),
        Column("ip_address", label=_("Last address"), sort_key="ip_address"),
        Column("failures_since_start", label=_("Failed sign-ins"), sort_key="failures_since_start"),
        Column("attempt_time", label=_("Last failure"), sort_key="attempt_time"),
        LockColumn("locked", label=_("Status")),
    ]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    inspect_view_enabled = True
    inspect_view_fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time"]
    form_fields = ["username"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(add_url_name=None, **kwargs)
