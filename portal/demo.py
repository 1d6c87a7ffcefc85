"""The agency's demo details, filled in only where the office has not set them."""

from wagtail.models import Site

from portal.models import AgencySettings

DEMO_AGENCY = {
    "address": "Số 01 Trần Hưng Đạo, thành phố Pleiku, tỉnh Gia Lai",
    "phone": "0269 3824 000",
    "email": "sct@gialai.gov.vn",
    "signer_name": "Đào Thị Thu Nguyệt",
}


def load_agency_settings():
    site = Site.objects.get(is_default_site=True)
    agency = AgencySettings.for_site(site)
    changed = [field for field, value in DEMO_AGENCY.items() if not getattr(agency, field)]
    for field in changed:
        setattr(agency, field, DEMO_AGENCY[field])
    if changed:
        agency.save()
    return agency
