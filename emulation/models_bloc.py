"""The province's emulation bloc (Khối thi đua) the Sở belongs to: its members, the year's covenant (giao ước thi
đua) with its scoring table, the members' scores against it and the bloc's results.

The province groups its agencies into blocs; each bloc signs a covenant at the start of the year, scores its members
against it at the half-year and the year-end conferences, and proposes its leading members for the Cờ thi đua của
UBND tỉnh (Nghị định 91/2017/NĐ-CP, Điều 12; Luật Thi đua, khen thưởng 2022, Điều 26). Imported by emulation.models.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class BlocPeriod(models.TextChoices):
    """The bloc's two scorings, named as `manage.py report` names its periods."""

    HALF_YEAR = "half-year", _("half-year")
    YEAR_END = "year-end", _("year-end")


class BlocAgency(models.Model):
    """An agency of the province that can be a member of a bloc: the Sở itself, or another department (a plain record,
    not a portal account)."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9-]+$", _("Use capital letters without diacritics, digits and hyphens."))],
        help_text=_("Stable key the members' workbooks use, e.g. SKHDT."),
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    is_own = models.BooleanField(
        _("this department"), default=False, help_text=_("Tick for the Sở this portal belongs to (one agency only).")
    )
    demo = models.BooleanField(_("demo data"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("short_name")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("is_own"), FieldPanel("demo")]),
    ]

    class Meta:
        verbose_name = _("bloc agency")
        verbose_name_plural = _("bloc agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_own"], condition=models.Q(is_own=True), name="emulation_one_own_agency")
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class Bloc(ClusterableModel):
    """A bloc of one year: its name, the province's decision that sets it, its members with the year's head and
    deputy (the head rotates), its conferences, and how many leading members it proposes for the province's flag."""

    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. Khối thi đua các sở, ngành kinh tế tỉnh."))
    year = models.PositiveSmallIntegerField(_("year"))
    decision = models.CharField(
        _("the province's decision"),
        max_length=300,
        blank=True,
        help_text=_("The decision of the provincial People's Committee that sets the blocs, with its number and date."),
    )
    covenant_deadline = models.DateField(
        _("covenant to be signed by"), null=True, blank=True, help_text=_("E.g. 28/02, as the plan's task 1.2 says.")
    )
    half_year_conference = models.DateField(_("half-year conference"), null=True, blank=True)
    year_end_conference = models.DateField(_("year-end conference"), null=True, blank=True)
    movements = models.TextField(
        _("the bloc's movements"), blank=True, help_text=_("The movements the bloc launches this year, one per line.")
    )
    movements_until = models.DateField(
        _("movements until"), null=True, blank=True, help_text=_("When the bloc's movements end, if it says.")
    )
    flag_quota = models.PositiveSmallIntegerField(
        _("leading members proposed for the province's flag"),
        default=1,
        help_text=_(
            "How many of the bloc's leading members are proposed for the Cờ thi đua của UBND tỉnh (Nghị định "
            "91/2017/NĐ-CP, Điều 12; Luật Thi đua, khen thưởng 2022, Điều 26)."
        ),
    )
    demo = models.BooleanField(_("demo data"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("year")]),
        FieldPanel("decision"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("covenant_deadline"), FieldPanel("movements_until")]),
                FieldRowPanel([FieldPanel("half_year_conference"), FieldPanel("year_end_conference")]),
                FieldPanel("movements"),
            ],
            heading=_("The bloc's tasks"),
        ),
        FieldRowPanel([FieldPanel("flag_quota"), FieldPanel("demo")]),
        InlinePanel("members", heading=_("Members"), label=_("Member"), min_num=1),
    ]

    class Meta:
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="emulation_bloc_name_year")]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def clean(self):
        super().clean()
        for name in ("covenant_deadline", "half_year_conference", "year_end_conference"):
            day = getattr(self, name)
            if day and self.year and not (self.year <= day.year <= self.year + 1):
                raise ValidationError(
                    {name: _("Give a date in %(year)s (or early the next year).") % {"year": self.year}}
                )


class BlocMember(Orderable):
    """An agency's seat in a year's bloc, its role that year, and the score the bloc gave it (as the office records
    it from the bloc head's summary)."""

    class Role(models.TextChoices):
        HEAD = "head", _("bloc head")
        DEPUTY = "deputy", _("deputy head")
        MEMBER = "member", _("member")

    bloc = ParentalKey(Bloc, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey(BlocAgency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="seats")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    result_points = models.DecimalField(
        _("the bloc's score"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The year-end score the bloc gave this member."),
    )
    result_note = models.CharField(_("note on the result"), max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("agency"), FieldPanel("role"), FieldPanel("result_points")])]

    class Meta(Orderable.Meta):
        verbose_name = _("bloc member")
        verbose_name_plural = _("bloc members")
        constraints = [models.UniqueConstraint(fields=["bloc", "agency"], name="emulation_bloc_member_once")]

    def __str__(self):
        return str(self.agency)


