from django.contrib.admin.apps import AdminConfig


class ClinicAdminConfig(AdminConfig):
    """Django's admin, with the clinic's own site class as ``admin.site``."""

    default_site = "clinic_blog.admin_site.ClinicAdminSite"
