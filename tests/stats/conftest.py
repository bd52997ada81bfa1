# The Playwright fixtures (browser, page) are defined for tests/browser/; the dashboard test uses them too.
from tests.browser.conftest import browser, page  # noqa: F401
