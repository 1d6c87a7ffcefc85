"""Admin screens of the portal's plumbing: the sign-in locks the office may lift."""

from axes.models import AccessAttempt
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet


class LockColumn(Column):
    """Whether the account is locked now (its failures reached the limit and the cool-off has not passed)."""

    def get_value(self, instance):
        from django.conf import settings

        locked = instance.failures_since_start >= settings.AXES_FAILURE_LIMIT and (
            instance.attempt_time + settings.AXES_COOLOFF_TIME > timezone.now()
        )
        return _("Locked") if locked else _("Not locked")


class SignInLockViewSet(ModelViewSet):
    """Failed sign-ins per account, from django-axes. Deleting a row lifts that account's lock."""

    model = AccessAttempt
    name = "sign-in-locks"
    icon = "lock"
    menu_label = _("Sign-in locks")
    add_to_settings_menu = True
    list_display = [
        "username",
        "ip_address",
        "failures_since_start",
        "attempt_time",
        LockColumn("locked", label=_("Status")),
    ]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    inspect_view_enabled = True
    inspect_view_fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time"]
    form_fields = ["username"]  # nothing is added or edited here: the office has view and delete only
