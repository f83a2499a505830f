"""The articles admin, one module per concern; importing the package registers them all."""

from . import article, events, pages, taxonomy  # noqa: F401  (each registers its ModelAdmins)
