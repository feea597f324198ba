"""Names stay on one line: respondents' and recipients' names refuse control characters."""

import common.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0002_answering_and_invitations'),
    ]

    operations = [
        migrations.AlterField(
            model_name='invitation',
            name='recipient_name',
            field=models.CharField(max_length=200, validators=[common.validators.OneLineValidator()], verbose_name='mottagarens namn'),
        ),
        migrations.AlterField(
            model_name='response',
            name='respondent_name',
            field=models.CharField(blank=True, max_length=200, validators=[common.validators.OneLineValidator()], verbose_name='svarandens namn'),
        ),
    ]
