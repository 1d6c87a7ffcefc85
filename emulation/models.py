"""Records of the emulation and commendation programme."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin


class Unit(models.Model):
    """A unit of the department: the office, a specialised division, a centre, a union, a council."""

    class Kind(models.TextChoices):
        OFFICE = "van-phong", _("office")
        DIVISION = "phong-chuyen-mon", _("specialised division")
        CENTRE = "trung-tam", _("centre")
        UNION = "cong-doan", _("trade union")
        YOUTH_UNION = "chi-doan", _("youth union branch")
        COUNCIL = "hoi-dong", _("council")
        WHOLE = "toan-so", _("the department as a whole")
        OTHER = "khac", _("other")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9-]+$", _("Use capital letters without diacritics, digits and hyphens, e.g. QLCN.")
            ),
        ],
        help_text=_("Stable key used by imports and links, e.g. VP. Capital letters, digits and hyphens."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0, editable=False)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class Grade(models.IntegerChoices):
    """The four yearly grades (xếp loại chất lượng), ordered so that a higher number is a better grade."""

    NOT_COMPLETED = 1, _("did not complete tasks")
    COMPLETED = 2, _("completed tasks")
    GOOD = 3, _("completed tasks well")
    EXCELLENT = 4, _("completed tasks excellently")


class Discipline(models.IntegerChoices):
    """Disciplinary measures, ordered by weight."""

    NONE = 0, _("none")
    REPRIMAND = 1, _("reprimand (khiển trách)")
    WARNING = 2, _("warning (cảnh cáo)")
    DEMOTION = 3, _("demotion or dismissal from post")
    DISMISSAL = 4, _("dismissal (buộc thôi việc)")


class Scope(models.IntegerChoices):
    """Where an initiative is recognised, from the narrowest."""

    BASE = 1, _("grassroots (cơ sở)")
    PROVINCE = 2, _("province")
    NATION = 3, _("nationwide")


class Title(models.Model):
    """An emulation title or a form of commendation, with the other spellings imports may use."""

    class Kind(models.TextChoices):
        PERSON = "person", _("individual")
        UNIT = "unit", _("collective")
        BOTH = "both", _("individual or collective")

    class Category(models.TextChoices):
        TITLE = "title", _("emulation title")
        FORM = "form", _("form of commendation")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("awarded to"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, default=Category.TITLE)
    includes = models.ForeignKey(
        "self",
        verbose_name=_("includes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="included_by",
        help_text=_("Registering for this title also counts for that one (e.g. CSTĐCS includes LĐTT)."),
    )
    aliases = models.TextField(
        _("other spellings"), blank=True, help_text=_("One per line. Case, diacritics and i/y are ignored anyway.")
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("category"),
        FieldPanel("includes", widget=forms.Select),
        FieldPanel("aliases"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("title or form")
        verbose_name_plural = _("titles and forms")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def applies_to(self, kind):
        return self.kind in (kind, self.Kind.BOTH)


class RuleRow(models.Model):
    """One rule of a rule set: a kind of check with its parameters and the text it comes from."""

    class Rule(models.TextChoices):
        REGISTRATION = "registration-required", _("registered for emulation at the start of the year")
        PRESUPPOSES = "presupposes", _("meets another title's standard")
        MIN_GRADE = "min-grade", _("yearly grade at least")
        INITIATIVE = "initiative-required", _("a recognised initiative of the year")
        INITIATIVE_OR_EXCELLENT = "initiative-or-excellent", _("a recognised initiative, or graded excellent")
        CONSECUTIVE = "consecutive-title", _("the same title several years running")
        QUOTA = "quota", _("share of the holders of another title")
        MEMBER_SHARE = "member-share", _("share of members holding a title")
        MEMBER_HAS_TITLE = "member-has-title", _("members holding a title")
        MEMBERS_COMPLETED = "members-completed", _("every member completed their tasks")
        NO_DISCIPLINE = "no-discipline", _("not disciplined at or above")
        MIN_SERVICE = "min-service-months", _("months of service in the year at least")
        COUNCIL_VOTE = "council-vote", _("council vote in favour at least")
        INITIATIVE_COUNT = "initiatives-in-period", _("recognised initiatives within a period")
        CONSECUTIVE_GRADE = "consecutive-grade", _("a grade several years running")
        TITLE_COUNT = "title-count-in-period", _("a title several times within a period")
        HOLDS_THEN_GRADES = "holds-then-grades", _("holds a form, then a grade every year since")
        NO_SANCTION = "no-sanction-in-force", _("no disciplinary sanction in force")
        NOT_UNDER_REVIEW = "not-under-review", _("not under review (discipline, inspection, complaint)")
        GRADE_COUNT = "grade-count-in-period", _("a grade a number of times within a period")
        EXCELLENT_CAP = "excellent-grade-cap", _("share graded excellent at most (a warning)")

    class Candidate(models.TextChoices):
        PERSON = "person", _("individuals only")
        UNIT = "unit", _("collectives only")

    title = models.ForeignKey(
        Title,
        verbose_name=pgettext_lazy("emulation title", "title"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave blank for a rule that applies to every title."),
    )
    rule = models.CharField(_("rule"), max_length=40, choices=Rule.choices)
    number = models.DecimalField(
        _("number"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A percentage, a count of years, months or people, depending on the rule."),
    )
    strict = models.BooleanField(
        _("strictly more than"), default=False, help_text=_("For shares: more than the number, not at least.")
    )
    ref_title = models.ForeignKey(
        Title,
        verbose_name=_("other title"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices, null=True, blank=True)
    discipline = models.PositiveSmallIntegerField(_("discipline"), choices=Discipline.choices, null=True, blank=True)
    scope = models.PositiveSmallIntegerField(_("initiative scope"), choices=Scope.choices, null=True, blank=True)
    years = models.PositiveSmallIntegerField(
        _("within years"),
        null=True,
        blank=True,
        help_text=_("For counts within a period: the period, in years up to the year judged."),
    )
    candidate = models.CharField(
        _("applies to"),
        max_length=10,
        choices=Candidate.choices,
        blank=True,
        help_text=_("Blank: every candidate of the title (a form given to individuals and collectives alike)."),
    )
    path = models.CharField(
        _("path"),
        max_length=20,
        blank=True,
        help_text=_(
            "Alternative paths: rows of a title with a path (a, b …) are alternatives, and the title needs every "
            "row of one path besides the rows without a path (e.g. Bằng khen: a = 02 lần liên tục CSTĐCS, "
            "b = 02 years HTXS with 02 initiatives)."
        ),
    )
    source = models.CharField(_("source"), max_length=300, help_text=_("The legal text or plan section it comes from."))
    verified = models.BooleanField(
        _("verified"),
        default=True,
        help_text=_("Untick when the wording of the source has not been checked: the admin flags such rules."),
    )

    panels = [
        FieldPanel("title", widget=forms.Select),
        FieldPanel("rule"),
        FieldPanel("number"),
        FieldPanel("strict"),
        FieldPanel("ref_title", widget=forms.Select),
        FieldPanel("grade"),
        FieldPanel("discipline"),
        FieldPanel("scope"),
        FieldRowPanel([FieldPanel("years"), FieldPanel("path"), FieldPanel("candidate")]),
        FieldPanel("source"),
        FieldPanel("verified"),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.title or '*'}: {self.get_rule_display()}"


class Rounding(models.TextChoices):
    FLOOR = "floor", _("round down")
    HALF_UP = "half-up", _("round to nearest, halves up")
    CEIL = "ceil", _("round up")


class Authority(models.TextChoices):
    """Who decides a title or form: the Sở's director, or a body above the Sở (to which the Sở only proposes)."""

    DIRECTOR = "director", _("the Director of the Department")
    PROVINCE = "province", _("the Chairman of the provincial People's Committee")
    PRIME_MINISTER = "prime-minister", _("the Prime Minister")
    PRESIDENT = "president", _("the President")


