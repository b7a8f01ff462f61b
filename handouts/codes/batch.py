"""The codes of patient lists read by ``handouts batch`` (handouts.batch.visits)."""

from __future__ import annotations

from handouts.codes.kinds import Code, Severity

E = Severity.ERROR
BATCH = (
    Code(
        "BATCH001",
        E,
        "A patient list cannot be read as a whole: not a CSV file, no header row, or a column "
        "it needs is missing.",
        "Export the list from your spreadsheet as 'CSV UTF-8', with a header row naming the "
        "columns (name and treatments at least; see 'A batch from a patient list' in the "
        "README).",
    ),
    Code(
        "BATCH002",
        E,
        "A row of a patient list has a cell that cannot be used; only that row is not built.",
        "Correct the cell named in the row named (the message never repeats what the cell holds, "
        "to keep patient details out of logs), then run the batch again.",
    ),
)
