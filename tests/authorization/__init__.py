"""Who may open and post to every admin, editorial, moderation, preview and autosave URL.

One table: each URL (GET, test_get_matrix.py) and each crafted POST (with a valid CSRF
token, through the CSRF-enforcing client, test_post_matrix.py) against the whole cast —
anonymous, journalist (who owns the draft), second journalist, editor, moderator. Every
refused POST leaves the database exactly as it was; every POST case also has a role for
whom the same request works, so a refusal is the permission check and not a malformed
request. The cast's objects (the `world` fixture) are in conftest.py, the helpers both
tables use in helpers.py.
"""
