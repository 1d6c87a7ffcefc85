"""Volume data for `manage.py generate_volume`: ten years of records and tens of thousands of articles, in bulk.

Deterministic for a seed. Records follow each year's rules as the office would apply them: Lao động tiên tiến for a
good grade and no discipline, Chiến sĩ thi đua cơ sở for at most the year's quota of them with a recognised
initiative (each initiative the basis of one award), Tập thể lao động tiên tiến for units graded good or better.
Articles are added under the first news index as live pages (paths computed the way treebeard does), with tags,
a few shared pictures and their search entries. Everything is written with bulk inserts in chunks.
"""

import datetime
import random
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

CHUNK = 2000
COUNCIL = 9  # members of the emulation council who vote on each title
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Kim", "Xuân", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Trung",
    "Tú",
    "Uyên",
    "Việt",
    "Yến",
]
UNIT_KINDS = ["Phòng", "Trung tâm", "Chi cục", "Ban"]
UNIT_FIELDS = [
    "Quản lý Công nghiệp",
    "Quản lý Thương mại",
    "Năng lượng",
    "Kỹ thuật an toàn",
    "Xúc tiến thương mại",
    "Khuyến công",
    "Thương mại điện tử",
    "Quản lý thị trường",
    "Công nghiệp hỗ trợ",
    "Xuất nhập khẩu",
]
TOPICS = [
    "thi đua yêu nước",
    "điển hình tiên tiến",
    "sáng kiến kinh nghiệm",
    "chuyển đổi số",
    "cải cách hành chính",
    "khuyến công",
    "xúc tiến thương mại",
    "người tốt việc tốt",
    "an toàn điện",
    "chợ truyền thống",
]
TAGS = [
    "Năm {year}",
    "Sáng kiến",
    "Chiến sĩ thi đua",
    "Chuyển đổi số",
    "Khuyến công",
    "Thương mại",
    "Năng lượng",
    "Cải cách hành chính",
    "Người tốt việc tốt",
    "Điển hình",
]


def chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Volume:
    def __init__(self, *, seed=1, progress=None):
        self.random = random.Random(seed)
        self.progress = progress or (lambda label, done, total: None)

    # -- records ----------------------------------------------------------------------------------------------------

    @transaction.atomic
    def records(self, *, units=200, people=5000, years=10, last_year=None):
        from emulation.models import Unit
        from emulation.rules import records_changed

        last_year = last_year or timezone.localdate().year
        first = Unit.objects.count()
        made_units = Unit.objects.bulk_create(
            Unit(
                code=f"DV{number:03d}",
                name=f"{self.random.choice(UNIT_KINDS)} {self.random.choice(UNIT_FIELDS)} số {number}",
                short_name=f"ĐV {number}",
                kind="department",
                sort_order=first + number,
            )
            for number in range(1, units + 1)
            if not Unit.objects.filter(code=f"DV{number:03d}").exists()
        )
        made_units = list(Unit.objects.filter(code__startswith="DV").order_by("code"))
        self.progress("units", len(made_units), units)
        people_made = self._people(made_units, people)
        for offset, year in enumerate(range(last_year - years + 1, last_year + 1)):
            self._year(year, made_units, people_made)
            self.progress("years", offset + 1, years)
        records_changed()  # rows made in bulk send no signal: the eligibility summary is made again
        return {"units": len(made_units), "people": len(people_made)}

    def _people(self, units, count):
        from emulation.models import Person

        existing = set(Person.objects.filter(code__startswith="VP").values_list("code", flat=True))
        rows = []
        for number in range(1, count + 1):
            code = f"VP{number:05d}"
            if code in existing:
                continue
            name = f"{self.random.choice(FAMILY)} {self.random.choice(MIDDLE)} {self.random.choice(GIVEN)}"
            rows.append(Person(code=code, full_name=name, position="Chuyên viên", unit=units[number % len(units)]))
        for done, batch in enumerate(chunks(rows)):
            Person.objects.bulk_create(batch)
            self.progress("people", min((done + 1) * CHUNK, len(rows)), len(rows))
        return list(Person.objects.filter(code__startswith="VP").select_related("unit").order_by("code"))

    def _year(self, year, units, people):
        from emulation.models import (
            Award,
            Decision,
            EmulationRegistration,
            EmulationYear,
            Evaluation,
            Grade,
            Initiative,
            InitiativeScore,
            RegistrationEntry,
            Scope,
            Title,
        )
        from emulation.services import year_open

        if not EmulationYear.objects.filter(year=year).exists():
            source = EmulationYear.objects.order_by("year").values_list("year", flat=True).first()
            year_open(year=year, source=source)
        rule_year = EmulationYear.objects.get(year=year)
        criteria = list(rule_year.criteria.all())
        titles = {title.code: title for title in Title.objects.all()}
        if Evaluation.objects.filter(year=year, person__code__startswith="VP").exists():
            return
        grades = [Grade.EXCELLENT] * 25 + [Grade.GOOD] * 55 + [Grade.COMPLETED] * 15 + [Grade.NOT_COMPLETED] * 5
        evaluations, person_grade = [], {}
        for person in people:
            grade = self.random.choice(grades)
            discipline = 1 if self.random.random() < 0.02 else 0
            person_grade[person.pk] = (grade, discipline)
            # A reprimand early in the year, its six months over by December: no title that year under ND 91/2017,
            # and no sanction still in force at the year's end under ND 152/2025.
            dates = (datetime.date(year, 1, 15), datetime.date(year, 7, 15)) if discipline else (None, None)
            evaluations.append(
                Evaluation(
                    year=year,
                    person=person,
                    grade=grade,
                    discipline=discipline,
                    discipline_decided_on=dates[0],
                    discipline_ends_on=dates[1],
                )
            )
        unit_grade = {}
        for unit in units:
            unit_grade[unit.pk] = self.random.choice(grades[:95])
            evaluations.append(Evaluation(year=year, unit=unit, grade=unit_grade[unit.pk]))
        for batch in chunks(evaluations):
            Evaluation.objects.bulk_create(batch)

        decision, _ = Decision.objects.get_or_create(
            number=f"{900 + year % 100}/QĐ-SCT-V",
            defaults={"date": datetime.date(year, 12, 18), "authority": "Sở Công Thương", "signer": "Giám đốc Sở"},
        )
        good = [p for p in people if person_grade[p.pk][0] >= Grade.GOOD and not person_grade[p.pk][1]]
        authors = self.random.sample(good, k=max(1, len(good) // 12))
        initiatives = Initiative.objects.bulk_create(
            Initiative(
                code=f"V{year}-{number:04d}",
                year=year,
                title=f"Sáng kiến {self.random.choice(TOPICS)} số {number}",
                unit=author.unit,
                registered_on=datetime.date(year, 8, 1),
                result=Initiative.Result.RECOGNISED,
                scope=Scope.PROVINCE if number % 10 == 0 else Scope.BASE,
                recorded_score=Decimal(self.random.randint(60, 95)),
            )
            for number, author in enumerate(authors, start=1)
        )
        initiatives = list(Initiative.objects.filter(year=year, code__startswith=f"V{year}-").order_by("code"))
        Through = Initiative.authors.through
        Through.objects.bulk_create(
            Through(initiative_id=initiative.pk, person_id=author.pk)
            for initiative, author in zip(initiatives, authors, strict=False)
        )
        scores = [
            InitiativeScore(
                initiative=initiative,
                member=member,
                criterion=criterion,
                points=Decimal(self.random.randint(criterion.max_points // 2, criterion.max_points)),
            )
            for initiative in initiatives
            for member in ("Thành viên 1", "Thành viên 2", "Thành viên 3")
            for criterion in criteria
        ]
        for batch in chunks(scores):
            InitiativeScore.objects.bulk_create(batch)

        registrations = EmulationRegistration.objects.bulk_create(
            EmulationRegistration(
                year=year,
                unit=unit,
                collective_title=titles["ttldtt"],
                pledge="Phấn đấu hoàn thành tốt nhiệm vụ.",
                status="accepted",
                reference=f"DK-{year}-{unit.code}",
                submitted_at=timezone.make_aware(datetime.datetime(year, 2, 20, 9)),
            )
            for unit in units
        )
        registrations = {r.unit_id: r for r in EmulationRegistration.objects.filter(year=year, unit__in=units)}
        with_initiative = {author.pk: initiative for initiative, author in zip(initiatives, authors, strict=False)}
        entries = [
            RegistrationEntry(
                registration=registrations[p.unit_id],
                person=p,
                title=titles["cstdcs"] if p.pk in with_initiative else titles["ldtt"],
            )
            for p in people
        ]
        for batch in chunks(entries):
            RegistrationEntry.objects.bulk_create(batch)

        given_ldtt = Award.objects.filter(year=year, title=titles["ldtt"]).count()
        given_cstdcs = Award.objects.filter(year=year, title=titles["cstdcs"]).count()
        quota = (given_ldtt + len(good)) * 15 // 100 - given_cstdcs
        awards = [Award(year=year, person=p, title=titles["ldtt"], decision=decision) for p in good]
        for author in authors[: max(0, quota)]:
            awards.append(
                Award(
                    year=year,
                    person=author,
                    title=titles["cstdcs"],
                    decision=decision,
                    public=True,
                    initiative=with_initiative[author.pk],
                    votes_for=COUNCIL,  # the council's vote, where the year's law asks for one
                    council_size=COUNCIL,
                )
            )
        awards += [
            Award(year=year, unit=unit, title=titles["ttldtt"], decision=decision, public=True)
            for unit in units
            if unit_grade[unit.pk] >= Grade.GOOD
        ]
        from emulation.certificates import new_verification_code

        for award in awards:
            award.verification_code = new_verification_code()  # as services.award_save gives a decided award
        for batch in chunks(awards):
            Award.objects.bulk_create(batch)

    # -- articles ---------------------------------------------------------------------------------------------------

    @transaction.atomic
    def articles(self, count=10000):
        from wagtail.images.models import Image
        from wagtail.models import Locale, Page

        from home import search
        from home.models import ArticleCategory, ArticleIndexPage, ArticlePage, ArticleTag, SearchEntry

        index = ArticleIndexPage.objects.order_by("path").first()
        if index is None:
            raise ValueError("no news index: run load_demo first")
        categories = list(ArticleCategory.objects.all())
        images = list(Image.objects.order_by("pk")[:12]) or [None]
        names = [name.format(year=year) for name in TAGS for year in (range(2017, 2027) if "{" in name else [0])]
        tags = [self._tag(name) for name in names]
        content_type = ContentType.objects.get_for_model(ArticlePage)
        locale = Locale.get_default()
        start = index.numchild
        now = timezone.now()
        made = 0
        for batch_start in range(0, count, CHUNK):
            numbers = range(start + batch_start, start + min(count, batch_start + CHUNK))
            pages = []
            for number in numbers:
                topic = self.random.choice(TOPICS)
                day = datetime.date(2017, 1, 1) + datetime.timedelta(days=self.random.randrange(3650))
                slug = f"tin-tong-hop-{number}"
                page = ArticlePage(
                    title=f"Tin số {number}: {topic} tại đơn vị",
                    draft_title=f"Tin số {number}: {topic} tại đơn vị",
                    slug=slug,
                    path=index._get_path(index.path, index.depth + 1, number + 1),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.UUID(int=self.random.getrandbits(128)),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    date=day,
                    category=categories[number % len(categories)],
                    featured_image=images[number % len(images)],
                    featured_image_alt="Ảnh minh hoạ",
                    summary=f"Phong trào {topic} năm {day.year}: kết quả và kinh nghiệm của đơn vị.",
                    body=[
                        {
                            "type": "paragraph",
                            "value": f"<p>Bài viết về {topic}. Khen thưởng kịp thời, chính xác, "
                            f"đúng người, đúng việc; nhân rộng điển hình tiên tiến.</p>",
                        }
                    ],
                )
                pages.append(page)
            base = Page.objects.bulk_create(
                [
                    Page(**{f.attname: getattr(p, f.attname) for f in Page._meta.concrete_fields if f.attname != "id"})
                    for p in pages
                ]
            )
            for page, row in zip(pages, base, strict=False):
                page.page_ptr_id = page.pk = page.id = row.pk
            ArticlePage._base_manager._insert(pages, fields=ArticlePage._meta.local_concrete_fields, raw=True)
            ArticleTag.objects.bulk_create(
                ArticleTag(content_object_id=page.pk, tag=tag) for page in pages for tag in self.random.sample(tags, 2)
            )
            entries = [
                SearchEntry(page_id=page.pk, **search.entry_fields(page.title, search.page_text(page), page.date))
                for page in pages
            ]
            SearchEntry.objects.bulk_create(entries)
            made += len(pages)
            self.progress("articles", made, count)
        Page.objects.filter(pk=index.pk).update(numchild=start + made)
        return made

    def _tag(self, name):
        from taggit.models import Tag

        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            tag = Tag(name=name)
            tag.save()
        return tag
