"""Followup Desktop: a local-first job-application board that makes sure you follow up."""

#: Kept literal (not read from package metadata): importlib.metadata costs ~25 ms of start-up.
#: tests/test_cli.py checks it matches pyproject.toml.
__version__ = "0.1.0"

APP_NAME = "Followup Desktop"
APP_ID = "followup-desktop"
