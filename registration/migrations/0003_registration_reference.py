# A unique field added in three steps (Django's way for existing rows): the column, empty; a reference for each
# registration already there; then unique and required, with a new one for every new registration.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registration', '0002_workshop_preferences'),
    ]

    operations = [
        migrations.AddField(
            model_name='registration',
            name='reference',
            field=models.CharField(editable=False, max_length=8, null=True, verbose_name='reference'),
        ),
    ]
