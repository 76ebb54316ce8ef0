from django.db import migrations, models

import registration.models


class Migration(migrations.Migration):

    dependencies = [
        ('registration', '0004_fill_references'),
    ]

    operations = [
        migrations.AlterField(
            model_name='registration',
            name='reference',
            field=models.CharField(default=registration.models.new_reference, editable=False, max_length=8, unique=True, verbose_name='reference'),
        ),
    ]
