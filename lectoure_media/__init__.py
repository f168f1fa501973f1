"""Lectoure Media: photo and video library for a town's communication office."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lectoure-media")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0.0.0+checkout"
