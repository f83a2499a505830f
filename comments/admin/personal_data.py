"""The commenter's data request page: find their comments by email, export or erase them.

Editors only (the ModelAdmin checks `has_personal_data_permission` first); the
work is done by comments/privacy.py, which logs it in each comment's history.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import privacy


def personal_data_view(admin, request: HttpRequest):
    email = (request.POST.get("email") or request.GET.get("email") or "").strip()
    error = ""
    comments = None
    if email:
        try:
            comments = list(privacy.comments_of(email).select_related("article"))
        except privacy.InvalidEmail:
            error = "Enter the email address the commenter used, like name@example.com."
    if request.method == "POST" and comments is not None:
        action = request.POST.get("action")
        via = f"the admin, by {request.user.get_username()}"
        if action == "export":
            data = privacy.export(email, actor=request.user, via=via)
            response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
            response["Content-Disposition"] = 'attachment; filename="commenter-data.json"'
            response["Cache-Control"] = "private, no-store"
            return response
        if action == "erase":
            if request.POST.get("confirm") != "yes":
                error = "Tick the box to confirm the erasure."
            else:
                delete_text = request.POST.get("delete_text") == "yes"
                count = privacy.erase(email, delete_text=delete_text, actor=request.user, via=via)
                admin.message_user(
                    request,
                    f"Personal data erased from {count} comment{'s' if count != 1 else ''}"
                    + (", text included." if delete_text else "."),
                )
                return HttpResponseRedirect(reverse("admin:comments_comment_personal_data"))
        else:
            error = error or "Choose to export or to erase."
    return TemplateResponse(
        request,
        "admin/comments/comment/personal_data.html",
        {
            **admin.admin_site.each_context(request),
            "title": "Commenter’s personal data",
            "email": email,
            "comments": comments,
            "error": error,
            "opts": admin.opts,
        },
        status=400 if error else 200,
    )
