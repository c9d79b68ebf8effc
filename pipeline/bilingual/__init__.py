"""Translations attached to blocks by id."""
