"""CivicGuard: a UK council's social media policy, put into practice."""

__version__ = "0.1.0"
