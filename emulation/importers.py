"""The records workbook (see README, "Records exchange"): one sheet per record type, all or nothing.

`import_workbook(path_or_file)` reads every sheet, checks every row against the database and the rest of the
file, and writes nothing unless every row is good. Rows are keyed by their codes, so importing the same workbook
twice changes nothing. Awards are decisions already taken: they are stored as they are, and those that break
their year's rules come back as warnings.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation import rules
from emulation.models import (
    Award,
    Decision,
    Discipline,
    EmulationRegistration,
    Evaluation,
    Grade,
    Initiative,
    Person,
    RegistrationEntry,
    RegistrationStatus,
    Scope,
    Title,
    Unit,
)
from emulation.rules.evaluator import decided_on
from emulation.services import award_save, decision_level, record_save
from portal.sanitize import clean_cell
from portal.text import fold

# The workbook's own words (the exchange format is Vietnamese whatever the site's language).
SHEETS = {
    "units": ("Đơn vị", ["Mã", "Tên đơn vị", "Tên viết tắt", "Loại", "Đang hoạt động"]),
    "people": ("Cá nhân", ["Mã", "Họ và tên", "Chức vụ", "Mã đơn vị", "Giới tính", "Loại", "Ngày vào làm"]),
    "registrations": (
        "Đăng ký thi đua",
        ["Năm", "Mã đơn vị", "Danh hiệu tập thể", "Trạng thái", "Ngày gửi", "Ghi chú"],
    ),
    "entries": ("Đăng ký cá nhân", ["Năm", "Mã cá nhân", "Danh hiệu"]),
    "initiatives": (
        "Sáng kiến",
        ["Mã", "Năm", "Tên sáng kiến", "Tác giả", "Mã đơn vị", "Ngày đăng ký", "Kết quả", "Phạm vi", "Điểm"],
    ),
    "evaluations": (
        "Đánh giá",
        ["Năm", "Mã", "Đối tượng", "Xếp loại", "Kỷ luật", "Ngày kỷ luật", "Hết thời hạn kỷ luật", "Đang xem xét"],
    ),
    "awards": (
        "Khen thưởng",
        [
            "Năm",
            "Mã",
            "Đối tượng",
            "Danh hiệu / hình thức",
            "Số quyết định",
            "Ngày quyết định",
            "Cơ quan ban hành",
            "Công khai",
        ],
    ),
}
OPTIONAL_COLUMNS = {
    ("registrations", "Ghi chú"),
    ("initiatives", "Điểm"),
    ("evaluations", "Kỷ luật"),
    ("people", "Giới tính"),
    ("people", "Loại"),
    ("people", "Ngày vào làm"),
    ("evaluations", "Ngày kỷ luật"),
    ("evaluations", "Hết thời hạn kỷ luật"),
    ("evaluations", "Đang xem xét"),
}

# Accepted words per column, as the format writes them; matched without regard to case, diacritics or i/y.
UNIT_KINDS = {
    "văn phòng": Unit.Kind.OFFICE,
    "phòng chuyên môn": Unit.Kind.DIVISION,
    "trung tâm": Unit.Kind.CENTRE,
    "công đoàn": Unit.Kind.UNION,
    "chi đoàn": Unit.Kind.YOUTH_UNION,
    "hội đồng": Unit.Kind.COUNCIL,
    "khác": Unit.Kind.OTHER,
}
STATUSES = {
    "nháp": RegistrationStatus.DRAFT,
    "đã gửi": RegistrationStatus.SUBMITTED,
    "đã chấp nhận": RegistrationStatus.ACCEPTED,
    "trả lại": RegistrationStatus.RETURNED,
}
RESULTS = {
    "được công nhận": Initiative.Result.RECOGNISED,
    "không được công nhận": Initiative.Result.REJECTED,
    "chưa chấm": Initiative.Result.PENDING,
    "đã rút": Initiative.Result.WITHDRAWN,
}
SCOPES = {"cơ sở": Scope.BASE, "tỉnh": Scope.PROVINCE, "toàn quốc": Scope.NATION}
GRADES = {
    "hoàn thành xuất sắc nhiệm vụ": Grade.EXCELLENT,
    "hoàn thành tốt nhiệm vụ": Grade.GOOD,
    "hoàn thành nhiệm vụ": Grade.COMPLETED,
    "không hoàn thành nhiệm vụ": Grade.NOT_COMPLETED,
}
DISCIPLINES = {
    "": Discipline.NONE,
    "khiển trách": Discipline.REPRIMAND,
    "cảnh cáo": Discipline.WARNING,
    "hạ bậc lương": Discipline.DEMOTION,
    "giáng chức": Discipline.DEMOTION,
    "cách chức": Discipline.DEMOTION,
    "buộc thôi việc": Discipline.DISMISSAL,
}
SUBJECTS = {"cá nhân": "person", "tập thể": "unit"}
GENDERS = {"": "", "nữ": Person.Gender.FEMALE, "nam": Person.Gender.MALE}
STAFF_CATEGORIES = {
    "": "",
    "công chức": Person.StaffCategory.CIVIL_SERVANT,
    "viên chức": Person.StaffCategory.PUBLIC_EMPLOYEE,
    "người lao động": Person.StaffCategory.EMPLOYEE,
}
YES = {"co", "x", "yes", "1", "true"}
NO = {"khong", "", "no", "0", "false"}


def _word(table, value):
    """The exchange format's word for a stored value (the first the table gives it), as a sentence starts."""
    word = next((word for word, stored in table.items() if stored == value), "")
    return word[:1].upper() + word[1:]