class Covenant(ClusterableModel):
    """A bloc's covenant of a year: its scoring table (groups, criteria, maximum points, how each is evidenced, bonus
    and penalty points), when it was signed and the signed document."""

    bloc = models.OneToOneField(Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="covenant")
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("signed covenant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldPanel("bloc"),
        FieldRowPanel([FieldPanel("signed_on"), FieldPanel("signed_document")]),
        FieldPanel("note"),
        InlinePanel("criteria", heading=_("Scoring table"), label=_("Criterion")),
    ]

    class Meta:
        verbose_name = _("emulation covenant")
        verbose_name_plural = _("emulation covenants")
        ordering = ["-bloc__year"]

    def __str__(self):
        return _("Emulation covenant %(year)s – %(bloc)s") % {"year": self.bloc.year, "bloc": self.bloc.name}


class Measure(models.TextChoices):
    """What the portal can compute from its own records for a criterion (emulation.bloc.MEASURES computes them)."""

    PLAN_ON_TIME = "plan-on-time", _("the year's plan issued by the date")
    PLAN_TASKS_ON_TIME = "plan-tasks-on-time", _("share of the plan's dated tasks done on time (%)")
    EXEMPLARY_ARTICLES = "exemplary-articles", _("articles on exemplary models published")
    REGISTRATION_SHARE = "registration-share", _("share of units registered by the deadline (%)")
    INITIATIVES = "initiatives-recognised", _("initiatives recognised")
    AWARDS = "awards", _("awards of the year")


class CovenantCriterion(Orderable):
    """One line of the scoring table, with how the portal scores it when it names a measure: all-or-nothing (full
    points when the figure reaches the target) or in proportion (the maximum times figure / target, at most the
    maximum). A measure with a date (the plan issued by) compares the date and gives full points or none."""

    class Kind(models.TextChoices):
        CRITERION = "criterion", _("criterion")
        BONUS = "bonus", _("bonus points")
        PENALTY = "penalty", _("penalty points")

    class Rule(models.TextChoices):
        ALL_OR_NOTHING = "all-or-nothing", _("full points when the target is reached")
        PROPORTIONAL = "proportional", _("in proportion to the target")

    covenant = ParentalKey(Covenant, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(
        _("group"), max_length=200, help_text=_("E.g. I. Công tác chỉ đạo, tổ chức phong trào thi đua.")
    )
    code = models.CharField(_("number"), max_length=10, help_text=_("E.g. 1.2; the members' workbooks use it."))
    name = models.CharField(_("criterion"), max_length=400)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CRITERION)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    evidence_hint = models.CharField(
        _("evidenced by"), max_length=300, blank=True, help_text=_("E.g. Kế hoạch, báo cáo gửi Khối.")
    )
    measure = models.CharField(_("computed from the portal"), max_length=30, choices=Measure.choices, blank=True)
    measure_target = models.DecimalField(
        _("target"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The figure that earns full points (a count, or a percentage)."),
    )
    measure_deadline = models.DateField(_("by the date"), null=True, blank=True)
    measure_rule = models.CharField(_("points rule"), max_length=20, choices=Rule.choices, default=Rule.ALL_OR_NOTHING)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("group"), FieldPanel("kind")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("max_points"), FieldPanel("evidence_hint")]),
        FieldRowPanel(
            [
                FieldPanel("measure"),
                FieldPanel("measure_target"),
                FieldPanel("measure_deadline"),
                FieldPanel("measure_rule"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("covenant criterion")
        verbose_name_plural = _("covenant criteria")

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.measure == Measure.PLAN_ON_TIME and not self.measure_deadline:
            raise ValidationError({"measure_deadline": _("Give the date the plan must be issued by.")})
        if self.measure and self.measure != Measure.PLAN_ON_TIME and not self.measure_target:
            raise ValidationError({"measure_target": _("Give the figure that earns full points.")})


class BlocScore(models.Model):
    """A member's self-score against a criterion for a period: the Sở's own (typed by the office, with its evidence),
    or another member's, imported from its workbook when the Sở heads the bloc. Blank points: the portal's computed
    score stands (for a criterion that names a measure)."""

    criterion = models.ForeignKey(
        CovenantCriterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(BlocMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="scores")
    period = models.CharField(_("period"), max_length=10, choices=BlocPeriod.choices, default=BlocPeriod.YEAR_END)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What shows it: documents, and addresses of the portal's pages, one a line."),
    )

    class Meta:
        verbose_name = _("bloc score")
        verbose_name_plural = _("bloc scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "member", "period"], name="emulation_bloc_score_once")
        ]

    def __str__(self):
        return f"{self.member} – {self.criterion.code}: {self.points}"
