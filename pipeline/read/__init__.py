"""Bytes → lines: `decode` turns input bytes into text (encodings, newlines, control characters)."""
