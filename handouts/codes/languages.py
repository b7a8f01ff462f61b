"""The codes of languages and translations (handouts.content.languages, handouts.check)."""

from __future__ import annotations

from handouts.codes.kinds import Code, Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
LANGUAGES = (
    Code(
        "LANG001",
        E,
        "A language was asked for that the clinic does not offer, or that a record has no "
        "translation in.",
        "Choose one of the languages the message lists, add the language to the clinic's "
        "languages:, or add the translation <id>.<language>.yaml beside the record.",
    ),
    Code(
        "LANG002",
        W,
        "A translation is out of date: it translates an older version of its record.",
        "Compare the two versions, update the translation, then set its translation_of to the "
        "record's review.version (and have the translation reviewed again).",
    ),
    Code(
        "LANG003",
        E,
        "A clinic prints handouts in a language, but some of its own words (disclaimer, opening "
        "hours, the out-of-hours line, its template's own wording) are only in its main "
        "language.",
        "Write them in that language in clinic.<language>.yaml (or handout.<language>.md.j2 for "
        "a template), in the clinic's folder.",
    ),
    Code(
        "LANG004",
        E,
        "A message catalog has no translation of a message handouts print, or its translation "
        "drops or renames a {field}.",
        "Translate the message in handouts/builtin/locale/<language>/LC_MESSAGES/handouts.po, "
        "keeping each {field} as it is, then run pybabel compile (see 'Translating' in the "
        "README).",
    ),
    Code(
        "LANG005",
        E,
        "A translation does not match its record: its language is not the one in its file "
        "name, it has no translation_of, or it changes what must stay the same (ids, "
        "perspective labels, sources' addresses).",
        "Make the translation say what the message names, as in the record it translates.",
    ),
    Code(
        "LANG006",
        W,
        "A clinic offers a language that some treatments in its pack have no translation in: "
        "its pack in that language leaves them out.",
        "Add the translations (<id>.<language>.yaml beside each record), or accept a shorter "
        "pack in that language.",
    ),
    Code(
        "READ005",
        W,
        "Spanish text is harder than 'fairly easy' by the formulas made for Spanish "
        "(Fernández-Huerta below 70, or Szigriszt-Pazos below 65).",
        "Use shorter sentences and everyday words; explain medical terms in brackets.",
    ),
    Code(
        "READ006",
        W,
        "A Chinese sentence is long: more than 40 characters (a rough guide; reading formulas "
        "for Chinese are weak).",
        "Split it into two shorter sentences; have someone who reads Chinese check the text.",
    ),
)
