"""The pages of photos and video: upload an image, an image's page (the clean copy, shown through a logged URL,
and its facts), the clean copy inline and as a download (each look logged: Sefton 5.5.4.9), delete.

Every member of staff reaches the upload page (a personal post's image); what they may upload it for, and who
sees an item, are the service's rules (services.upload_purposes, services.media_view_refusal). An item the person
may not see is a 404, as is any item of another council.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.media import services
from civicguard.apps.media.forms import DeleteForm, UploadForm
from civicguard.apps.media.models import MediaItem
from civicguard.apps.onboarding.network import address_of
from civicguard.common.forms import attach_error
from civicguard.errors import BadInput, InvalidState

DOWNLOAD_EXTENSION = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "video/mp4": "mp4",
                      "video/quicktime": "mov", "video/webm": "webm", "video/x-matroska": "mkv"}


LIST_LIMIT = 200


@require_GET
@council_page("personal.check")
def media_list(request: HttpRequest, council: Council) -> HttpResponse:
    items = services.visible(user=request.user, council=council).select_related("uploaded_by")
    return render(request, "media/list.html", {"items": items[:LIST_LIMIT], "total": items.count(),
                                               "limit": LIST_LIMIT})


@require_http_methods(["GET", "POST"])
@council_page("personal.check")
def new(request: HttpRequest, council: Council) -> HttpResponse:
    purposes = services.upload_purposes(request.user, council)
    if request.method != "POST":
        return _form_page(request, UploadForm(purposes=purposes))
    form = UploadForm(request.POST, request.FILES, purposes=purposes)
    if not form.is_valid():
        return _form_page(request, form, http_status=400)
    name, data = form.upload()
    try:
        item = services.media_upload(actor=request.user, council=council, purpose=form.cleaned_data["purpose"],
                                     name=name, data=data)
    except BadInput as exc:
        attach_error(form, exc, default="file")
        return _form_page(request, form, http_status=400)
    removed = " Its location data was removed from the copy that would be published." if item.location_removed \
        else ""
    messages.success(request, f"The image was uploaded.{removed}")
    return redirect("media:detail", pk=item.pk)


def _form_page(request: HttpRequest, form: UploadForm, http_status: int = 200) -> HttpResponse:
    return render(request, "media/new.html", {"form": form}, status=http_status)


@require_GET
@council_page("personal.check")
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = services.media_item(user=request.user, council=council, pk=pk)
    views = item.views.select_related("viewer")[:50]
    return render(request, "media/detail.html", {
        "item": item, "views": views, "shown": shown_size(item), "view_count": item.views.count(),
        "delete_form": DeleteForm() if services.media_delete_refusal(request.user, item) is None else None,
    })


def shown_size(item: MediaItem, longest: int = 640) -> tuple[int, int]:
    """The size the page draws the image at: its own, or scaled down so its longer side is `longest` pixels."""
    scale = min(1.0, longest / max(item.width, item.height, 1))
    return max(1, round(item.width * scale)), max(1, round(item.height * scale))


def _serve(request: HttpRequest, council: Council, pk: int, action: str) -> HttpResponse:
    item: MediaItem = services.media_item(user=request.user, council=council, pk=pk)
    data = services.media_view(actor=request.user, item=item, action=action, address=address_of(request))
    # A look at a video shows its poster frame (a JPEG); the video itself is only downloaded.
    content_type = "image/jpeg" if item.is_video and action == "view" else item.clean_content_type
    response = HttpResponse(data, content_type=content_type)
    extension = DOWNLOAD_EXTENSION.get(content_type, "bin")
    kind = "attachment" if action == "download" else "inline"
    response["Content-Disposition"] = f'{kind}; filename="{item.kind}-{item.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
@council_page("personal.check")
def image(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _serve(request, council, pk, "view")


@require_GET
@council_page("personal.check")
def download(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _serve(request, council, pk, "download")


@require_POST
@council_page("personal.check")
def delete(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    item = services.media_item(user=request.user, council=council, pk=pk)
    form = DeleteForm(request.POST)
    form.is_valid()
    try:
        services.media_delete(actor=request.user, item=item)
    except InvalidState as exc:
        messages.info(request, exc.message)
        return redirect("media:detail", pk=item.pk)
    messages.success(request, "The image was deleted: its files were erased. The record of who uploaded it and who "
                              "looked at it is kept.")
    return redirect("media:detail", pk=item.pk)
