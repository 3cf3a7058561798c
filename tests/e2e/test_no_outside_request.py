"""Issue 21, point 7: the data and its use stay on the user's machine. Every request the
browser makes on every page (scripts, fonts, icons, the favicon, images) goes to the app's
own host; a single other host fails the test, naming the URL."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e

PAGES = ["?as_of=2024-12-31", "dso?as_of=2024-12-31", "aging?as_of=2024-12-31",
         "promises?as_of=2024-12-31", "scorecard?as_of=2024-12-31", "calls?as_of=2024-12-31",
         "visits?as_of=2024-12-31", "import", "customer?customer=C1&customer_as_of=2024-12-31"]


def test_every_request_of_every_page_goes_to_the_apps_own_host(page, app_url):
    own = urllib.parse.urlsplit(app_url).netloc
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    for path in PAGES:
        page.goto(f"{app_url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(1500)  # the favicon and late fonts are asked for after the run
    outside = sorted({url for url in seen
                      if urllib.parse.urlsplit(url).scheme in ("http", "https", "ws", "wss")
                      and urllib.parse.urlsplit(url).netloc != own})
    assert seen and not outside, f"requests that left the machine: {outside}"
    # the favicon is the app's own file
    icon = page.locator("link[rel~='icon']").first.get_attribute("href")
    assert icon and urllib.parse.urlsplit(icon).netloc in ("", own), icon