def exchange_row(key, item):
    """A record as a row of the exchange workbook's `key` sheet, in the words the importer reads back: what the
    admin's listings export, so that export → edit → import round-trips."""
    if key == "units":
        values = [item.code, item.name, item.short_name, _word(UNIT_KINDS, item.kind), item.active]
    elif key == "people":
        values = [
            item.code,
            item.full_name,
            item.position,
            item.unit.code,
            _word(GENDERS, item.gender),
            _word(STAFF_CATEGORIES, item.staff_category),
            item.recruited_on,
        ]
    elif key == "registrations":
        submitted = timezone.localdate(item.submitted_at) if item.submitted_at else None
        title = item.collective_title.name if item.collective_title else ""
        values = [item.year, item.unit.code, title, _word(STATUSES, item.status), submitted, item.return_reason]
    elif key == "initiatives":
        authors = ", ".join(sorted(author.code for author in item.authors.all()))
        values = [
            item.code,
            item.year,
            item.title,
            authors,
            item.unit.code,
            item.registered_on,
            _word(RESULTS, item.result),
            _word(SCOPES, item.scope),
            item.recorded_score,
        ]
    elif key in ("evaluations", "awards"):
        subject = item.person or item.unit
        values = [item.year, subject.code, "Cá nhân" if item.person_id else "Tập thể"]
        if key == "evaluations":
            values += [
                _word(GRADES, item.grade),
                _word(DISCIPLINES, item.discipline),
                item.discipline_decided_on,
                item.discipline_ends_on,
                item.under_review,
            ]
        else:
            decision = item.decision
            values += [
                item.title.name,
                decision.number if decision else "",
                decision.date if decision else None,
                decision.authority if decision else "",
                item.public,
            ]
    else:
        raise KeyError(key)
    return dict(zip(SHEETS[key][1], values, strict=True))


# Records whose history the admin shows: each import that creates or changes one is logged.
LOGGED = (Unit, Person, EmulationRegistration, Initiative, Evaluation, Award)


