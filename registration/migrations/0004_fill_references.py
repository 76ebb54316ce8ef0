import secrets

from django.db import migrations

# As registration.models had them when this migration was written.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def give_references(apps, schema_editor):
    Registration = apps.get_model("registration", "Registration")
    given = set()
    rows = []
    for pk in Registration.objects.filter(reference=None).values_list("pk", flat=True):
        reference = None
        while reference is None or reference in given:
            reference = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        given.add(reference)
        rows.append(Registration(pk=pk, reference=reference))
    Registration.objects.bulk_update(rows, ["reference"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('registration', '0003_registration_reference'),
    ]

    operations = [
        migrations.RunPython(give_references, migrations.RunPython.noop),
    ]
