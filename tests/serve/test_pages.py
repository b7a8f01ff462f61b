"""The web app over HTTP: every page, the preview following saved files, and what it
refuses (addresses outside the content, other hosts, forms from elsewhere, large bodies)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from handouts.serve.app import create_app

from helpers import replace_in

CLINIC, TREATMENT = "harbour-dermatology", "silicone-gel"
HANDOUT = f"/clinics/{CLINIC}/{TREATMENT}"


def test_every_page_answers(client: TestClient) -> None:
    pages = ("/", f"/clinics/{CLINIC}", HANDOUT, f"{HANDOUT}/pages", f"{HANDOUT}/findings")
    forms = ("/front-desk", f"/front-desk/{CLINIC}", "/static/app.css", "/static/app.js")
    for address in (*pages, *forms, "/fonts/NotoSans-Regular.ttf"):
        response = client.get(address)
        assert response.status_code == 200, address
    home = client.get("/").text
    assert '<html lang="en">' in home and "Harbour Dermatology" in home
    assert client.get(f"{HANDOUT}/page/1.png").content.startswith(b"\x89PNG")
    assert client.get(f"{HANDOUT}/handout.pdf").content.startswith(b"%PDF")
    assert "DRAFT001" in client.get(f"{HANDOUT}/findings").text


def test_the_clinic_page_carries_its_choices_to_each_handout_without_a_script(
    client: TestClient,
) -> None:
    page = client.get("/clinics/jade-integrative?lang=es&large=1").text
    assert 'href="/clinics/jade-integrative/silicone-gel?lang=es&amp;large=1"' in page
    assert '<option value="es" selected>' in page and 'value="1" checked' in page
    assert client.get("/clinics/jade-integrative?lang=fr").status_code == 404


def test_the_preview_shows_every_page_in_a_language_and_large_print(client: TestClient) -> None:
    page = client.get("/clinics/jade-integrative/micro-needling?lang=zh-Hans&large=1").text
    pages = int(re.search(r"Up to date: (\d+) pages", page).group(1))  # type: ignore[union-attr]
    assert page.count('<img src="/clinics/jade-integrative/micro-needling/page/') == pages
    assert 'lang="zh-Hans"' in page and "large print" in page
    image = "/clinics/jade-integrative/micro-needling/page/1.png?lang=zh-Hans&large=1"
    assert client.get(image).status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/clinics/nowhere",
        f"/clinics/{CLINIC}/nothing",
        f"{HANDOUT}?lang=fr",
        f"{HANDOUT}/page/99.png",
        "/clinics/..%2F..%2Fpyproject.toml",
        f"/clinics/{CLINIC}/..%2F..%2F..%2Fpyproject",
        "/static/../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/fonts/../fonts.py",
    ],
)
def test_nothing_outside_the_content_can_be_asked_for(client: TestClient, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 404, address
    assert "[project]" not in response.text


def test_an_edit_shows_at_the_next_request_and_a_broken_one_keeps_the_last_pages(
    client: TestClient, content_root: Path
) -> None:
    record = content_root / "data" / "treatments" / f"{TREATMENT}.yaml"
    assert "Silicone gel for raised scars" in client.get(f"{HANDOUT}/pages").text
    replace_in(record, "title: Silicone gel for raised scars", "title: Silicone gel, thick scars")
    edited = client.get(f"{HANDOUT}/pages").text
    assert "Silicone gel, thick scars" in edited and "Up to date" in edited
    replace_in(record, "title: Silicone gel, thick scars", "titel: Silicone gel")
    broken = client.get(f"{HANDOUT}/pages").text
    assert "Your last edit has a problem" in broken
    assert "data/treatments/silicone-gel.yaml" in broken
    assert 'class="pages stale"' in broken and "/page/1.png" in broken


def test_a_broken_template_fails_only_its_own_clinics_previews(
    client: TestClient, content_root: Path
) -> None:
    template = content_root / "templates" / "jade-integrative" / "handout.md.j2"
    template.write_text("{{ treatment.nothing_here }}\n", encoding="utf-8")
    broken = client.get("/clinics/jade-integrative/silicone-gel").text
    assert "cannot be built yet" in broken and "handout.md.j2" in broken
    assert "Up to date" in client.get(HANDOUT).text


def test_another_host_name_is_refused(client: TestClient) -> None:
    response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400


def test_beyond_this_machine_an_access_token_is_needed(content_root: Path) -> None:
    app = create_app(content_root, access_token="s3cret-link", watch=False)
    with TestClient(app, base_url="http://10.0.0.5:8000") as remote:
        assert remote.get("/").status_code == 403
        assert remote.get("/?token=wrong").status_code == 403
        signed_in = remote.get("/?token=s3cret-link", follow_redirects=False)
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
        assert "handouts_access_8000" in signed_in.headers["set-cookie"]
        assert remote.get(f"/clinics/{CLINIC}").status_code == 200  # the cookie is kept


def test_a_form_without_its_token_or_from_elsewhere_is_refused(client: TestClient) -> None:
    data = {"treatment": TREATMENT, "name": "Amira"}
    assert client.post(f"/front-desk/{CLINIC}", data=data).status_code == 403
    token = _token(client)
    other = {"origin": "http://attacker.example"}
    signed = {**data, "form_token": token}
    response = client.post(f"/front-desk/{CLINIC}", data=signed, headers=other)
    assert response.status_code == 403


def test_an_expired_form_comes_back_with_what_was_typed(client: TestClient) -> None:
    data = {"treatment": TREATMENT, "name": "Amira", "note": "Left cheek", "form_token": "old"}
    response = client.post(f"/front-desk/{CLINIC}", data=data)
    assert response.status_code == 403 and "This form has expired" in response.text
    assert 'value="Amira"' in response.text and "Left cheek</textarea>" in response.text


def test_page_images_are_kept_by_browsers_only_under_their_own_version(
    client: TestClient,
) -> None:
    page = client.get(HANDOUT).text
    current = re.search(r"/page/1\.png\?v=([0-9a-f]+)", page).group(1)  # type: ignore[union-attr]
    kept = client.get(f"{HANDOUT}/page/1.png?v={current}").headers["cache-control"]
    other = client.get(f"{HANDOUT}/page/1.png?v=0123456789abcdef").headers["cache-control"]
    assert "immutable" in kept and other == "no-cache"


def test_a_large_body_is_refused(client: TestClient) -> None:
    response = client.post(f"/front-desk/{CLINIC}", content=b"x" * 300_000)
    assert response.status_code == 413


def _token(client: TestClient) -> str:
    page = client.get(f"/front-desk/{CLINIC}").text
    return re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
