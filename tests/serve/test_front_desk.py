"""The front desk: a patient's PDF straight back from the form, their details on page 1 and
nowhere on disk; mistakes shown beside the field."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from helpers import normalise, read_pdf

CLINIC = "jade-integrative"
NAME = "Philippa Ravensworth"


def send(client: TestClient, **fields: object) -> object:
    page = client.get(f"/front-desk/{CLINIC}").text
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    return client.post(f"/front-desk/{CLINIC}", data={"form_token": token, **fields})


def test_one_treatment_gives_its_handout_with_a_for_you_box(
    client: TestClient, content_root: Path
) -> None:
    response = send(client, treatment="silicone-gel", name=NAME, note="Left cheek only.",
                    next_visit="2027-02-03")  # fmt: skip
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"  # type: ignore[attr-defined]
    assert "Ravensworth" not in response.headers["content-disposition"]  # type: ignore[attr-defined]
    facts = read_pdf(response.content)  # type: ignore[attr-defined]
    assert f"For you, {NAME}" in normalise(facts.page_texts[0])
    assert not any(NAME in text for text in facts.page_texts[1:])
    written = [p for p in content_root.rglob("*") if p.is_file()]
    assert not any(NAME.encode() in p.read_bytes() for p in written)


def test_several_treatments_in_spanish_give_a_cover_then_the_handouts(client: TestClient) -> None:
    response = send(client, treatment=["silicone-gel", "micro-needling"], name=NAME,
                    language="es", large_print="yes")  # fmt: skip
    facts = read_pdf(response.content)  # type: ignore[attr-defined]
    assert f"Preparado para {NAME}" in normalise(facts.page_texts[0])
    assert "Letra grande" in facts.page_texts[0] and facts.lang == "es"


def test_mistakes_are_shown_beside_their_fields(client: TestClient) -> None:
    response = send(client, name="", next_visit="soon", language="fr")
    page = response.text  # type: ignore[attr-defined]
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "Choose at least one treatment." in page and "Choose one of the languages" in page
    assert 'aria-invalid="true"' in page


def test_a_treatment_not_in_the_language_is_shown_with_the_other_mistakes(
    client: TestClient,
) -> None:
    response = send(client, treatment=["silicone-gel", "laser-resurfacing"], name=NAME,
                    language="es", next_visit="soon")  # fmt: skip
    page = response.text  # type: ignore[attr-defined]
    assert "Not yet in Spanish (es): laser-resurfacing." in page
    assert "next_visit" in page or "not a date" in page
