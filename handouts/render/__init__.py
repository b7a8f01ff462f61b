"""Blocks + clinic theme -> PDF bytes. Every line of reportlab code lives in this package.

In: a parsed handout (handouts.markdown.blocks) and the clinic's branding. Out: PDF bytes and
a page count, or a LayoutError. ``theme`` turns branding into styles, ``fonts`` registers the
bundled fonts, ``words``/``lines``/``textblock`` set text, ``flowables`` and ``boxes`` turn
blocks into flowables, ``furniture`` draws the header and footer, ``document`` lays it all out;
``front`` and ``contents`` draw a pack's front pages. Every PDF is tagged (PDF/UA-1):
``tagging`` holds the structure tree and the marked content drawing adds to it (``inline``
within a paragraph), ``structtree`` writes the tree and ``metadata`` the XMP into the PDF,
and ``subsets`` names and maps the embedded font subsets.
"""
