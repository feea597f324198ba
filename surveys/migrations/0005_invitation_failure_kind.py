"""Why an invitation's mail failed, as staff can act on it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0004_answerchange_respondent_and_tab'),
    ]

    operations = [
        migrations.AddField(
            model_name='invitation',
            name='failure_kind',
            field=models.CharField(blank=True, choices=[('recipient', 'Mottagarens adress eller namn gick inte att skicka till. Rätta mottagaren och skicka igen.'), ('server', 'E-postservern gick inte att nå eller svarade inte. Utskicket försöks igen automatiskt.'), ('other', 'Utskicket misslyckades av ett tekniskt skäl. Försök igen senare.')], max_length=10),
        ),
    ]
