"""Who may import from WordPress: editors (superusers hold every permission anyway)."""

from articles.roles import EDITORS

ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: ["wordpress.add_importrun", "wordpress.view_importrun", "wordpress.delete_importrun"],
}
