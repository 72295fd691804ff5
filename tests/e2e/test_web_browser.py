"""The portal and the workbench in a real browser: headless Chromium (the OS package, driven
by Playwright) against a real `clearway serve` over the session's isolated services.

A trader signs in, uploads a shipment and sees its tracking reference and statuses; an
assessor opens a declaration from their inbox, clicks a value and sees its box highlighted
over the page it was read from, amends a field with a reason and accepts; a data steward
goes from the dashboard to the review queue, corrects a low-confidence value with a reason
and sees it entered by hand and the document move on. Every page visited
is saved as a screenshot under $CLEARWAY_SCREENSHOTS (default tests/e2e/screenshots/) for a
person to look at. The declaration is seeded directly (real extraction of the sample PDFs,
no DAG run) to keep the whole module well under a minute.
"""

# ruff: noqa: F811 - the web fixtures are imported so that pytest sees them
from __future__ import annotations

import os
import re
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from clearway.ids import consignment_ref
from declarations.prepare import prepare_consignment
from extractors.document import extract_bytes
from storage import declarations as decl_store
from storage.consignments import save_consignment, save_declaration
from storage.db import fetch_all, transaction
from tests.e2e.accessibility import LAPTOP, PageAudit, audit, problems
from tests.e2e.serving import serving
from tests.integration.test_web_steward import LOW, invoice, seed
from tests.integration.web_fixtures import (  # noqa: F401 - fixtures
    PASSWORD,
    Person,
    app,
    assign,
    person,
    seed_consignment,
    signed_in,
    upload,
    web_settings,
)
from validators.consignment import CheckParams

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "docs"
SHOTS = Path(os.environ.get("CLEARWAY_SCREENSHOTS") or Path(__file__).parent / "screenshots")

if not CHROMIUM.exists():
    pytest.skip(
        "no /usr/bin/chromium: install the Debian package chromium (scripts/setup does)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")


@pytest.fixture(scope="module")
def server(web_settings) -> Iterator[str]:
    """`clearway serve` on a free loopback port; its base URL."""
    with serving(web_settings) as (base, _port):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """A page of a browser context at a laptop's screen size that saves a screenshot of
    every page it shows and checks each with axe-core (tests.e2e.accessibility)."""

    def __init__(self, browser, base: str, prefix: str, javascript: bool = True):
        self.context = browser.new_context(
            base_url=base, viewport=LAPTOP, java_script_enabled=javascript
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        # axe is a script: a page shown without JavaScript is checked as a copy of its markup
        # (scripts taken out) in a page of the same site that runs it.
        self.checker = None if javascript else browser.new_context(base_url=base, viewport=LAPTOP)
        self.prefix = prefix
        self.count = 0
        self.audits: list[PageAudit] = []
        SHOTS.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str) -> Path:
        self.count += 1
        stem = f"{self.prefix}-{self.count:02d}-{name}"
        path = SHOTS / f"{stem}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.audits.append(audit(self.page, stem, SHOTS) if not self.checker else self._copy(stem))
        return path

    def _copy(self, stem: str) -> PageAudit:
        page = self.checker.pages[0] if self.checker.pages else self.checker.new_page()
        page.goto("/sign-in")  # same origin, so the copy gets the site's style sheets
        page.set_content(re.sub(r"<script\b.*?</script>", "", self.page.content(), flags=re.S))
        return audit(page, stem, SHOTS, url=self.page.url)

    def assert_accessible(self) -> None:
        """No serious or critical axe violation and no sideways scrolling on any page shown;
        every violation found (minor ones too) is printed and kept in <prefix>-axe.txt."""
        lines = [line for a in self.audits for line in a.summary()]
        (SHOTS / f"{self.prefix}-axe.txt").write_text(
            f"{len(self.audits)} pages checked with axe-core\n" + "".join(f"{x}\n" for x in lines)
        )
        print(f"axe-core, {self.prefix}: {len(self.audits)} pages, {len(lines)} findings", *lines)
        assert self.audits, "no page was checked"
        failing = problems(self.audits)
        assert not failing, "accessibility problems:\n" + "\n".join(failing)

    def sign_in(self, who: Person) -> None:
        self.page.goto("/sign-in")
        self.shot("sign-in")
        self.page.fill("#email", who.email)
        self.page.fill("#password", PASSWORD)
        self.page.click("button:has-text('Sign in')")
        self.page.wait_for_load_state()

    def close(self) -> None:
        self.context.close()
        if self.checker:
            self.checker.close()


