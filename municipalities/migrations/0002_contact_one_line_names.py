"""Contact names and titles stay on one line: control characters are refused."""

import common.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('municipalities', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contact',
            name='name',
            field=models.CharField(max_length=200, validators=[common.validators.OneLineValidator()], verbose_name='namn'),
        ),
        migrations.AlterField(
            model_name='contact',
            name='title',
            field=models.CharField(default='Kommunchef', max_length=100, validators=[common.validators.OneLineValidator()], verbose_name='titel'),
        ),
    ]
