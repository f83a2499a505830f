from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def forwards(apps, schema_editor):
    """Carry the old on/off switch over, and date what readers already saw.

    Articles published so far went live at their publication time (as the old
    closing rule assumed); those with corrections were shown as updated at the last.
    """
    Article = apps.get_model("articles", "Article")
    Correction = apps.get_model("articles", "Correction")
    Article.objects.filter(comments_enabled=False).update(comment_policy="closed")
    Article.objects.filter(published_at__isnull=False).update(went_live_at=models.F("published_at"))
    latest = (
        Correction.objects.filter(article=OuterRef("pk"))
        .values("article")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    Article.objects.filter(pk__in=Correction.objects.values("article")).update(
        revised_at=Subquery(latest)
    )


def backwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(comment_policy="closed").update(comments_enabled=False)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_updated_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="comment_policy",
            field=models.CharField(
                choices=[
                    ("default", "Site policy (open, closing after the set number of days)"),
                    ("open", "Open (never close automatically)"),
                    ("closed", "Closed"),
                ],
                default="default",
                max_length=10,
                verbose_name="Comments",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="revised_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="shown as updated at"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="went_live_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="article",
            name="comments_enabled",
        ),
    ]