def test_trader_uploads_a_shipment_and_sees_its_tracking(server, browser, web_settings, tmp_path):
    trader = person(web_settings, "trader")
    # Content new to this test session's database (other tests process the samples, and the
    # same bytes are one document, with that document's status): a comment after %%EOF.
    mark = f"\n% browser test {secrets.token_hex(8)}\n".encode()
    visit = Visit(browser, server, "trader")
    try:
        visit.sign_in(trader)
        page = visit.page
        page.goto("/upload")
        visit.shot("upload")
        names = ["demo_b_invoice.pdf", "demo_b_bl.pdf", "demo_b_packing_list.pdf"]
        for n in names:
            (tmp_path / n).write_bytes((SAMPLES / n).read_bytes() + mark)
        page.set_input_files("#files", [str(tmp_path / n) for n in names])
        page.click("button:has-text('Upload')")
        page.wait_for_url("**/uploads/**")
        heading = page.locator("h1").inner_text()
        assert heading.startswith("Upload ") and heading.endswith(" received"), heading
        upload_ref = heading.split()[1]
        assert upload_ref.startswith("CWU-"), heading
        rows = page.locator("tbody tr")
        assert rows.count() == len(names)
        refs = []
        for i in range(len(names)):
            name, ref, status = (c.strip() for c in rows.nth(i).locator("td").all_inner_texts())
            assert name in names and ref.startswith("CWD-"), (name, ref)
            assert status.startswith("Received"), status
            refs.append(ref)
        visit.shot("upload-received")

        page.goto("/documents")
        for name in names:
            assert page.locator("tr", has_text=name).count() >= 1
        visit.shot("documents")
        page.click(f"a:has-text('{refs[0]}')")
        page.wait_for_url(f"**/documents/{refs[0]}")
        assert page.locator("h1").inner_text() == f"Document {refs[0]}"
        visit.shot("document")
        page.goto(f"/uploads/{upload_ref}")
        assert upload_ref in page.locator("h1").inner_text()
        visit.assert_accessible()
    finally:
        visit.close()


def seed_declaration(settings, app, trader: Person) -> str:
    """The sample air shipment uploaded by ``trader``, extracted for real and prepared as a
    declaration in a consignment of its own (what the DAGs would do, minus the waiting)."""
    names = ["demo_a_invoice.pdf", "demo_a_awb.pdf", "demo_a_packing_list.pdf"]
    files = [(n, (SAMPLES / n).read_bytes()) for n in names]
    r = upload(signed_in(app, trader), files)
    assert r.status_code == 201, r.text
    extractions = [extract_bytes(data, name, settings) for name, data in files]
    ref = consignment_ref(f"browser-test:{uuid.uuid4()}")
    with transaction(settings) as conn:
        shas = [
            row["sha256"]
            for row in fetch_all(
                conn,
                "SELECT sha256 FROM documents WHERE document_ref = ANY(%s)",
                ([f["document_ref"] for f in r.json()["files"]],),
            )
        ]
        save_consignment(conn, ref, shas, findings=[], complete=True)
        prepared = prepare_consignment(
            extractions, CheckParams(), lambda d: decl_store.trader_history(conn, ref, d)
        )
        save_declaration(conn, ref, prepared.declaration)
    return ref


