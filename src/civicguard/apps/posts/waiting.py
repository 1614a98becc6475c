"""What official posts wait on a person for (read by the home page and the daily digest), from the posts' own
records:

* an approver: each post waiting for their approval, and each override waiting for a second person that they may
  confirm. Who may decide is the approval page's rule (`services.decisions_open_to`), asked here, not restated;
* an author: each of their posts that was returned to them (by an approver, or by a second person refusing an
  override), to change and submit again.

The posts' notices (`posts.Notice`: the banner and e-mail saying what was decided) are news, not work: they are not
listed here. A returned post is listed from the post itself, so it leaves the list when the author submits it again
(its notice leaves the banner when they open the post).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from civicguard.apps.councils.models import Council
from civicguard.apps.notifications.collect import Waiting
from civicguard.apps.posts import services
from civicguard.apps.posts.models import Approval, Decision, Post, PostStatus
from civicguard.apps.posts.selectors import overrides_to_confirm, posts_to_decide

AREA = "Official posts"
MOST = 20
"""Posts listed one by one under each heading; past that, one line sends the person to the list."""


def _url(post: Post) -> str:
    return reverse("posts:detail", args=[post.pk])


def _more(items: list[Waiting], left: int, text: str, status: str) -> None:
    if left > 0:
        items.append(Waiting(text=text.format(n=left, s="" if left == 1 else "s"), area=AREA,
                             url=f"{reverse('posts:list')}?status={status}"))


def _to_decide(user: Any, council: Council) -> list[Waiting]:
    items: list[Waiting] = []
    posts = [p for p in posts_to_decide(user=user, council=council).order_by("submitted", "pk")
             if services.decisions_open_to(post=p, actor=user)]
    for post in posts[:MOST]:
        items.append(Waiting(text=f"Approve or return post {post.pk} for {post.account} from "
                                  f"{post.author.username}", area=AREA, url=_url(post)))
    _more(items, len(posts) - MOST, "{n} more post{s} waiting for approval", str(PostStatus.SUBMITTED))
    return items


def _to_confirm(user: Any, council: Council) -> list[Waiting]:
    items: list[Waiting] = []
    posts = [p for p in overrides_to_confirm(user=user, council=council).order_by("updated", "pk")
             if Decision.CONFIRM_OVERRIDE in services.decisions_open_to(post=p, actor=user)]
    for post in posts[:MOST]:
        request = services.pending_request(post)
        asker = f", asked by {request.actor.username}" if request is not None else ""
        items.append(Waiting(text=f"Confirm or refuse the override of post {post.pk} for {post.account}{asker}",
                             area=AREA, url=_url(post)))
    _more(items, len(posts) - MOST, "{n} more override{s} waiting for a second person",
          str(PostStatus.OVERRIDE_REQUESTED))
    return items


def _returned(user: Any, council: Council) -> list[Waiting]:
    items: list[Waiting] = []
    posts = list(Post.objects.filter(council=council, author=user, status=PostStatus.RETURNED)
                 .select_related("account").order_by("updated", "pk"))
    for post in posts[:MOST]:
        why = (Approval.objects.filter(post=post, decision__in=[Decision.RETURN, Decision.REFUSE_OVERRIDE])
               .select_related("actor").order_by("-created", "-id").first())
        by = f": {why.actor.username} returned it" if why is not None else ": it was returned"
        items.append(Waiting(text=f"Change your post {post.pk} for {post.account} and submit it again{by}",
                             area=AREA, url=_url(post)))
    _more(items, len(posts) - MOST, "{n} more of your posts returned to you", str(PostStatus.RETURNED))
    return items


def waiting_for(user: Any, council: Council) -> list[Waiting]:
    if getattr(user, "pk", None) is None:
        return []
    return [*_to_decide(user, council), *_to_confirm(user, council), *_returned(user, council)]
