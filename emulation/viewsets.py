"""Admin screens of the "Thi đua – Khen thưởng" menu."""

import datetime

from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from emulation import services
from emulation.forms import AwardAdminForm
from emulation.importers import SHEETS, exchange_row
from emulation.models import (
    Award,
    BaseSalary,
    CertificateLayout,
    Decision,
    EmulationRegistration,
    EmulationYear,
    Evaluation,
    LegalFramework,
    Person,
    RewardFund,
    Title,
    Unit,
    UnitAccount,
)
from portal.sanitize import finish_table, xlsx_bytes
from portal.text import folded_filter


class OfficeExportMixin:
    """Exports an office can reuse: a named sheet, a bold frozen header, sized columns, dates as dd/mm/yyyy, Có/Không,
    local times, blank cells for missing relations, and no cell a spreadsheet would run (portal.sanitize). A records
    listing with an `exchange_sheet` writes that sheet of the import workbook, in its words (export → edit → import
    round-trips), and the unit's name after it."""

    exchange_sheet = None
    exchange_extra = {}

    def to_row_dict(self, item):
        if self.exchange_sheet:
            row = exchange_row(self.exchange_sheet, item)
            if UNIT_NAME in self.list_export:
                holder = getattr(item, "person", None) or getattr(item, "unit", None)
                row[UNIT_NAME] = (getattr(holder, "unit", None) or holder).name
            row.update({heading: getattr(item, name) for heading, name in self.exchange_extra.items()})
            return row
        row = {}
        for field in self.list_export:
            value = item
            for part in field.split("."):
                value = getattr(value, part, None) if value is not None else None
                value = value() if callable(value) else value
            row[field] = "" if value is None else value
        return row

    def preprocess_field_value(self, field, value, export_format):
        value = plain_value(value)
        if export_format == self.FORMAT_CSV and isinstance(value, datetime.datetime):
            return value.strftime("%d/%m/%Y %H:%M")
        if export_format == self.FORMAT_CSV and isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return value if isinstance(value, datetime.date | int | float) else str(value)

    def get_heading(self, queryset, field):
        if self.exchange_sheet:  # the workbook's own column names
            return field
        return super().get_heading(queryset, field)

    def sheet_title(self):
        if self.exchange_sheet:
            return SHEETS[self.exchange_sheet][0]
        return str(self.model._meta.verbose_name_plural).capitalize()[:31]

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.sheet_title()
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        sheet.append(headings)
        widths = [len(heading) for heading in headings]
        for item in queryset:
            row = [self.preprocess_field_value(f, v, self.FORMAT_XLSX) for f, v in self.to_row_dict(item).items()]
            sheet.append(row)
            for index, value in enumerate(row):
                if isinstance(value, datetime.datetime):
                    sheet.cell(sheet.max_row, index + 1).number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, datetime.date):
                    sheet.cell(sheet.max_row, index + 1).number_format = "DD/MM/YYYY"
                widths[index] = max(widths[index], 10 if isinstance(value, datetime.date) else len(str(value)))
        finish_table(sheet, widths)
        output.write(xlsx_bytes(workbook))


class SafeExportIndexView(OfficeExportMixin, IndexView):
    """A records listing of the admin, with the office's exports, searched without regard to case or marks."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return folded_filter(queryset, self.search_fields or [], self.search_query)


def plain_value(value):
    """A cell's value as the office reads it: Có/Không for yes/no, local time without a zone, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


UNIT_NAME = "Đơn vị"


