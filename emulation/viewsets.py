"""Admin screens of the "Thi đua – Khen thưởng" menu."""

import datetime

from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from emulation.forms import AwardAdminForm
from emulation.models import (
    Award,
    Decision,
    EmulationRegistration,
    EmulationYear,
    Evaluation,
    LegalFramework,
    Person,
    Title,
    Unit,
    UnitAccount,
)


class SafeExportIndexView(IndexView):
    """Exports with local times, blank cells for missing relations, and no cell a spreadsheet would run."""

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            value = item
            for part in field.split("."):
                value = getattr(value, part, None) if value is not None else None
                value = value() if callable(value) else value
            row[field] = "" if value is None else value
        return row

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return super().preprocess_field_value(field, value, export_format)


class RecordSearchForm(BaseFilterForm):
    """The chooser's search box, over the viewset's search fields (records are not in the page search index)."""

    q = forms.CharField(
        label=_("Search term"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Search")})
    )
    search_fields = ()

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching, self.search_query = True, query
        return objects


def searchable_chooser(search_fields):
    form = type("RecordSearchForm", (RecordSearchForm,), {"search_fields": search_fields})
    return type(
        "RecordChooserViewSet",
        (SnippetChooserViewSet,),
        {
            "choose_view_class": type("ChooseView", (ChooseView,), {"filter_form_class": form}),
            "choose_results_view_class": type("ChooseResultsView", (ChooseResultsView,), {"filter_form_class": form}),
        },
    )


class EmulationViewSet(SnippetViewSet):
    index_view_class = SafeExportIndexView
    list_per_page = 50

    def __init__(self, *args, **kwargs):
        if self.search_fields:
            self.chooser_viewset_class = searchable_chooser(self.search_fields)
        super().__init__(*args, **kwargs)


class HistoryColumn(Column):
    cell_template_name = "emulation/history_cell.html"

    def __init__(self, kind):
        super().__init__("history", label=_("History"), accessor="pk")
        self.kind = kind

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["kind"] = self.kind
        return context


class UnitViewSet(EmulationViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    list_display = [
        "code",
        "name",
        "short_name",
        "kind",
        BooleanColumn("active", label=_("Active")),
        HistoryColumn("unit"),
    ]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name", "short_name"]
    sort_order_field = "sort_order"
    list_export = ["code", "name", "short_name", "get_kind_display", "active"]
    export_headings = {
        "code": "Mã",
        "name": "Tên đơn vị",
        "short_name": "Tên viết tắt",
        "get_kind_display": "Loại",
        "active": "Đang hoạt động",
    }
    export_filename = "don-vi"
    inspect_view_enabled = True


class PersonViewSet(EmulationViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = [
        "code",
        "full_name",
        "position",
        "unit",
        BooleanColumn("active", label=_("Active")),
        HistoryColumn("person"),
    ]
    list_filter = ["unit", "active"]
    search_fields = ["code", "full_name", "position"]
    list_export = ["code", "full_name", "position", "unit.code"]
    export_headings = {"code": "Mã", "full_name": "Họ và tên", "position": "Chức vụ", "unit.code": "Mã đơn vị"}
    export_filename = "ca-nhan"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Person.objects.select_related("unit")


class ReviewColumn(Column):
    cell_template_name = "emulation/review_cell.html"


class RegistrationViewSet(EmulationViewSet):
    model = EmulationRegistration
    icon = "form"
    menu_label = _("Registrations")
    list_display = [
        "unit",
        "year",
        "collective_title",
        "status",
        Column("entry_count", label=_("Individuals")),
        "submitted_at",
    ]
    list_filter = ["year", "status", "unit"]
    search_fields = ["unit__name", "unit__code"]
    list_export = [
        "year",
        "unit.code",
        "collective_title.name",
        "get_status_display",
        "submitted_at",
        "pledge",
        "return_reason",
    ]
    export_headings = {
        "pledge": "Cam kết",
        "year": "Năm",
        "unit.code": "Mã đơn vị",
        "collective_title.name": "Danh hiệu tập thể",
        "get_status_display": "Trạng thái",
        "submitted_at": "Ngày gửi",
        "return_reason": "Ghi chú",
    }
    export_filename = "dang-ky-thi-dua"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return EmulationRegistration.objects.select_related("unit", "collective_title").annotate(
            entry_count=Count("entries")
        )


class EvaluationViewSet(EmulationViewSet):
    model = Evaluation
    icon = "clipboard-list"
    menu_label = _("Evaluations")
    list_display = ["__str__", "year", "grade", "discipline"]
    list_filter = ["year", "grade", "discipline"]
    search_fields = ["person__full_name", "person__code", "unit__name", "unit__code"]
    list_export = ["year", "person.code", "unit.code", "get_grade_display", "get_discipline_display"]
    export_headings = {
        "year": "Năm",
        "person.code": "Mã cá nhân",
        "unit.code": "Mã đơn vị",
        "get_grade_display": "Xếp loại",
        "get_discipline_display": "Kỷ luật",
    }
    export_filename = "danh-gia"

    def get_queryset(self, request):
        return Evaluation.objects.select_related("person", "unit")


class DecisionViewSet(EmulationViewSet):
    model = Decision
    icon = "doc-full"
    menu_label = _("Decisions")
    list_display = ["number", "date", "authority", "signer", Column("award_count", label=_("Awards"))]
    list_filter = ["authority"]
    search_fields = ["number", "authority", "signer"]
    list_export = ["number", "date", "authority", "signer"]
    export_headings = {
        "number": "Số quyết định",
        "date": "Ngày quyết định",
        "authority": "Cơ quan ban hành",
        "signer": "Người ký",
    }
    export_filename = "quyet-dinh"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Decision.objects.annotate(award_count=Count("awards"))


class AwardViewSet(EmulationViewSet):
    model = Award
    icon = "success"
    menu_label = _("Awards")
    list_display = [
        Column("recipient", label=_("Recipient")),
        "title",
        "year",
        "decision",
        BooleanColumn("public", label=_("Public")),
    ]
    list_filter = ["year", "title", "public"]
    search_fields = ["person__full_name", "person__code", "unit__name", "unit__code", "decision__number"]
    list_export = [
        "year",
        "person.code",
        "person.full_name",
        "unit.code",
        "unit.name",
        "title.name",
        "decision.number",
        "decision.date",
        "decision.authority",
        "public",
    ]
    export_headings = {
        "year": "Năm",
        "person.code": "Mã cá nhân",
        "person.full_name": "Họ và tên",
        "unit.code": "Mã đơn vị",
        "unit.name": "Tên đơn vị",
        "title.name": "Danh hiệu / hình thức",
        "decision.number": "Số quyết định",
        "decision.date": "Ngày quyết định",
        "decision.authority": "Cơ quan ban hành",
        "public": "Công khai",
    }
    export_filename = "khen-thuong"
    inspect_view_enabled = True
    edit_handler = ObjectList(Award.panels, base_form_class=AwardAdminForm)

    def get_queryset(self, request):
        return Award.objects.select_related("person", "unit", "title", "decision")


class EmulationYearViewSet(EmulationViewSet):
    model = EmulationYear
    icon = "date"
    menu_label = _("Emulation years")
    list_display = ["year", "plan_reference", "registration_deadline", "initiative_deadline", "evaluation_deadline"]
    list_export = [
        "year",
        "plan_reference",
        "registration_deadline",
        "initiative_deadline",
        "scoring_deadline",
        "evaluation_deadline",
    ]
    export_filename = "nam-thi-dua"
    inspect_view_enabled = True


class LegalFrameworkViewSet(EmulationViewSet):
    model = LegalFramework
    icon = "doc-empty"
    menu_label = _("Legal frameworks")
    list_display = ["name", "from_year", "to_year", Column("unverified", label=_("Unverified rules"))]
    list_export = ["name", "from_year", "to_year", "legal_basis"]
    export_filename = "khung-phap-ly"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return LegalFramework.objects.annotate(unverified=Count("rules", filter=Q(rules__verified=False)))


class TitleViewSet(EmulationViewSet):
    model = Title
    icon = "tag"
    menu_label = _("Titles and forms")
    list_display = ["name", "kind", "category", "includes"]
    list_filter = ["kind", "category"]
    search_fields = ["name", "aliases"]
    list_export = ["code", "name", "get_kind_display", "get_category_display", "aliases"]
    export_filename = "danh-hieu"

    def get_queryset(self, request):
        return Title.objects.select_related("includes")


class AccountActionsColumn(Column):
    cell_template_name = "emulation/account_actions_cell.html"


class UnitAccountViewSet(EmulationViewSet):
    model = UnitAccount
    icon = "user"
    menu_label = _("Unit accounts")
    add_to_admin_menu = False
    list_display = [
        Column("username", label=_("Username"), accessor="user.username"),
        Column("full_name", label=_("Full name"), accessor="user.first_name"),
        "unit",
        "role",
        BooleanColumn("active", label=_("Active"), accessor="user.is_active"),
        DateColumn("last_login", label=_("Last sign-in"), accessor="user.last_login"),
        AccountActionsColumn("actions", label=_("Account"), accessor="pk"),
    ]
    list_filter = ["unit", "role"]
    search_fields = ["user__username", "user__first_name", "user__email"]
    list_export = [
        "user.username",
        "user.first_name",
        "user.email",
        "unit.code",
        "get_role_display",
        "user.is_active",
        "user.last_login",
    ]
    export_filename = "tai-khoan-don-vi"
    panels = [FieldPanel("unit"), FieldPanel("role")]

    def get_queryset(self, request):
        return UnitAccount.objects.select_related("user", "unit")


class EmulationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Emulation & commendation")
    menu_icon = "tasks"
    menu_order = 200
    submenu_hook = "register_emulation_menu_item"
    items = (
        EmulationYearViewSet,
        UnitViewSet,
        PersonViewSet,
        RegistrationViewSet,
        EvaluationViewSet,
        DecisionViewSet,
        AwardViewSet,
        TitleViewSet,
        LegalFrameworkViewSet,
        UnitAccountViewSet,
    )
