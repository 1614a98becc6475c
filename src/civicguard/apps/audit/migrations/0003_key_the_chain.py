"""Key the audit chain: re-chain the entries written before the audit key with it when their old SHA-256 chain
verifies, or seal them as they are when it does not (see civicguard.apps.audit.upgrade)."""

from django.db import migrations


def forward(apps, schema_editor):
    from civicguard.apps.audit.keys import audit_key
    from civicguard.apps.audit.upgrade import key_the_chain

    key_the_chain(apps.get_model("audit", "AuditEntry"), apps.get_model("audit", "AuditHead"), audit_key())


def backward(apps, schema_editor):
    from civicguard.apps.audit.keys import audit_key
    from civicguard.apps.audit.upgrade import unkey_the_chain

    unkey_the_chain(apps.get_model("audit", "AuditEntry"), apps.get_model("audit", "AuditHead"), audit_key())


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_auditentry_scheme"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