class RecordSearchForm(BaseFilterForm):
    """The chooser's search box, over the viewset's search fields, without regard to case or marks."""

    q = forms.CharField(
        label=_("Search term"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Search")})
    )
    search_fields = ()

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            objects = folded_filter(objects, self.search_fields, query)
            self.is_searching, self.search_query = True, query
        return objects


class AwardChooserFilterForm(RecordSearchForm):
    """The award chooser: the search box (holder, title, unit, year) and filters by year, title and unit."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    title = forms.ModelChoiceField(Title.objects.all(), label=_("Title or form"), required=False)
    unit = forms.ModelChoiceField(Unit.objects.order_by("sort_order", "name"), label=_("Unit"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Award.objects.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in years)]

    def filter(self, objects):
        objects = super().filter(objects)
        year, title, unit = (self.cleaned_data.get(name) for name in ("year", "title", "unit"))
        if year:
            objects = objects.filter(year=year)
        if title:
            objects = objects.filter(title=title)
        if unit:
            objects = objects.filter(Q(unit=unit) | Q(person__unit=unit))
        return objects


def searchable_chooser(search_fields, filter_form=RecordSearchForm):
    form = type(filter_form.__name__, (filter_form,), {"search_fields": search_fields})
    return type(
        "RecordChooserViewSet",
        (SnippetChooserViewSet,),
        {
            "choose_view_class": type("ChooseView", (ChooseView,), {"filter_form_class": form}),
            "choose_results_view_class": type("ChooseResultsView", (ChooseResultsView,), {"filter_form_class": form}),
        },
    )


class RecordInspectView(InspectView):
    """A record's details in the office's words: Có/Không for yes/no, a dash for nothing (Wagtail prints True,
    False and None)."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return plain_value(value)
        return value


def ordered(queryset):
    """The model's own ordering on a listing that counts related rows (a grouped query drops it: Django leaves
    Meta.ordering out of GROUP BY queries)."""
    return queryset.order_by(*queryset.model._meta.ordering)


class EmulationViewSet(SnippetViewSet):
    index_view_class = SafeExportIndexView
    inspect_view_class = RecordInspectView
    list_per_page = 50
    exchange_sheet = None  # the records exchange sheet this listing exports (emulation.importers.SHEETS)
    exchange_extra = {}  # more columns after it, for reading: heading → attribute (the importer ignores them)
    chooser_filter_form = RecordSearchForm

    def __init__(self, *args, **kwargs):
        if self.search_fields:
            self.chooser_viewset_class = searchable_chooser(self.search_fields, self.chooser_filter_form)
        if self.exchange_sheet:
            unit_name = [] if self.model is Unit else [UNIT_NAME]  # a unit's own row names it already
            self.list_export = [*SHEETS[self.exchange_sheet][1], *unit_name, *self.exchange_extra]
            self.export_headings = {}
        super().__init__(*args, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            exchange_sheet=self.exchange_sheet, exchange_extra=self.exchange_extra, **kwargs
        )


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
    exchange_sheet = "units"
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
    export_filename = "don-vi"
    inspect_view_enabled = True


class PersonViewSet(EmulationViewSet):
    model = Person
    exchange_sheet = "people"
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
    export_filename = "ca-nhan"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Person.objects.select_related("unit")


class ReviewColumn(Column):
    cell_template_name = "emulation/review_cell.html"


class RegistrationViewSet(EmulationViewSet):
    model = EmulationRegistration
    exchange_sheet = "registrations"
    exchange_extra = {"Cam kết": "pledge"}
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
    export_filename = "dang-ky-thi-dua"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return ordered(
            EmulationRegistration.objects.select_related("unit", "collective_title").annotate(
                entry_count=Count("entries")
            )
        )


class RecordWriteMixin:
    """The admin's screens for a register's records save through emulation.services.record_save, the one write path
    the importer uses too, and show what it warns of (for a grade: the year's cap on the excellent grade)."""

    def save_instance(self):
        from django.contrib import messages

        instance = services.record_save(self.form.save(commit=False), user=self.request.user, warn=True)
        for warning in instance.warnings:
            messages.warning(self.request, warning)
        return instance


class EvaluationCreateView(RecordWriteMixin, CreateView):
    pass


class EvaluationEditView(RecordWriteMixin, EditView):
    pass


class EvaluationViewSet(EmulationViewSet):
    model = Evaluation
    add_view_class = EvaluationCreateView
    edit_view_class = EvaluationEditView
    exchange_sheet = "evaluations"
    icon = "clipboard-list"
    menu_label = _("Evaluations")
    list_display = ["__str__", "year", "grade", "discipline"]
    list_filter = ["year", "grade", "discipline"]
    search_fields = ["person__full_name", "person__code", "unit__name", "unit__code"]
    export_filename = "danh-gia"

    def get_queryset(self, request):
        return Evaluation.objects.select_related("person__unit", "unit")


CERTIFICATE_PERMISSION = "emulation.print_certificate"
CERTIFICATES_LABEL = _("Print certificates")


class CertificateColumn(Column):
    """A link to the row's certificates (PDF), for those who may print them (the office)."""

    def __init__(self, url_name, label, show=lambda instance: True):
        super().__init__("certificates", label=label, accessor="pk")
        self.url_name, self.show = url_name, show

    def get_value(self, instance):
        return ""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is not None and request.user.has_perm(CERTIFICATE_PERMISSION) and self.show(instance):
            context["value"] = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                reverse(self.url_name, args=[instance.pk]),
                CERTIFICATES_LABEL,
            )
        return context


