"""Content files -> validated records: treatment records and clinics from a content directory.

In: ``data/treatments/<id>.yaml`` and ``templates/<clinic>/clinic.yaml``. Out: pydantic
records (``treatment``, ``clinic``) with the line of every field, or a ContentError naming
each problem's file, line and field. ``yamlfile`` reads YAML as plain data, ``text`` and the
models define what a valid value is, ``validate`` words pydantic's errors, ``load`` resolves
ids and ``extends``; ``images`` checks pictures a clinic names; ``schema`` exports the models
as JSON Schemas for editors.
"""
