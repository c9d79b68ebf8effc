"""The `pressline` command line: `app` holds the click group and the error handling; one module per command family."""

from pipeline.cli.app import main

__all__ = ["main"]