def box_of(locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, "element is not rendered"
    return box


def assert_inside(inner: dict[str, float], outer: dict[str, float]) -> None:
    assert inner["width"] > 0 and inner["height"] > 0
    assert outer["x"] <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
    assert outer["y"] <= inner["y"] and inner["y"] + inner["height"] <= outer["y"] + outer["height"]


def test_assessor_highlights_a_value_amends_and_accepts(server, browser, web_settings, app):
    aid = f"as-{uuid.uuid4().hex[:6]}"
    ref = seed_declaration(web_settings, app, person(web_settings, "trader"))
    assign(web_settings, ref, aid)
    visit = Visit(browser, server, "assessor")
    try:
        visit.sign_in(person(web_settings, "assessor", assessor_id=aid))
        page = visit.page
        page.goto("/inbox")
        visit.shot("inbox")
        page.click(f"a:has-text('{ref}')")
        page.wait_for_url(f"**/declarations/{ref}")
        visit.shot("declaration")

        image = page.locator("#source-page")
        highlight = page.locator("#source-box")
        assert not highlight.is_visible()
        hs = page.locator("a.source-link[data-field='items.0.hs_code']")
        hs.click()
        highlight.wait_for(state="visible")
        assert_inside(box_of(highlight), box_of(image))
        # The caption names the value in words; the amend form takes its path.
        assert "Item 1: Commodity code" in page.locator("#source-caption").inner_text()
        expected = hs_box_on_screen(hs, image)
        shown = box_of(highlight)
        assert abs(shown["x"] - expected["x"]) < 6 and abs(shown["y"] - expected["y"]) < 6
        visit.shot("value-highlighted")

        # The keyboard does the same: focus another value's link and press Enter.
        total = page.locator("a.source-link[data-field='total_amount']")
        total.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "document.querySelector(\"a.source-link[data-field='total_amount']\")"
            ".getAttribute('aria-current') === 'true'"
        )
        highlight.wait_for(state="visible")
        assert_inside(box_of(highlight), box_of(image))

        page.fill("#field", "items.0.hs_code")
        page.fill("#value", "6109.10.00")
        page.fill("#reason", "Cotton T-shirts, not jerseys")
        page.click("button:has-text('Save as a new version')")
        page.wait_for_url(f"**/declarations/{ref}?done=amendment")
        assert "version 2" in page.locator("h1").inner_text()
        assert page.locator("text=items.0.hs_code: 611020 → 61091000").count() == 1
        visit.shot("amended")

        page.check("input[name=decision][value=accept]")
        page.fill("#note", "Documents agree after the amendment.")
        page.click("button:has-text('Record decision')")
        page.wait_for_url(f"**/declarations/{ref}?done=decision")
        assert page.locator("text=Decision recorded.").is_visible()
        visit.shot("accepted")
        visit.assert_accessible()
    finally:
        visit.close()
    with transaction(web_settings) as conn:
        assert [d["decision"] for d in decl_store.list_decisions(conn, ref)] == ["accept"]


def hs_box_on_screen(link, image) -> dict[str, float]:
    """Where the value's box should be drawn: its bbox times the render scale, times the
    image's shown size over its natural size, from the image's corner."""
    x0, top, _, _ = (float(c) for c in link.get_attribute("data-bbox").split(","))
    scale = float(link.get_attribute("data-scale"))
    shown, natural = image.evaluate("i => [i.clientWidth, i.naturalWidth]")
    corner = box_of(image)
    k = scale * shown / natural
    return {"x": corner["x"] + x0 * k - 3, "y": corner["y"] + top * k - 3}


