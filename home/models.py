"""Page types of the portal."""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from emulation.models import Award, CitedDocument, Unit
from home.blocks import ArticleBodyBlock, BodyBlock, RecipientBlock
from home.forms import CategoryForm, FormPageForm, PageForm
from home.share import share_links
from portal import public
from portal.text import ascii_slug, fold


class BasePage(Page):
    """Fields and behaviour every page type shares: a listing summary and the site menu."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown in listings and used as the description for search engines."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("summary")]

    # The admin's search and page chooser find pages whatever the accents: the index also holds the title and the
    # text folded (portal.text.fold), and portal.search_backend folds the query the same way.
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.AutocompleteField("folded_title"),
        index.SearchField("folded_text"),
    ]

    base_form_class = PageForm

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's routing, with the way down the tree read from a per-content-version copy (portal.cache) of the
        pages a path leads through: one query in all (the page reached, as its specific type) instead of two a
        level. As in Wagtail, a page's own sub-routes (RoutablePageMixin: a feed, a calendar) come before its
        children; a slug that leads nowhere is a 404."""
        if not path_components:
            return super().route(request, path_components)
        from django.apps import apps
        from django.http import Http404

        from portal.cache import fragment

        path = hashlib.sha256("/".join(path_components).encode()).hexdigest()  # any characters, bounded length
        reached = fragment(f"route:{self.pk}:{path}", lambda: self._route_target(path_components))
        if not reached:
            raise Http404
        pk, app_label, model_name, used = reached
        page = apps.get_model(app_label, model_name).objects.filter(pk=pk).first()
        if page is None:
            raise Http404
        return page.route(request, path_components[used:])

    def _route_target(self, path_components):
        """(id, app, model, how many components it takes) of the page at the end of the path's slugs below this
        one, stopping where a page's own sub-route takes the rest; False when the first slug leads nowhere."""
        from django.urls import Resolver404
        from wagtail.contrib.routable_page.models import RoutablePageMixin

        parent, reached = self, False
        for used, slug in enumerate(path_components):
            if used and issubclass(parent.specific_class, RoutablePageMixin):
                rest = "/" + "/".join(path_components[used:]) + "/"
                try:
                    parent.specific_class.get_resolver().resolve(rest)
                    break  # the page's own route takes the rest
                except Resolver404:
                    pass
            child = parent.get_children().filter(slug=slug).select_related("content_type").first()
            if child is None:
                break
            parent = child
            reached = (child.pk, child.content_type.app_label, child.content_type.model, used + 1)
        return reached

    def get_view_restrictions(self):
        """Wagtail's look-up (two queries) only when the cached restricted or alias paths say it may find one."""
        from wagtail.models import PageViewRestriction

        if public.may_be_restricted(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    def full_clean(self, *args, **kwargs):
        """The address in ASCII on every path (the admin's form, the demo, a script): see portal.text.ascii_slug."""
        self.slug = ascii_slug(self.slug) or self.slug
        super().full_clean(*args, **kwargs)

    @property
    def meta_description(self):
        """The search engines' description: the promote tab's, else the summary, else the page's introduction as
        plain text (the home page, the honour roll and the contact page have one), at most 160 characters."""
        import html

        from django.utils.html import strip_tags
        from django.utils.text import Truncator

        text = self.search_description or self.summary or html.unescape(strip_tags(getattr(self, "introduction", "")))
        return Truncator(" ".join(text.split())).chars(160)

    def folded_title(self):
        return fold(self.title)

    def folded_text(self):
        from home.search import page_text

        return fold(page_text(self))


class HomePage(BasePage):
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.PlanPage",
        "home.StandardPage",
        "home.HonorRollPage",
        "home.ArticleIndexPage",
        "home.DocumentIndexPage",
        "home.ContactPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    featured_count = 3
    deadline_count = 5
    highlight_count = 6

    def get_context(self, request, *args, **kwargs):
        from portal.cache import fragment

        context = super().get_context(request, *args, **kwargs)
        # The blocks are built once per content version (and day: the days left), not per reader (portal.cache).
        today = timezone.localdate().isoformat()
        if getattr(request, "is_preview", False):  # a preview is never kept: it may show what is not published
            context.update(self.blocks(request))
        else:
            context.update(
                fragment(f"home-blocks:{self.pk}:{request.get_host()}:{today}", lambda: self.blocks(request))
            )
        context["today"] = today
        return context

    def blocks(self, request):
        """What the home page lists: plans, featured and latest articles, deadlines, honour-roll highlights."""
        from emulation.selectors import public_awards

        articles = public.pages(ArticlePage).descendant_of(self)
        highlights = list(public_awards()[: self.highlight_count])
        story_urls = award_story_urls((award.pk for award in highlights), request)
        for award in highlights:
            award.story_url = story_urls.get(award.pk, "")
        return {
            "plans": list(public.pages(PlanPage).descendant_of(self).order_by("-year", "-first_published_at")),
            "featured_articles": list(ArticlePage.listing(articles.filter(featured=True))[: self.featured_count]),
            "latest_by_category": self.latest_by_category(articles),
            "upcoming_tasks": self.upcoming_tasks(request),
            "award_highlights": highlights,
            "honor_roll": public.pages(HonorRollPage).descendant_of(self).first(),
            "news_index": public.pages(ArticleIndexPage).descendant_of(self).first(),
        }

    @staticmethod
    def latest_by_category(articles):
        """The newest article of each category, in the categories' order, in two queries."""
        from django.db.models import OuterRef, Subquery

        newest = articles.filter(category=OuterRef("pk")).order_by("-date", "-pk")
        categories = list(ArticleCategory.objects.annotate(newest_id=Subquery(newest.values("pk")[:1])))
        found = ArticlePage.listing(ArticlePage.objects.filter(pk__in=[c.newest_id for c in categories if c.newest_id]))
        by_id = {article.pk: article for article in found}
        return [(category, by_id[category.newest_id]) for category in categories if category.newest_id in by_id]

    def upcoming_tasks(self, request):
        """The next deadlines of the published plans that are not done yet, soonest first."""
        today = timezone.localdate()
        plans = public.pages(PlanPage).descendant_of(self)
        tasks = (
            PlanTask.objects.filter(plan__in=plans, deadline__gte=today)
            .exclude(status=PlanTask.Status.DONE)
            .select_related("plan", "lead_unit")
            .order_by("deadline", "sort_order", "pk")[: self.deadline_count]
        )
        tasks = list(tasks)
        for task in tasks:
            task.days_left = (task.deadline - today).days
        return tasks


class StandardPage(BasePage):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class PlanPage(RoutablePageMixin, BasePage):
    """A year's emulation and commendation plan, as the department issues it, in its own sections."""

    year = models.PositiveSmallIntegerField(_("year"))
    document_number = models.CharField(
        _("document number"),
        max_length=50,
        blank=True,
        help_text=_(
            "E.g. 15/KH-SCT. When the number is left blank on the document (filled in by hand), give the symbol "
            "only, e.g. /KH-SCT: the page shows Số: …/KH-SCT."
        ),
    )
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    heading_line = models.CharField(
        _("line under the heading"),
        max_length=300,
        blank=True,
        help_text=_(
            "The line under KẾ HOẠCH as the document writes it, e.g. 'Triển khai công tác thi đua, khen thưởng năm "
            "2020'. Blank: the page's title."
        ),
    )
    signed_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("signed PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The signed and stamped plan, scanned: readers download it from the plan page."),
    )
    preamble = RichTextField(
        _("preamble"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("The paragraph after the legal bases that states why the plan is made."),
    )
    general_tasks = StreamField(BodyBlock(), verbose_name=_("general tasks"), blank=True)
    aims = StreamField(BodyBlock(), verbose_name=_("purposes and requirements"), blank=True)
    solutions = StreamField(BodyBlock(), verbose_name=_("key solutions"), blank=True)
    implementation = StreamField(BodyBlock(), verbose_name=_("organisation of implementation"), blank=True)
    recipients = StreamField([("recipient", RecipientBlock())], verbose_name=_("recipients"), blank=True)
    signer_capacity = models.TextField(
        _("signer's capacity"), blank=True, help_text=_("One line each, e.g. KT. GIÁM ĐỐC then PHÓ GIÁM ĐỐC.")
    )
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("year"), FieldPanel("document_number"), FieldPanel("issued_on")]),
                FieldPanel("heading_line"),
                FieldPanel("signed_document"),
            ],
            heading=pgettext_lazy("plan document", "Document"),
        ),
        InlinePanel("legal_bases", heading=_("Legal bases"), label=_("Legal basis")),
        FieldPanel("preamble"),
        FieldPanel("general_tasks"),
        FieldPanel("aims"),
        InlinePanel("tasks", heading=_("Content of implementation: tasks"), label=pgettext_lazy("plan task", "Task")),
        FieldPanel("solutions"),
        FieldPanel("implementation"),
        FieldPanel("recipients"),
        MultiFieldPanel([FieldPanel("signer_capacity"), FieldPanel("signer_name")], heading=_("Signer")),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("preamble"),
        index.SearchField("general_tasks"),
        index.SearchField("aims"),
        index.SearchField("solutions"),
        index.SearchField("implementation"),
        index.RelatedFields("tasks", [index.SearchField("text")]),
        index.FilterField("year"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    @property
    def signer_capacity_lines(self):
        return [line for line in self.signer_capacity.splitlines() if line.strip()]

    @property
    def number_display(self):
        """The number as the document shows it: "…/KH-SCT" when only the symbol is given (the number is written by
        hand on the signed copy), else the number, else blank (the header then shows "Số: …")."""
        number = self.document_number.strip()
        return f"…{number}" if number.startswith("/") else number

    @property
    def heading_display(self):
        return self.heading_line or self.title

    def ordered_tasks(self, unit=None):
        tasks = self.tasks.all()
        if unit is not None:
            tasks = tasks.filter(Q(lead_unit=unit) | Q(co_units=unit)).distinct()
        return list(tasks.select_related("lead_unit").prefetch_related("co_units"))

    def task_groups(self, tasks):
        """Tasks grouped as the plan writes them: one group per quarter in order, year-long tasks on their own."""
        groups = []
        for task in tasks:
            if groups and groups[-1]["period"] == task.period and task.period != PlanTask.Period.YEAR:
                groups[-1]["tasks"].append(task)
                continue
            groups.append(
                {
                    "period": task.period,
                    "number": task.number.split(".")[0],
                    "heading": task.get_period_display() if task.period != PlanTask.Period.YEAR else "",
                    "tasks": [task],
                }
            )
        return groups

    def unit_url(self, page_url, unit):
        return page_url + self.reverse_subpage("unit_tasks", args=[unit.code])

    def get_context(self, request, *args, unit=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tasks = self.ordered_tasks(unit)
        page_url = self.get_url(request) or ""
        for task in tasks:
            task.responsible = [(unit, self.unit_url(page_url, unit)) for unit in task.responsible_units]
        context["task_groups"] = self.task_groups(tasks)
        context["legal_bases"] = list(self.legal_bases.all())
        context["published_copies"] = self.published_copies()
        context["dated_tasks"] = [task for task in tasks if task.deadline]
        context["calendar_url"] = page_url + self.reverse_subpage("calendar")
        context["share"] = share_links(self.get_full_url(request))
        if unit is not None:
            context["unit_calendar_url"] = page_url + self.reverse_subpage("unit_calendar", args=[unit.code])
        return context

    def published_copies(self):
        """The public Văn bản pages that publish this plan with a file (its PDF to download from the plan too)."""
        return list(
            public.pages(LegalDocumentPage)
            .filter(related_pages__target=self, document__isnull=False)
            .select_related("document")
            .order_by("-first_published_at")[:1]
        )

    @path("lich/", name="calendar")
    def calendar(self, request, unit=None):
        """The plan's deadlines as an iCalendar feed (home.ical): one all-day event per dated task."""
        from home.ical import plan_calendar

        response = HttpResponse(plan_calendar(self, request, unit), content_type="text/calendar; charset=utf-8")
        name = f"{self.slug}-{ascii_slug(unit.code)}" if unit else self.slug
        response["Content-Disposition"] = f'inline; filename="{name}.ics"'
        return response

    @path("don-vi/<str:code>/lich/", name="unit_calendar")
    def unit_calendar(self, request, code):
        """The deadlines of the tasks one unit leads or takes part in."""
        return self.calendar(request, unit=get_object_or_404(Unit, code=code))

    @path("don-vi/<str:code>/", name="unit_tasks")
    def unit_tasks(self, request, code):
        unit = get_object_or_404(Unit, code=code)
        return self.render(request, unit=unit, context_overrides={"unit": unit}, template="home/plan_page_unit.html")


class PlanLegalBasis(Orderable, CitedDocument):
    """A document the plan implements, cited at its head ("Thực hiện Chỉ thị số …")."""

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="legal_bases")

    class Meta(Orderable.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")


BLOC_EVENTS = [
    ("covenant", _("sign the bloc's covenant")),
    ("movements", _("the bloc's movements")),
    ("half-year-conference", _("the bloc's half-year conference")),
    ("year-end-conference", _("the bloc's year-end conference")),
]


class PlanTask(ClusterableModel, Orderable):
    """One task of the plan: its number, what to do, by when, and who is responsible (the lead unit first)."""

    class Period(models.TextChoices):
        Q1 = "q1", _("First-quarter tasks")
        Q2 = "q2", _("Second-quarter tasks")
        Q3 = "q3", _("Third-quarter tasks")
        Q4 = "q4", _("Fourth-quarter tasks")
        YEAR = "year", _("Year-long task")

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", _("not started")
        IN_PROGRESS = "in-progress", _("in progress")
        DONE = "done", _("done")

    class DeadlineKind(models.TextChoices):
        BEFORE = "before", _("before the date")
        ON = "on", _("on the date")
        MONTH = "month", _("within the month of the date")
        YEAR = "year", _("within the year of the date")

    plan = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="tasks")
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.Q1)
    number = models.CharField(_("number"), max_length=10, help_text=_("As numbered in the plan, e.g. 1.1 or 5."))
    text = models.TextField(pgettext_lazy("plan task", "task"))
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("For a month or a year, give its last day (e.g. 31/12/2020 for 'Trong tháng 12/2020')."),
    )
    deadline_kind = models.CharField(
        _("deadline reads"), max_length=10, choices=DeadlineKind.choices, default=DeadlineKind.BEFORE
    )
    deadline_note = models.CharField(
        _("deadline note"),
        max_length=200,
        blank=True,
        help_text=_("When there is no date, e.g. 'Theo Kế hoạch của Khối'."),
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_plan_tasks",
    )
    co_units = ParentalManyToManyField(
        Unit, verbose_name=_("co-operating units"), blank=True, related_name="supported_plan_tasks"
    )
    status = models.CharField(_("progress"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    other_parties = models.CharField(
        _("other parties"),
        max_length=300,
        blank=True,
        help_text=_("Responsible parties that are not units of the department, e.g. Đại diện lãnh đạo Sở."),
    )
    bloc_event = models.CharField(
        _("task of the emulation bloc"),
        max_length=30,
        choices=BLOC_EVENTS,
        blank=True,
        help_text=_(
            "A task the Sở does as a member of the province's emulation bloc (Khối thi đua): its deadline follows the "
            "date the bloc's record gives (Khối thi đua menu), and it is labelled so in the plan's deadlines."
        ),
    )
    responsible_text = models.CharField(
        _("responsibility as written"),
        max_length=400,
        blank=True,
        help_text=_(
            "The 'Trách nhiệm thực hiện' line as the plan writes it, e.g. 'Văn phòng; các phòng chuyên môn, đơn vị "
            "thuộc Sở.' Shown as written, with links to the units' tasks after it. Blank: the units' names."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("period"), FieldPanel("number")]),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("deadline_kind"), FieldPanel("deadline"), FieldPanel("deadline_note")]),
        FieldPanel("lead_unit"),
        FieldPanel("co_units", widget=forms.CheckboxSelectMultiple),
        FieldPanel("other_parties"),
        FieldPanel("responsible_text"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("done_on")]),
        FieldPanel("bloc_event"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["sort_order", "pk"]  # rows added in code may share a sort order

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    def clean(self):
        super().clean()
        if not self.deadline and not self.deadline_note:
            raise ValidationError({"deadline": _("Give a deadline date, or a note when the plan gives no date.")})
        if self.status == self.Status.DONE and not self.done_on:
            raise ValidationError({"done_on": _("Give the date the task was done.")})
        if self.done_on and self.status != self.Status.DONE:
            raise ValidationError({"status": _("A task with a completion date is done.")})

    def state(self, now=None):
        """How the task stands: done on time, done late, overdue, due soon, in progress or not started.

        A deadline is met by the end of its day in Asia/Ho_Chi_Minh."""
        from emulation.rules import deadline_cutoff

        if self.status == self.Status.DONE:
            if self.deadline and self.done_on > self.deadline:
                return "done-late"
            return "done"
        if self.deadline and (now or timezone.now()) >= deadline_cutoff(self.deadline):
            return "overdue"
        return self.status

    @property
    def current_state(self):
        return self.state()

    @property
    def bloc_label(self):
        """ "Khối thi đua" for a task of the emulation bloc, else blank."""
        return _("Emulation bloc") if self.bloc_event else ""

    @property
    def state_label(self):
        return TASK_STATES[self.state()]

    @cached_property
    def responsible_units(self):
        """The lead unit first, then the co-operating units in the units' own order."""
        units = [self.lead_unit] if self.lead_unit else []
        units += [unit for unit in self.co_units.all() if unit != self.lead_unit]
        return units

    @property
    def deadline_display(self):
        if not self.deadline:
            return self.deadline_note
        if self.deadline_kind == self.DeadlineKind.MONTH:
            text = _("Within %(month)s") % {"month": f"{self.deadline.month}/{self.deadline.year}"}
        elif self.deadline_kind == self.DeadlineKind.YEAR:
            text = _("Within %(year)s") % {"year": self.deadline.year}
        else:
            date = formats.date_format(self.deadline, "SHORT_DATE_FORMAT")
            text = _("Before %(date)s") % {"date": date} if self.deadline_kind == self.DeadlineKind.BEFORE else date
        if self.deadline_note:
            text = f"{text} ({self.deadline_note})"
        return text


class HonorRollForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.filter(active=True), required=False, empty_label=_("All units")
    )
    title = forms.ModelChoiceField(
        label=_("Title or form"), queryset=None, required=False, empty_label=_("All titles and forms")
    )

    def __init__(self, *args, years=(), titles=None, **kwargs):
        from emulation.models import Title

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(year, year) for year in years]
        self.fields["title"].queryset = (
            Title.objects.filter(pk__in=titles) if titles is not None else Title.objects.all()
        )