class LegalFramework(ClusterableModel):
    """The law's part of a rule set: the titles' criteria and who decides them, in force between two dates.

    An award falls under the framework in force on the date it is decided (a decision of 20/12/2025 under
    Nghị định 152/2025); a year being judged, under the one in force on 31 December of that year."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    legal_basis = models.TextField(_("legal basis"))
    in_force_from = models.DateField(_("in force from"))
    in_force_until = models.DateField(_("in force until"), null=True, blank=True, help_text=_("Blank: still in force."))
    quota_rounding = models.CharField(
        _("rounding of quotas"), max_length=10, choices=Rounding.choices, default=Rounding.FLOOR
    )
    rounding_verified = models.BooleanField(
        _("rounding verified"), default=False, help_text=_("No legal text read says how quotas are rounded.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("legal_basis"),
        FieldRowPanel([FieldPanel("in_force_from"), FieldPanel("in_force_until")]),
        FieldRowPanel([FieldPanel("quota_rounding"), FieldPanel("rounding_verified")]),
        InlinePanel("documents", heading=_("Legal bases a plan under it cites"), label=_("Legal basis")),
        InlinePanel("authorities", heading=_("Who decides each title and form"), label=_("Title or form")),
        InlinePanel("rules", heading=_("Rules"), label=_("Rule")),
        InlinePanel("rewards", heading=_("Money attached to each title and form"), label=_("Reward")),
    ]

    class Meta:
        verbose_name = _("legal framework")
        verbose_name_plural = _("legal frameworks")
        ordering = ["-in_force_from"]

    def __str__(self):
        return self.name

    def in_force_on(self, day):
        return self.in_force_from <= day and (self.in_force_until is None or day <= self.in_force_until)


class CitedDocument(models.Model):
    """A legal or administrative text as a document cites it: "Chỉ thị số 01/CT-UBND ngày 21/01/2020 của Ủy ban
    nhân dân tỉnh về …" (a plan's legal bases, a framework's texts)."""

    kind = models.CharField(_("kind of document"), max_length=80, help_text=_("E.g. Chỉ thị, Kế hoạch, Nghị định."))
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    subject = models.CharField(pgettext_lazy("legal document", "subject"), max_length=400, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("number"), FieldPanel("issued_on")]),
        FieldPanel("issuer"),
        FieldPanel("subject"),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.citation

    @property
    def citation(self):
        from django.utils import formats

        parts = [_("%(kind)s No. %(number)s") % {"kind": self.kind, "number": self.number}]
        if self.issued_on:
            parts.append(_("of %(date)s") % {"date": formats.date_format(self.issued_on, "SHORT_DATE_FORMAT")})
        if self.issuer:
            parts.append(_("by %(issuer)s") % {"issuer": self.issuer})
        if self.subject:
            parts.append(self.subject)
        return " ".join(str(part) for part in parts)


