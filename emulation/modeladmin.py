"""The initiative council's screen, with wagtail-modeladmin's filters and inspect view."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView

from emulation.importers import SHEETS
from emulation.models import Initiative
from emulation.selectors import initiative_history, initiative_score_table
from emulation.viewsets import UNIT_NAME, OfficeExportMixin


class InitiativeInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["authors"] = list(self.instance.authors.select_related("unit"))
        context["score_table"] = initiative_score_table(self.instance)
        context["history"] = initiative_history(self.instance)
        return context


class InitiativeIndexView(OfficeExportMixin, IndexView):
    """The initiatives' export: the records workbook's "Sáng kiến" sheet, with the unit's name after it."""

    exchange_sheet = "initiatives"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_export = [*SHEETS["initiatives"][1], UNIT_NAME]
        self.export_headings = {}


class InitiativeAdmin(ModelAdmin):
    model = Initiative
    menu_label = _("Initiatives and scoring")
    menu_icon = "pick"
    add_to_admin_menu = False
    list_display = ("code", "title", "unit", "year", "score", "result", "scope")
    list_filter = ("year", "result", "scope", "unit")
    search_fields = ("code", "title")
    inspect_view_enabled = True
    inspect_view_class = InitiativeInspectView
    index_view_class = InitiativeIndexView
    inspect_template_name = "emulation/initiative_inspect.html"
    inspect_view_fields = (
        "code",
        "year",
        "title",
        "unit",
        "summary",
        "registered_on",
        "result",
        "withdrawal_reason",
        "scope",
        "recorded_score",
    )
    list_export = SHEETS["initiatives"][1]  # shows the export buttons; InitiativeIndexView writes the columns
    export_filename = "sang-kien"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("unit")
            .prefetch_related("authors")
            .annotate(points=Sum("scores__points"), members=Count("scores__member", distinct=True))
        )

    def score(self, obj):
        """The council's total: each member's points summed, averaged over the members; else the recorded total."""
        if getattr(obj, "members", 0):
            return round(obj.points / obj.members, 2)
        return obj.recorded_score

    score.short_description = _("Score")
