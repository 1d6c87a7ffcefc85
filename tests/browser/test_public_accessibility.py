"""The public pages on a phone (390×844) and a desktop (1280×900): axe-core's WCAG 2.1 A/AA rules pass with no
violation at all, no page scrolls sideways (a 500-character search too), every menu item can be reached and seen
once the menu is opened (by keyboard, no script needed), the desktop menu is one line, and the keyboard focus ring
contrasts at least 3:1 with what surrounds it, on the red header and the dark footer too.

axe-core comes from npm, pinned by tests/browser/package-lock.json; `make test` installs it. One live server
and one demo load serve all the checks; every page is checked before the test fails, so one run lists them all.
"""

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ARTICLE_FALLBACK = "/tin-tuc/van-phong-so-dien-hinh-tien-tien-nam-2020/"
LONG_QUERY = "thi đua " * 40 + "x" * 180  # 500 characters, one of its words 180 letters long
FOCUS_CONTRAST = 3.0

# The focused element's outline and the colour behind it (a point in the middle of the outline's band, beside the
# element), and their contrast ratio as WCAG computes it.
FOCUS_RING = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el.dataset.focusMeasured) return null;
    el.dataset.focusMeasured = "yes";
    const style = getComputedStyle(el);
    const parse = (colour) => {
        const m = colour.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
        return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
    };
    const luminance = (c) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    const width = parseFloat(style.outlineWidth) || 0;
    const offset = parseFloat(style.outlineOffset) || 0;
    const box = el.getBoundingClientRect();
    let x = box.left - offset - width / 2;
    if (x < 1) x = box.right + offset + width / 2;
    const y = box.top + box.height / 2;
    let backdrop = {r: 255, g: 255, b: 255, a: 1};
    for (const under of document.elementsFromPoint(x, y)) {
        if (under === el || el.contains(under)) continue;
        const colour = parse(getComputedStyle(under).backgroundColor);
        if (colour && colour.a > 0.5) { backdrop = colour; break; }
    }
    const ring = parse(style.outlineColor);
    const [light, dark] = [luminance(ring), luminance(backdrop)].sort((a, b) => b - a);
    const label = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || "").trim();
    return {element: el.tagName.toLowerCase() + " " + label.slice(0, 40), style: style.outlineStyle, width,
            ratio: ring && style.outlineStyle !== "none" ? (light + 0.05) / (dark + 0.05) : 0};
}"""

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


def menu_problems(page, size):
    """Open the menu with the keyboard as a phone user would (Tab to the menu button, Enter), open "Kế hoạch" the
    same way, and find any menu item not visible or off the screen; on the desktop, the menu must be one line."""
    problems = []
    nav = page.locator(".site-nav")
    button = page.locator(".site-menu__button")
    if size == "phone":
        if nav.is_visible():
            problems.append("the menu is open before its button is pressed")
        button.focus()
        page.keyboard.press("Enter")
        if button.get_attribute("aria-expanded") not in (None, "true") or not nav.is_visible():
            problems.append("Enter on the menu button does not open the menu")
    elif button.is_visible():
        problems.append("the desktop shows a menu button instead of the menu")
    plans = page.locator(".site-nav__sub > summary")
    plans.focus()
    page.keyboard.press("Enter")
    items = page.locator(".site-nav a, .site-nav summary, .site-nav button")
    width = page.evaluate("window.innerWidth")
    for index in range(items.count()):
        item = items.nth(index)
        box = item.bounding_box()
        if not item.is_visible() or box is None or box["x"] < 0 or box["x"] + box["width"] > width + 1:
            problems.append(f"menu item {item.inner_text()!r} is not visible on the screen ({box})")
    names = [page.get_by_role("link", name=name) for name in ("Trang chủ", "Tin tức", "Bảng vinh danh", "Năm 2020")]
    problems += [f"no visible link {name} in the menu" for name in names if not name.first.is_visible()]
    if size == "desktop":
        tops = page.evaluate("[...document.querySelectorAll('.site-nav__list > li')].map(li => li.offsetTop)")
        if len(set(tops)) != 1:
            problems.append(f"the desktop menu takes more than one line: {tops}")
    page.keyboard.press("Escape")
    return problems


def focus_problems(page):
    """Tab through the whole page (the menu open) and measure each focus ring against its surroundings."""
    problems, seen = [], set()
    for _ in range(150):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring is None:  # back at the start, or out of the page
            break
        seen.add(ring["element"])
        if ring["style"] == "none" or ring["width"] < 2 or ring["ratio"] < FOCUS_CONTRAST:
            problems.append(f"focus on {ring['element']!r}: {ring['style']} {ring['width']}px, {ring['ratio']:.2f}:1")
    if len(seen) < 20:
        problems.append(f"only {len(seen)} elements took the focus: {sorted(seen)}")
    return problems


def test_public_pages_pass_axe_reflow_menu_and_focus_checks(demo, live_site, browser, screenshot_dir, console_errors):
    """About 25 s: axe-core on ten pages at two sizes, each focus ring of the home page measured at both, over
    one demo load (loading it again for smaller tests would cost more than the checks)."""
    if not AXE.exists():
        pytest.fail(
            f"axe-core is missing ({AXE}): run `make test`, which installs it with npm ci --prefix tests/browser."
        )
    problems, report = [], {}
    context = browser.new_context(locale="vi-VN")
    page = console_errors(context.new_page())
    try:
        page.goto(live_site.url + "/tin-tuc/")
        first_article = page.locator(".article-list .article-card__title a").first
        article = first_article.get_attribute("href") if first_article.count() else ARTICLE_FALLBACK
        plan = page.locator(".site-nav__sub a").first.get_attribute("href")
        pages = {
            "home": "/",
            "news": "/tin-tuc/",
            "article": article,
            "plan": plan,
            "plan-unit": plan + "don-vi/VP/",
            "honour-roll": "/bang-vinh-danh/",
            "documents": "/van-ban/?kind=quyet-dinh",
            "contact": "/lien-he/",
            "search": "/search/?q=dien+hinh+tien+tien",
            "long-search": "/search/?" + urlencode({"q": LONG_QUERY}),
        }
        for name, path in pages.items():
            for size, viewport in VIEWPORTS.items():
                label = f"{name}-{size}"
                page.set_viewport_size(viewport)
                response = page.goto(live_site.url + path)
                if response is None or response.status >= 400:
                    problems.append(f"{label}: {path} answered {response and response.status}")
                    continue
                page.screenshot(
                    path=str(screenshot_dir / f"a11y-{label}.png"), full_page=size == "phone"
                )  # the whole page once
                results = axe_results(page)
                report[label] = {
                    kind: [{**rule, "nodes": [node["target"] for node in rule["nodes"]]} for rule in results[kind]]
                    for kind in ("violations", "incomplete")
                }
                report[label]["passes"] = len(results["passes"])
                problems += [f"{label}: {describe(v)}" for v in results["violations"]]
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
                if name == "home":
                    page.goto(live_site.url + path)
                    problems += [f"{label}: {problem}" for problem in menu_problems(page, size)]
                    page.screenshot(path=str(screenshot_dir / f"menu-{label}.png"))
                    page.goto(live_site.url + path)
                    page.evaluate("document.querySelector('.site-menu').open = true")
                    problems += [f"{label}: {problem}" for problem in focus_problems(page)]
        # A unit's staff signed in: "Đơn vị của tôi" and "Đăng xuất" are in the phone's menu, reachable.
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        client.force_login(get_user_model().objects.get(username="vanphong"))
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_site.url}])
        page.set_viewport_size(VIEWPORTS["phone"])
        page.goto(live_site.url + "/")
        page.locator(".site-menu__button").click()
        for item in [page.get_by_role("link", name="Đơn vị của tôi"), page.get_by_role("button", name="Đăng xuất")]:
            if not item.is_visible():
                problems.append(f"phone, signed in: {item} is not visible in the open menu")
        page.set_viewport_size(VIEWPORTS["desktop"])
        tops = page.evaluate("[...document.querySelectorAll('.site-nav__list > li')].map(li => li.offsetTop)")
        if len(set(tops)) != 1:
            problems.append(f"desktop, signed in: the menu takes more than one line: {tops}")
    finally:
        context.close()
        # Every violation, the moderate and minor ones too, and what axe could not decide, for whoever looks next.
        (screenshot_dir.parent / "a11y-violations.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))

    problems += [f"console: {error}" for error in console_errors.errors]  # e.g. what the page's CSP refused
    assert not problems, "Accessibility problems (details in test-artifacts/a11y-violations.json):\n" + "\n".join(
        problems
    )
