"""Content directory -> findings: the quality gate ``handouts check`` runs before printing.

In: a content directory (optionally limited to some clinics) and the date to check on. Out:
a Report of findings, each with a code from handouts.codes, a place and a hint. ``run``
orders the checks; ``clinic``, ``records`` and ``handout`` hold them (with ``contrast``,
``readability`` and ``pages``, which reads built PDFs back); ``report`` prints the result.
"""
