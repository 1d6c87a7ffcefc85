"""Every response carries a Content-Security-Policy: public and unit pages the strict one, the admin its own."""

import re

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_public_pages_allow_no_inline_script_or_style(home_page, client):
    for url in ("/", "/search/?q=thi+dua", "/tai-khoan/dang-nhap/", "/khong-co/"):
        policy = directives(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'self'"], url


def test_the_admin_has_its_own_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_no_public_template_has_inline_script_or_handler(home_page, client):
    """The strict policy holds only while templates keep to it: no inline <script> with code, no on*= handler,
    no style attribute, on the pages a reader or a unit sees."""
    from django.conf import settings

    admin_only = {"wagtailadmin", "panels"}  # Wagtail's admin screens and dashboard panels: the admin's policy
    templates = [
        path
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        if not admin_only & set(path.parts) and '{% extends "wagtailadmin/' not in path.read_text(encoding="utf-8")
    ]
    assert templates
    offending = {}
    for path in templates:
        text = path.read_text(encoding="utf-8")
        found = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", text)
        found += re.findall(r"\son[a-z]+=\"", text)
        found += re.findall(r"\sstyle=\"", text)
        found += re.findall(r"<style\b", text)
        found += re.findall(r"javascript:", text)
        if found:
            offending[str(path.relative_to(settings.BASE_DIR))] = found
    assert not offending


def test_djangos_debug_pages_keep_their_styles_in_development_only(home_page, client, settings):
    assert directives(client.get("/khong-co/"))["style-src"] == ["'self'"]  # production: our own 404 page
    settings.DEBUG = True
    response = client.get("/khong-co/")
    assert response.status_code == 404
    assert "'unsafe-inline'" in directives(response)["style-src"]  # the technical page `make run` shows
    assert directives(client.get("/"))["style-src"] == ["'self'"]  # and only that one