class HonorRollPage(BasePage):
    """Bảng vinh danh: the public awards, by year, unit and title."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("honour roll")
        verbose_name_plural = _("honour rolls")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Page as DjangoPage

        from emulation.selectors import public_award_titles, public_award_years
        from portal.pagination import CountedPaginator

        context = super().get_context(request, *args, **kwargs)
        from portal.cache import fragment

        form = HonorRollForm(
            request.GET or None,
            years=fragment("honor-roll-years", public_award_years),
            titles=fragment("honor-roll-titles", public_award_titles),
        )
        filters = form.cleaned_data if form.is_valid() else {}
        # The page of awards shown, with its links and JSON-LD, built once per content version for each address.
        listing = fragment(
            f"honor-roll:{self.pk}:{request.get_host()}:{request.get_full_path()}",
            lambda: self.listing(request, filters),
        )
        paginator = CountedPaginator([], self.per_page, listing["count"])
        awards = DjangoPage(listing["rows"], listing["number"], paginator)
        text = listing["json_ld_text"]
        context.update({"form": form, "awards": awards, "json_ld_text": mark_safe(text)})  # noqa: S308
        context["open_data_fields"] = {"awards": public.AWARD_FIELDS, "decisions": public.DECISION_FIELDS}
        return context

    def listing(self, request, filters):
        """The page of awards `filters` and ?page= ask for: its rows (with their story's address), their count, the
        page's number and its JSON-LD text."""
        from emulation.selectors import public_awards
        from portal.pagination import paginate

        awards = paginate(request, public_awards(**{k: v for k, v in filters.items() if v}), per_page=self.per_page)
        story_urls = award_story_urls((award.pk for award in awards), request)
        for award in awards:
            award.story_url = story_urls.get(award.pk, "")
        full_url = self.get_full_url(request)
        here = f"{full_url}?{request.GET.urlencode()}" if request.GET else full_url
        json_ld = honor_roll_json_ld(awards, full_url, here)
        # JSON inside <script>: <, > and & escaped, as Django's json_script does, so no value can close the tag.
        text = json.dumps(json_ld, ensure_ascii=False).translate(
            {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
        )
        return {
            "rows": list(awards),
            "count": awards.paginator.count,
            "number": awards.number,
            "json_ld_text": text,
        }

    per_page = 30

    def award_urls(self, awards, request=None):
        """{award id: its row on the honour roll}: the year's and title's listing, at the page that shows it, and
        the row's anchor (#award-<id>). One query per year and title among `awards`."""
        from emulation.selectors import public_awards

        base, urls = self.get_url(request), {}
        for year, title_id in {(award.year, award.title_id) for award in awards}:
            ids = list(public_awards(year=year, title=title_id).values_list("pk", flat=True))
            for award in awards:
                if (award.year, award.title_id) == (year, title_id) and award.pk in ids:
                    page = ids.index(award.pk) // self.per_page + 1
                    query = f"?year={year}&title={title_id}" + (f"&page={page}" if page > 1 else "")
                    urls[award.pk] = f"{base}{query}#award-{award.pk}"
        return urls


def honor_roll_json_ld(awards, url, here=None):
    """schema.org ItemList of the awards on the page: each a person or an organisation with the award it received,
    and the absolute address of its row (on `here`, the page as filtered)."""
    elements = []
    for position, award in enumerate(awards, start=awards.start_index() if awards else 1):
        if award.person_id:
            item = {
                "@type": "Person",
                "name": award.person.full_name,
                "affiliation": {"@type": "Organization", "name": award.person.unit.name},
            }
        else:
            item = {"@type": "Organization", "name": award.unit.name}
        item["award"] = f"{award.title.name} ({award.year})"
        elements.append(
            {"@type": "ListItem", "position": position, "url": f"{here or url}#award-{award.pk}", "item": item}
        )
    return {"@context": "https://schema.org", "@type": "ItemList", "url": url, "itemListElement": elements}


def plan_copy_for_year(plan, year):
    """A draft copy of `plan` for another year, beside it: dates moved (to the Friday before when they fall on a
    weekend), the year rewritten in its texts, and its legal bases those of the law in force for the new year.

    Editors then check and publish it. Returns the new page, with `moved`: each task deadline moved off a weekend.
    """
    from emulation import rules
    from emulation.models import FrameworkDocument
    from emulation.services import move_date, shift_years, working_day_on_or_before

    source, delta = plan.year, year - plan.year
    copy = plan.copy(
        keep_live=False,
        update_attrs={
            "title": shift_years(plan.title, source, year),
            "draft_title": shift_years(plan.title, source, year),
            "slug": shift_years(plan.slug, source, year) if str(source) in plan.slug else f"{plan.slug}-{year}",
            "year": year,
            # The new plan is not numbered yet: its symbol stays (…/KH-SCT), the number is given when it is issued.
            "document_number": "/" + plan.document_number.split("/", 1)[1] if "/" in plan.document_number else "",
            "issued_on": None,
            "heading_line": shift_years(plan.heading_line, source, year),
            "signed_document": None,
        },
        log_action="wagtail.copy",
    ).specific
    copy.summary = shift_years(copy.summary, source, year)
    copy.preamble = shift_years(copy.preamble, source, year)
    for name in ("general_tasks", "aims", "solutions", "implementation"):
        stream = getattr(copy, name)
        setattr(copy, name, _shift_stream(stream, source, year))
    tasks, moved = list(copy.tasks.all()), []
    for task in tasks:
        task.text = shift_years(task.text, source, year)
        task.deadline_note = shift_years(task.deadline_note, source, year)
        task.responsible_text = shift_years(task.responsible_text, source, year)
        task.status, task.done_on = PlanTask.Status.NOT_STARTED, None
        day = move_date(task.deadline, delta)
        task.deadline = working_day_on_or_before(day)
        if task.deadline != day:
            moved.append(
                _("Task %(number)s: %(day)s falls on a weekend, moved to Friday %(working)s.")
                % {
                    "number": task.number,
                    "day": day.strftime("%d/%m/%Y"),
                    "working": task.deadline.strftime("%d/%m/%Y"),
                }
            )
    copy.tasks = tasks
    framework = rules.rule_set_for(year).framework_id
    copy.legal_bases = [
        PlanLegalBasis(
            kind=document.kind,
            number=document.number,
            issued_on=document.issued_on,
            issuer=document.issuer,
            subject=document.subject,
        )
        for document in FrameworkDocument.objects.filter(framework_id=framework)
    ]
    copy.save_revision(log_action=False)
    copy.save()
    copy.moved = moved
    return copy


def _shift_stream(stream, source, year):
    import json

    from emulation.services import shift_years

    raw = json.dumps(list(stream.raw_data), ensure_ascii=False)
    return json.loads(shift_years(raw, source, year))


TASK_STATES = {
    "done": _("Done on time"),
    "done-late": _("Done late"),
    "overdue": _("Overdue"),
    "in-progress": _("In progress"),
    "not-started": _("Not started"),
}


# --- Publishing: articles, their categories and tags, and the contact form -------------------------------------


class ArticleCategory(models.Model):
    """A column of the department's news (the plan's solution IV.7): editable, not hard-coded."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, allow_unicode=False, help_text=_("Used in the category's address.")
    )
    description = models.TextField(pgettext_lazy("category", "description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    base_form_class = CategoryForm

    class Meta:
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ArticleIndexPage(RoutablePageMixin, BasePage):
    """Tin tức: the list of articles, filtered by category or tag, with an RSS feed for all and for each category."""

    introduction = models.TextField(_("introduction"), blank=True)
    per_page = 12

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ArticlePage"]

    class Meta:
        verbose_name = _("article index")
        verbose_name_plural = _("article indexes")

    def articles(self):
        return ArticlePage.listing(public.pages(ArticlePage).descendant_of(self))

    def category_url(self, category, request=None):
        return self.get_url(request) + self.reverse_subpage("category", args=[category.slug])

    def feed_url(self, category=None, request=None):
        if category is None:
            return self.get_url(request) + self.reverse_subpage("feed")
        return self.get_url(request) + self.reverse_subpage("category_feed", args=[category.slug])

    def get_context(self, request, *args, category=None, tag=None, **kwargs):
        from portal.cache import fragment
        from portal.pagination import paginate_counted

        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        if category is not None:
            articles = articles.filter(category=category)
        if tag is not None:
            articles = articles.filter(tags=tag)
        page_url = self.get_url(request)
        categories = self.categories(request)
        # How many: counted once per content version (portal.cache), not per reader.
        count_key = f"article-count:{self.pk}:{category.pk if category else ''}:{tag.pk if tag else ''}"
        count = fragment(count_key, lambda: articles.order_by().count())
        context.update(
            {
                "articles": paginate_counted(request, articles, count, per_page=self.per_page),
                "categories": categories,
                "category": category,
                "tag": tag,
                "index_url": page_url,
                "feed_url": self.feed_url(category, request),
                "feed_title": category.name if category else self.title,
            }
        )
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    def categories(self, request):
        """The categories with their listing's address, kept per content version (portal.cache): shared, not to be
        changed by callers."""
        from portal.cache import fragment

        def build():
            categories = list(ArticleCategory.objects.all())
            for item in categories:
                item.url = self.category_url(item, request)
            return categories

        return fragment(f"article-categories:{self.pk}:{request.get_host()}", build)

    @path("chuyen-muc/<slug:slug>/", name="category")
    def category(self, request, slug):
        from django.http import Http404

        category = next((item for item in self.categories(request) if item.slug == slug), None)
        if category is None:
            raise Http404
        return self.render(request, category=category, context_overrides={"listing_title": category.name})

    @path("the/<str:slug>/", name="tag")
    def tag(self, request, slug):
        from taggit.models import Tag

        tag = get_object_or_404(Tag, slug=slug)
        return self.render(request, tag=tag, context_overrides={"listing_title": tag.name})

    @path("rss/", name="feed")
    def feed(self, request):
        from home.feeds import ArticleFeed

        return ArticleFeed(self)(request)

    @path("chuyen-muc/<slug:slug>/rss/", name="category_feed")
    def category_feed(self, request, slug):
        from home.feeds import ArticleFeed

        return ArticleFeed(self, get_object_or_404(ArticleCategory, slug=slug))(request)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("home.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(BasePage):
    """A news article: commendation news, an exemplary model, a new factor, a success story or a good deed."""

    date = models.DateField(_("date"), default=timezone.localdate, help_text=_("The date shown on the article."))
    category = models.ForeignKey(
        ArticleCategory,
        verbose_name=pgettext_lazy("news", "category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_image_alt = models.CharField(
        _("featured image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it. Required with an image."),
    )
    featured_image_caption = models.CharField(_("featured image caption"), max_length=300, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("The unit the article is about, if any."),
    )
    featured = models.BooleanField(
        _("featured on the home page"), default=False, help_text=_("Shown among the exemplary models on the home page.")
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("category")]),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("featured_image_alt"), FieldPanel("featured_image_caption")],
            heading=_("Featured image"),
        ),
        FieldPanel("body"),
        InlinePanel(
            "award_links",
            heading=_("Awards this article tells of"),
            label=_("Award"),
            help_text=_("The article is linked from these awards on the honour roll."),
        ),
    ]
    promote_panels = BasePage.promote_panels + [FieldPanel("tags"), FieldPanel("unit"), FieldPanel("featured")]

    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("featured_image_caption"),
        index.FilterField("date"),
        index.FilterField("category"),
    ]

    parent_page_types = ["home.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # Listings walk these newest first and stop after a page: no sort over all the articles.
            models.Index(fields=["date", "page_ptr"], name="home_article_date"),
            models.Index(fields=["category", "date", "page_ptr"], name="home_article_category_date"),
            models.Index(fields=["date", "page_ptr"], condition=Q(featured=True), name="home_article_featured"),
        ]

    def clean(self):
        super().clean()
        if self.featured_image_id and not self.featured_image_alt.strip():
            raise ValidationError({"featured_image_alt": _("Describe the picture for readers who cannot see it.")})

    @staticmethod
    def listing(queryset):
        """What an article card shows, in a fixed number of queries however many articles there are."""
        return (
            queryset.select_related("category", "featured_image")
            .prefetch_related("featured_image__renditions", "tags")
            .order_by("-date", "-pk")
        )

    def related_articles(self, tags, limit=3):
        """The newest other articles of the same category or sharing a tag."""
        tag_ids = [tag.pk for tag in tags]
        related = public.pages(ArticlePage).exclude(pk=self.pk)
        related = related.filter(Q(category_id=self.category_id) | Q(tagged_items__tag_id__in=tag_ids))
        ids = list(related.order_by("-date", "-pk").values_list("pk", flat=True).distinct()[: limit * 3])
        ids = list(dict.fromkeys(ids))[:limit]
        return ArticlePage.listing(ArticlePage.objects.filter(pk__in=ids))

    def get_context(self, request, *args, **kwargs):
        from portal.cache import fragment

        context = super().get_context(request, *args, **kwargs)
        # Built once per content version (portal.cache), not per reader.
        if getattr(request, "is_preview", False):  # a preview is never kept: it may show what is not published
            extras = self.extras(request)
        else:
            extras = fragment(f"article:{self.pk}:{request.get_host()}", lambda: self.extras(request))
        # What the template reads of the page itself, from the same copy (no query per relation).
        self.category, self.unit, self.featured_image = extras["relations"]
        context.update({name: value for name, value in extras.items() if name != "relations"})
        context["share"] = share_links(self.get_full_url(request))
        return context

    def extras(self, request):
        """The article's surroundings: its index, category, awards with their honour-roll rows, tags, related."""
        from wagtail.images import get_image_model

        index_page = self.get_parent().specific
        featured_image = None
        if self.featured_image_id:
            featured_image = (
                get_image_model().objects.filter(pk=self.featured_image_id).prefetch_related("renditions").first()
            )
        context = {
            "relations": (self.category, self.unit if self.unit_id else None, featured_image),
            "index_page": index_page,
            "category_url": index_page.category_url(self.category, request),
            "feed_url": index_page.feed_url(self.category, request),
            "feed_title": self.category.name,
            "awards": [
                link.award
                for link in self.award_links.select_related("award__person__unit", "award__unit", "award__title")
            ],
        }
        context["tags"] = list(self.tags.all())
        context["related"] = list(self.related_articles(context["tags"]))
        honor_roll = public.pages(HonorRollPage).first() if context["awards"] else None
        if honor_roll:
            urls = honor_roll.award_urls(context["awards"], request)
            for award in context["awards"]:
                award.roll_url = urls.get(award.pk, "")
            context["honor_roll_url"] = context["awards"][0].roll_url or honor_roll.get_url(request)
        return context


class ArticleAward(Orderable):
    """An award record an article tells the story of; the honour roll links the award to the article."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="award_links")
    award = models.ForeignKey(Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("award")]

    class Meta(Orderable.Meta):
        verbose_name = _("award told of")
        verbose_name_plural = _("awards told of")
        constraints = [models.UniqueConstraint(fields=["page", "award"], name="home_articleaward_unique")]


def award_story_urls(award_ids, request):
    """{award id: the URL of the newest live article telling of it}, in one query."""
    links = (
        ArticleAward.objects.filter(award_id__in=list(award_ids), page__in=public.pages(ArticlePage))
        .select_related("page")
        .order_by("-page__date", "-page_id")
    )
    urls = {}
    for link in links:
        if link.award_id not in urls:
            urls[link.award_id] = link.page.get_url(request)
    return urls


class ContactFormField(AbstractFormField):
    page = ParentalKey("home.ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    def get_field_clean_name(self):
        """ASCII names from Vietnamese labels: "Thư điện tử" is thu_dien_tu (not thu_u0111ien_tu)."""
        return fold(self.label).replace(" ", "_") or super().get_field_clean_name()


class ContactPage(BasePage, AbstractEmailForm):
    """Góp ý – Liên hệ: a feedback form; submissions are kept in the admin (and e-mailed when an address is set).

    Spam is kept out by a hidden field that people leave empty (a honeypot) and by a limit of submissions per
    address and hour."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "italic", "link"])
    rate_limit = 5  # submissions per IP address and hour
    honeypot_name = "website"
    base_form_class = FormPageForm  # Wagtail's form-page checks, with the ASCII address

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("Form field")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail the office"),
        ),
    ]
    promote_panels = BasePage.promote_panels
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.fields[self.honeypot_name] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        return form

    def serve(self, request, *args, **kwargs):
        from django.template.response import TemplateResponse

        from portal import ratelimit

        status = 200
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            if form.is_valid():
                if form.cleaned_data.get(self.honeypot_name):
                    # A robot filled the hidden field: thank it and keep nothing.
                    return TemplateResponse(request, self.get_landing_page_template(request), self.get_context(request))
                if ratelimit.hit(f"contact:{ratelimit.client_ip(request)}", 3600) <= self.rate_limit:
                    submission = self.process_form_submission(form)
                    return self.render_landing_page(request, submission, *args, **kwargs)
                form.add_error(None, _("Too many messages from your address. Please try again in an hour."))
                status = 429
        else:
            form = self.get_form(page=self, user=request.user)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def process_form_submission(self, form):
        from portal.sanitize import clean_text

        form.cleaned_data.pop(self.honeypot_name, None)
        for name, value in form.cleaned_data.items():
            if isinstance(value, str):
                form.cleaned_data[name] = clean_text(value)
        return super().process_form_submission(form)


