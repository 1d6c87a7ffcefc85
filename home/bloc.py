"""The plan's side of the emulation bloc (emulation.bloc): the measures computed from the pages (the year's plan,
its tasks, the articles on exemplary models), and the plan's bloc tasks following the dates of the bloc's record."""

from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from emulation.bloc import CENT, Figure, percent, register_measure
from emulation.models import Measure

# The news columns about exemplary models (the plan's solution IV.7): điển hình tiên tiến, gương người tốt việc tốt,
# nhân tố mới – mô hình mới.
EXEMPLARY_CATEGORIES = ("dien-hinh-tien-tien", "guong-nguoi-tot-viec-tot", "nhan-to-moi-mo-hinh-moi")

# The bloc's dates each kind of bloc task follows, and how its deadline reads.
BLOC_DATES = {
    "covenant": ("covenant_deadline", "before"),
    "movements": ("movements_until", "before"),
    "half-year-conference": ("half_year_conference", "on"),
    "year-end-conference": ("year_end_conference", "on"),
}


def _plan(year):
    from home.models import PlanPage

    return PlanPage.objects.live().filter(year=year).order_by("-first_published_at").first()


def plan_on_time(year, end):
    """The date the year's plan was issued (its document date, else the day it was first published)."""
    plan = _plan(year)
    if plan is None:
        return Figure(None, _("no plan of %(year)s published") % {"year": year})
    if plan.issued_on:
        issued = plan.issued_on
        text = _("issued on %(date)s") % {"date": formats.date_format(issued, "SHORT_DATE_FORMAT")}
    else:
        issued = timezone.localtime(plan.first_published_at).date() if plan.first_published_at else None
        text = (
            _("published on the portal on %(date)s (the plan page gives no date of issue)")
            % {"date": formats.date_format(issued, "SHORT_DATE_FORMAT")}
            if issued
            else ""
        )
    return Figure(issued, text, plan.title, plan.url or "")


def plan_tasks_on_time(year, end):
    """The share of the plan's tasks due by the end of the period that were done by their deadline."""
    from home.models import PlanTask

    plan = _plan(year)
    if plan is None:
        return Figure(None, _("no plan of %(year)s published") % {"year": year})
    due = list(PlanTask.objects.filter(plan=plan, deadline__isnull=False, deadline__lte=end))
    on_time = [
        task for task in due if task.status == PlanTask.Status.DONE and task.done_on and task.done_on <= task.deadline
    ]
    share = (Decimal(100) * len(on_time) / len(due)).quantize(CENT) if due else Decimal(0)
    return Figure(
        share,
        _("%(done)s of %(due)s dated tasks done on time (%(share)s%%)")
        % {"done": len(on_time), "due": len(due), "share": percent(share)},
        plan.title,
        plan.url or "",
    )


def exemplary_articles(year, end):
    """The articles on exemplary models published in the year up to the end of the period."""
    from home.models import ArticleIndexPage, ArticlePage

    count = (
        ArticlePage.objects.live()
        .filter(category__slug__in=EXEMPLARY_CATEGORIES, date__year=year, date__lte=end)
        .count()
    )
    index = ArticleIndexPage.objects.live().first()
    return Figure(
        Decimal(count),
        _("%(count)s articles on exemplary models") % {"count": count},
        index.title if index else "",
        index.url if index else "",
    )


def register():
    register_measure(Measure.PLAN_ON_TIME, plan_on_time)
    register_measure(Measure.PLAN_TASKS_ON_TIME, plan_tasks_on_time)
    register_measure(Measure.EXEMPLARY_ARTICLES, exemplary_articles)

    from emulation.services_bloc import bloc_dates_changed

    bloc_dates_changed.connect(follow_bloc_dates, dispatch_uid="home.bloc.follow_bloc_dates")


def follow_bloc_dates(sender, bloc, **kwargs):
    """Give the plan's bloc tasks of the bloc's year the dates the bloc's record holds (a blank date leaves the task
    as it is). The task's own note ("Theo Kế hoạch của Khối") stays, after the date."""
    from home.models import PlanTask

    tasks = PlanTask.objects.filter(plan__year=bloc.year).exclude(bloc_event="")
    changed = {}
    for task in tasks:
        name, kind = BLOC_DATES.get(task.bloc_event, (None, None))
        day = getattr(bloc, name, None) if name else None
        if day is None or (task.deadline == day and task.deadline_kind == kind):
            continue
        task.deadline, task.deadline_kind = day, kind
        task.save(update_fields=["deadline", "deadline_kind"])
        changed.setdefault(task.plan_id, {})[task.pk] = (day, kind)
    for plan_id, dates in changed.items():
        _follow_in_latest_revision(plan_id, dates)


def _follow_in_latest_revision(plan_id, dates):
    """The same dates in the plan's latest revision, so that the editor shows them and publishing keeps them."""
    from home.models import PlanPage

    plan = PlanPage.objects.filter(pk=plan_id).select_related("latest_revision").first()
    revision = plan.latest_revision if plan else None
    if revision is None:
        return
    content = revision.content
    touched = False
    for task in content.get("tasks", []):
        if task.get("pk") in dates:
            day, kind = dates[task["pk"]]
            task["deadline"], task["deadline_kind"] = day.isoformat(), kind
            touched = True
    if touched:
        revision.content = content
        revision.save(update_fields=["content"])
