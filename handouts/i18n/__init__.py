"""Languages: which ones handouts print in, their message catalogs, dates and numbers.

A handout's fixed wording (headings, box titles, footer, page numbers, the pack's cover and
contents) is English in the code and the built-in template, marked for translation, and read
from gettext catalogs in ``handouts/builtin/locale`` for every other language. Dates and
numbers come from Babel's CLDR data. Language tags are BCP 47 as staff write them: ``en-GB``,
``es``, ``zh-Hans``.
"""
