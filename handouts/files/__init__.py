"""The file system, by one rule for every reader and writer: ``read`` opens only regular files,
with a size bound, and hashes in chunks; ``write`` replaces files atomically and never
through a link, pipe or device."""