class ImportFailed(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportResult:
    counts: dict = field(default_factory=lambda: defaultdict(lambda: {"created": 0, "updated": 0, "unchanged": 0}))
    warnings: list = field(default_factory=list)

    def count(self, sheet, outcome):
        self.counts[sheet][outcome] += 1

    def summary_lines(self):
        return [
            _("%(sheet)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {"sheet": sheet, **counts}
            for sheet, counts in self.counts.items()
        ]


class Reader:
    """Turns cells into values, collecting every problem with its sheet, row and column."""

    def __init__(self, titles=None):
        """`titles`: the titles a cell may name (all of them by default), matched by name or alias."""
        self.errors = []
        self.titles = {}
        for title in Title.objects.all() if titles is None else titles:
            for name in [title.name, *title.aliases.splitlines()]:
                if name.strip():
                    self.titles[fold(name)] = title

    def error(self, sheet, row, column, message):
        self.errors.append(
            _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s")
            % {"sheet": sheet, "row": row, "column": column, "message": message}
        )

    def text(self, value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return clean_cell(str(value)).strip()

    def required(self, ctx, column, value):
        text = self.text(value)
        if not text:
            self.error(*ctx, column, _("this cell must not be empty."))
        return text

    def year(self, ctx, column, value):
        text = self.required(ctx, column, value)
        if text and not (text.isdigit() and 1990 <= int(text) <= 2100):
            self.error(*ctx, column, _("“%(value)s” is not a year.") % {"value": text})
            return None
        return int(text) if text else None

    def date(self, ctx, column, value, required=True):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self.text(value)
        if not text:
            if required:
                self.error(*ctx, column, _("this cell must not be empty."))
            return None
        for pattern in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.error(*ctx, column, _("“%(value)s” is not a date in dd/mm/yyyy form.") % {"value": text})
        return None

    def choice(self, ctx, column, value, table, required=True):
        text = self.text(value)
        folded = {fold(label): result for label, result in table.items()}
        if fold(text) in folded:
            return folded[fold(text)]
        if not text and not required:
            return None
        self.error(
            *ctx,
            column,
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(f"“{label}”" for label in table if label)},
        )
        return None

    def yes_no(self, ctx, column, value):
        key = fold(self.text(value))
        if key in YES:
            return True
        if key in NO:
            return False
        self.error(*ctx, column, _("write “có” or “không”."))
        return None

    def title(self, ctx, column, value, kind=None):
        text = self.required(ctx, column, value)
        if not text:
            return None
        title = self.titles.get(fold(text))
        if title is None:
            self.error(*ctx, column, _("unknown title “%(value)s”.") % {"value": text})
        elif kind and not title.applies_to(kind):
            self.error(*ctx, column, _("“%(value)s” is not given to this kind of recipient.") % {"value": text})
            return None
        return title

    def number(self, ctx, column, value):
        text = self.text(value).replace(",", ".")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            self.error(*ctx, column, _("“%(value)s” is not a number.") % {"value": text})
            return None


def read_sheets(workbook, reader):
    """{sheet key: [(row number, {column: value})]} for the sheets present; checks the headers."""
    found = {}
    for key, (name, columns) in SHEETS.items():
        if name not in workbook.sheetnames:
            continue
        rows = workbook[name].iter_rows(values_only=True)
        header = [reader.text(cell) for cell in next(rows, ())]
        missing = [c for c in columns if c not in header and (key, c) not in OPTIONAL_COLUMNS]
        if missing:
            reader.errors.append(
                _("Sheet “%(sheet)s”: missing columns %(columns)s.")
                % {"sheet": name, "columns": ", ".join(f"“{c}”" for c in missing)}
            )
            continue
        positions = {column: header.index(column) for column in columns if column in header}
        data = []
        for number, cells in enumerate(rows, start=2):
            if not any(cell not in (None, "") for cell in cells):
                continue
            data.append((number, {c: (cells[i] if i < len(cells) else None) for c, i in positions.items()}))
        found[key] = data
    return found


def import_workbook(source, *, user=None, progress=None):
    """Import a workbook (a path or a file object). Raises ImportFailed with every problem; writes nothing then."""
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # not a workbook at all
        raise ImportFailed([_("The file is not an Excel workbook (.xlsx): %(error)s") % {"error": exc}]) from exc
    reader = Reader()
    sheets = read_sheets(workbook, reader)
    plan = Plan(reader, sheets, user)
    plan.check()
    if reader.errors:
        raise ImportFailed(reader.errors)
    with transaction.atomic():
        result = plan.write(progress)
    return result


class Plan:
    """Checks every row, then writes them in dependency order."""

    def __init__(self, reader, sheets, user=None):
        self.r = reader
        self.user = user
        self.sheets = sheets
        self.units = {unit.code: unit for unit in Unit.objects.all()}
        self.people = {person.code: person for person in Person.objects.all()}
        self.rows = defaultdict(list)

    def ctx(self, key, number):
        return (SHEETS[key][0], number)

    def unique(self, key, number, seen, identity, column):
        if identity in seen:
            self.r.error(*self.ctx(key, number), column, _("duplicate of row %(row)s.") % {"row": seen[identity]})
            return False
        seen[identity] = number
        return True

    def check(self):
        r = self.r
        unit_codes, person_units = set(self.units), {code: p.unit.code for code, p in self.people.items()}
        seen = {}
        for number, row in self.sheets.get("units", []):
            ctx = self.ctx("units", number)
            code = r.required(ctx, "Mã", row["Mã"]).upper()
            item = {
                "code": code,
                "name": r.required(ctx, "Tên đơn vị", row["Tên đơn vị"]),
                "short_name": r.text(row["Tên viết tắt"]),
                "kind": r.choice(ctx, "Loại", row["Loại"], UNIT_KINDS),
                "active": r.yes_no(ctx, "Đang hoạt động", row["Đang hoạt động"]),
            }
            if code and self.unique("units", number, seen, code, "Mã"):
                unit_codes.add(code)
                self.rows["units"].append(item)
        seen = {}
        for number, row in self.sheets.get("people", []):
            ctx = self.ctx("people", number)
            code = r.required(ctx, "Mã", row["Mã"]).upper()
            unit_code = r.required(ctx, "Mã đơn vị", row["Mã đơn vị"]).upper()
            if unit_code and unit_code not in unit_codes:
                r.error(*ctx, "Mã đơn vị", _("no unit has the code “%(code)s”.") % {"code": unit_code})
            item = {
                "code": code,
                "full_name": r.required(ctx, "Họ và tên", row["Họ và tên"]),
                "position": r.text(row["Chức vụ"]),
                "unit": unit_code,
                "gender": r.choice(ctx, "Giới tính", row.get("Giới tính"), GENDERS, required=False) or "",
                "staff_category": r.choice(ctx, "Loại", row.get("Loại"), STAFF_CATEGORIES, required=False) or "",
                "recruited_on": r.date(ctx, "Ngày vào làm", row.get("Ngày vào làm"), required=False),
            }
            if code and self.unique("people", number, seen, code, "Mã"):
                person_units[code] = unit_code
                self.rows["people"].append(item)
        registered = set((reg.unit.code, reg.year) for reg in EmulationRegistration.objects.select_related("unit"))
        seen = {}
        for number, row in self.sheets.get("registrations", []):
            ctx = self.ctx("registrations", number)
            year = r.year(ctx, "Năm", row["Năm"])
            unit_code = r.required(ctx, "Mã đơn vị", row["Mã đơn vị"]).upper()
            if unit_code and unit_code not in unit_codes:
                r.error(*ctx, "Mã đơn vị", _("no unit has the code “%(code)s”.") % {"code": unit_code})
            title_text = r.text(row["Danh hiệu tập thể"])
            item = {
                "year": year,
                "unit": unit_code,
                "collective_title": r.title(ctx, "Danh hiệu tập thể", title_text, "unit") if title_text else None,
                "status": r.choice(ctx, "Trạng thái", row["Trạng thái"], STATUSES),
                "submitted_on": r.date(ctx, "Ngày gửi", row["Ngày gửi"], required=False),
                "return_reason": r.text(row.get("Ghi chú")),
            }
            if year and unit_code and self.unique("registrations", number, seen, (year, unit_code), "Mã đơn vị"):
                registered.add((unit_code, year))
                self.rows["registrations"].append(item)
        seen = {}
        for number, row in self.sheets.get("entries", []):
            ctx = self.ctx("entries", number)
            year = r.year(ctx, "Năm", row["Năm"])
            code = r.required(ctx, "Mã cá nhân", row["Mã cá nhân"]).upper()
            title = r.title(ctx, "Danh hiệu", row["Danh hiệu"], "person")
            if code and code not in person_units:
                r.error(*ctx, "Mã cá nhân", _("no person has the code “%(code)s”.") % {"code": code})
            elif code and year and (person_units[code], year) not in registered:
                r.error(
                    *ctx,
                    "Mã cá nhân",
                    _("the unit %(unit)s has no registration for %(year)s.")
                    % {"unit": person_units[code], "year": year},
                )
            if year and code and title and self.unique("entries", number, seen, (year, code, title.pk), "Danh hiệu"):
                self.rows["entries"].append({"year": year, "person": code, "title": title})
        seen = {}
        for number, row in self.sheets.get("initiatives", []):
            ctx = self.ctx("initiatives", number)
            code = r.required(ctx, "Mã", row["Mã"]).upper()
            authors = [a.strip().upper() for a in r.required(ctx, "Tác giả", row["Tác giả"]).split(",") if a.strip()]
            for author in authors:
                if author not in person_units:
                    r.error(*ctx, "Tác giả", _("no person has the code “%(code)s”.") % {"code": author})
            unit_code = r.required(ctx, "Mã đơn vị", row["Mã đơn vị"]).upper()
            if unit_code and unit_code not in unit_codes:
                r.error(*ctx, "Mã đơn vị", _("no unit has the code “%(code)s”.") % {"code": unit_code})
            item = {
                "code": code,
                "year": r.year(ctx, "Năm", row["Năm"]),
                "title": r.required(ctx, "Tên sáng kiến", row["Tên sáng kiến"]),
                "authors": authors,
                "unit": unit_code,
                "registered_on": r.date(ctx, "Ngày đăng ký", row["Ngày đăng ký"], required=False),
                "result": r.choice(ctx, "Kết quả", row["Kết quả"], RESULTS),
                "scope": r.choice(ctx, "Phạm vi", row["Phạm vi"], SCOPES, required=False) or Scope.BASE,
                "recorded_score": r.number(ctx, "Điểm", row.get("Điểm")),
            }
            if code and self.unique("initiatives", number, seen, code, "Mã"):
                self.rows["initiatives"].append(item)
        for key, columns in (("evaluations", ("Xếp loại", "Kỷ luật")), ("awards", ("Danh hiệu / hình thức",))):
            seen = {}
            for number, row in self.sheets.get(key, []):
                ctx = self.ctx(key, number)
                year = r.year(ctx, "Năm", row["Năm"])
                subject = r.choice(ctx, "Đối tượng", row["Đối tượng"], SUBJECTS)
                code = r.required(ctx, "Mã", row["Mã"]).upper()
                known = person_units if subject == "person" else unit_codes
                if code and subject and code not in known:
                    message = (
                        _("no person has the code “%(code)s”.")
                        if subject == "person"
                        else _("no unit has the code “%(code)s”.")
                    )
                    r.error(*ctx, "Mã", message % {"code": code})
                item = {"year": year, "subject": subject, "code": code}
                if key == "evaluations":
                    item["grade"] = r.choice(ctx, "Xếp loại", row["Xếp loại"], GRADES)
                    item["discipline"] = r.choice(ctx, "Kỷ luật", row.get("Kỷ luật"), DISCIPLINES) or Discipline.NONE
                    item["discipline_decided_on"] = r.date(ctx, "Ngày kỷ luật", row.get("Ngày kỷ luật"), required=False)
                    item["discipline_ends_on"] = r.date(
                        ctx, "Hết thời hạn kỷ luật", row.get("Hết thời hạn kỷ luật"), required=False
                    )
                    item["under_review"] = r.yes_no(ctx, "Đang xem xét", row.get("Đang xem xét"))
                    identity = (year, subject, code)
                else:
                    item["title"] = r.title(ctx, "Danh hiệu / hình thức", row["Danh hiệu / hình thức"], subject)
                    item["decision_number"] = r.required(ctx, "Số quyết định", row["Số quyết định"])
                    item["decision_date"] = r.date(ctx, "Ngày quyết định", row["Ngày quyết định"])
                    item["authority"] = r.required(ctx, "Cơ quan ban hành", row["Cơ quan ban hành"])
                    item["public"] = r.yes_no(ctx, "Công khai", row["Công khai"])
                    identity = (year, subject, code, item["title"].pk if item["title"] else None)
                if year and code and self.unique(key, number, seen, identity, columns[0]):
                    self.rows[key].append(item)

    # -- writing -----------------------------------------------------------------------------------------------
    def upsert(self, result, sheet, model, lookup, values, m2m=None):
        """Create or update by the row's key; many-to-many values are set before saving (modelcluster keeps
        parental relations in memory until the instance is saved)."""
        m2m = m2m or {}
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance, outcome = model(**lookup, **values), "created"
            changed = list(values)
        else:
            changed = [name for name, value in values.items() if getattr(instance, name) != value]
            changed += [name for name, items in m2m.items() if set(getattr(instance, name).all()) != set(items)]
            outcome = "updated" if changed else "unchanged"
        if outcome != "unchanged":
            for name, value in values.items():
                setattr(instance, name, value)
            record_save(instance, user=self.user, m2m=m2m, log_action=model in LOGGED)  # the one write path
        result.count(sheet, outcome)
        return instance

    def write(self, progress=None):
        result = ImportResult()
        total = sum(len(rows) for rows in self.rows.values())
        done = 0

        def tick(sheet):
            nonlocal done
            done += 1
            if progress:
                progress(done, total, sheet)

        name = {key: SHEETS[key][0] for key in SHEETS}
        for item in self.rows["units"]:
            code = item.pop("code")
            self.units[code] = self.upsert(result, name["units"], Unit, {"code": code}, item)
            tick(name["units"])
        for item in self.rows["people"]:
            item["unit"] = self.units[item["unit"]]
            code = item.pop("code")
            self.people[code] = self.upsert(result, name["people"], Person, {"code": code}, item)
            tick(name["people"])
        registrations = {}
        for item in self.rows["registrations"]:
            submitted_on = item.pop("submitted_on")
            item["submitted_at"] = (
                timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(8, 0)))
                if submitted_on
                else None
            )
            lookup = {"year": item.pop("year"), "unit": self.units[item.pop("unit")]}
            reg = self.upsert(result, name["registrations"], EmulationRegistration, lookup, item)
            registrations[(lookup["unit"].code, lookup["year"])] = reg
            tick(name["registrations"])
        for item in self.rows["entries"]:
            person = self.people[item["person"]]
            registration = registrations.get((person.unit.code, item["year"])) or EmulationRegistration.objects.get(
                unit=person.unit, year=item["year"]
            )
            lookup = {"registration": registration, "person": person, "title": item["title"]}
            self.upsert(result, name["entries"], RegistrationEntry, lookup, {})
            tick(name["entries"])
        for item in self.rows["initiatives"]:
            authors = [self.people[code] for code in item.pop("authors")]
            item["unit"] = self.units[item["unit"]]
            self.upsert(result, name["initiatives"], Initiative, {"code": item.pop("code")}, item, {"authors": authors})
            tick(name["initiatives"])
        for item in self.rows["evaluations"]:
            lookup = {"year": item["year"], **self.subject(item)}
            fields = ("grade", "discipline", "discipline_decided_on", "discipline_ends_on", "under_review")
            self.upsert(result, name["evaluations"], Evaluation, lookup, {field: item[field] for field in fields})
            tick(name["evaluations"])
        new_awards = []
        for item in self.rows["awards"]:
            decision, _created = Decision.objects.get_or_create(
                number=item["decision_number"],
                date=item["decision_date"],
                defaults={"authority": item["authority"], "level": decision_level(item["authority"])},
            )
            lookup = {"year": item["year"], "title": item["title"], **self.subject(item)}
            award = Award.objects.filter(**lookup).first() or Award(**lookup)
            values = {"decision": decision, "public": item["public"]}
            if award.pk and all(getattr(award, name) == value for name, value in values.items()):
                result.count(name["awards"], "unchanged")
            else:
                result.count(name["awards"], "updated" if award.pk else "created")
                for field, value in values.items():
                    setattr(award, field, value)
                # Through the one write path (links the initiative it rests on); a decision taken is recorded as
                # it was, and what it breaks is listed as a warning below.
                award_save(award, user=self.user, enforce_rules=False)
            new_awards.append(award)
            tick(name["awards"])
        result.warnings = award_warnings(new_awards)
        for year in sorted({item["year"] for item in self.rows["evaluations"]}):
            result.warnings += [str(warning) for warning in rules.grade_warnings(year)]
        return result

    def subject(self, item):
        if item["subject"] == "person":
            return {"person": self.people[item["code"]]}
        return {"unit": self.units[item["code"]]}