class FrameworkDocument(Orderable, CitedDocument):
    """A text of the framework, cited as a legal basis at the head of a plan made under it (a new year's plan
    lists these in place of the old year's)."""

    framework = ParentalKey(LegalFramework, on_delete=models.CASCADE, related_name="documents")

    class Meta(Orderable.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")


class TitleAuthority(Orderable):
    """Who decides a title or form under a framework, and whether the law lets the province set its criteria."""

    framework = ParentalKey(LegalFramework, on_delete=models.CASCADE, related_name="authorities")
    title = models.ForeignKey(
        Title, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="authorities"
    )
    decided_by = models.CharField(_("decided by"), max_length=20, choices=Authority.choices)
    criteria_delegated = models.BooleanField(
        _("criteria set by the province"),
        default=False,
        help_text=_(
            "The law lets the province (and the plan) set this title's detailed criteria: a new year keeps the "
            "plan's own rules for it. Off: the law fixes the criteria, and a plan rule adding a condition is not "
            "carried into a new year."
        ),
    )
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(
        _("verified"), default=True, help_text=_("Untick when the wording of the source has not been checked.")
    )

    panels = [
        FieldRowPanel([FieldPanel("title", widget=forms.Select), FieldPanel("decided_by")]),
        FieldRowPanel([FieldPanel("criteria_delegated"), FieldPanel("verified")]),
        FieldPanel("source"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("who decides")
        verbose_name_plural = _("who decides")
        constraints = [models.UniqueConstraint(fields=["framework", "title"], name="emulation_authority_one_per_title")]

    def __str__(self):
        return f"{self.title}: {self.get_decided_by_display()}"


class TitleReward(Orderable):
    """The money a title or form carries under a framework: a multiple of the base salary (mức lương cơ sở) in force
    on the date of the decision (Nghị định 152/2025/NĐ-CP, Điều 50–54; Nghị định 98/2023/NĐ-CP, Điều 54)."""

    framework = ParentalKey(LegalFramework, on_delete=models.CASCADE, related_name="rewards")
    title = models.ForeignKey(Title, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="+")
    awarded_to = models.CharField(
        _("awarded to"),
        max_length=10,
        choices=Title.Kind.choices,
        default=Title.Kind.BOTH,
        help_text=_("For a form given to both, the multiple of individuals and that of collectives may differ."),
    )
    multiple = models.DecimalField(_("multiple of the base salary"), max_digits=5, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(
        _("verified"), default=True, help_text=_("Untick when the wording of the source has not been checked.")
    )

    panels = [
        FieldRowPanel([FieldPanel("title", widget=forms.Select), FieldPanel("awarded_to"), FieldPanel("multiple")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("verified")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        constraints = [
            models.UniqueConstraint(fields=["framework", "title", "awarded_to"], name="emulation_reward_once")
        ]

    def __str__(self):
        return f"{self.title}: {self.multiple:g}"

    def applies_to(self, kind):
        return self.awarded_to in (kind, Title.Kind.BOTH)


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) from a date: the money of a title is a multiple of the one in force on the
    date of the decision."""

    effective_from = models.DateField(_("in force from"), unique=True)
    amount = models.PositiveIntegerField(_("amount (đồng a month)"))
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(
        _("verified"), default=True, help_text=_("Untick when the wording of the source has not been checked.")
    )

    panels = [
        FieldRowPanel([FieldPanel("effective_from"), FieldPanel("amount")]),
        FieldPanel("source"),
        FieldPanel("verified"),
    ]

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.amount:,} đ ({self.effective_from:%d/%m/%Y})".replace(",", ".")

    @classmethod
    def in_force_on(cls, day, salaries=None):
        """The base salary in force on the day; chosen from `salaries` (newest first) when a caller loaded them."""
        if salaries is None:
            return cls.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
        return next((salary for salary in salaries if salary.effective_from <= day), None)


class LawRule(Orderable, RuleRow):
    framework = ParentalKey(LegalFramework, on_delete=models.CASCADE, related_name="rules")

    class Meta(Orderable.Meta):
        verbose_name = _("law rule")
        verbose_name_plural = _("law rules")


class EmulationYear(ClusterableModel):
    """One year's rule set as the office edits it: the plan's deadlines and its own rules, layered on the law's."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    plan_reference = models.CharField(
        _("plan"),
        max_length=300,
        blank=True,
        help_text=_("E.g. Kế hoạch triển khai công tác thi đua, khen thưởng năm 2020."),
    )
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    initiative_deadline = models.DateField(_("initiative registration deadline"), null=True, blank=True)
    scoring_deadline = models.DateField(_("initiative scoring deadline"), null=True, blank=True)
    evaluation_deadline = models.DateField(_("year-end evaluation deadline"), null=True, blank=True)
    deadline_day_counts = models.BooleanField(
        _("the deadline day itself counts"),
        default=True,
        help_text=_(
            "On: anything received by the end of the deadline day (Asia/Ho_Chi_Minh) is in time. "
            "Off: it must arrive the day before ('trước 28/02' read strictly)."
        ),
    )
    reminder_days = models.CharField(
        _("reminders, days before a deadline"),
        max_length=60,
        default="14, 7, 3, 1, 0",
        validators=[
            RegexValidator(
                r"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$",
                _("Write whole numbers of days separated by commas, e.g. 14, 7, 3, 1, 0 (0: the day itself)."),
            )
        ],
        help_text=_(
            "Units that have not submitted are e-mailed on these days before each deadline (0: the deadline day), "
            "at most once a day, one e-mail listing every deadline due."
        ),
    )
    quota_rounding = models.CharField(
        _("rounding of quotas"),
        max_length=10,
        choices=Rounding.choices,
        blank=True,
        help_text=_("Blank: as the law's rule set says."),
    )
    participants = ParentalManyToManyField(
        Unit,
        verbose_name=_("participating units"),
        blank=True,
        related_name="emulation_years",
        help_text=_("The units expected to register and report this year."),
    )

    panels = [
        FieldPanel("year"),
        FieldPanel("plan_reference"),
        FieldPanel("participants", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_deadline"), FieldPanel("initiative_deadline")]),
                FieldRowPanel([FieldPanel("scoring_deadline"), FieldPanel("evaluation_deadline")]),
                FieldPanel("deadline_day_counts"),
                FieldPanel("reminder_days"),
            ],
            heading=_("Deadlines"),
        ),
        FieldPanel("quota_rounding"),
        InlinePanel("rules", heading=_("The plan's own rules"), label=_("Rule")),
        InlinePanel("criteria", heading=_("Initiative scoring criteria"), label=_("Criterion")),
        InlinePanel("extensions", heading=_("Deadline extensions for a unit"), label=_("Extension")),
    ]

    class Meta:
        verbose_name = _("emulation year")
        verbose_name_plural = _("emulation years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def reminder_day_list(self):
        """The days before a deadline on which reminders go, largest first (e.g. [14, 7, 3, 1, 0])."""
        return sorted({int(day) for day in (self.reminder_days or "").replace(" ", "").split(",") if day}, reverse=True)


class PlanRule(Orderable, RuleRow):
    emulation_year = ParentalKey(EmulationYear, on_delete=models.CASCADE, related_name="rules")

    class Meta(Orderable.Meta):
        verbose_name = _("plan rule")
        verbose_name_plural = _("plan rules")


class ScoringCriterion(Orderable):
    """One line of the year's initiative scoring grid (grids are provincial practice, so they are data)."""

    emulation_year = ParentalKey(EmulationYear, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("max_points")])]

    class Meta(Orderable.Meta):
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")

    def __str__(self):
        return self.name


class DeadlineExtension(Orderable):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("emulation registration")
        INITIATIVE = "initiative", _("initiative registration")

    emulation_year = ParentalKey(EmulationYear, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("deadline"), max_length=20, choices=Kind.choices)
    until = models.DateField(_("extended until"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("unit"), FieldPanel("kind"), FieldPanel("until")]), FieldPanel("reason")]

    class Meta(Orderable.Meta):
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")


class Person(models.Model):
    """An individual of a unit."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")

    class StaffCategory(models.TextChoices):
        CIVIL_SERVANT = "cong-chuc", _("civil servant (công chức)")
        PUBLIC_EMPLOYEE = "vien-chuc", _("public employee (viên chức)")
        EMPLOYEE = "lao-dong", _("employee (người lao động)")

    code = models.CharField(_("code"), max_length=20, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    recruited_on = models.DateField(
        _("recruited on"), null=True, blank=True, help_text=_("Used by rules on months of service; blank if unknown.")
    )
    gender = models.CharField(
        _("gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Between equal candidates, women are preferred (Nghị định 152/2025/NĐ-CP, Điều 4)."),
    )
    staff_category = models.CharField(
        _("staff category"),
        max_length=10,
        choices=StaffCategory.choices,
        blank=True,
        help_text=_("Grades are capped differently for công chức and viên chức (ND 335/2025, ND 233/2026)."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("full_name"),
        FieldPanel("position"),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("gender"), FieldPanel("staff_category")]),
        FieldPanel("recruited_on"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit__sort_order", "full_name"]

    def __str__(self):
        return self.full_name


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


def private_storage():
    """Where units' files live: settings.STORAGES["private"], never under a public URL (emulation.files serves them)."""
    from django.core.files.storage import storages

    return storages["private"]


def registration_scan_name(instance, filename):
    """An unguessable name for a registration's signed scan: its year, then random letters, the checked extension."""
    import os
    import secrets

    return f"dang-ky/{instance.year}/{secrets.token_urlsafe(18)}{os.path.splitext(filename)[1].lower()}"


class EmulationRegistration(RevisionMixin, ClusterableModel):
    """A unit's registration for a year: its collective title, its pledge, and its individuals' titles.

    Drafted by the unit, approved or returned by the office: every saved version is kept as a revision."""

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="registrations")
    collective_title = models.ForeignKey(
        Title,
        verbose_name=_("collective title"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": ["unit", "both"]},
    )
    pledge = models.TextField(_("pledge"), blank=True, help_text=_("Plain text; its line breaks are kept."))
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reference = models.CharField(_("reference code"), max_length=40, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_scan = models.FileField(
        _("signed scan"),
        storage=private_storage,
        upload_to=registration_scan_name,
        max_length=200,
        blank=True,
        editable=False,
    )
    signed_scan_name = models.CharField(_("signed scan's file name"), max_length=120, blank=True, editable=False)
    signed_scan_at = models.DateTimeField(_("signed scan sent at"), null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("unit")]),
        FieldPanel("collective_title", widget=forms.Select),
        FieldPanel("pledge"),
        InlinePanel("entries", heading=_("Individuals"), label=_("Individual")),
        FieldRowPanel([FieldPanel("status"), FieldPanel("submitted_at")]),
        FieldPanel("return_reason"),
    ]

    class Meta:
        verbose_name = _("emulation registration")
        verbose_name_plural = _("emulation registrations")
        ordering = ["-year", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="emulation_one_registration_per_unit_year")
        ]

    def __str__(self):
        return f"{self.unit} – {self.year}"


