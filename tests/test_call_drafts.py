"""Call script and recap drafts (issue 20, point 4) on the golden book, the expected text
written out by hand from the data."""

import email
from datetime import date
from email import policy

import pytest

from arlib.figures import customers
from arlib.outputs import call_drafts
from arlib.settings import REPO_ROOT, Settings

AS_OF = date(2024, 12, 31)


def _fields(con, customer_id):
    profile = customers.profile(con, customer_id=customer_id, as_of=AS_OF, settings=Settings())
    return call_drafts.account_fields(profile, as_of=AS_OF, currency="USD")


def test_the_accounts_fields(golden_con):
    f = _fields(golden_con, "C2")
    assert (f["person"], f["person_role"], f["phone"], f["terms"], f["rep_name"]) == (
        "Eli Park", "Controller", "+1 860 555 0144", "30 days", "Ana Ortiz")
    # open: I201 4,000 + I202 6,000 - P5 1,000 unapplied; past due: I201 (due 08-31)
    assert (f["open_amount"], f["past_due_amount"]) == ("USD 9,000.00", "USD 4,000.00")
    assert f["open_items"] == (
        "   - I201 due 2024-08-31: USD 4,000.00, 122 days past due, in dispute\n"
        "   - I202 due 2025-01-14: USD 6,000.00")
    # PR7 was superseded by PR8; PR5 got P5's 1,000 by its deadline
    assert f["past_promises"] == (
        "   - PR5 USD 1,500.00 due 2024-12-20 on the account: partial, USD 1,000.00 came\n"
        "   - PR8 USD 4,000.00 due 2024-10-31 on I201: broken")
    assert f["open_disputes"] == ("   - D1 on I201: pricing, open 112 days, owner "
                                  "Sales - Mo Reed")
    assert _fields(golden_con, "C4")["open_disputes"] == "   - none"


def test_shipped_templates_fill_from_the_account(golden_con):
    folder = REPO_ROOT / "templates"
    fields = _fields(golden_con, "C2")
    script = call_drafts.render(call_drafts.read_template(folder, "script"), fields)
    assert script.missing == () and script.unknown == ()
    assert "Ask for: Eli Park, Controller. Phone +1 860 555 0144" in script.text
    assert "check number" in script.text
    recap = call_drafts.render(call_drafts.read_template(folder, "recap"),
                               {**fields, **dict.fromkeys(call_drafts.RECAP_FIELDS, "")})
    assert recap.missing == call_drafts.RECAP_FIELDS  # nothing typed after the call yet
    assert "Promise: [missing: promise_amount] on [missing: promise_date]." in recap.text


def test_missing_and_unknown_fields_are_visible():
    draft = call_drafts.render("Hi {person}, {phone} {nickname} {person}",
                               {"person": "", "phone": "+1 555"})
    assert draft.text == ("Hi [missing: person], +1 555 [unknown field: nickname] "
                          "[missing: person]")
    assert (draft.missing, draft.unknown) == (("person",), ("nickname",))


def test_an_unreadable_template_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"call_script\.txt cannot be read"):
        call_drafts.read_template(tmp_path, "script")


def test_recap_eml_has_subject_body_and_statement():
    draft = call_drafts.render("Subject: Our call ({customer_id})\n\nAgreed: {agreed}",
                               {"customer_id": "C2", "agreed": "USD 4,000.00 by Jan 10"})
    raw = call_drafts.recap_eml(draft, to="eli@birchsupply.example",
                                statement_html="<html>statement</html>",
                                statement_name="statement_C2.html")
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == "Our call (C2)" and message["To"] == "eli@birchsupply.example"
    body = message.get_body(("plain",)).get_content()
    assert body.strip() == "Agreed: USD 4,000.00 by Jan 10"
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "statement_C2.html"
    assert attached.get_content() == "<html>statement</html>"
