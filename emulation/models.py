"""Records of the emulation and commendation programme."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Unit(models.Model):
    """A unit of the department: the office, a specialised division, a centre, a union, a council."""

    class Kind(models.TextChoices):
        OFFICE = "van-phong", _("office")
        DIVISION = "phong-chuyen-mon", _("specialised division")
        CENTRE = "trung-tam", _("centre")
        UNION = "cong-doan", _("trade union")
        YOUTH_UNION = "chi-doan", _("youth union branch")
        COUNCIL = "hoi-dong", _("council")
        OTHER = "khac", _("other")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9-]+$", _("Use capital letters without diacritics, digits and hyphens, e.g. QLCN.")
            ),
        ],
        help_text=_("Stable key used by imports and links, e.g. VP. Capital letters, digits and hyphens."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0, editable=False)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name
