"""The "Thi đua – Khen thưởng" admin menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from emulation.models import Unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    list_display = ["code", "name", "short_name", "kind", BooleanColumn("active", label=_("Active"))]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name", "short_name"]
    sort_order_field = "sort_order"
    list_export = ["code", "name", "short_name", "kind", "active"]
    export_filename = "don-vi"
    inspect_view_enabled = True


class EmulationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Emulation & commendation")
    menu_icon = "tasks"
    menu_order = 200
    items = (UnitViewSet,)


register_snippet(EmulationViewSetGroup)
