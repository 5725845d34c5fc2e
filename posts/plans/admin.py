"""The clinician builds a plan for a patient: a title, a note, exercises in order with dosage.

The link is shown once, right after it is made (only its digest is stored), with a button to
make a new one (the old one stops working) and one to withdraw the plan.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import services
from .models import PatientPlan, Plan, PlanExercise


class PlanExerciseInline(admin.TabularInline):
    model = PlanExercise
    extra = 1
    fields = ["order", "exercise", "sets", "reps", "hold_seconds", "times_per_week"]
    autocomplete_fields = ["exercise"]
    verbose_name = "exercise"
    verbose_name_plural = "exercises, in the order the patient does them"


@admin.register(PatientPlan)
class PatientPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "link_state", "exercise_count", "created_by", "created_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "note"]
    fields = ["title", "note", "link_state", "created_by", "created_at"]
    readonly_fields = ["link_state", "created_by", "created_at"]
    inlines = [PlanExerciseInline]
    actions = ["revoke_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_patients().select_related("created_by")

    @admin.display(description="Exercises")
    def exercise_count(self, obj):
        return obj.items.count()

    @admin.display(description="Link")
    def link_state(self, obj):
        if obj.pk is None:
            return "A link is made when you save the plan, and shown once."
        if obj.is_revoked:
            return format_html('<strong class="plan-withdrawn">Withdrawn</strong> on {}', obj.revoked_at.date())
        return "Working. For a copy you can send again, make a new link (the old one stops working)."

    def save_model(self, request, obj, form, change):
        if not change:
            obj.kind, obj.created_by = Plan.Kind.PATIENT, request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return self._show_link(request, obj, services.patient_plan_link_issue(plan=obj), new=True)

    @admin.action(description="Withdraw the selected plans (their links stop working)", permissions=["change"])
    def revoke_selected(self, request, queryset):
        for plan in queryset:
            services.patient_plan_revoke(plan=plan)
        self.message_user(request, f"{queryset.count()} plan(s) withdrawn.", messages.SUCCESS)

    # --- The link: made once, shown once ---------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/new-link/",
                self.admin_site.admin_view(self.new_link_view),
                name="{}_{}_new_link".format(*info),
            ),
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="{}_{}_withdraw".format(*info),
            ),
            *super().get_urls(),
        ]

    def _plan_for_change(self, request, object_id):
        if request.method != "POST":
            return None
        plan = self.get_object(request, unquote(object_id))
        if plan is None:
            raise Http404("No such plan.")
        if not self.has_change_permission(request, plan):
            raise PermissionDenied
        return plan

    def new_link_view(self, request, object_id):
        plan = self._plan_for_change(request, object_id)
        if plan is None:
            return HttpResponseNotAllowed(["POST"])
        return self._show_link(request, plan, services.patient_plan_link_issue(plan=plan), new=False)

    def withdraw_view(self, request, object_id):
        plan = self._plan_for_change(request, object_id)
        if plan is None:
            return HttpResponseNotAllowed(["POST"])
        services.patient_plan_revoke(plan=plan)
        self.message_user(request, f"“{plan}” is withdrawn: its link now says so.", messages.SUCCESS)
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[plan.pk]))

    def _show_link(self, request, plan, token, *, new):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "The link to send",
            "plan": plan,
            "link": settings.SITE_URL + reverse("plans:patient", args=[token]),
            "new": new,
        }
        response = TemplateResponse(request, "admin/plans/link.html", context)
        response["Cache-Control"] = "private, no-store"
        return response
