"""Record + clinic -> Markdown: the clinic's template rendered in a bounded jinja2 sandbox.

In: a validated treatment and a loaded clinic. Out: the handout as Markdown text, or a
TemplateError naming the template file and line. ``templates`` finds template files,
``environment`` sets up the sandbox with its filters, ``sandbox``, ``guard``, ``limits`` and
``filters`` bound what a template can do, ``explain`` words what went wrong.
"""