class CertificateButtonMixin:
    """The edit and inspect screens of a decision or an award: a header button to its certificates (PDF)."""

    certificate_url_name = None

    def has_certificates(self):
        return True

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(CERTIFICATE_PERMISSION) and self.has_certificates():
            buttons.append(
                HeaderButton(
                    CERTIFICATES_LABEL,
                    url=reverse(self.certificate_url_name, args=[self.object.pk]),
                    icon_name="download",
                    attrs={"target": "_blank", "rel": "noopener"},
                )
            )
        return buttons


class DecisionEditView(CertificateButtonMixin, EditView):
    certificate_url_name = "emulation_decision_certificates"


class DecisionInspectView(CertificateButtonMixin, RecordInspectView):
    certificate_url_name = "emulation_decision_certificates"


def award_has_certificate(award):
    return bool(award.decision_id and award.verification_code and not award.withdrawn_on)


class DecisionViewSet(EmulationViewSet):
    model = Decision
    icon = "doc-full"
    menu_label = _("Decisions")
    list_display = [
        "number",
        "date",
        "authority",
        "signer",
        Column("award_count", label=_("Awards")),
        CertificateColumn(
            "emulation_decision_certificates", _("Certificates"), show=lambda decision: decision.award_count
        ),
    ]
    edit_view_class = DecisionEditView
    inspect_view_class = DecisionInspectView
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
        return ordered(Decision.objects.annotate(award_count=Count("awards")))


class AwardWriteMixin:
    """The admin's award screens save through emulation.services.award_save, the one write path (it links the award
    to the initiative it rests on); the form has already refused, next to its fields, an award that breaks a rule."""

    def save_instance(self):
        return services.award_save(self.form.save(commit=False), user=self.request.user, enforce_rules=False)


class AwardCreateView(AwardWriteMixin, CreateView):
    pass


class AwardEditView(CertificateButtonMixin, AwardWriteMixin, EditView):
    certificate_url_name = "emulation_award_certificate"

    def has_certificates(self):
        return award_has_certificate(self.object)


class AwardViewSet(EmulationViewSet):
    model = Award
    exchange_sheet = "awards"
    icon = "success"
    menu_label = _("Awards")
    list_display = [
        Column("recipient", label=_("Recipient")),
        "title",
        "year",
        "decision",
        BooleanColumn("public", label=_("Public")),
        CertificateColumn("emulation_award_certificate", _("Certificate"), show=award_has_certificate),
    ]
    list_filter = ["year", "title", "public"]
    search_fields = [
        "person__full_name",
        "person__code",
        "person__unit__name",
        "unit__name",
        "unit__code",
        "title__name",
        "year",
        "decision__number",
    ]
    export_filename = "khen-thuong"
    chooser_filter_form = AwardChooserFilterForm
    add_view_class = AwardCreateView
    edit_view_class = AwardEditView
    inspect_view_enabled = True
    edit_handler = ObjectList(Award.panels, base_form_class=AwardAdminForm)

    def get_queryset(self, request):
        return Award.objects.select_related("person__unit", "unit", "title", "decision")


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
    add_to_settings_menu = True
    menu_label = _("Legal frameworks")
    list_display = ["name", "in_force_from", "in_force_until", Column("unverified", label=_("Unverified rules"))]
    list_export = ["name", "in_force_from", "in_force_until", "legal_basis"]
    export_filename = "khung-phap-ly"
    inspect_view_enabled = True

    def get_queryset(self, request):
        return ordered(LegalFramework.objects.annotate(unverified=Count("rules", filter=Q(rules__verified=False))))


