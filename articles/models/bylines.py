"""Bylines: the ordered authors of an article, and who added reporting."""

from django.db import models


class Byline(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        ADDITIONAL_REPORTING = "additional_reporting", "Additional reporting"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="unique_byline_per_role"
            )
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"
