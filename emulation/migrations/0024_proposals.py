"""Proposals to a higher body (hồ sơ đề nghị cấp trên), their candidates and their history: the office's, the only
group that sees them (with the administrators)."""

from django.contrib.auth.management import create_permissions

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


OFFICE = "Văn phòng"


def grant_office(apps, schema_editor):
    app_config = apps.get_app_config("emulation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name=OFFICE).first()
    if office is not None:
        office.permissions.add(
            *Permission.objects.filter(content_type__app_label="emulation", codename__endswith="_proposal")
        )


class Migration(migrations.Migration):

    dependencies = [
        ('emulation', '0023_certificates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Proposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('authority', models.CharField(choices=[('director', 'the Director of the Department'), ('province', "the Chairman of the provincial People's Committee"), ('prime-minister', 'the Prime Minister'), ('president', 'the President')], max_length=20, verbose_name='higher body')),
                ('round', models.PositiveSmallIntegerField(default=1, verbose_name='round')),
                ('status', models.CharField(choices=[('prepared', 'prepared'), ('sent', 'sent'), ('returned', 'returned for more'), ('decided', 'decided'), ('refused', 'refused')], default='prepared', max_length=12, verbose_name='status')),
                ('number', models.CharField(blank=True, help_text="The tờ trình's number, e.g. 45/TTr-SCT.", max_length=60, verbose_name='submission number')),
                ('submitted_on', models.DateField(blank=True, null=True, verbose_name='date of the submission')),
                ('sent_on', models.DateField(blank=True, null=True, verbose_name='sent on')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='emulation.decision', verbose_name='decision')),
                ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='emulation.councilmeeting', verbose_name='council meeting')),
            ],
            options={
                'verbose_name': 'proposal to a higher body',
                'verbose_name_plural': 'proposals to a higher body',
                'ordering': ['-year', 'authority', '-round'],
            },
        ),
        migrations.CreateModel(
            name='ProposalEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('pending', 'awaiting the decision'), ('awarded', 'awarded'), ('refused', 'refused')], default='pending', max_length=10, verbose_name='outcome')),
                ('refusal_reason', models.TextField(blank=True, verbose_name='reason refused')),
                ('sort_order', models.PositiveIntegerField(default=0)),
                ('award', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='emulation.award', verbose_name='award')),
                ('candidate', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposal_entries', to='emulation.meetingcandidate', verbose_name='candidate of the ballot')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='emulation.person', verbose_name='person')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='emulation.proposal')),
                ('title', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='emulation.title', verbose_name='title or form')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='emulation.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'proposed candidate',
                'verbose_name_plural': 'proposed candidates',
                'ordering': ['sort_order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProposalEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('prepared', 'prepared'), ('sent', 'sent'), ('returned', 'returned for more'), ('decided', 'decided'), ('refused', 'refused')], max_length=12, verbose_name='status')),
                ('on', models.DateField(verbose_name='date')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='emulation.proposal')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'proposal event',
                'verbose_name_plural': 'proposal events',
                'ordering': ['recorded_at', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.UniqueConstraint(fields=('year', 'authority', 'round'), name='emulation_proposal_once_a_round'),
        ),
        migrations.AddConstraint(
            model_name='proposalentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('person__isnull', False), ('unit__isnull', True)), models.Q(('person__isnull', True), ('unit__isnull', False)), _connector='OR'), name='emulation_proposal_entry_one_subject'),
        ),
        migrations.RunPython(grant_office, migrations.RunPython.noop),
    ]
