"""Typesetting that no writer owns: clreq line breaking (`linebreak`), the embedded fonts (`fonts`, `fontbuild`)."""
