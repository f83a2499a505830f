"""A bare Django site for `make bench-load` to compare with: one view that renders an
article and its first 50 approved comments from Newsroom's own tables, with the ORM
and one template, and nothing else (no middleware, no apps, no sidebar, no cache);
and one form view that takes the same comment POST, validates it and inserts the
comment (no CSRF, duplicate, flood or spam check, no task).

It is what "plain Django" costs for the same content on the same database; Newsroom
with its page cache off should do at least as well. Not part of the product.
"""
