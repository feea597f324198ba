"""The API's documentation page: Swagger UI served by the app itself, under the same
Content-Security-Policy as every page (the page fixture fails on any CSP refusal)."""

from playwright.sync_api import Page, expect


def test_the_api_documentation_opens_in_the_browser(page: Page, db) -> None:
    page.goto("/api/v1/docs/")

    expect(page.get_by_role("heading", name="E-mognad API")).to_be_visible()
    expect(page.get_by_text("Riksresultat för en omgång")).to_be_visible()


def test_the_schema_opens_in_the_browser(page: Page, db) -> None:
    response = page.goto("/api/v1/schema/")

    assert response.status == 200
    assert "openapi:" in page.content()
