"""Role groups and their Wagtail permissions.

OPD schemas: Operator, Kepala OPD, Admin OPD. Public schema: Verifikator Bappeda, Admin Bappeda.
Groups live in each schema's own auth tables, so a role in one OPD means nothing in another.
Later features add their model permissions to ``EXTRA_PERMISSIONS``.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

OPERATOR = "Operator"
KEPALA_OPD = "Kepala OPD"
ADMIN_OPD = "Admin OPD"
VERIFIKATOR = "Verifikator Bappeda"
ADMIN_BAPPEDA = "Admin Bappeda"

OPD_ROLES = (OPERATOR, KEPALA_OPD, ADMIN_OPD)
BAPPEDA_ROLES = (VERIFIKATOR, ADMIN_BAPPEDA)

# (app_label, codename) per role, on top of wagtailadmin.access_admin which every role gets.
_DOCS_IMAGES = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
]
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    OPERATOR: [*_DOCS_IMAGES],
    KEPALA_OPD: [*_DOCS_IMAGES],
    ADMIN_OPD: [
        *_DOCS_IMAGES,
        ("wagtaildocs", "delete_document"),
        ("wagtailimages", "delete_image"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "view_user"),
    ],
    VERIFIKATOR: [],
    ADMIN_BAPPEDA: [
        *_DOCS_IMAGES,
        ("wagtaildocs", "delete_document"),
        ("wagtailimages", "delete_image"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "view_user"),
    ],
}
# Page tree permissions on the schema's home page (Wagtail GroupPagePermission).
PAGE_PERMISSIONS: dict[str, list[str]] = {
    OPERATOR: ["add_page", "change_page"],
    KEPALA_OPD: ["add_page", "change_page", "publish_page"],
    ADMIN_OPD: ["add_page", "change_page", "publish_page", "delete_page", "lock_page"],
    VERIFIKATOR: [],
    ADMIN_BAPPEDA: ["add_page", "change_page", "publish_page", "delete_page", "lock_page"],
}


# Created by Wagtail's own migrations; our role groups replace them.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def _groups_ensure(names: tuple[str, ...]) -> dict[str, Group]:
    from wagtail.models import GroupPagePermission, Page

    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    from wagtail.models import Collection, GroupCollectionPermission

    root = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups: dict[str, Group] = {}
    for name in names:
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [access_admin]
        for app_label, codename in ROLE_PERMISSIONS[name]:
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*wanted)
        if root is not None:
            for codename in PAGE_PERMISSIONS[name]:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )
        # Wagtail checks document/image rights per collection, not only per model.
        if root_collection is not None:
            for app_label, codename in ROLE_PERMISSIONS[name]:
                if app_label not in ("wagtaildocs", "wagtailimages"):
                    continue
                for code in (codename, codename.replace("add_", "choose_")):
                    permission = Permission.objects.filter(
                        content_type__app_label=app_label, codename=code
                    ).first()
                    if permission is not None:
                        GroupCollectionPermission.objects.get_or_create(
                            group=group, collection=root_collection, permission=permission
                        )
        groups[name] = group
    return groups


def opd_groups_ensure() -> dict[str, Group]:
    """Create/refresh the OPD role groups in the current (OPD or base) schema."""
    return _groups_ensure(OPD_ROLES)


def bappeda_groups_ensure() -> dict[str, Group]:
    """Create/refresh Bappeda's role groups in the public schema."""
    return _groups_ensure(BAPPEDA_ROLES)
