"""The "Thi đua – Khen thưởng" admin menu: viewsets, the council's modeladmin screen and the other screens."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from emulation import admin_views, bloc_admin, council_admin, proposal_admin, views
from emulation.modeladmin import InitiativeAdmin
from emulation.viewsets import (
    BaseSalaryViewSet,
    CertificateLayoutViewSet,
    CouncilViewSetGroup,
    LegalFrameworkViewSet,
    RecordsViewSetGroup,
    TitleViewSet,
)

register_snippet(RecordsViewSetGroup)
register_snippet(CouncilViewSetGroup)
register_snippet(council_admin.CouncilViewSet)  # both in the Hội đồng và quyết định menu (their menu_hook)
register_snippet(council_admin.MeetingViewSet)
register_snippet(bloc_admin.BlocViewSetGroup)  # Khối thi đua: only the office
register_snippet(TitleViewSet)  # Cài đặt
register_snippet(LegalFrameworkViewSet)  # Cài đặt
register_snippet(BaseSalaryViewSet)  # Cài đặt
register_snippet(CertificateLayoutViewSet)  # Cài đặt
initiative_admin = InitiativeAdmin()
initiative_admin.register_with_wagtail()


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("emulation/eligibility/", views.eligibility_view, name="emulation_eligibility"),
        path("emulation/import/", views.import_view, name="emulation_import"),
        path("emulation/reports/", views.reports_view, name="emulation_reports"),
        path("emulation/fund/", views.fund_ledger_view, name="emulation_fund_ledger"),
        path("emulation/history/<str:kind>/<int:pk>/", views.history_view, name="emulation_history"),
        path("emulation/meetings/<int:pk>/", council_admin.meeting_view, name="emulation_meeting"),
        path(
            "emulation/meetings/<int:pk>/documents/<slug:kind>/",
            council_admin.meeting_document,
            name="emulation_meeting_document",
        ),
        path(
            "emulation/meetings/<int:pk>/documents/<slug:kind>/<slug:item>/",
            council_admin.meeting_document,
            name="emulation_meeting_document_item",
        ),
        path("emulation/proposals/", proposal_admin.proposal_index, name="emulation_proposals"),
        path("emulation/proposals/<int:pk>/", proposal_admin.proposal_view, name="emulation_proposal"),
        path(
            "emulation/proposals/<int:pk>/download/<slug:what>/",
            proposal_admin.proposal_download,
            name="emulation_proposal_download",
        ),
        path("emulation/blocs/<int:pk>/", bloc_admin.bloc_view, name="emulation_bloc"),
        path("emulation/covenants/<int:pk>/score/", bloc_admin.covenant_score_view, name="emulation_covenant_score"),
        path(
            "emulation/covenants/<int:pk>/download/<slug:kind>/",
            bloc_admin.covenant_download,
            name="emulation_covenant_download",
        ),
        path(
            "emulation/covenants/<int:pk>/members/<int:member_pk>.xlsx",
            bloc_admin.member_workbook,
            name="emulation_bloc_member_workbook",
        ),
        path("emulation/import/template.xlsx", views.import_template_view, name="emulation_import_template"),
        path(
            "emulation/decisions/<int:pk>/certificates.pdf",
            admin_views.decision_certificates,
            name="emulation_decision_certificates",
        ),
        path(
            "emulation/awards/<int:pk>/certificate.pdf",
            admin_views.award_certificate,
            name="emulation_award_certificate",
        ),
        path("emulation/accounts/invite/", admin_views.invite_account, name="emulation_invite_account"),
        path("emulation/accounts/<int:pk>/toggle/", admin_views.toggle_account, name="emulation_toggle_account"),
        path(
            "emulation/registration/<int:pk>/review/",
            admin_views.review_registration,
            name="emulation_review_registration",
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_today_panel(request, panels):
    if request.user.has_perm("emulation.change_emulationregistration"):
        panels.insert(0, admin_views.TodayPanel(request))


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_emulation_menu_item")
def initiatives_menu_item():
    return initiative_admin.get_menu_item(order=35)


@hooks.register("register_council_menu_item")
def eligibility_menu_item():
    return PermissionMenuItem(
        _("Eligibility"),
        reverse("emulation_eligibility"),
        icon_name="success",
        order=900,
        permission="emulation.view_evaluation",
    )


@hooks.register("register_council_menu_item")
def proposals_menu_item():
    return PermissionMenuItem(
        _("Proposals to a higher body"),
        reverse("emulation_proposals"),
        icon_name="doc-full",
        order=30,
        permission="emulation.view_proposal",
    )


@hooks.register("register_emulation_menu_item")
def import_menu_item():
    return PermissionMenuItem(
        _("Import records"),
        reverse("emulation_import"),
        icon_name="upload",
        order=910,
        permission="emulation.add_person",
    )


@hooks.register("register_emulation_menu_item")
def invite_menu_item():
    return PermissionMenuItem(
        _("Invite a unit account"),
        reverse("emulation_invite_account"),
        icon_name="mail",
        order=930,
        permission="emulation.add_unitaccount",
    )


@hooks.register("register_reports_menu_item")
def reports_menu_item():
    return PermissionMenuItem(
        _("Emulation and commendation reports"),
        reverse("emulation_reports"),
        icon_name="doc-full",
        order=890,
        permission="emulation.view_award",
    )


@hooks.register("register_reports_menu_item")
def fund_ledger_menu_item():
    return PermissionMenuItem(
        _("Reward fund ledger"),
        reverse("emulation_fund_ledger"),
        icon_name="doc-full",
        order=891,
        permission="emulation.view_rewardfund",
    )


@hooks.register("register_log_actions")
def register_download_action(actions):
    from emulation.files import DOWNLOAD_ACTION, DOWNLOAD_LABEL

    actions.register_action(DOWNLOAD_ACTION, _("Download"), DOWNLOAD_LABEL)


@hooks.register("register_log_actions")
def register_unit_actions(actions):
    from emulation import services

    actions.register_action(
        services.INITIATIVE_CORRECTED, _("Corrected by the unit"), _("Initiative corrected or its file replaced")
    )
    actions.register_action(services.INITIATIVE_WITHDRAWN, _("Withdrawn by the unit"), _("Initiative withdrawn"))
    actions.register_action(services.REGISTRATION_SCAN, _("Signed copy attached"), _("Signed copy attached"))
    actions.register_action(services.REGISTRATION_EMAILED, _("E-mail sent"), _("E-mail sent to the unit"))