def test_steward_corrects_a_low_confidence_value_from_the_review_queue(
    server, browser, web_settings
):
    # Read in part: the total at confidence 0.5, below the review threshold (as the steward
    # integration tests seed it, without running the extraction).
    _, ref = seed(web_settings, status="partial", fields=invoice(0.5), errors=(LOW,))
    visit = Visit(browser, server, "steward")
    try:
        visit.sign_in(person(web_settings, "steward"))
        page = visit.page
        page.wait_for_url("**/steward")
        assert page.locator("h1").inner_text() == "Steward dashboard"
        visit.shot("dashboard")

        page.click("main a:has-text('review queue')")
        page.wait_for_url("**/steward/review")
        row = page.locator("tr", has_text=ref)
        assert "total_amount = 1200.00 (0.5)" in row.inner_text()
        visit.shot("review-queue")

        row.locator(f"a:has-text('{ref}')").click()
        page.wait_for_url(f"**/steward/documents/{ref}")
        total = page.locator("tr", has=page.locator("th", has_text="total_amount"))
        assert "(review)" in total.inner_text()
        status = page.locator("dl.facts dd").nth(2).inner_text()
        assert status.startswith("Read in part") and status.endswith("(partial)"), status
        visit.shot("document")

        form = total.locator("form")
        form.locator("input[name=value]").fill("1210.00")
        form.locator("input[name=reason]").fill("Printed total, smudged in the scan")
        form.locator("button:has-text('Correct')").click()
        page.wait_for_url(f"**/steward/documents/{ref}?done=correction")
        status = page.locator("p[role=status]").inner_text()
        assert "status is now Read (extracted)" in status, status
        assert page.locator("dl.facts dd").nth(2).inner_text() == "Read (extracted)"
        cells = total.locator("td").all_inner_texts()
        assert cells[0] == "1210.00" and cells[1] == "1.0" and cells[4] == "manual", cells
        assert page.locator("tr", has_text="Printed total, smudged in the scan").count() == 1
        visit.shot("corrected")
        visit.assert_accessible()
    finally:
        visit.close()


def test_admin_onboards_and_offboards_a_trader(server, browser, web_settings):
    email = f"onboarded-{uuid.uuid4().hex[:8]}@example.com"
    visit = Visit(browser, server, "admin")
    try:
        visit.sign_in(person(web_settings, "admin"))
        page = visit.page
        page.wait_for_url("**/users")
        page.fill("#email", email)
        page.fill("#name", "Ada Onboarded")
        page.select_option("#role", "trader")
        page.fill("#company", "Acme Textiles")
        visit.shot("users")
        page.click("button:has-text('Add user')")
        assert len(page.locator("#new-password").inner_text()) >= 12
        visit.shot("user-added")

        page.click(f"button[aria-label='Disable {email}']")
        page.wait_for_url("**/users?disabled=*")
        assert "disabled" in page.locator("tr", has_text=email).inner_text()
        visit.shot("user-disabled")
        visit.assert_accessible()
    finally:
        visit.close()


def test_refusals_empty_states_and_error_pages_are_accessible(server, browser, web_settings):
    """The pages a person meets when something is missing or wrong: a refused sign-in, a new
    trader's empty lists, a refused upload, a page not found and a page not allowed."""
    trader = person(web_settings, "trader")
    visit = Visit(browser, server, "refusals")
    try:
        page = visit.page
        page.goto("/sign-in")
        page.fill("#email", trader.email)
        page.fill("#password", "not the password at all")
        page.click("button:has-text('Sign in')")
        assert "CW8" in page.locator("[role=alert]").inner_text()
        visit.shot("sign-in-refused")

        visit.sign_in(trader)
        page.wait_for_url("**/documents")
        # The first Tab reaches the skip link, shown on screen with a visible focus ring.
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " const r = e.getBoundingClientRect();"
            " return [e.textContent, s.outlineStyle, parseFloat(s.outlineWidth), r.left, r.top]; }"
        )
        assert focused[0] == "Skip to content" and focused[1] != "none" and focused[2] >= 2
        assert focused[3] >= 0 and focused[4] >= 0, focused
        assert page.locator("p.empty").inner_text().startswith("No documents yet.")
        visit.shot("documents-empty")
        page.goto("/consignments")
        assert page.locator("p.empty").inner_text().startswith("No consignments yet.")
        visit.shot("consignments-empty")

        # With JavaScript on, the form posts to /api/uploads and says why on the same page.
        page.goto("/upload")
        page.set_input_files(
            "#files", files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}]
        )
        page.click("button:has-text('Upload')")
        refusal = page.locator("#refusal")
        refusal.wait_for(state="visible")
        assert "(CW809)" in refusal.locator("p").inner_text()
        assert "notes.txt" in refusal.locator("li").inner_text()
        assert "(CW102)" in refusal.locator("li").inner_text()
        # Focus moves to the reason, so a screen reader reads it and the keyboard is there.
        assert page.evaluate("() => document.activeElement.id") == "refusal"
        visit.shot("upload-refused")

        response = page.goto("/documents/CWD-0000-0000-00")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Not found"
        visit.shot("not-found")
        response = page.goto("/steward")
        assert response is not None and response.status == 403
        assert page.locator("h1").inner_text() == "Not allowed"
        visit.shot("not-allowed")
        visit.assert_accessible()
    finally:
        visit.close()


