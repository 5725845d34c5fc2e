"""A reader's own account data: download it as JSON, or delete the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from comments.accounts.forms import DeleteAccountForm
from comments.accounts.services import account_delete, account_export


@login_required
@require_GET
def export_data(request):
    response = JsonResponse(account_export(user=request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-clinic-blog-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_protect
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    if request.user.is_staff:
        messages.error(request, "Staff accounts are removed by an administrator, not from this page.")
        return redirect("comments:mine")
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kept = account_delete(user=request.user)
        logout(request)
        kept_note = f"Your {kept} comment{'s stay' if kept != 1 else ' stays'} in place as “former reader”."
        messages.success(request, "Your account is deleted. " + (kept_note if kept else ""))
        return redirect("posts:list")
    return render(request, "comments/accounts/delete.html", {"form": form})
