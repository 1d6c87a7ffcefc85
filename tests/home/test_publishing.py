"""Moderation of articles: editors submit, the department's leaders approve or reject with a comment, everyone
is told by e-mail in Vietnamese; scheduled go-live and expiry."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import ArticlePage
from tests.factories import category, make_news_index


def user_in(django_user_model, group, username):
    user = django_user_model.objects.create_user(username, f"{username}@so.gov.vn", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def news(home_page):
    return make_news_index(home_page)


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "Biên tập viên", "bientap")


@pytest.fixture
def leader(django_user_model):
    return user_in(django_user_model, "Lãnh đạo Sở", "giamdoc")


def article_form(**extra):
    data = {
        "title": "Gương sáng ngành Công Thương",
        "slug": "guong-sang",
        "date": "20/11/2026",
        "category": category("dien-hinh-tien-tien").pk,
        "featured_image": "",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "body": streamfield([("paragraph", rich_text("<p>Một tập thể tiêu biểu.</p>"))]),
        "award_links": inline_formset([]),
        "summary": "Tập thể tiêu biểu năm 2026.",
        "tags": "Điển hình, Năm 2026",
        "unit": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


def submit(client, editor, news, **extra):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("home", "articlepage", news.pk))
    response = client.post(url, {**article_form(**extra), "action-submit": "Gửi duyệt"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ArticlePage.objects.get(slug=extra.get("slug", "guong-sang"))


def act(client, user, page, action, comment=""):
    client.force_login(user)
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk)).current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
    return client.post(url, {"comment": comment})


def test_the_workflow_is_made_by_a_migration_and_covers_the_articles(news):
    workflow = Workflow.objects.get(name="Lãnh đạo Sở duyệt")
    assert [task.name for task in workflow.tasks] == ["Lãnh đạo Sở duyệt"]
    assert [group.name for group in workflow.tasks[0].specific.groups.all()] == ["Lãnh đạo Sở"]
    article = ArticlePage(title="x", slug="x", category=category())
    news.add_child(instance=article)
    assert article.get_workflow() == workflow


def test_an_editor_cannot_publish_an_article_but_submits_it(client, news, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:add", args=("home", "articlepage", news.pk)))
    html = response.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_opening_add_page_creates_nothing_and_autosaves_only_saved_pages(client, news, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:add", args=("home", "articlepage", news.pk))).content.decode()
    assert "data-w-autosave-interval-value" not in html  # nothing is saved until the editor saves
    assert not ArticlePage.objects.exists()
    article = submit(client, editor, news)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert "data-w-autosave-interval-value" in html  # a saved page keeps Wagtail's autosave
    assert "yêu cầu chỉnh sửa" not in html  # nothing was asked of it


def test_submit_then_approve_publishes_and_tells_everyone(
    client, news, editor, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = submit(client, editor, news)
    assert not article.live
    assert article.workflow_in_progress
    to_leader = [message for message in mail.outbox if leader.email in message.to]
    assert to_leader
    assert "Gương sáng ngành Công Thương" in to_leader[0].subject
    assert "gửi" in to_leader[0].subject.lower() or "duyệt" in to_leader[0].subject.lower()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, leader, article, "approve", "Đồng ý đăng.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    to_editor = [message for message in mail.outbox if editor.email in message.to]
    assert to_editor
    assert "Gương sáng ngành Công Thương" in to_editor[0].subject
    client.logout()
    assert "Gương sáng ngành Công Thương" in client.get("/").content.decode()
    assert client.get("/tin-tuc/guong-sang/").status_code == 200


def test_reject_keeps_it_unpublished_and_tells_the_editor_why(
    client, news, editor, leader, django_capture_on_commit_callbacks
):
    article = submit(client, editor, news)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, leader, article, "reject", "Cần bổ sung ảnh và số quyết định.")
    article.refresh_from_db()
    assert not article.live
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    to_editor = [message for message in mail.outbox if editor.email in message.to]
    assert to_editor
    assert "Cần bổ sung ảnh và số quyết định." in to_editor[0].body
    # Worded as a request for changes, never as a refusal.
    for text in (to_editor[0].subject, to_editor[0].body):
        assert "yêu cầu chỉnh sửa" in text
        assert "từ chối" not in text
    assert 'Nội dung cần chỉnh sửa: "Cần bổ sung ảnh và số quyết định."' in to_editor[0].body
    # The editor finds the request and its comment at the top of the edit page.
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert "Cần bổ sung ảnh và số quyết định." in html
    assert "yêu cầu chỉnh sửa" in html
    client.logout()
    assert client.get("/tin-tuc/guong-sang/").status_code == 404
    assert "Gương sáng" not in client.get("/tin-tuc/").content.decode()


def test_scheduled_go_live_and_expiry(client, news, editor, leader):
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    article = submit(client, editor, news, go_live_at=go_live.strftime("%d/%m/%Y %H:%M"))
    act(client, leader, article, "approve")
    article.refresh_from_db()
    assert not article.live  # approved, waiting for its time
    revision = Revision.page_revisions.get(object_id=str(article.pk), approved_go_live_at__isnull=False)
    client.logout()
    assert client.get("/tin-tuc/guong-sang/").status_code == 404

    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    article.refresh_from_db()
    assert not article.live  # not yet

    # Two days later (the time moved back instead of the clock forward): the go-live time has come.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    article.refresh_from_db()
    assert article.live
    assert client.get("/tin-tuc/guong-sang/").status_code == 200

    ArticlePage.objects.filter(pk=article.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    article.refresh_from_db()
    assert not article.live
    assert article.expired
    assert client.get("/tin-tuc/guong-sang/").status_code == 404
