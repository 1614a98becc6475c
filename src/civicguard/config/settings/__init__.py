"""Django settings: `base` (the embedded default), `test`, `production`; integrations in their own modules."""