class RegistrationEntry(Orderable):
    """One individual registered for one title (a person may have several rows)."""

    registration = ParentalKey(EmulationRegistration, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    title = models.ForeignKey(
        Title,
        verbose_name=pgettext_lazy("emulation title", "title"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": ["person", "both"]},
    )

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("title", widget=forms.Select)])]

    class Meta(Orderable.Meta):
        verbose_name = _("registered individual")
        verbose_name_plural = _("registered individuals")
        constraints = [
            models.UniqueConstraint(fields=["registration", "person", "title"], name="emulation_entry_unique")
        ]


def initiative_file_name(instance, filename):
    """An unguessable name for an initiative's file: its year, then random letters, the checked extension kept."""
    import os
    import secrets

    return f"sang-kien/{instance.year}/{secrets.token_urlsafe(18)}{os.path.splitext(filename)[1].lower()}"


class Initiative(RevisionMixin, ClusterableModel):
    """An initiative (sáng kiến), its council's scores and its result.

    The unit may correct it, replace its file or withdraw it until its deadline: every version is kept as a
    revision (an old file stays in the private storage, named by its revision)."""

    class Result(models.TextChoices):
        PENDING = "pending", _("not scored yet")
        RECOGNISED = "recognised", _("recognised")
        REJECTED = "rejected", _("not recognised")
        WITHDRAWN = "withdrawn", _("withdrawn by the unit")

    code = models.CharField(_("code"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("initiative title"), max_length=300)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="initiatives")
    authors = ParentalManyToManyField(Person, verbose_name=_("authors"), related_name="initiatives")
    summary = models.TextField(_("summary"), blank=True)
    attachment = models.FileField(
        _("attachment"), storage=private_storage, upload_to=initiative_file_name, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=120, blank=True, editable=False)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True, null=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, default=Result.PENDING)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)
    scope = models.PositiveSmallIntegerField(_("scope"), choices=Scope.choices, default=Scope.BASE)
    portal_key = models.CharField(
        _("submission key"),
        max_length=40,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Set by the portal form, so that a repeated post creates one initiative."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_score = models.DecimalField(
        _("recorded total score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The total as decided, when the members' scores are not recorded here."),
    )

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("unit"), FieldPanel("registered_on")]),
        FieldPanel("title"),
        FieldPanel("authors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
        InlinePanel("scores", heading=_("Council scores"), label=_("Score")),
        FieldRowPanel([FieldPanel("result"), FieldPanel("scope"), FieldPanel("recorded_score")]),
    ]

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "code"]

    def __str__(self):
        return self.title


