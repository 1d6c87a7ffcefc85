"""`generate_volume`: bulk data that keeps the page tree sound, is found by the search and obeys each year's rules."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from emulation.models import Award, Person, ScoringCriterion, Unit
from emulation.rules.evaluator import AwardCheck
from home.models import ArticlePage, SearchEntry
from tests.emulation.builders import plan_year
from tests.factories import make_article, make_image, make_news_index

GENERATED = 40


@pytest.fixture
def news(home_page):
    """What `generate_volume` builds on: the news index with two articles already (one with a picture; the
    categories come with the migrations), and a year with its rules and scoring grid for the new years to copy."""
    index = make_news_index(home_page)
    make_article(index, "tin-co-anh", image=make_image())
    make_article(index, "tin-dien-hinh", category_slug="dien-hinh-tien-tien", on="20/11/2020")
    plan_year(
        2020,
        criteria=[ScoringCriterion(name="Tính mới", max_points=40), ScoringCriterion(name="Hiệu quả", max_points=60)],
    )
    return index


@pytest.fixture
def volume(news):
    call_command(
        "generate_volume",
        units=6,
        people=120,
        years=2,
        articles=GENERATED,
        seed=7,
        stdout=open("/dev/null", "w"),
        stderr=open("/dev/null", "w"),
    )
    return news


def test_the_tree_stays_sound_and_the_articles_are_served(volume, client):
    assert Unit.objects.filter(code__startswith="DV").count() == 6
    assert Person.objects.filter(code__startswith="VP").count() == 120
    assert ArticlePage.objects.live().count() == 2 + GENERATED  # added after the two already there
    problems = Page.find_problems()
    assert not any(problems), problems
    assert SearchEntry.objects.filter(page__in=ArticlePage.objects.all()).count() == 2 + GENERATED
    response = client.get(volume.url, {"page": 2})
    assert response.status_code == 200
    assert "Tin số" in response.content.decode()
    article = ArticlePage.objects.filter(slug__startswith="tin-tong-hop-").first()
    assert client.get(article.url).status_code == 200
    response = client.get("/search/", {"q": "dien hinh tien tien"})
    assert response.status_code == 200
    assert "tin-tong-hop-" in response.content.decode()


def test_generated_awards_obey_the_years_rules(volume):
    years = sorted(set(Award.objects.filter(person__code__startswith="VP").values_list("year", flat=True)))
    assert len(years) == 2
    for year in years:
        check = AwardCheck(year)
        awards = Award.objects.filter(year=year).filter(person__code__startswith="VP") | Award.objects.filter(
            year=year, unit__code__startswith="DV"
        )
        assert awards.filter(title__code="cstdcs").exists()
        for award in awards.select_related("title", "person", "unit"):
            assert not check.reasons(award), (award, [str(reason) for reason in check.reasons(award)])
