"""Which posts a person may see in a council."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from civicguard.apps.councils.models import Council
from civicguard.apps.posts.models import OutboxEntry, Post, PostStatus
from civicguard.apps.staff.models import RoleAssignment
from civicguard.common.permissions import can


def posts_visible(*, user: Any, council: Council) -> QuerySet[Post]:
    qs = Post.objects.filter(council=council).select_related("account", "author", "latest_check")
    if can(user, "post.view_all", council):
        return qs
    if not can(user, "post.view", council):
        return qs.none()
    reps = RoleAssignment.objects.filter(user=user, council=council, role="representative")
    if reps.filter(account__isnull=True).exists():
        return qs
    return qs.filter(Q(account__in=reps.values("account")) | Q(author=user))


def posts_to_decide(*, user: Any, council: Council) -> QuerySet[Post]:
    return (Post.objects.filter(council=council, status=PostStatus.SUBMITTED).exclude(author=user)
            .select_related("account", "author"))


def outbox_entries(*, user: Any, council: Council) -> QuerySet[OutboxEntry]:
    """Approved posts waiting to be published, limited to the posts this person may see."""
    visible = posts_visible(user=user, council=council).values("pk")
    return OutboxEntry.objects.filter(council=council, post__in=visible).select_related("post", "post__account")
