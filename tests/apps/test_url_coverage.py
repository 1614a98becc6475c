"""Every page and endpoint of the project has a row in the permission matrix, so a new view without one fails.

The URL tree is walked as Django resolves it; the API schema (public, no data), static files and the admin
are not views of the project's data and are left out, as is Meta's webhook (signed by Meta, not role-checked).
The API's catch-all (no name) answers 404 to everyone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.apps.test_permission_matrix import MATRIX

EXCLUDED = {
    "api-schema",
    # Meta's webhook: no session and no role. It is called by Meta, not a person: the GET handshake answers to the
    # verify token and each POST delivery must carry Meta's signature of its exact bytes (X-Hub-Signature-256).
    # Every way in and every refusal is tested in tests/apps/moderation/test_webhooks.py.
    "webhook-meta",
}
EXCLUDED_NAMESPACES = {"admin", "djdt"}
EXCLUDED_PREFIXES = ("static/", "media/", "__debug__/")
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def named_patterns() -> Iterator[tuple[str, str, URLPattern]]:
    """(qualified name, route, pattern) of every named URL pattern."""

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[tuple[str, str, URLPattern]]:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, route, inner)
            elif entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), route, entry

    yield from walk(get_resolver(), "", "")


def project_patterns() -> dict[str, tuple[str, URLPattern]]:
    found = {}
    for name, route, entry in named_patterns():
        if name in EXCLUDED or name.split(":")[0] in EXCLUDED_NAMESPACES or route.startswith(EXCLUDED_PREFIXES):
            continue
        found[name] = (route, entry)
    return found


def _has_arguments(entry: URLPattern) -> bool:
    return bool(getattr(entry.pattern, "converters", {})) or bool(entry.pattern.regex.groups)


def test_the_walk_finds_the_project_s_pages_and_endpoints() -> None:
    names = set(project_patterns())
    assert {"dashboard:home", "posts:detail", "audit:export", "api-checks", "api-post-approvals"} <= names


def test_every_page_and_endpoint_has_a_row_in_the_permission_matrix() -> None:
    covered = {name for name, _, _ in MATRIX}
    missing = sorted(f"{name} ({route})" for name, (route, _) in project_patterns().items() if name not in covered)
    assert not missing, f"add these to MATRIX in tests/apps/test_permission_matrix.py: {', '.join(missing)}"


def test_every_row_of_the_matrix_names_a_url_that_exists_with_the_arguments_it_takes() -> None:
    patterns = project_patterns()
    for (name, _, _), row in MATRIX.items():
        assert name in patterns, f"MATRIX names {name}, which no URL pattern has"
        _, entry = patterns[name]
        assert _has_arguments(entry) == (row.target is not None), f"{name}: the row's target does not fit the URL"
        reverse(name, args=[1] if row.target else [])


@pytest.mark.parametrize("name", sorted(n for n in project_patterns() if n.startswith("api-")))
def test_every_method_of_every_endpoint_has_a_row(name: str) -> None:
    """An API view's methods are its handlers: each needs a row, and each row's method a handler."""
    _, entry = project_patterns()[name]
    view_class: Any = getattr(entry.callback, "view_class", None)
    assert view_class is not None, f"{name} is not a class-based view"
    handled = {m.upper() for m in HTTP_METHODS if hasattr(view_class, m)}
    in_matrix = {method for (row_name, method, _) in MATRIX if row_name == name}
    assert handled == in_matrix, f"{name}: the view answers {sorted(handled)}, the matrix has {sorted(in_matrix)}"
