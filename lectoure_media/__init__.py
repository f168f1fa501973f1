"""Lectoure Media: photo and video library for a town's communication office."""


def __getattr__(name: str) -> str:
    # The version is read from the package metadata on first use only: importlib.metadata costs ~60 ms,
    # a sixth of the interpreter's share of the app's start-up, and only --version and XMP files need it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("lectoure-media")
        except PackageNotFoundError:  # running from a checkout that is not installed
            value = "0.0.0+checkout"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