class InitiativeScore(Orderable):
    """One council member's points on one criterion."""

    initiative = ParentalKey(Initiative, on_delete=models.CASCADE, related_name="scores")
    member = models.CharField(_("council member"), max_length=200)
    criterion = models.ForeignKey(
        ScoringCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)

    panels = [FieldRowPanel([FieldPanel("member"), FieldPanel("criterion"), FieldPanel("points")])]

    class Meta(Orderable.Meta):
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "member", "criterion"], name="emulation_score_unique")
        ]

    def clean(self):
        if self.criterion_id and self.points is not None and self.points > self.criterion.max_points:
            raise ValidationError(
                {"points": _("At most %(max)s points for this criterion.") % {"max": self.criterion.max_points}}
            )


class Evaluation(models.Model):
    """The year's grade of a person or a unit, and any discipline. Personal data: office and councils only."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    discipline = models.PositiveSmallIntegerField(_("discipline"), choices=Discipline.choices, default=Discipline.NONE)
    discipline_decided_on = models.DateField(_("sanction decided on"), null=True, blank=True)
    discipline_ends_on = models.DateField(
        _("sanction period ends on"),
        null=True,
        blank=True,
        help_text=_("Achievements count again only from the end of the period (Nghị định 152/2025/NĐ-CP, Điều 4)."),
    )
    under_review = models.BooleanField(
        _("under review"),
        default=False,
        help_text=_(
            "Under disciplinary review, investigation, inspection, or a complaint or denunciation being examined: "
            "no award and no proposal that year (Nghị định 152/2025/NĐ-CP, Điều 4)."
        ),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    panels = [
        FieldPanel("year"),
        FieldRowPanel([FieldPanel("person"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("grade"), FieldPanel("discipline")]),
        FieldRowPanel([FieldPanel("discipline_decided_on"), FieldPanel("discipline_ends_on")]),
        FieldPanel("under_review"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, unit__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=False),
                name="emulation_evaluation_one_subject",
                violation_error_message=_("Choose either a person or a unit."),
            ),
            models.UniqueConstraint(fields=["year", "person"], name="emulation_evaluation_person_year"),
            models.UniqueConstraint(fields=["year", "unit"], name="emulation_evaluation_unit_year"),
        ]

    def __str__(self):
        return f"{self.person or self.unit} – {self.year}: {self.get_grade_display()}"


class Decision(models.Model):
    """A commendation decision: its number, date, issuer and signer, and the signed PDF."""

    number = models.CharField(_("number"), max_length=60)
    date = models.DateField(_("date"))
    authority = models.CharField(_("issuing authority"), max_length=200)
    level = models.CharField(
        _("decided by"),
        max_length=20,
        choices=Authority.choices,
        default=Authority.DIRECTOR,
        help_text=_(
            "The Department's own decision, or a higher body's decision on the Department's proposal: a title "
            "only a higher body decides is recorded only with that body's decision."
        ),
    )
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("signed PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("authority")]),
        FieldPanel("signer"),
        FieldPanel("document"),
    ]

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "number"]
        constraints = [models.UniqueConstraint(fields=["number", "date"], name="emulation_decision_unique")]

    def __str__(self):
        return _("Decision No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.date.strftime("%d/%m/%Y"),
        }


class Award(models.Model):
    """A title or form of commendation given to a person or a unit for a year, by a decision."""

    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    title = models.ForeignKey(Title, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="awards")
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    achievement = models.TextField(_("achievement"), blank=True)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative used as basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        help_text=_("An initiative serves as the basis of one commendation only."),
    )
    votes_for = models.PositiveSmallIntegerField(_("council votes in favour"), null=True, blank=True)
    council_size = models.PositiveSmallIntegerField(_("council members"), null=True, blank=True)
    public = models.BooleanField(_("public"), default=False, help_text=_("Shown on the site's honour roll."))
    withdrawn_on = models.DateField(
        _("withdrawn on"),
        null=True,
        blank=True,
        help_text=_(
            "A decision corrected: the award is withdrawn (Luật Thi đua, khen thưởng 2022, Điều 94), kept in the "
            "records and their history, off the honour roll, and no longer counted by the rules."
        ),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)
    verification_code = models.CharField(
        _("verification code"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Printed with a QR code on the certificate; opens the public verification page."),
    )

    panels = [
        FieldPanel("year"),
        FieldRowPanel([FieldPanel("person"), FieldPanel("unit")]),
        FieldPanel("title", widget=forms.Select),
        FieldPanel("decision"),
        FieldPanel("achievement"),
        FieldPanel("initiative"),
        FieldRowPanel([FieldPanel("votes_for"), FieldPanel("council_size")]),
        FieldPanel("public"),
        MultiFieldPanel(
            [FieldPanel("withdrawn_on"), FieldPanel("withdrawal_reason")],
            heading=_("Withdrawal (a corrected decision)"),
        ),
    ]

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "title__sort_order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, unit__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=False),
                name="emulation_award_one_recipient",
                violation_error_message=_("Choose either a person or a unit."),
            ),
            models.UniqueConstraint(fields=["year", "person", "title"], name="emulation_award_person_unique"),
            models.UniqueConstraint(fields=["year", "unit", "title"], name="emulation_award_unit_unique"),
            models.UniqueConstraint(fields=["initiative"], name="emulation_award_initiative_once"),
        ]
        permissions = [("print_certificate", gettext_noop("Can print certificates"))]  # named by portal.permissions

    def __str__(self):
        return f"{self.title} – {self.recipient} ({self.year})"

    @property
    def recipient(self):
        return self.person or self.unit

    def clean(self):
        super().clean()
        if self.withdrawn_on and not (self.withdrawal_reason or "").strip():
            raise ValidationError({"withdrawal_reason": _("Say why the award is withdrawn.")})


class UnitAccount(models.Model):
    """A portal user's membership of one unit: unit staff submit through the portal, never the admin."""

    class Role(models.TextChoices):
        STAFF = "staff", _("staff")
        HEAD = "head", _("head of unit")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="unit_account"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="accounts")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)

    panels = [FieldPanel("user"), FieldPanel("unit"), FieldPanel("role")]

    class Meta:
        verbose_name = _("unit account")
        verbose_name_plural = _("unit accounts")

    def __str__(self):
        return f"{self.user.get_username()} – {self.unit}"


