"""Admin screens of the portal's plumbing: the sign-in locks the office may lift, the document templates."""

from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, DownloadColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.forms import DocumentTemplateForm
from portal.models import DocumentTemplate

# django-axes names its model and fields in English only: the project's catalogue gives them their Vietnamese.
AXES_NAMES = (
    _("access attempt"),
    _("access attempts"),
    _("Username"),
    _("IP Address"),
    _("User Agent"),
    _("Path"),
    _("Failed Logins"),
    _("Attempt Time"),
    _("GET Data"),
    _("POST Data"),
    _("HTTP Accept"),
)


class LockColumn(Column):
    """Whether the account is locked now (its failures reached the limit and the cool-off has not passed)."""

    def get_value(self, instance):
        from django.conf import settings

        locked = instance.failures_since_start >= settings.AXES_FAILURE_LIMIT and (
            instance.attempt_time + settings.AXES_COOLOFF_TIME > timezone.now()
        )
        return _("Locked") if locked else _("Not locked")


class SignInLockViewSet(ModelViewSet):
    """Failed sign-ins per account, from django-axes. Deleting a row lifts that account's lock; nothing is added or
    edited here (the office has view and delete only, and the add button is gone for administrators too)."""

    model = AccessAttempt
    name = "sign-in-locks"
    icon = "lock"
    menu_label = _("Sign-in locks")
    add_to_settings_menu = True
    list_display = [
        Column("username", label=_("Account"), sort_key="username"),
        Column("ip_address", label=_("Last address"), sort_key="ip_address"),
        Column("failures_since_start", label=_("Failed sign-ins"), sort_key="failures_since_start"),
        Column("attempt_time", label=_("Last failure"), sort_key="attempt_time"),
        LockColumn("locked", label=_("Status")),
    ]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    inspect_view_enabled = True
    inspect_view_fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time"]
    form_fields = ["username"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(add_url_name=None, **kwargs)


class TemplateDownloadColumn(DownloadColumn):
    """The uploaded template's file, through its private download."""

    def get_value(self, instance):
        return _("Download")

    def get_cell_context_data(self, instance, parent_context):
        context = Column.get_cell_context_data(self, instance, parent_context)
        context["download_url"] = reverse("portal_document_template_file", args=[instance.pk])
        return context


class DocumentTemplateIndexView(SnippetIndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        for kind, label in DocumentTemplate.Kind.choices:
            buttons.append(
                HeaderButton(
                    _("Default template: %(kind)s") % {"kind": label},
                    url=reverse("portal_default_document_template", args=[kind]),
                    icon_name="download",
                    classname="button-secondary",
                )
            )
        return buttons


class DocumentTemplateViewSet(SnippetViewSet):
    """The Word templates the office edited (Cài đặt → Mẫu văn bản): the office and administrators only. The header
    offers each kind's default template to download and edit."""

    model = DocumentTemplate
    icon = "doc-full"
    add_to_settings_menu = True
    menu_label = _("Document templates")
    index_view_class = DocumentTemplateIndexView
    list_display = [
        "name",
        "kind",
        BooleanColumn("active", label=_("In use")),
        DateColumn("updated_at", label=_("Updated at")),
        TemplateDownloadColumn("file", label=_("Template file")),
    ]
    list_filter = ["kind", "active"]
    edit_handler = ObjectList(DocumentTemplate.panels, base_form_class=DocumentTemplateForm)