def award_warnings(awards):
    """Imported awards that break their year's rules: recorded anyway (decisions taken), listed for the office."""
    warnings, checks = [], {}
    for award in awards:
        on = decided_on(award)
        try:
            check = checks.get((award.year, on)) or checks.setdefault(
                (award.year, on), rules.AwardCheck(award.year, on)
            )
        except rules.RuleSetMissing as missing:
            warnings.append(f"{award}: {missing}")
            continue
        for reason in check.reasons(award):
            if reason.rule == "council-vote":
                continue  # imported decisions carry no vote counts
            warnings.append(f"{award}: {reason}")
    return warnings


def template_workbook():
    """An empty workbook with every sheet and its headers, for the office to fill in."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, columns in SHEETS.values():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(14, len(column) + 4)
    return workbook


ENTRY_COLUMNS = ["Mã cá nhân", "Họ và tên", "Danh hiệu"]


def entries_template(unit, titles):
    """A workbook listing the unit's people, for the unit to fill in the title each registers for."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Đăng ký cá nhân"
    sheet.append(ENTRY_COLUMNS)
    for person in unit.people.filter(active=True).order_by("code"):
        sheet.append([person.code, person.full_name, ""])
    sheet.column_dimensions["B"].width = 32
    sheet.column_dimensions["C"].width = 32
    choices = workbook.create_sheet("Danh hiệu")
    for title in titles:
        choices.append([title.name])
    return workbook


