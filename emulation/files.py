"""The units' private files: who may see them, and how they are handed out.

A file a unit sends (an initiative's attachment …) is seen by that unit's accounts, the office (Văn phòng), the
councils (until councils are records of their own: the accounts of the council groups) and the administrators.
Anyone else, signed in or not, is answered 404: even the file's existence is private. Each download is logged in
the record's history (who, what, when).
"""

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from emulation.models import Initiative

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


def initiative_file(request, pk):
    initiative = Initiative.objects.select_related("unit").filter(pk=pk).exclude(attachment="").first()
    if initiative is None or not may_see(request.user, initiative.unit):
        raise Http404
    try:
        response = serve(initiative.attachment, initiative.attachment_name or initiative.attachment.name)
    except FileNotFoundError as missing:
        raise Http404 from missing
    log(initiative, DOWNLOAD_ACTION, user=request.user)
    return response
