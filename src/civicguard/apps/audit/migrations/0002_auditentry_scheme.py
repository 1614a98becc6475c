from django.db import migrations, models


class Migration(migrations.Migration):
    """Every entry says how its hash was made. The entries already there were chained by plain SHA-256."""

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="scheme",
            field=models.CharField(choices=[("sha256", "SHA-256 (written before the audit key)"),
                                            ("hmac-sha256", "HMAC-SHA256 with the audit key")],
                                   default="sha256", help_text="how `hash` was made; every new entry is hmac-sha256",
                                   max_length=16),
            preserve_default=False,
        ),
    ]
