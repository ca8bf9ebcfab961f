"""Issue 16: the print catalogue's preview follows the language chosen for the print."""
import pytest

pytestmark = pytest.mark.browser


def test_the_preview_follows_the_chosen_language(page):
    page.goto("/en/print/")
    preview = page.locator("img[data-preview-for='poster-language-1']")
    assert preview.get_attribute("src").startswith("/en/print/poster.png")
    page.select_option("#poster-language-1", "cy")
    assert preview.get_attribute("src") == "/cy/print/poster.png"
