"""Two-step sign-in to the admin (TOTP, with django-otp), optional for every admin account.

An account that has enrolled signs in with its password (any door: the admin's or the portal's), then gives the
six-digit code of its authenticator app, or one of its ten backup codes, before any admin screen opens. With
REQUIRE_2FA=true, superusers and the office (Văn phòng) must enrol before they reach the admin. The unit portal
(/don-vi/) is not concerned: units have no admin.
"""

import base64

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from emulation.files import OFFICE_GROUP

BACKUP_CODES = 10
DEVICE_NAME = "Ứng dụng xác thực"


def must_enrol(user):
    """Whether REQUIRE_2FA obliges this account to use the two-step sign-in."""
    if not settings.REQUIRE_2FA:
        return False
    return user.is_superuser or user.groups.filter(name=OFFICE_GROUP).exists()


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed else default


# What the two-step pages themselves need: signing in and out, the admin's icon sprite and its JavaScript catalogue
# (fetched by every admin page's script: answering them with a redirect would put a page where an icon belongs).
EXEMPT = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/jsi18n/",
    "/admin/sprite/",
    "/admin/xac-thuc-hai-buoc/",
)


class TwoFactorGateMiddleware:
    """Under /admin/: an enrolled account whose session has not given its code is sent to give it; an account that
    must enrol is sent to enrol. Only those pages, signing out and the admin's static files are let through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()  # the session gave its code (OTPMiddleware reads it): nothing to ask
            and path.startswith("/admin/")
            and not path.startswith(EXEMPT)
        ):
            if user_has_device(user):
                return redirect(f"{reverse('twofactor_verify')}?next={request.get_full_path()}")
            if must_enrol(user):
                return redirect(reverse("twofactor_setup"))
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
    )

    def __init__(self, *args, user=None, devices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices = devices
        self.device = None

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "").strip()
        if self.devices is not None:
            device = next((d for d in self.devices if d.verify_token(token)), None)
        else:
            device = match_token(self.user, token)
        if device is None:
            raise forms.ValidationError(_("This code is not right, or it has expired. Try the code shown now."))
        self.device = device
        return token


def verify(request):
    """The second step: the code of the enrolled device, or a backup code (each works once)."""
    if not user_has_device(request.user):
        return redirect(reverse("wagtailadmin_home"))
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(request, _("Backup code used: %(left)s left.") % {"left": left})
        return redirect(safe_next(request, reverse("wagtailadmin_home")))
    return TemplateResponse(request, "portal/twofactor_verify.html", {"form": form, "next": safe_next(request, "")})


def qr_data_uri(url):
    """The QR code of the otpauth:// address as an SVG data URI (a standalone SVG, drawn here: nothing fetched)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=5, dark="#1d1d1f")


def new_backup_codes(user):
    device, _created = StaticDevice.objects.get_or_create(user=user, name=DEVICE_NAME + " – dự phòng")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


def setup(request):
    """Enrol: scan the QR code (or type the key) into an authenticator app, give one code to confirm; then the ten
    backup codes, shown once. Once enrolled: new backup codes, or turn the two-step sign-in off (unless required)."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed:
        if request.method == "POST" and "new_codes" in request.POST:
            codes = new_backup_codes(user)
            return TemplateResponse(request, "portal/twofactor_codes.html", {"codes": codes})
        if request.method == "POST" and "turn_off" in request.POST and not must_enrol(user):
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-step sign-in is off for this account."))
            return redirect(reverse("twofactor_setup"))
        return TemplateResponse(
            request, "portal/twofactor_setup.html", {"enrolled": True, "required": must_enrol(user)}
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None, user=user, devices=[device])
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_backup_codes(user)
        otp_login(request, device)
        messages.success(request, _("Two-step sign-in is on for this account."))
        return TemplateResponse(request, "portal/twofactor_codes.html", {"codes": codes})
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "enrolled": False,
        "required": must_enrol(user),
        "form": form,
        "qr": qr_data_uri(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return TemplateResponse(request, "portal/twofactor_setup.html", context)
