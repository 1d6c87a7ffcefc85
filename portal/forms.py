"""Sign-in forms of the portal side and of the admin, both refusing attempts after repeated failures."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from portal import ratelimit
from portal.text import fold


class LoginThrottleMixin:
    max_failures = 5
    window = 15 * 60

    def clean(self):
        username = fold(self.data.get("username", ""))
        ip = ratelimit.client_ip(self.request) if self.request else ""
        keys = [f"login:user:{username}", f"login:ip:{ip}"]
        if any(ratelimit.count(key) >= self.max_failures for key in keys):
            raise forms.ValidationError(
                _("Too many failed sign-ins. Try again in 15 minutes, or reset your password."), code="throttled"
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            for key in keys:
                ratelimit.hit(key, self.window)
            raise
        ratelimit.reset(keys[0])
        return cleaned


class ThrottledLoginForm(LoginThrottleMixin, AuthenticationForm):
    """The unit portal's sign-in."""


class AdminLoginForm(LoginThrottleMixin, LoginForm):
    """The admin's sign-in: Wagtail's form, with its password field labelled and attempts throttled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
