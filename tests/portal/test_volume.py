"""`generate_volume`: bulk data that keeps the page tree sound, is found by the search and obeys each year's rules."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from emulation.models import Award, Person, Unit
from emulation.rules.evaluator import AwardCheck
from home.models import ArticlePage, SearchEntry


@pytest.fixture
def volume(demo):
    call_command(
        "generate_volume",
        units=6,
        people=120,
        years=2,
        articles=40,
        seed=7,
        stdout=open("/dev/null", "w"),
        stderr=open("/dev/null", "w"),
    )


def test_the_tree_stays_sound_and_the_articles_are_served(volume, client):
    assert Unit.objects.filter(code__startswith="DV").count() == 6
    assert Person.objects.filter(code__startswith="VP").count() == 120
    assert ArticlePage.objects.live().count() == 13 + 40
    problems = Page.find_problems()
    assert not any(problems), problems
    assert SearchEntry.objects.filter(page__in=ArticlePage.objects.all()).count() == 53
    listing = client.get("/tin-tuc/?page=2").content.decode()
    assert "Tin số" in listing
    article = ArticlePage.objects.filter(slug__startswith="tin-tong-hop-").first()
    assert client.get(article.url).status_code == 200
    assert "tin-tong-hop-" in client.get("/search/", {"q": "dien hinh tien tien"}).content.decode()


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
