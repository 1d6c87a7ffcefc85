"""The units' private files: who may see them, and how they are handed out.

A file a unit sends (an initiative's attachment and its earlier versions, a registration's signed scan) is seen by that unit's accounts, the office (Văn phòng), the
councils (until councils are records of their own: the accounts of the council groups) and the administrators.
Anyone else, signed in or not, is answered 404: even the file's existence is private. Each download is logged in
the record's history (who, what, when).
"""

import mimetypes
import os

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from emulation.models import EmulationRegistration, Initiative

OFFICE_GROUP = "Văn phòng"
COUNCIL_GROUPS = ("Hội đồng thi đua – khen thưởng", "Hội đồng sáng kiến")
DOWNLOAD_ACTION = "emulation.download"
DOWNLOAD_LABEL = _("File downloaded")


def may_see(user, unit):
    """Whether `user` may see the private files of `unit`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    account = getattr(user, "unit_account", None)
    if account is not None:
        return account.unit_id == unit.pk
    return user.groups.filter(name__in=(OFFICE_GROUP, *COUNCIL_GROUPS)).exists()


def serve(field_file, download_name):
    """The file as an attachment that no browser runs: through nginx (X-Accel-Redirect) when it fronts the app,
    streamed by Django otherwise."""
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    if settings.PRIVATE_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + field_file.name
    else:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def initiative_file(request, pk, revision=None):
    """The initiative's file; with `revision`, the file of that earlier version (one the unit replaced)."""
    initiative = Initiative.objects.select_related("unit").filter(pk=pk).first()
    if initiative is None or not may_see(request.user, initiative.unit):
        raise Http404
    field_file, download_name = initiative.attachment, initiative.attachment_name
    if revision is not None:
        version = initiative.revisions.filter(pk=revision).first()
        name = version.content.get("attachment") if version else None
        if not name:
            raise Http404
        field_file = initiative.attachment.field.attr_class(initiative, initiative.attachment.field, name)
        root, extension = os.path.splitext(version.content.get("attachment_name") or name)
        download_name = f"{os.path.basename(root)}-phien-ban-{revision}{extension}"
    return _logged_download(request, initiative, field_file, download_name)


def registration_scan(request, pk):
    """The signed scan of a registration, to whoever may see its unit's files."""
    registration = EmulationRegistration.objects.select_related("unit").filter(pk=pk).first()
    if registration is None or not may_see(request.user, registration.unit):
        raise Http404
    return _logged_download(request, registration, registration.signed_scan, registration.signed_scan_name)


def _logged_download(request, record, field_file, download_name):
    if not field_file:
        raise Http404
    try:
        response = serve(field_file, download_name or os.path.basename(field_file.name))
    except FileNotFoundError as missing:
        raise Http404 from missing
    log(record, DOWNLOAD_ACTION, user=request.user)
    return response
