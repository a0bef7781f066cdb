"""What every browser journey checks of a page's layout."""

from __future__ import annotations


def fits(page) -> bool:
    """No sideways scroll at the page's width. Waits for the page a click navigated to: evaluated while the
    next document is still loading, `document.documentElement` can be null."""
    page.wait_for_load_state()
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
