"""The change log records changes of respondent (without an indicator) and which browser
and tab saved, so that a conflict with one's own other tab can be told as such."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0003_one_line_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='answerchange',
            name='changed_in_browser',
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.AddField(
            model_name='answerchange',
            name='changed_in_tab',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='answerchange',
            name='kind',
            field=models.CharField(choices=[('answer', 'svar'), ('respondent', 'svarande')], default='answer', max_length=10),
        ),
        migrations.AddField(
            model_name='answerchange',
            name='new_respondent_email',
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.AddField(
            model_name='answerchange',
            name='new_respondent_name',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='answerchange',
            name='new_respondent_role',
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name='answerchange',
            name='old_respondent_email',
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.AddField(
            model_name='answerchange',
            name='old_respondent_name',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='answerchange',
            name='old_respondent_role',
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name='answerchange',
            name='indicator',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='surveys.indicator'),
        ),
        migrations.AddConstraint(
            model_name='answerchange',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('indicator__isnull', False), ('kind', 'answer')), models.Q(('indicator__isnull', True), ('kind', 'respondent')), _connector='OR'), name='answer_change_has_indicator_unless_respondent'),
        ),
    ]
