"""Site-wide settings that documents and pages share: the agency's identity."""

import copy

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
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_(
            "Printed in the footer of every page. Since the 2025 reorganisation, give the ward and the province. The "
            "demo fills in sample values: the office replaces them with its own."
        ),
    )
    phone = models.CharField(
        _("phone"),
        max_length=50,
        blank=True,
        help_text=_("The demo fills in sample values: the office replaces them with its own."),
    )
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
    # What a government website shows at its foot (Nghị định 42/2022/NĐ-CP): who runs it, who answers for it, the
    # decision that set it up; and the links to the bodies above the department.
    site_owner = models.CharField(
        _("body in charge of the portal"),
        max_length=200,
        blank=True,
        help_text=_(
            'Printed in the footer as "Cơ quan chủ quản", e.g. Sở Công Thương tỉnh Gia Lai. The demo fills in '
            "sample values: the office replaces them with its own."
        ),
    )
    responsible_person = models.CharField(
        _("person chiefly responsible"),
        max_length=200,
        blank=True,
        help_text=_(
            'Printed in the footer as "Người chịu trách nhiệm chính", e.g. the director\'s name and position. The '
            "demo fills in sample values: the office replaces them with its own."
        ),
    )
    licence = models.CharField(
        _("licence or founding decision"),
        max_length=300,
        blank=True,
        help_text=_(
            "The licence or the decision that set up the portal, as printed in the footer, e.g. Quyết định số "
            "…/QĐ-SCT ngày … về việc thiết lập Cổng thông tin. The demo fills in sample values: the office replaces "
            "them with its own."
        ),
    )
    central_board_url = models.URLField(
        _("Central Emulation and Commendation Board's website"),
        blank=True,
        default="https://thiduakhenthuong.gov.vn",
        help_text=_("Linked from the footer of every page; leave blank to leave the link out."),
    )
    ministry_url = models.URLField(
        _("Ministry of Industry and Trade's website"),
        blank=True,
        default="https://moit.gov.vn",
        help_text=_("Linked from the footer of every page; leave blank to leave the link out."),
    )
    province_portal_name = models.CharField(
        _("province's portal: name"), max_length=200, blank=True, default="Cổng thông tin điện tử tỉnh Gia Lai"
    )
    province_portal_url = models.URLField(
        _("province's portal: address"),
        blank=True,
        default="https://gialai.gov.vn",
        help_text=_("Linked from the footer of every page; leave blank to leave the link out."),
    )
    open_data_licence = models.CharField(
        _("open data licence"),
        max_length=300,
        default="Giấy phép: Creative Commons Ghi công 4.0 (CC BY 4.0)",
        help_text=_("Printed under the honour roll's open data links and in the JSON downloads."),
    )
    recipients = models.TextField(
        _("usual recipients"),
        blank=True,
        default="Ban TĐKT tỉnh (b/c);\nKhối thi đua các sở, ngành kinh tế (b/c);\nLãnh đạo Sở;\nLưu: VT, VP.",
        help_text=_('One line each, as listed under "Nơi nhận:" in the documents the portal writes.'),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("superior_body"), FieldPanel("agency_name"), FieldPanel("place_name")],
            heading=_("Agency"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("site_owner"),
                FieldPanel("responsible_person"),
                FieldPanel("licence"),
                FieldPanel("open_data_licence"),
            ],
            heading=_("Footer of the portal"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("central_board_url"),
                FieldPanel("ministry_url"),
                FieldPanel("province_portal_name"),
                FieldPanel("province_portal_url"),
            ],
            heading=_("Links to other portals"),
        ),
        MultiFieldPanel([FieldPanel("signer_capacity"), FieldPanel("signer_name")], heading=_("Usual signer")),
        MultiFieldPanel([FieldPanel("recipients")], heading=_("Documents the portal writes")),
    ]

    class Meta:
        verbose_name = _("agency details")
        verbose_name_plural = _("agency details")

    def __str__(self):
        return self.agency_name

    @property
    def signer_capacity_lines(self):
        return [line for line in self.signer_capacity.splitlines() if line.strip()]

    @property
    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @classmethod
    def for_request(cls, request):
        """Wagtail's, from this content version's copy (portal.cache: saving the settings makes a new version)
        instead of a query on every page; each request gets its own copy."""
        from wagtail.models import Site

        from portal.cache import fragment

        name = cls.get_cache_attr_name()
        if not hasattr(request, name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            found = copy.copy(fragment(f"agency-settings:{site.pk}", lambda: cls.for_site(site)))
            found._request = request
            setattr(request, name, found)
        return getattr(request, name)

    @classmethod
    def current(cls, request=None):
        """The details of the request's site, or of the default site (commands, documents made outside a request)."""
        from wagtail.models import Site

        site = (Site.find_for_request(request) if request else None) or Site.objects.get(is_default_site=True)
        return cls.for_site(site)


def private_storage():
    """settings.STORAGES["private"]: never under a public URL (portal.documents serves the templates)."""
    from django.core.files.storage import storages

    return storages["private"]


def document_template_name(instance, filename):
    """An unguessable name in the private storage: the kind, then random letters."""
    import secrets

    return f"mau-van-ban/{instance.kind}/{secrets.token_urlsafe(18)}.docx"


class DocumentTemplate(models.Model):
    """A Word template (.docx with {{ … }} tags, rendered by docxtpl) the office edited for a kind of document.

    The portal fills the active template of each kind, else the default shipped in portal/document_templates/."""

    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        MINUTES = "minutes", _("council meeting minutes")
        SUBMISSION = "submission", _("submission proposing commendation")
        DECISION = "decision", _("draft commendation decision")
        ACHIEVEMENT = "achievement", _("achievement report")

    kind = models.CharField(_("kind of document"), max_length=30, choices=Kind.choices, default=Kind.REPORT)
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(
        _("Word file (.docx)"),
        storage=private_storage,
        upload_to=document_template_name,
        max_length=200,
        help_text=_(
            "Download the default template (or this one), edit it in Word keeping the tags between {{ }} and "
            "{% %}, and upload it here."
        ),
    )
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("The portal uses the template in use of each kind; marking this one in use ends the others."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [FieldPanel("kind"), FieldPanel("name"), FieldPanel("file"), FieldPanel("active")]

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "-active", "-updated_at"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from django.db import transaction

        with transaction.atomic():
            if self.active:
                DocumentTemplate.objects.filter(kind=self.kind, active=True).exclude(pk=self.pk).update(active=False)
            super().save(*args, **kwargs)
