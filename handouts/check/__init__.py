"""Content directory -> findings."""
