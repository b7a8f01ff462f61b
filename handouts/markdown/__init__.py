"""Markdown -> blocks: the composed handout parsed into a small tree (``blocks``) that render
lays out and preflight inspects. ``parse`` is the only module that knows markdown-it."""
