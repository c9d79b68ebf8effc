"""`pressline dist`: the release bundle (documents, manifest.json, SHA256SUMS), or one from the shards' bundles."""

from __future__ import annotations

import sys

import click


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                 "help_option_names": []}, add_help_option=False)
@click.pass_context
def dist(ctx: click.Context) -> None:
    """Collect built documents into a release bundle, or merge the bundles of shards (--merge DIR...).

    \b
    Examples:
      pressline dist                                  build/ -> dist/ (every source/*.txt)
      pressline dist --shard 2/4 --out dist-2         the documents `pressline build --shard 2/4` built
      pressline dist --merge dist-1 dist-2 dist-3 dist-4 --out dist
      pressline dist --include build/packages/*       also publish (and checksum) these files
    """
    from pipeline.build.dist import main

    code = main(ctx.args, prog="pressline dist")
    if code:
        sys.exit(code)
