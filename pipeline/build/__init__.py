"""The build: sources → documents → files. `run` plans and builds (one document per worker), `state` keeps the
incremental stamps, `summary` prints the table, `dist` collects a release bundle."""
