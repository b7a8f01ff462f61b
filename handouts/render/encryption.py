"""A finished PDF -> the same PDF locked with a password (AES-256), for sending by e-mail.

Opening it needs the password; once open, it may be printed and read aloud by a screen reader
(the accessibility permission stays on, as PDF/UA asks), but not edited. The owner password is
random and thrown away, so nobody can lift those limits with it.
"""

from __future__ import annotations

import io
import secrets

MIN_PASSWORD = 8
"""Characters: a shorter password is guessed in moments once the file is out of your hands."""


def encrypted(pdf: bytes, password: str) -> bytes:
    """``pdf`` encrypted with AES-256 (PDF 2.0 security handler, revision 6)."""
    import pikepdf  # here, not above: most builds never encrypt, and it is large in memory

    permissions = pikepdf.Permissions(
        accessibility=True,
        extract=False,
        modify_annotation=False,
        modify_assembly=False,
        modify_form=False,
        modify_other=False,
        print_lowres=True,
        print_highres=True,
    )
    owner = secrets.token_urlsafe(32)
    encryption = pikepdf.Encryption(owner=owner, user=password, R=6, allow=permissions)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.save(out, encryption=encryption)
    return out.getvalue()
