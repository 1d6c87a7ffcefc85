from wagtail import hooks
from wagtail.snippets.models import register_snippet

from portal.viewsets import DocumentTemplateViewSet, SignInLockViewSet


@hooks.register("register_admin_viewset")
def register_sign_in_locks():
    return SignInLockViewSet()


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    from django.urls import path

    from portal import twofactor

    return [
        path("xac-thuc-hai-buoc/", twofactor.verify, name="twofactor_verify"),
        path("xac-thuc-hai-buoc/cai-dat/", twofactor.setup, name="twofactor_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return {
        "url": reverse("twofactor_setup"),
        "label": _("Two-step sign-in"),
        "help_text": _("A code from your phone after your password, so that a stolen password is not enough."),
    }


@hooks.register("construct_reports_menu")
def name_the_workflow_reports(request, menu_items):
    """Wagtail calls its workflow reports by the names of the Settings items they report on: one name, one item."""
    from django.utils.translation import gettext_lazy as _

    labels = {"workflows": _("Workflow report"), "workflow-tasks": _("Workflow task report")}
    for item in menu_items:
        if item.name in labels:
            item.label = labels[item.name]


def _name_the_sites_columns():
    """Wagtail's Sites listing names three columns after their fields, in English and past any translation
    ("Port", "Site name", "Root page"): they are given translatable labels."""
    from django.utils.translation import gettext_lazy as _
    from wagtail.sites import views as site_views

    labels = {"port": _("port"), "site_name": _("site name"), "root_page": _("root page")}
    for column in site_views.IndexView.columns:
        if column.name in labels:
            column.label = labels[column.name]


_name_the_sites_columns()


def _label_the_page_fields():
    """Wagtail's workflow and page-permission forms name their page field after the field, in English ("Page",
    read out by screen readers): they get a translatable label."""
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.users.forms import PagePermissionsForm

    for form in (WorkflowPageForm, PagePermissionsForm):
        form.base_fields["page"].label = _("Page")


_label_the_page_fields()


register_snippet(DocumentTemplateViewSet)  # Cài đặt → Mẫu văn bản


@hooks.register("register_admin_urls")
def register_document_template_urls():
    from django.urls import path

    from portal import documents

    return [
        path("mau-van-ban/<int:pk>/tep/", documents.template_file, name="portal_document_template_file"),
        path(
            "mau-van-ban/mac-dinh/<str:kind>.docx",
            documents.default_template_file,
            name="portal_default_document_template",
        ),
    ]