class ReminderLog(models.Model):
    """A reminder e-mailed to a unit about a deadline: at most one per unit, deadline and day."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("deadline"), max_length=20)
    sent_on = models.DateField(_("sent on"))
    recipients = models.TextField(pgettext_lazy("e-mail", "recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind", "sent_on"], name="emulation_one_reminder_a_day")
        ]

    def __str__(self):
        return f"{self.unit} – {self.kind} {self.year} ({self.sent_on:%d/%m/%Y})"


# -- councils and ballots ----------------------------------------------------------------------------------------


class Council(ClusterableModel):
    """A council for one year and its members: the Department's Hội đồng Thi đua – Khen thưởng, a unit's council
    named in the plan (Hội đồng Văn phòng Sở, Hội đồng TTKC & XTTM) or the Hội đồng sáng kiến. Each member is a
    portal account; the members vote on the portal (emulation.council_views)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "so", _("the Department's emulation and commendation council")
        UNIT = "don-vi", _("a unit's emulation and commendation council")
        INITIATIVE = "sang-kien", _("initiative council")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit judged"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councils",
        help_text=_("For a unit's council: the unit whose staff it judges (its candidates are the unit's only)."),
    )
    vote_threshold = models.DecimalField(
        _("votes in favour needed, in percent of all members"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "For titles the year's rules give no council-vote rule. Blank: more than half of all members; for an "
            "initiative council, at least two thirds (Thông tư 18/2013/TT-BKHCN, Điều 8), which then applies to "
            "every vote."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("year"), FieldPanel("unit")]),
        FieldPanel("vote_threshold"),
        InlinePanel("members", heading=_("Members"), label=_("Member"), min_num=1),
    ]

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="emulation_council_name_year")]

    def __str__(self):
        return f"{self.name} ({self.year})"


class CouncilMember(Orderable):
    """A seat on a council: a portal account and its role."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY = "deputy", _("deputy chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    council = ParentalKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT, related_name="council_seats"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(_("position"), max_length=200, blank=True, help_text=_("E.g. Giám đốc Sở."))

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("role"), FieldPanel("position")])]

    class Meta(Orderable.Meta):
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="emulation_council_member_once")]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.get_role_display()})"


class CouncilMeeting(models.Model):
    """A meeting of a council: when and where, who attends, the candidates put to it and its secret ballot.

    The office prepares it (attendance, candidates), opens the ballot; the chair closes it, which tallies the votes
    and locks the result; the office then issues the decision for the passed list."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("being prepared")
        OPEN = "open", _("ballot open")
        CLOSED = "closed", _("ballot closed")

    council = models.ForeignKey(Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREPARING)
    opened_at = models.DateTimeField(_("ballot opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ballot closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seal_salt = models.CharField(max_length=64, blank=True, editable=False)  # set while open, cleared on close
    council_size = models.PositiveSmallIntegerField(_("council members"), null=True, blank=True, editable=False)
    # Set when the ballot closes, per title id: the threshold and the quota applied, as they stood then.
    tally = models.JSONField(default=dict, blank=True, editable=False)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        editable=False,
    )

    panels = [FieldPanel("council"), FieldRowPanel([FieldPanel("date"), FieldPanel("place")])]

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.council.name} – {self.date:%d/%m/%Y}"

    @property
    def year(self):
        return self.council.year


