import datetime

from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import WorkflowState, get_page_models
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from emulation.wagtail_hooks import PermissionMenuItem
from home import views
from home.models import ArticleCategory, BasePage, PlanPage, PlanTask


class ArticleCategoryViewSet(SnippetViewSet):
    """The news categories (Tin thi đua – khen thưởng, Điển hình tiên tiến …), edited by the office and editors."""

    model = ArticleCategory
    icon = "folder-open-inverse"
    menu_label = _("News categories")
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    sort_order_field = "sort_order"


register_snippet(ArticleCategoryViewSet)


class PortalPageViewSet(PageViewSet):
    """The admin's views for a page type of the portal: Wagtail's, with "add page" saving nothing until the editor
    saves (home.views.PageCreateView)."""

    add_view_class = views.PageCreateView


@hooks.register("register_admin_viewset")
def register_page_viewsets():
    return [PortalPageViewSet(model=model) for model in get_page_models() if issubclass(model, BasePage)]


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    """On the edit page of a page sent back by the leader, the request for changes and its comment, at the top."""
    state = page.current_workflow_state if request.method == "GET" else None
    if not state or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return
    task_state = state.current_task_state
    values = {
        "who": task_state.finished_by.get_full_name() or task_state.finished_by.get_username()
        if task_state.finished_by
        else gettext("the reviewer"),
        "when": timezone.localtime(task_state.finished_at).strftime("%H:%M %d/%m/%Y") if task_state.finished_at else "",
        "comment": task_state.get_comment() or gettext("(no comment)"),
    }
    messages.warning(
        request,
        gettext("Changes requested by %(who)s at %(when)s: “%(comment)s”. Make them, then submit the page again.")
        % values,
    )


@hooks.register("register_admin_urls")
def register_urls():
    return [path("emulation/open-year/", views.open_year_view, name="emulation_open_year")]


@hooks.register("register_emulation_menu_item")
def open_year_menu_item():
    return PermissionMenuItem(
        _("Open a new year"),
        reverse("emulation_open_year"),
        icon_name="calendar-check",
        order=920,
        permission="emulation.add_emulationyear",
    )


class FollowUpPanel(Component):
    """The office's follow-up of the plan: overdue tasks, those due within 14 days, last year's done late, and the
    reminders' schedule (the units that have not submitted are on the Today panel, emulation.admin_views)."""

    name = "plan_follow_up"
    template_name = "home/panels/follow_up.html"
    order = 40

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        tasks = (
            PlanTask.objects.filter(
                plan__live=True, deadline__isnull=False, deadline__lte=today + datetime.timedelta(days=14)
            )
            .exclude(status=PlanTask.Status.DONE)
            .select_related("plan", "lead_unit")
            .order_by("deadline")
        )
        overdue = [task for task in tasks if task.state() == "overdue"]
        due_soon = [task for task in tasks if task.state() != "overdue"]
        last_plan = PlanPage.objects.live().filter(year__lt=today.year).order_by("-year").first()
        late = []
        if last_plan:
            late = [
                task
                for task in PlanTask.objects.filter(plan=last_plan, status=PlanTask.Status.DONE)
                if task.state() == "done-late"
            ]
        from emulation import reminders

        reminder_year = reminders.year_in_progress(today)
        return {
            "reminder_year": reminder_year,
            "reminder_schedule": reminders.schedule(reminder_year) if reminder_year else [],
            "overdue": overdue,
            "due_soon": due_soon,
            "today": today,
            "last_plan": last_plan,
            "late": late,
        }


@hooks.register("construct_homepage_panels")
def add_follow_up_panel(request, panels):
    if request.user.has_perm("emulation.view_emulationregistration"):
        panels.insert(0, FollowUpPanel())
