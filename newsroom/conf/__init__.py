"""The parts newsroom/settings.py is assembled from, one concern each.

Every part is a plain module of UPPER_CASE settings read from the environment
through `base.env`; settings.py imports them all. Nothing else imports these
modules: code reads `django.conf.settings`.
"""