class DocumentFilterForm(forms.Form):
    """The Văn bản listing's filters, read from the query string (?loai=…&nam=…&co-quan=…&q=…)."""

    q = forms.CharField(label=_("Search the documents"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind of document"), required=False)
    year = forms.TypedChoiceField(label=_("Year issued"), required=False, coerce=int, empty_value=None)
    issuer = forms.ChoiceField(label=_("Issuing authority"), required=False)

    def __init__(self, *args, years=(), issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + list(LegalDocumentPage.Kind.choices)
        self.fields["year"].choices = [("", _("All years"))] + [(year, year) for year in years]
        self.fields["issuer"].choices = [("", _("All authorities"))] + [(issuer, issuer) for issuer in issuers]


class DocumentIndexPage(BasePage):
    """Văn bản: the department's published documents (its plans, the commendation decisions …), filtered by kind,
    year and issuer and searched without regard to accents.

    Each document is a page (LegalDocumentPage), a child of this one, rather than a snippet listed by a routable
    page: as with the news (ArticleIndexPage/ArticlePage), a document published on the portal goes through the
    leaders' approval workflow, keeps its revisions and scheduled publishing, has its own address, Open Graph tags
    and sitemap entry, and is indexed into the public search (home.search.SearchEntry) on publish like any page,
    with no extra signal. One per site (under the home page), shown in the menu."""

    introduction = models.TextField(_("introduction"), blank=True)
    per_page = 20

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.LegalDocumentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("document index")
        verbose_name_plural = _("document indexes")

    def documents(self):
        return public.pages(LegalDocumentPage).child_of(self)

    def filter_choices(self):
        documents = self.documents().order_by()
        years = sorted(set(documents.exclude(year=None).values_list("year", flat=True)), reverse=True)
        issuers = sorted(set(documents.exclude(issuer="").values_list("issuer", flat=True)))
        return years, issuers

    def get_context(self, request, *args, **kwargs):
        from home.search import matches
        from portal.pagination import paginate

        context = super().get_context(request, *args, **kwargs)
        years, issuers = self.filter_choices()
        form = DocumentFilterForm(request.GET or None, years=years, issuers=issuers)
        filters = form.cleaned_data if form.is_valid() else {}
        documents = self.documents().select_related("document")
        if filters.get("kind"):
            documents = documents.filter(kind=filters["kind"])
        if filters.get("year"):
            documents = documents.filter(year=filters["year"])
        if filters.get("issuer"):
            documents = documents.filter(issuer=filters["issuer"])
        if filters.get("q"):
            found = matches(filters["q"]).filter(page__isnull=False).values("page_id")
            documents = documents.filter(pk__in=found)
        documents = documents.order_by(F("year").desc(nulls_last=True), F("issued_on").desc(nulls_last=True), "-pk")
        context.update({"form": form, "documents": paginate(request, documents, per_page=self.per_page)})
        return context


class LegalDocumentPage(BasePage):
    """One published document: số ký hiệu, ngày ban hành, cơ quan ban hành, loại văn bản, trích yếu, the file
    (a Wagtail document: a public file, as published legal documents are) and the pages it concerns."""

    class Kind(models.TextChoices):
        PLAN = "ke-hoach", pgettext_lazy("document kind", "Plan")
        DECISION = "quyet-dinh", pgettext_lazy("document kind", "Decision")
        DIRECTIVE = "chi-thi", pgettext_lazy("document kind", "Directive")
        CIRCULAR = "thong-tu", pgettext_lazy("document kind", "Circular")
        DECREE = "nghi-dinh", pgettext_lazy("document kind", "Decree")
        LAW = "luat", pgettext_lazy("document kind", "Law")
        REPORT = "bao-cao", pgettext_lazy("document kind", "Report")
        NOTICE = "thong-bao", pgettext_lazy("document kind", "Notice")
        OFFICIAL_LETTER = "cong-van", pgettext_lazy("document kind", "Official letter")
        OTHER = "khac", pgettext_lazy("document kind", "Other")

    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    document_number = models.CharField(
        _("number and symbol"),
        max_length=60,
        blank=True,
        help_text=_("As on the document, e.g. 1198/QĐ-SCT; …/KH-SCT when the number is written by hand."),
    )
    issued_on = models.DateField(
        _("date issued"), null=True, blank=True, help_text=_("Blank when the document leaves it blank.")
    )
    year = models.PositiveSmallIntegerField(
        _("year issued"), null=True, blank=True, help_text=_("Taken from the date issued when there is one.")
    )
    issuer = models.CharField(_("issuing authority"), max_length=200, blank=True)
    subject = models.TextField(pgettext_lazy("legal document", "subject"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("document_number")]),
        FieldRowPanel([FieldPanel("issued_on"), FieldPanel("year")]),
        FieldPanel("issuer"),
        FieldPanel("subject"),
        FieldPanel("document"),
        InlinePanel("related_pages", heading=_("Related pages"), label=_("Related page")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("kind_label"),
        index.SearchField("document_number"),
        index.SearchField("issuer"),
        index.SearchField("subject"),
        index.FilterField("kind"),
        index.FilterField("year"),
    ]
    parent_page_types = ["home.DocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        indexes = [models.Index(fields=["year", "kind"], name="home_legaldoc_year_kind")]

    def clean(self):
        super().clean()
        if self.issued_on:
            self.year = self.issued_on.year
        if not self.year:
            raise ValidationError({"year": _("Give the year issued, or the date.")})

    def kind_label(self):
        return str(self.get_kind_display())

    @property
    def date(self):
        """The search's date (home.search.index_page)."""
        return self.issued_on

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        links = self.related_pages.select_related("target").filter(target__live=True)
        context["related"] = [link.target for link in links]
        context["index_page"] = self.get_parent()
        return context


class LegalDocumentRelatedPage(Orderable):
    """A page a published document concerns (the plan it is, the honour roll of the awards it decides …)."""

    source = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="related_pages")
    target = models.ForeignKey(Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")


class SearchEntry(models.Model):
    """One thing the public search finds (a page or a public award), its text kept as written, for snippets and to
    rank exact matches first, and folded (no diacritics, đ as d, y as i), so a query typed without accents finds it.

    Kept up to date by home.search on publish and on award changes; `manage.py rebuild_search` rebuilds it whole."""

    page = models.OneToOneField(Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    award = models.OneToOneField(Award, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    title_lower = models.CharField(max_length=500)
    body_lower = models.TextField(blank=True)
    title_folded = models.CharField(max_length=500)
    body_folded = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    # A page that lists others (the home page, the news index, the honour roll): found only when the whole phrase
    # is in its own text, and ranked after the content it lists.
    listing = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.title
