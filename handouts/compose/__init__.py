"""Record + clinic -> Markdown."""
