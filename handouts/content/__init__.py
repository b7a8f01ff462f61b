"""Content files -> validated records."""
