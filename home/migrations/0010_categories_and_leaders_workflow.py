"""The news categories of the plan's solution IV.7, and the moderation of what editors write: the group
"Lãnh đạo Sở" (the department's leaders) approves or rejects through the workflow "Lãnh đạo Sở duyệt", assigned to
the home page and so to every article and page under it. Editors keep add and change, and lose publish: what they
write is published when a leader approves it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATEGORIES = [
    ("Tin thi đua – khen thưởng", "tin-thi-dua-khen-thuong", "Tin hoạt động thi đua, khen thưởng của ngành Công Thương."),
    ("Điển hình tiên tiến", "dien-hinh-tien-tien", "Những tập thể, cá nhân tiêu biểu trong phong trào thi đua."),
    ("Nhân tố mới – mô hình mới", "nhan-to-moi-mo-hinh-moi", "Cách làm hay, mô hình mới được nhân rộng."),
    ("Gương người tốt việc tốt", "guong-nguoi-tot-viec-tot", "Những việc làm tốt, nghĩa cử đẹp của cán bộ, người lao động."),
    ("Câu chuyện thành công", "cau-chuyen-thanh-cong", "Những câu chuyện thành công từ phong trào thi đua."),
]
LEADERS = "Lãnh đạo Sở"
WORKFLOW = "Lãnh đạo Sở duyệt"
EDITORS = "Biên tập viên"
LEADER_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
    ("home", "add_articlecategory"),
    ("home", "change_articlecategory"),
]
EDITOR_PERMISSIONS = [("home", "add_articlecategory"), ("home", "change_articlecategory")]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ArticleCategory = apps.get_model("home", "ArticleCategory")
    for order, (name, slug, description) in enumerate(CATEGORIES):
        ArticleCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Page = apps.get_model("wagtailcore", "Page")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    leaders, _ = Group.objects.get_or_create(name=LEADERS)
    for app_label, codename in LEADER_PERMISSIONS:
        leaders.permissions.add(permission(app_label, codename))
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        for app_label, codename in EDITOR_PERMISSIONS:
            editors.permissions.add(permission(app_label, codename))

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW, content_type=task_type, active=True)
    task.groups.add(leaders)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is None:
        return
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(group=leaders, page=home, permission=permission("wagtailcore", codename))
    if editors:
        GroupPagePermission.objects.filter(
            group=editors, page=home, permission=permission("wagtailcore", "publish_page")
        ).delete()


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=WORKFLOW).delete()
    Group.objects.filter(name=LEADERS).delete()
    apps.get_model("home", "ArticleCategory").objects.filter(slug__in=[slug for _, slug, _ in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_articles_search_contact"),
        ("emulation", "0005_permission_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
