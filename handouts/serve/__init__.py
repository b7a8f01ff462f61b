"""``handouts serve``: a local web app for the people who edit content (live previews, with
what ``handouts check`` says) and for the front desk (a patient's PDF from a form).

``app`` builds the ASGI app; ``pages`` and ``frontdesk`` are its pages; ``previews`` lays
handouts out once per version of their files; ``watch`` tells open pages about saved files;
``security`` keeps the app to this machine, forms to its own pages, and requests small.
"""
