"""Browser tests: the real pages in headless Chromium against pytest-django's live server (marker `browser`)."""
