"""Markdown -> blocks."""
