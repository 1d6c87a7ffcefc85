"""The sign-in policy, one for every door: the unit portal's sign-in, the admin's, Wagtail's own sign-in for private
content and the password-reset request.

Failures are counted by django-axes in the database (shared by every app server), per account: after
AXES_FAILURE_LIMIT failures the account is locked for AXES_COOLOFF_TIME, whatever the address it is tried from, and a
password reset lifts the lock. Per client address the count is much looser (SIGNIN_ADDRESS_FAILURE_LIMIT failures,
over any accounts), so that one clerk's typos never lock out an office that shares one address. The office sees and
lifts locks in the admin (Đăng nhập bị khoá).
"""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm

from portal import ratelimit
from portal.text import fold

LOCKED = _("Too many failed sign-ins. Try again in 15 minutes, or reset your password.")
ADDRESS_WINDOW = 15 * 60


def axes_username(request, credentials):
    """The account a sign-in is counted against: the name as typed, case and accents aside."""
    username = (credentials or {}).get("username") or (request.POST.get("username") if request else "") or ""
    return fold(username.strip())


def lockout_response(request, original_response, credentials):
    """A locked account sees the sign-in page again, with the form's message saying why (status 429)."""
    if original_response is not None and original_response.get("Content-Type", "").startswith("text/html"):
        original_response.status_code = 429
        return original_response
    from django.shortcuts import render

    return render(request, "429.html", status=429)


def lift_lock(username):
    """Lift the account's lock and forget its failures (after a password reset, or by the office)."""
    from axes.utils import reset

    reset(username=fold(username.strip()))


class SignInPolicyMixin:
    """Refuses a sign-in from an address with too many failures, and says so when the account is locked."""

    def address_key(self):
        return f"signin:ip:{ratelimit.client_ip(self.request) if self.request else ''}"

    def clean(self):
        if ratelimit.count(self.address_key()) >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT:
            raise forms.ValidationError(LOCKED, code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            ratelimit.hit(self.address_key(), ADDRESS_WINDOW)
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(LOCKED, code="throttled") from None
            raise


class ThrottledLoginForm(SignInPolicyMixin, AuthenticationForm):
    """The unit portal's sign-in (also Wagtail's sign-in for private content: WAGTAIL_FRONTEND_LOGIN_URL)."""


class AdminLoginForm(SignInPolicyMixin, LoginForm):
    """The admin's sign-in: Wagtail's form, with its password field labelled and the same policy."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class ThrottledPasswordResetForm(PasswordResetForm):
    """The password-reset request: a few a quarter of an hour per address, and per e-mail address. The answer is
    the same whether or not the address has an account."""

    limit = 5

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"]
        keys = [f"reset:ip:{ratelimit.client_ip(self.request) if self.request else ''}", f"reset:email:{email.lower()}"]
        if any(ratelimit.hit(key, ADDRESS_WINDOW) > self.limit for key in keys):
            raise forms.ValidationError(
                _("Too many password reset requests. Try again in 15 minutes."), code="throttled"
            )
        return email


class LockLiftingSetPasswordForm(SetPasswordForm):
    """Setting a new password through the reset link lifts the account's sign-in lock."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        lift_lock(user.get_username())
        return user


class PrivateFileLink:
    """The current file of a form's file field, linked to its private download instead of the storage's URL."""

    def __init__(self, url, text):
        self.url, self.text = url, text

    def __str__(self):
        return str(self.text)


class DocumentTemplateFileInput(forms.ClearableFileInput):
    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if self.is_initial(value) and instance is not None and instance.pk:
            url = reverse("portal_document_template_file", args=[instance.pk])
            context["widget"]["value"] = PrivateFileLink(url, _("Download the current file"))
        return context


class DocumentTemplateForm(WagtailAdminModelForm):
    """Refuses, next to the file, a template that cannot be filled in: it is filled in with its kind's sample data
    (portal.documents.SAMPLES) before it is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget = DocumentTemplateFileInput(attrs={"accept": ".docx"})

    def clean(self):
        from portal.documents import MAX_TEMPLATE_SIZE, DocumentTemplateError, check_template

        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if not upload or not kind or not {"file", "kind"} & set(self.changed_data):
            return cleaned
        if upload.size > MAX_TEMPLATE_SIZE:
            self.add_error("file", _("The template is larger than 5 MB."))
            return cleaned
        try:
            upload.open("rb")
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
        except FileNotFoundError:
            self.add_error("file", _("The current file is missing: upload the template again."))
            return cleaned
        try:
            check_template(data, kind)
        except DocumentTemplateError as error:
            self.add_error("file", str(error))
        return cleaned
