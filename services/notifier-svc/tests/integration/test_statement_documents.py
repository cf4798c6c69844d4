"""Statement PDFs from statement-svc's internal route: letters and statement e-mails."""

from __future__ import annotations

import pytest
from fake_statements import tiny_pdf
from notifier_helpers import reminder_due
from remit_common.events import Attachment, Channel, PostalAddress, ReminderStep, StepKind, Tone
from remit_local.sinks.mailparse import attachment_part, parse_message

pytestmark = pytest.mark.integration


def _with(reminder, **client_fields):
    client = reminder.client.model_copy(update=client_fields)
    return reminder.model_copy(update={"client": client})


async def _rows(stack, reminder):
    return await stack.deliveries(reminder_id=str(reminder.reminder_id))


async def test_letter_reminder_prints_the_clients_statement_pdf(stack):
    reminder = _with(
        reminder_due(channels=(Channel.LETTER,)),
        postal_address=PostalAddress(
            lines=("100 Main Street", "Suite 400"),
            city="Springfield",
            region="IL",
            postal_code="62701",
            country="US",
        ),
    )
    await stack.publish(reminder)

    async def letters():
        return [
            x
            for x in await stack.sink_json("print", "/api/letters")
            if x.get("metadata", {}).get("delivery")
        ]

    letter = (await stack.wait_for(letters))[-1]
    pdf = await stack.client.get(f"{stack.sinks.url('print')}/api/letters/{letter['id']}/pdf")
    assert pdf.content == tiny_pdf(f"Statement {reminder.client.id}")  # a real one-page PDF
    asked = stack.statement_requests[-1]
    assert asked["path"] == (
        f"/v1/_internal/firms/{stack.firm_id}/clients/{reminder.client.id}/statement"
    )
    assert asked["params"] == {"format": "pdf"}
    assert asked["authorization"] == f"Bearer {stack.settings.internal_token.get_secret_value()}"
    assert (await _rows(stack, reminder))[0]["status"] == "sent"


async def test_statement_email_attaches_the_pdf_from_the_internal_url(stack):
    base = reminder_due(channels=(Channel.EMAIL,))
    client_id = base.client.id
    url = (
        f"{stack.settings.statement_url}/v1/_internal/firms/{stack.firm_id}/clients/"
        f"{client_id}/statement?format=pdf&from=2025-01-01&to=2025-03-31"
    )
    reminder = base.model_copy(
        update={
            "step": ReminderStep(index=0, kind=StepKind.STATEMENT, tone=Tone.FRIENDLY),
            "attachments": (
                Attachment(kind="statement", url=url, filename="statement-2025-03.pdf"),
            ),
        }
    )
    await stack.publish(reminder)
    address = reminder.client.emails[0]
    emails = await stack.wait_for(
        lambda: stack.sink_json("smtp_http", f"/api/messages?to={address}")
    )
    raw = await stack.client.get(
        f"{stack.sinks.url('smtp_http')}/api/messages/{emails[0]['id']}/raw"
    )
    parsed = parse_message(raw.content)
    assert parsed.get_content_type() == "multipart/mixed"
    pdfs = [a for a in emails[0]["attachments"] if a["content_type"] == "application/pdf"]
    assert [a["filename"] for a in pdfs] == ["statement-2025-03.pdf"]
    index = emails[0]["attachments"].index(pdfs[0])
    part = attachment_part(parsed, index)
    assert part.get_payload(decode=True) == tiny_pdf(
        f"Statement {client_id} 2025-01-01..2025-03-31"
    )
    assert stack.statement_requests[-1]["params"]["from"] == "2025-01-01"


async def test_attachment_url_off_statement_svc_is_never_fetched_and_dead_letters(stack):
    before = len(stack.statement_requests)
    foreign = f"{stack.sinks.url('hooks')}/v1/_internal/firms/x/clients/y/statement?format=pdf"
    reminder = reminder_due(channels=(Channel.EMAIL,)).model_copy(
        update={"attachments": (Attachment(kind="statement", url=foreign, filename="s.pdf"),)}
    )
    await stack.publish(reminder)

    async def failed():
        rows = await _rows(stack, reminder)
        return rows and rows[0]["status"] == "failed" and rows[0]

    row = await stack.wait_for(failed)
    assert "refused" in row["reason"]
    assert len(stack.statement_requests) == before
    assert await stack.sink_json("smtp_http", f"/api/messages?to={reminder.client.emails[0]}") == []
