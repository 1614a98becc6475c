"""Disclosure detectors: confidential information, council e-mail addresses, inappropriate links, and the
party-political check for politically restricted posts (``conduct.political``)."""
