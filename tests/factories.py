"""Small builders for test data, going through the models as editors do."""

import datetime

from emulation.models import Unit
from home.models import PlanPage, PlanTask, StandardPage


def make_unit(code, name=None, **extra):
    return Unit.objects.create(code=code, name=name or f"Đơn vị {code}", **extra)


def make_plan(parent, *, year=2020, slug=None, tasks=(), title=None):
    plan = PlanPage(title=title or f"Kế hoạch thi đua năm {year}", slug=slug or f"ke-hoach-{year}", year=year)
    plan.tasks = list(tasks)
    parent.add_child(instance=plan)
    plan.save_revision().publish()
    return plan


def make_task(
    number, *, lead=None, co=(), deadline=None, kind=PlanTask.DeadlineKind.BEFORE, note="", period="q1", **extra
):
    """A plan task (unsaved, for `make_plan`'s `tasks`); `extra` sets any other field: text, status, done_on…"""
    extra.setdefault("text", f"Nhiệm vụ số {number}")
    return PlanTask(
        period=period,
        number=number,
        deadline=deadline,
        deadline_kind=kind,
        deadline_note=note,
        lead_unit=lead,
        co_units=list(co),
        **extra,
    )


def make_done_task(number, *, deadline, done_on, **extra):
    """A task marked done on `done_on` (late when after `deadline`; `deadline` None for a task with only a note)."""
    if deadline is None:
        extra.setdefault("note", "Theo Kế hoạch của Khối")
    return make_task(number, deadline=deadline, status=PlanTask.Status.DONE, done_on=done_on, **extra)


def make_standard_page(parent, slug, title="Trang", **extra):
    page = StandardPage(title=title, slug=slug, **extra)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def date(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def make_image(title="Ảnh", size=(320, 180), color=(155, 28, 28)):
    """A Wagtail image made in memory (a plain JPEG), as an editor's upload would be."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    image = Image(title=title, description=title)
    image.file = ImageFile(buffer, name="anh.jpg")
    image.save()
    return image


def make_news_index(parent, slug="tin-tuc", title="Tin tức"):
    from home.models import ArticleIndexPage

    index = ArticleIndexPage(title=title, slug=slug, show_in_menus=True)
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def category(slug="dien-hinh-tien-tien"):
    from home.models import ArticleCategory

    return ArticleCategory.objects.get(slug=slug)


def make_article(
    index,
    slug,
    *,
    title=None,
    category_slug="tin-thi-dua-khen-thuong",
    on="15/03/2020",
    body=None,
    tags=(),
    image=None,
    publish=True,
    **extra,
):
    """An article published through a revision, as the editor's Publish button does (search entries follow)."""
    from home.models import ArticlePage

    article = ArticlePage(
        title=title or f"Bài viết {slug}",
        slug=slug,
        category=category(category_slug),
        date=date(on) if isinstance(on, str) else on,
        body=body or [{"type": "paragraph", "value": f"<p>Nội dung của bài {slug}.</p>"}],
        featured_image=image,
        featured_image_alt="Ảnh minh hoạ" if image else "",
        live=False,
        **extra,
    )
    article.tags.add(*tags)
    index.add_child(instance=article)
    if publish:
        article.save_revision().publish()
    return article


def make_many_articles(index, count, *, seed=1):
    """`count` live articles added in bulk under `index` (the site's only news index) by the volume generator that
    `generate_volume` uses: titles "Tin số N: <topic> tại đơn vị", slugs `tin-tong-hop-N`, two tags each, a picture
    (when one exists), a body that every article shares, and their search entries. Added after what is there."""
    from portal.volume import Volume

    assert index.get_children().count() == index.numchild
    return Volume(seed=seed).articles(count)


def make_honor_roll(parent):
    from home.models import HonorRollPage

    roll = HonorRollPage(title="Bảng vinh danh", slug="bang-vinh-danh", show_in_menus=True)
    parent.add_child(instance=roll)
    roll.save_revision().publish()
    return roll


def refresh_content_types():
    """In transactional tests the content types may have new ids (after a flush or a restore): empty the cache and
    fill it again with every model's, so it is complete for the next test's serialized restore."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())


def make_agency_settings(**fields):
    """The default site's agency details, saved as the office does in Settings (until then the first page served
    creates them, which changes the content version and so empties the page fragments cached before)."""
    from wagtail.models import Site

    from portal.models import AgencySettings

    agency = AgencySettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(agency, name, value)
    agency.save()
    return agency


def at_once(work, times=2):
    """Run `work()` in `times` threads released at the same moment, as people acting at once would; each thread
    closes its own database connection. Returns what each returned, or the exception it raised, in finishing order."""
    import threading

    from django.db import connection

    barrier, results = threading.Barrier(times), []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # the caller asserts on it
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def admin_menu(html):
    """The admin's sidebar menu, read from the JSON it is built from: every item's label (in order, submenus'
    items too), and for each submenu the (label, url) of its items."""
    import json
    import re

    match = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the admin sidebar is missing"
    labels, submenus = [], {}

    def walk(node):
        if isinstance(node, dict):
            kind, args = node.get("_type", ""), node.get("_args")
            if kind.endswith("MenuItem"):
                labels.append(args[0]["label"])
            if kind.endswith("SubMenuItem"):
                submenus[args[0]["label"]] = [
                    (item["_args"][0]["label"], item["_args"][0].get("url")) for item in args[1]
                ]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return labels, submenus
