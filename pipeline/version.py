"""The version of Pressline, in one place: `__version__` here is what setuptools writes into the package
metadata; `installed()` reads it back from the metadata of the installed distribution."""

__version__ = "0.1.0"
DISTRIBUTION = "pressline"


def installed() -> str:
    """The version in the installed package's metadata; `__version__` when Pressline runs from a checkout that
    was never installed."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return __version__
