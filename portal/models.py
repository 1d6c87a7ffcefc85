"""Site-wide settings that documents and pages share: the agency's identity."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class AgencySettings(BaseSiteSetting):
    """The department's details, used in page headers and footers and in the documents the portal writes."""

    superior_body = models.CharField(
        _("superior body"),
        max_length=200,
        default="UBND tỉnh Gia Lai",
        help_text=_("The body the agency reports to, as printed above its name in document headers."),
    )
    agency_name = models.CharField(_("agency name"), max_length=200, default="Sở Công Thương")
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    place_name = models.CharField(
        _("place name in dates"),
        max_length=100,
        default="Gia Lai",
        help_text=_('Used in dated lines such as "Gia Lai, ngày … tháng … năm …".'),
    )
    signer_capacity = models.TextField(
        _("usual signer's capacity"),
        blank=True,
        default="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        help_text=_("One line each, e.g. KT. GIÁM ĐỐC then PHÓ GIÁM ĐỐC."),
    )
    signer_name = models.CharField(_("usual signer's name"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("superior_body"), FieldPanel("agency_name"), FieldPanel("place_name")],
            heading=_("Agency"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("signer_capacity"), FieldPanel("signer_name")], heading=_("Usual signer")),
    ]

    class Meta:
        verbose_name = _("agency details")
        verbose_name_plural = _("agency details")

    def __str__(self):
        return self.agency_name

    @property
    def signer_capacity_lines(self):
        return [line for line in self.signer_capacity.splitlines() if line.strip()]
