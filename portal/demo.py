"""The agency's demo details, filled in only where the office has not set them."""

from wagtail.models import Site

from portal.models import AgencySettings

# Sample values, written after the province's 2025 reorganisation (Gia Lai and Bình Định merged into Gia Lai, its
# centre in Quy Nhơn; no more district level, so addresses name the ward and the province). They are the demo's, not
# the department's: the office replaces them in Settings → Agency details (the help texts say so).
DEMO_AGENCY = {
    "address": "Số 01 Trần Hưng Đạo, phường Quy Nhơn, tỉnh Gia Lai",
    "phone": "0256 3822 000",
    "email": "sct@gialai.gov.vn",
    "signer_name": "Đào Thị Thu Nguyệt",
    "site_owner": "Sở Công Thương tỉnh Gia Lai",
    "responsible_person": "Giám đốc Sở Công Thương tỉnh Gia Lai",
    "licence": (
        "Quyết định số 215/QĐ-SCT ngày 15/8/2025 của Giám đốc Sở Công Thương về việc thiết lập Cổng thông tin "
        "Thi đua – Khen thưởng"
    ),
}
# What earlier versions of the demo wrote: replaced by the values above, unless the office has changed them.
OLD_DEMO_AGENCY = {
    "address": "Số 01 Trần Hưng Đạo, thành phố Pleiku, tỉnh Gia Lai",
    "phone": "0269 3824 000",
}


def load_site():
    """The default Site answers at WAGTAILADMIN_BASE_URL's host and port (canonical links, e-mails), unless an
    administrator has already set its host name."""
    from urllib.parse import urlsplit

    from django.conf import settings

    site = Site.objects.get(is_default_site=True)
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if site.hostname == "localhost" and site.port == 80 and address.hostname:
        site.hostname = address.hostname
        site.port = address.port or (443 if address.scheme == "https" else 80)
        site.save(update_fields=["hostname", "port"])
    return site


def load_agency_settings():
    site = Site.objects.get(is_default_site=True)
    agency = AgencySettings.for_site(site)
    changed = [
        field
        for field, value in DEMO_AGENCY.items()
        if not getattr(agency, field) or getattr(agency, field) == OLD_DEMO_AGENCY.get(field)
    ]
    for field in changed:
        setattr(agency, field, DEMO_AGENCY[field])
    if changed:
        agency.save()
    return agency
