"""Every page names its icon, and the /favicon.ico browsers ask for anyway does not 404."""

from __future__ import annotations


def test_pages_link_the_svg_icon_and_favicon_ico_leads_to_it(client, db):
    page = client.get("/login/").content.decode()
    assert '<link rel="icon" href="/static/zhifa/favicon.svg" type="image/svg+xml">' in page
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r["Location"] == "/static/zhifa/favicon.svg"
    icon = client.get(r["Location"])
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")
    assert b"".join(icon.streaming_content).startswith(b"<svg")
