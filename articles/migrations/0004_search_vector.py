"""PostgreSQL-only search schema; does nothing on other databases.

Adds the generated, stored ``search_vector`` column (English; title weight A,
standfirst B, body text without tags C) with a GIN index, and a trigram GIN
index on the title for the typo fallback. The column is not part of the
model state on purpose: PostgreSQL keeps it up to date and articles/search.py
reads it, so there is nothing for the ORM to write or for makemigrations to
track.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B')
        || setweight(
            to_tsvector(
                'english'::regconfig,
                regexp_replace(coalesce(body, ''), '<[^>]*>', ' ', 'g')
            ),
            'C'
        )
    ) STORED
    """,
    "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)",
    "CREATE INDEX article_title_trgm_idx ON articles_article USING gin (title gin_trgm_ops)",
]

# The extension stays: other code may rely on it.
BACKWARD = [
    "DROP INDEX IF EXISTS article_title_trgm_idx",
    "DROP INDEX IF EXISTS article_search_vector_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_correction_articlepresence_articleredirect"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
