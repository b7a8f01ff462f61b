"""Every problem the tool can report has a code: declared once in this package (the checks of
accessibility in ``access``, of languages in ``languages``), with its severity (``kinds``),
what it means and what to do.

Decisions are made by code, never by reading message text. ``handouts check`` reports each
finding with its code; the README's table of codes is checked against this list, so the two
cannot drift apart.
"""

from __future__ import annotations

from handouts.codes.access import ACCESSIBILITY
from handouts.codes.batch import BATCH
from handouts.codes.kinds import Code, Severity
from handouts.codes.languages import LANGUAGES

__all__ = ["CODES", "Code", "Severity"]


def _codes(*codes: Code) -> dict[str, Code]:
    return {code.code: code for code in codes}


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
CODES = _codes(
    Code(
        "SCHEMA001",
        E,
        "A record or clinic file cannot be read or does not match the schema.",
        "Fix the field named. Editors can underline such mistakes as you type: see 'Checking files"
        " as you type' in the README.",
    ),
    Code(
        "SOURCE001",
        E,
        "A treatment record has no sources.",
        "Add at least one reputable source under 'sources:', with its title, publisher, year and "
        "an https:// address.",
    ),
    Code(
        "REF001",
        E,
        "A clinic's pack lists a treatment that does not exist.",
        "Check the spelling against the file names in data/treatments/, or remove the line.",
    ),
    Code(
        "REF002",
        E,
        "'extends' names a clinic that does not exist.",
        "Use the folder name of an existing clinic under templates/, or remove 'extends'.",
    ),
    Code(
        "REF003",
        E,
        "Clinics extend each other in a circle.",
        "A clinic cannot extend itself, directly or through others; remove one 'extends'.",
    ),
    Code(
        "REF004",
        E,
        "The logo is missing, outside its clinic folder, or not a readable PNG or JPEG image.",
        "Put the logo file in the clinic's own folder and give its file name, e.g. 'logo: "
        "logo.png'. Re-save it as PNG or JPEG if it does not open.",
    ),
    Code(
        "TPL001",
        E,
        "A clinic template does not compile.",
        "Look at the line named: every '{%' needs its '%}', every '{{' its '}}', and every '{% "
        "block %}' its '{% endblock %}'.",
    ),
    Code(
        "TPL002",
        E,
        "Composing a handout with the clinic's template fails.",
        "Usually a misspelt field name: compare it with the field names in the schemas that "
        "'handouts schema' writes, e.g. treatment.title or clinic.contact.phone.",
    ),
    Code(
        "TPL003",
        W,
        "A clinic's template extends the built-in template, so what the clinics it extends "
        "change in their templates is lost.",
        "Extend the parent clinic's template ('<parent>/handout.md.j2') instead of "
        "'builtin/handout.md.j2'.",
    ),
    Code(
        "SECTION001",
        E,
        "A customised template drops or empties a required section.",
        "Keep the block, starting with a '## ' heading and followed by its content. You may reword"
        " it, but patients must always get this section.",
    ),
    Code(
        "GLYPH001",
        E,
        "A record or clinic file has a character that no bundled font can print.",
        "Retype the text without that character (often an emoji or a symbol pasted from another "
        "document).",
    ),
    Code(
        "GLYPH002",
        E,
        "A template's own wording has a character that no bundled font can print.",
        "Retype the template's wording without that character.",
    ),
    Code(
        "READ001",
        W,
        "The record's reading grade is above the clinic's target.",
        "Use shorter sentences and everyday words; explain medical terms in brackets.",
    ),
    Code(
        "READ002",
        E,
        "The record's reading grade is above 12: too hard for many patients.",
        "Use shorter sentences and everyday words; explain medical terms in brackets.",
    ),
    Code(
        "READ003",
        W,
        "A sentence has more than 25 words.",
        "Split it into two or three shorter sentences.",
    ),
    Code(
        "READ004",
        N,
        "Reading grade not measured: no reading formula fits the language (for Chinese, the "
        "sentence lengths are given as a rough guide instead).",
        "Have someone who reads the language check that the text is easy to follow.",
    ),
    Code(
        "REVIEW001",
        W,
        "The record's next clinical review is due within 60 days.",
        "Book the review now. Afterwards update review.last_reviewed, review.next_review and "
        "review.version.",
    ),
    Code(
        "REVIEW002",
        E,
        "The record's next clinical review date has passed.",
        "Have a clinician review the content, then update review.last_reviewed, review.next_review"
        " and review.version.",
    ),
    Code(
        "CONTRAST001",
        E,
        "Body-size text does not reach 4.5:1 contrast with its background (WCAG AA).",
        "Use the suggested colour, or another one that reaches 4.5:1.",
    ),
    Code(
        "CONTRAST002",
        E,
        "Large text (headings, the clinic name) does not reach 3:1 contrast (WCAG AA).",
        "Use the suggested colour, or another one that reaches 3:1.",
    ),
    Code(
        "LAYOUT001",
        E,
        "Text runs outside the page margins.",
        "Shorten the text named. Header and footer text shrinks to fit and the clinic name wraps "
        "onto two lines, but beyond that it runs off the page.",
    ),
    Code(
        "LAYOUT002",
        E,
        "Text overlaps other text.",
        "Shorten one of the two texts named so both fit on the line.",
    ),
    Code(
        "LAYOUT003",
        E,
        "The handout cannot be laid out on the page.",
        "Break up the part named: a single table row or box must fit on one page.",
    ),
    Code(
        "ID001",
        E,
        "A treatment or clinic named in a command does not exist.",
        "Use one of the ids listed in the message; 'handouts list' shows them all.",
    ),
    Code(
        "DRAFT001",
        W,
        "A record is not approved for patients: no clinician has approved this version. It "
        "prints with a DRAFT marking, and 'build --final', 'pack --final' and 'check --final' "
        "refuse it.",
        "Have a clinician read it; then set review.status: approved, with review.approved_by "
        "(name and role) and review.approved_on (the date).",
    ),
    Code(
        "EMERGENCY001",
        E,
        "A clinic's emergency number is not the emergency number of its country.",
        "Set contact.emergency_number to the number in the message (for example 999 in the UK, "
        "911 in the US), or set country: if the clinic is elsewhere.",
    ),
    Code(
        "EMERGENCY002",
        W,
        "A clinic's country is not in the table of emergency numbers, so its number could "
        "not be checked.",
        "Have someone who knows the country confirm contact.emergency_number, and set "
        "country: (e.g. GB) if the clinic's first language names no country.",
    ),
    Code(
        "PLAIN001",
        W,
        "A medical word from the glossary is used before it is explained.",
        "At its first use, explain it in brackets: 'keloid (a raised scar that grows beyond "
        "the wound)', or name it after the plain words: 'a scar that grows beyond the wound "
        "(keloid)'. The glossary is data/glossary.yaml.",
    ),
    Code(
        "PLAIN002",
        W,
        "A word of one English is used in a record printed for readers of the other (for "
        "example 'paracetamol' for a US clinic).",
        "Use a word both understand, or write both: 'paracetamol (acetaminophen)'.",
    ),
    Code(
        "NAME001",
        E,
        "A record file or clinic folder whose name is not an id (or a record ending in .yml), "
        "so nothing can find it.",
        "Rename it as the message suggests: lowercase letters, digits and single hyphens, "
        "records ending in .yaml.",
    ),
    Code(
        "IMAGE001",
        E,
        "A picture in a template or record cannot be used: missing, outside the clinic's folders, "
        "or not a readable PNG or JPEG.",
        "Put the picture in the clinic's folder and write its file name, e.g. '![Where to apply "
        "the gel](apply-gel.png)'. Re-save it as PNG or JPEG if it does not open.",
    ),
    *ACCESSIBILITY,
    *LANGUAGES,
    *BATCH,
    Code(
        "PACK001",
        E,
        "A clinic's pack cannot be made: it lists no treatments, or a treatment has the pack's own"
        " file name.",
        "List the pack's treatments under 'treatments:' in clinic.yaml, each a treatment id from "
        "data/treatments/.",
    ),
    Code(
        "OUTPUT001",
        E,
        "An output file or folder cannot be written.",
        "Check that the folder exists and is writable, and that the disk has room; or choose "
        "another place with --out.",
    ),
    Code(
        "USAGE001",
        E,
        "The command was typed wrongly: an unknown option, a missing argument or a bad value.",
        "Run the command with --help to see what it takes.",
    ),
    Code(
        "CONTENT001",
        E,
        "The content directory has no treatments and no clinics.",
        "Run the command in the content directory (with data/ and templates/), or give it with "
        "--root.",
    ),
    Code(
        "RUN001",
        E,
        "A worker process stopped while building (it crashed or was killed, for example for lack "
        "of memory).",
        "Run the command again; if it keeps happening, build that handout on its own with "
        "'handouts build' to see why.",
    ),
    Code(
        "RUN002",
        E,
        "The tool itself failed: a bug, not a problem in your content.",
        "Please report it with the message shown, and the command you ran.",
    ),
)
