# The browser fixtures live in tests/browser/conftest.py; make them available to this folder's tests.
from tests.browser.conftest import browser, page, phone  # noqa: F401
