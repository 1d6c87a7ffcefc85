"""The public pages pass axe-core's WCAG 2.1 A/AA rules (nothing serious or critical) on a phone and a desktop.

axe-core comes from npm, pinned by tests/browser/package-lock.json; `make test` installs it. One live server
and one demo load serve all the checks; every page is checked before the test fails, so one run lists them all.
"""

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ARTICLE_FALLBACK = "/tin-tuc/van-phong-so-dien-hinh-tien-tien-nam-2020/"
SEARCH_HIT = "Văn phòng Sở – điển hình tiên tiến của phong trào thi đua năm 2020"


def axe_results(page):
    # Evaluated through the browser's debugging protocol, not as a <script> tag: the page's Content-Security-Policy
    # allows no inline script, and it stays in force for the page under test.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


def describe(violation):
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    more = len(violation["nodes"]) - len(targets)
    where = "; ".join(targets) + (f"; … {more} more" if more > 0 else "")
    return f"{violation['id']} ({violation['impact']}): {violation['help']} – {where}"


def landmark_problems(page):
    """One <main>, and a skip link as the first Tab stop that shows itself and points at an element that exists."""
    problems = []
    mains = page.locator("main, [role=main]").count()
    if mains != 1:
        problems.append(f"{mains} main landmarks, expected exactly one")
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => {
            const el = document.activeElement;
            const href = el && el.getAttribute('href');
            const box = el.getBoundingClientRect();
            return {tag: el.tagName, href, text: el.textContent.trim(),
                    target: href && href.startsWith('#') ? !!document.getElementById(href.slice(1)) : false,
                    onScreen: box.right > 0 && box.left < window.innerWidth && box.width > 0};
        }"""
    )
    if first["tag"] != "A" or not (first["href"] or "").startswith("#"):
        problems.append(f"first Tab stop is not a skip link: {first}")
    else:
        if not first["target"]:
            problems.append(f"skip link {first['href']} points at no element")
        if not first["onScreen"]:
            problems.append(f"skip link {first['text']!r} stays off screen when focused")
    return problems


def test_public_pages_have_no_serious_accessibility_violations(
    demo, live_server, browser, screenshot_dir, console_errors
):
    if not AXE.exists():
        pytest.fail(
            f"axe-core is missing ({AXE}): run `make test`, which installs it with npm ci --prefix tests/browser."
        )
    problems, report = [], {}
    context = browser.new_context(locale="vi-VN")
    page = console_errors(context.new_page())
    try:
        page.goto(live_server.url + "/tin-tuc/")
        first_article = page.locator(".article-list .article-card__title a").first
        article = first_article.get_attribute("href") if first_article.count() else ARTICLE_FALLBACK
        pages = {
            "home": "/",
            "article": article,
            "honour-roll": "/bang-vinh-danh/",
            "search": "/search/?q=dien+hinh+tien+tien",
        }
        for name, path in pages.items():
            for size, viewport in VIEWPORTS.items():
                label = f"{name}-{size}"
                page.set_viewport_size(viewport)
                response = page.goto(live_server.url + path)
                if response is None or response.status >= 400:
                    problems.append(f"{label}: {path} answered {response and response.status}")
                    continue
                page.screenshot(path=str(screenshot_dir / f"a11y-{label}.png"), full_page=True)
                results = axe_results(page)
                report[label] = {
                    kind: [{**rule, "nodes": [node["target"] for node in rule["nodes"]]} for rule in results[kind]]
                    for kind in ("violations", "incomplete")
                }
                report[label]["passes"] = len(results["passes"])
                problems += [f"{label}: {describe(v)}" for v in results["violations"] if v["impact"] in BLOCKING]
                problems += [f"{label}: {problem}" for problem in landmark_problems(page)]
                overflow = page.evaluate(
                    """() => [document.documentElement.scrollWidth, window.innerWidth,
                              [...document.querySelectorAll('body *')]
                                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                                .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''))]"""
                )
                if overflow[0] > overflow[1]:  # WCAG 1.4.10 Reflow, which axe does not check
                    problems.append(
                        f"{label}: the page is {overflow[0]}px wide in a {overflow[1]}px window: {overflow[2]}"
                    )
                if name == "search" and not page.get_by_role("link", name=SEARCH_HIT).count():
                    problems.append(f"{label}: the results do not list “{SEARCH_HIT}”")
    finally:
        context.close()
        # Every violation, the moderate and minor ones too, and what axe could not decide, for whoever looks next.
        (screenshot_dir.parent / "a11y-violations.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))

    problems += [f"console: {error}" for error in console_errors.errors]  # e.g. what the page's CSP refused
    assert not problems, "Accessibility problems (details in test-artifacts/a11y-violations.json):\n" + "\n".join(
        problems
    )
