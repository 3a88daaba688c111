"""Followup Desktop: a local-first job-application board that makes sure you follow up."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("followup-desktop")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"

APP_NAME = "Followup Desktop"
APP_ID = "followup-desktop"