def read_entries(source, unit, titles):
    """(person, title) pairs from a unit's filled-in template, or ImportFailed with row-numbered errors.
    Rows with no title are skipped; people must belong to the unit."""
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFailed([_("The file is not an Excel workbook (.xlsx): %(error)s") % {"error": exc}]) from exc
    reader = Reader(titles)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [reader.text(cell) for cell in next(rows, ())]
    missing = [column for column in ("Mã cá nhân", "Danh hiệu") if column not in header]
    if missing:
        raise ImportFailed(
            [
                _("Sheet “%(sheet)s”: missing columns %(columns)s.")
                % {"sheet": sheet.title, "columns": ", ".join(f"“{c}”" for c in missing)}
            ]
        )
    people = {person.code: person for person in unit.people.filter(active=True)}
    code_at, title_at = header.index("Mã cá nhân"), header.index("Danh hiệu")
    entries = []
    for number, cells in enumerate(rows, start=2):
        cells = list(cells) + [None] * len(header)
        if not reader.text(cells[title_at]):
            continue
        ctx = (sheet.title, number)
        code = reader.text(cells[code_at]).upper()
        person = people.get(code)
        if person is None:
            reader.error(*ctx, "Mã cá nhân", _("no person of your unit has the code “%(code)s”.") % {"code": code})
        title = reader.title(ctx, "Danh hiệu", cells[title_at])
        if person and title:
            entries.append((person, title))
    if reader.errors:
        raise ImportFailed(reader.errors)
    return entries