class MeetingAttendee(models.Model):
    """Whether a member attends a meeting: present (votes on the portal), absent with a written vote (the secretary
    enters it), or absent (no vote; still counted in the council's size)."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    class Presence(models.TextChoices):
        PRESENT = "present", _("present")
        WRITTEN = "written", _("absent, written vote")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="attendees")
    member = models.ForeignKey(CouncilMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    presence = models.CharField(_("attendance"), max_length=10, choices=Presence.choices, default=Presence.PRESENT)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="emulation_attendee_once")]

    def __str__(self):
        return f"{self.member} – {self.get_presence_display()}"


class MeetingCandidate(models.Model):
    """A person or a unit put to a meeting for one title, and, once the ballot is closed, its tally and result."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    class Result(models.TextChoices):
        PASSED = "passed", _("passed")
        OVER_QUOTA = "over-quota", _("passed the vote, over the quota")
        TIE = "tie", _("tied at the quota: the chair decides")
        FAILED = "failed", _("not enough votes")

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.ForeignKey(
        Title, verbose_name=pgettext_lazy("emulation title", "title"), on_delete=models.PROTECT, related_name="+"
    )
    eligible = models.BooleanField(_("eligible"), default=True)
    included = models.BooleanField(_("put to the vote"), default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    settled_by_chair = models.BooleanField(_("settled by the chair"), default=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["title__sort_order", "rank", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, unit__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=False),
                name="emulation_candidate_one_subject",
            ),
            models.UniqueConstraint(fields=["meeting", "person", "title"], name="emulation_candidate_person_once"),
            models.UniqueConstraint(fields=["meeting", "unit", "title"], name="emulation_candidate_unit_once"),
        ]

    def __str__(self):
        return f"{self.subject} – {self.title}"

    @property
    def subject(self):
        return self.person or self.unit


class BallotReceipt(models.Model):
    """THAT a member voted in a meeting's ballot (online, or in writing entered by the secretary), never how.

    The secrecy of the ballot rests on three tables that no column joins:
    - a receipt (this model) says a member has voted;
    - while the ballot is open, each member's choices are one SealedBallot row keyed by a seal, the HMAC of the
      member's id under the server's SECRET_KEY and a random salt kept on the meeting: the member (and only the
      server, with both secrets) finds their own ballot again to show or change it; the database alone cannot;
    - when the chair closes the ballot, every sealed ballot is counted into anonymous BallotChoice rows (one per
      choice, written in a shuffled order, with no time and no voter), then the sealed ballots are deleted and the
      salt is cleared. From then on no row, and no secret, links a choice to a member."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(CouncilMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    written = models.BooleanField(_("written vote"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="emulation_one_receipt")]

    def __str__(self):
        return f"{self.meeting} – {self.member}"


class SealedBallot(models.Model):
    """One member's current choices while the ballot is open, found again only through its seal (see
    BallotReceipt). No member, no time: deleted when the ballot closes."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    seal = models.CharField(max_length=64, primary_key=True)
    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="+")
    choices = models.JSONField(default=dict)  # {candidate id: true (agree) or false (disagree)}

    def __str__(self):
        return self.seal[:8]


class BallotChoice(models.Model):
    """One anonymous choice on one candidate of a closed ballot: agree or disagree. Nothing joins it to a voter."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    candidate = models.ForeignKey(MeetingCandidate, on_delete=models.CASCADE, related_name="choices")
    agree = models.BooleanField()

    def __str__(self):
        return f"{self.candidate_id}: {'+' if self.agree else '-'}"


class RewardFund(ClusterableModel):
    """The reward fund (quỹ thi đua, khen thưởng) of a year: its opening balance and its income, kept by the office;
    its expenses are the money of the year's decisions (emulation.fund computes the ledger)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opening_balance = models.BigIntegerField(_("opening balance (đồng)"), default=0)
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("opening_balance")]),
        FieldPanel("note"),
        InlinePanel("incomes", label=_("income"), heading=_("Income")),
    ]

    class Meta:
        verbose_name = _("reward fund")
        verbose_name_plural = _("reward funds")
        ordering = ["-year"]

    def __str__(self):
        return _("Emulation and commendation fund %(year)s") % {"year": self.year}


class FundIncome(Orderable):
    """Money paid into a year's reward fund: its date, its source and its amount in đồng."""

    fund = ParentalKey(RewardFund, on_delete=models.CASCADE, related_name="incomes")
    date = models.DateField(_("date"))
    description = models.CharField(_("source or description"), max_length=300)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("amount")]), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("income")
        verbose_name_plural = _("income")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.description}: {self.amount:,} đ".replace(",", ".")


# The default certificate layout (emulation.certificates): three blocks of lines, each a Jinja template filled in
# with the award's names (CERTIFICATE_NAMES). A line's first mark sets its style: "!! " very large, "! " large,
# "## " the holder's name, "* " bold, "_ " italic, "~" alone a blank line; other lines print plain. Lines made only
# of {% … %} tags vanish. The office edits a copy (Cài đặt → Mẫu giấy khen, bằng khen).
CERTIFICATE_HEADING = """* CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
* Độc lập – Tự do – Hạnh phúc
~
* {{ issuer|upper }}
! {{ verb }}
{% if is_title %}
## {{ holder }}
{{ holder_details }}
~
* ĐẠT DANH HIỆU
!! {{ title|upper }}
* Năm {{ year }}
{% else %}
!! {{ title|upper }}
## {{ holder }}
{{ holder_details }}
~
_ {{ achievement or "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm " ~ year }}
{% endif %}"""
CERTIFICATE_LEFT = """Quyết định số {{ decision_number }}
ngày {{ decision_date }}"""
CERTIFICATE_RIGHT = """_ {{ place }}, ngày {{ day }} tháng {{ month }} năm {{ date_year }}
* {{ signer_capacity }}
~
~
~
~
* {{ signer_name }}"""


