"""No models. The module exists so that Django sends this app its post_migrate signal
(see apps.py), after every other app's permissions have been created."""
