"""The `pressline` command line: `app` holds the click group and the error handling; `options` the options several
commands share; one module per command family (`review`, `translate`, `dist`)."""

from pipeline.cli.app import main

__all__ = ["main"]