class CertificateLayout(ClusterableModel):
    """How the certificates of some titles and forms are printed: the office's edit of the default layout, a page
    image behind (a printed border, the emblem) and the titles it serves. See emulation.certificates."""

    name = models.CharField(_("name"), max_length=200)
    titles = ParentalManyToManyField(
        Title,
        verbose_name=_("titles and forms"),
        blank=True,
        related_name="+",
        help_text=_(
            "The titles and forms printed with this layout; none chosen: every one without a layout of its own."
        ),
    )
    heading = models.TextField(
        _("main text"),
        default=CERTIFICATE_HEADING,
        help_text=_(
            'One line each, centred. A line starting with "!! " prints very large, "! " large, "## " as the '
            'holder\'s name, "* " bold, "_ " italic; "~" alone is a blank line. Names between {{ }} are filled in.'
        ),
    )
    left = models.TextField(
        _("bottom left text"), default=CERTIFICATE_LEFT, help_text=_("Printed above the QR code, same marks.")
    )
    right = models.TextField(
        _("bottom right text"),
        default=CERTIFICATE_RIGHT,
        help_text=_("Place and date, the signer's capacity, room for the signature and the seal, the signer."),
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("page background"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An image printed over the whole A4 landscape page (a border, a watermark); none: a plain border."),
    )
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("emblem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Printed at the top centre (the national emblem, the agency's logo); none: the space stays blank."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("titles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("heading"),
        FieldRowPanel([FieldPanel("left"), FieldPanel("right")]),
        FieldRowPanel([FieldPanel("background"), FieldPanel("emblem")]),
    ]

    class Meta:
        verbose_name = _("certificate layout")
        verbose_name_plural = _("certificate layouts")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def title_names(self):
        return ", ".join(title.name for title in self.titles.all()) or _("all the others")

    def clean(self):
        super().clean()
        from emulation.certificates import CertificateError, check_layout

        try:
            check_layout(self)
        except CertificateError as error:
            raise ValidationError({error.field or "heading": str(error)}) from error


# -- proposals to a higher body ------------------------------------------------------------------------------------


class Proposal(models.Model):
    """A proposal file (hồ sơ đề nghị) the Department sends to a body above it for one year and round: the titles
    and forms that body decides (the year's rule set says which), the candidates the council's ballot passed, its
    status and, once answered, the body's decision. Built and changed only through emulation.services_proposals."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("prepared")
        SENT = "sent", _("sent")
        RETURNED = "returned", _("returned for more")
        DECIDED = "decided", pgettext_lazy("proposal", "decided")
        REFUSED = "refused", pgettext_lazy("proposal", "refused")

    year = models.PositiveSmallIntegerField(_("year"))
    authority = models.CharField(_("higher body"), max_length=20, choices=Authority.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    meeting = models.ForeignKey(
        CouncilMeeting,
        verbose_name=_("council meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    bloc = models.ForeignKey(
        "emulation.Bloc",
        verbose_name=_("emulation bloc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("The bloc whose results this proposal puts forward (its leading members for the province's flag)."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREPARED)
    number = models.CharField(
        _("submission number"), max_length=60, blank=True, help_text=_("The tờ trình's number, e.g. 45/TTr-SCT.")
    )
    submitted_on = models.DateField(_("date of the submission"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal to a higher body")
        verbose_name_plural = _("proposals to a higher body")
        ordering = ["-year", "authority", "-round"]
        constraints = [
            models.UniqueConstraint(fields=["year", "authority", "round"], name="emulation_proposal_once_a_round")
        ]

    def __str__(self):
        return _("Proposal %(year)s to %(body)s, round %(round)s") % {
            "year": self.year,
            "body": self.get_authority_display(),
            "round": self.round,
        }


class ProposalEntry(models.Model):
    """One candidate of a proposal for one title: a person or a unit from the council's ballot, or an agency of the
    province's emulation bloc with the bloc's score and rank as its basis; once the body has answered, awarded (the
    award created, for the Sở's own records only) or refused (with the body's reason)."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    class Outcome(models.TextChoices):
        PENDING = "pending", _("awaiting the decision")
        AWARDED = "awarded", _("awarded")
        REFUSED = "refused", pgettext_lazy("proposal", "refused")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="entries")
    candidate = models.ForeignKey(
        MeetingCandidate,
        verbose_name=_("candidate of the ballot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal_entries",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "emulation.BlocAgency",
        verbose_name=_("agency of the bloc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal_entries",
    )
    bloc_points = models.DecimalField(_("the bloc's score"), max_digits=7, decimal_places=2, null=True, blank=True)
    bloc_rank = models.PositiveSmallIntegerField(_("rank in the bloc"), null=True, blank=True)
    title = models.ForeignKey(Title, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    refusal_reason = models.TextField(_("reason refused"), blank=True)
    award = models.ForeignKey(
        Award, verbose_name=_("award"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("proposed candidate")
        verbose_name_plural = _("proposed candidates")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, unit__isnull=True, agency__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=False, agency__isnull=True)
                | models.Q(person__isnull=True, unit__isnull=True, agency__isnull=False),
                name="emulation_proposal_entry_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.subject} – {self.title}"

    @property
    def subject(self):
        return self.person or self.unit or self.agency

    @property
    def kind(self):
        """person, unit, or agency (a member of the province's emulation bloc)."""
        return "person" if self.person_id else "unit" if self.unit_id else "agency"


class ProposalEvent(models.Model):
    """One step of a proposal's history: its status from then on, the date it happened, who recorded it, a note."""

    wagtail_reference_index_ignore = True  # many rows, and nobody asks where they are used

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=12, choices=Proposal.Status.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.proposal} – {self.get_status_display()} ({self.on:%d/%m/%Y})"


# -- the province's emulation bloc (emulation/models_bloc.py) -----------------------------------------------------
from emulation.models_bloc import *  # noqa: E402, F403