def test_a_trader_sees_a_request_for_documents_and_answers_it(server, browser, web_settings, app):
    trader = person(web_settings, "trader")
    seeded = seed_consignment(web_settings, signed_in(app, trader))
    visit = Visit(browser, server, "request")
    try:
        visit.sign_in(trader)
        page = visit.page
        page.goto("/consignments")
        visit.shot("consignments")
        page.click(f"a:has-text('{seeded.consignment_ref}')")
        page.wait_for_url(f"**/consignments/{seeded.consignment_ref}")
        assert page.locator("h2", has_text="Documents requested by customs").count() == 1
        assert "certificate of origin" in page.locator(".request").first.inner_text()
        assert "(total_mismatch)" in page.locator("ul.problems").inner_text()
        visit.shot("consignment")
        page.click("a:has-text('Upload the requested documents')")
        page.wait_for_url(f"**/upload?consignment={seeded.consignment_ref}")
        assert seeded.consignment_ref in page.locator("main p").first.inner_text()
        visit.shot("upload-for-request")
        visit.assert_accessible()
    finally:
        visit.close()


def test_pages_without_javascript_and_an_empty_inbox(server, browser, web_settings):
    """The form posts as it is and the server's page says why it was refused; an assessor
    with nothing assigned sees an empty inbox that says so."""
    visit = Visit(browser, server, "no-js", javascript=False)
    try:
        visit.sign_in(person(web_settings, "trader"))
        page = visit.page
        page.goto("/upload")
        assert page.locator("#drop-hint").is_hidden()  # no drag and drop without the script
        page.set_input_files(
            "#files", files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}]
        )
        page.click("button:has-text('Upload')")
        page.wait_for_load_state()
        alert = page.locator("[role=alert]:not([hidden])")
        assert "(CW809)" in alert.inner_text() and "notes.txt" in alert.locator("li").inner_text()
        assert page.title() == "Upload documents – Clearway"
        visit.shot("upload-refused")
        response = page.goto("/consignments/CWC-0000-0000-00")
        assert response is not None and response.status == 404
        assert page.title() == "Not found (error 404) – Clearway"
        visit.shot("not-found")
        visit.assert_accessible()
    finally:
        visit.close()

    visit = Visit(browser, server, "empty-inbox")
    try:
        visit.sign_in(person(web_settings, "assessor", assessor_id=f"as-{uuid.uuid4().hex[:6]}"))
        page = visit.page
        page.wait_for_url("**/inbox")
        assert page.locator("p.empty").inner_text().startswith("Nothing to assess")
        visit.shot("inbox")
        visit.assert_accessible()
    finally:
        visit.close()


def test_the_accessibility_check_finds_what_it_should(browser, tmp_path):
    """The axe check is not vacuous: a page with known faults fails it, by rule."""
    context = browser.new_context(viewport=LAPTOP)
    try:
        page = context.new_page()
        page.set_content(
            "<html><body><div style='width:2000px'><input type='text'>"
            "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
            "<p style='color:#bbb'>faint</p></div></body></html>"
        )
        found = audit(page, "known-faults", tmp_path)
        rules = {v["id"] for v in found.blocking}
        assert {"label", "image-alt", "color-contrast", "html-has-lang"} <= rules, rules
        assert found.overflow_px > 600
        assert len(problems([found])) == len(found.blocking) + 1
        assert (tmp_path / "known-faults.axe.json").exists()
    finally:
        context.close()