class TitleViewSet(EmulationViewSet):
    model = Title
    icon = "tag"
    add_to_settings_menu = True
    menu_label = _("Titles and forms")
    list_display = ["name", "kind", "category", "includes"]
    list_filter = ["kind", "category"]
    search_fields = ["name", "aliases"]
    list_export = ["code", "name", "get_kind_display", "get_category_display", "aliases"]
    export_filename = "danh-hieu"

    def get_queryset(self, request):
        return Title.objects.select_related("includes")


class BaseSalaryViewSet(EmulationViewSet):
    model = BaseSalary
    icon = "doc-full"
    add_to_settings_menu = True
    menu_label = _("Base salary")
    list_display = ["effective_from", "amount", "source"]
    list_export = ["effective_from", "amount", "source", "verified"]
    export_filename = "muc-luong-co-so"


class RewardFundAdminForm(WagtailAdminModelForm):
    """Refuses, next to its date, an income dated outside the fund's year."""

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        for form in self.formsets["incomes"].forms if year else []:
            day = form.cleaned_data.get("date") if form.is_valid() else None
            if day and day.year != year and not form.cleaned_data.get("DELETE"):
                form.add_error("date", _("An income of the %(year)s fund must be dated in %(year)s.") % {"year": year})
        return cleaned


class RewardFundWriteMixin:
    """The fund's screens save through emulation.services.fund_save, the one write path."""

    def save_instance(self):
        return services.fund_save(self.form.save(commit=False), user=self.request.user)


class RewardFundCreateView(RewardFundWriteMixin, CreateView):
    pass


class RewardFundEditView(RewardFundWriteMixin, EditView):
    pass


class RewardFundViewSet(EmulationViewSet):
    model = RewardFund
    icon = "doc-full"
    menu_label = _("Reward fund")
    list_display = ["year", "opening_balance", "note"]
    list_export = ["year", "opening_balance", "note"]
    export_filename = "quy-thi-dua-khen-thuong"
    add_view_class = RewardFundCreateView
    edit_view_class = RewardFundEditView
    edit_handler = ObjectList(RewardFund.panels, base_form_class=RewardFundAdminForm)


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


# The office's menu: the records it keeps, the councils' work and decisions; the reports join Wagtail's "Báo cáo"
# menu and the configuration its "Cài đặt" menu (emulation.wagtail_hooks), so no two items share a name. Listing
# addresses stay /admin/snippets/emulation/<model>/ whatever the grouping.
class RecordsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Emulation records")
    menu_icon = "tasks"
    menu_order = 200
    submenu_hook = "register_emulation_menu_item"
    items = (
        EmulationYearViewSet,
        UnitViewSet,
        PersonViewSet,
        RegistrationViewSet,
        EvaluationViewSet,
        UnitAccountViewSet,
    )


class CertificateLayoutViewSet(SnippetViewSet):
    """The certificates' layouts the office edits (Cài đặt → Mẫu giấy khen, bằng khen; emulation.certificates)."""

    model = CertificateLayout
    icon = "doc-full"
    add_to_settings_menu = True
    menu_label = _("Certificate layouts")
    list_display = ["name", Column("title_names", label=_("Titles and forms")), DateColumn("updated_at")]

    def get_queryset(self, request):
        return CertificateLayout.objects.prefetch_related("titles")


class CouncilViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Councils and decisions")
    menu_icon = "success"
    menu_order = 210
    submenu_hook = "register_council_menu_item"
    items = (DecisionViewSet, AwardViewSet, RewardFundViewSet)
