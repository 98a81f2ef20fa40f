"""The harness's own tests. ``pytester`` runs octt-py's plugin in inner pytest sessions so the
exact text a user sees is under test."""

pytest_plugins = ["pytester"]
