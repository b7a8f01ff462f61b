"""A patient list -> one PDF per patient: a cover prepared for them, then their handouts.

In: a content directory, a clinic id, a CSV list (``visits``) and BatchOptions. Out: files in
``output/patients/<clinic>/<list>/`` and a BatchReport. ``run`` hands one job per row to the
same workers and executors as packs; ``worker`` renders each handout once per worker and
only the cover per patient; ``bundle`` joins the cover and the handouts.
"""
