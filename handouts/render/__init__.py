"""Blocks + theme -> PDF bytes."""
