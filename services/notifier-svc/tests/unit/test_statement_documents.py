"""statement-svc PDFs: internal route + internal token, SSRF guard, PDF checks, attaching."""

from email import message_from_bytes
from email.policy import default
from uuid import uuid4

import httpx
import pytest
from remit_common.events import Channel
from remit_notifier.adapters.providers.letters import LobLetterAdapter
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.adapters.providers.smtp_email import build_email
from remit_notifier.adapters.providers.statements import HttpStatementPdfSource
from remit_notifier.domain.messages import (
    FileAttachment,
    PermanentProviderError,
    TransientProviderError,
)
from test_adapters import DAY, RETRY, message

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "http://statement-svc:8004"
TOKEN = "internal-token-0123456789abcdef"


def source(handler, max_bytes: int = 10_000) -> tuple[HttpStatementPdfSource, list]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(record))
    return HttpStatementPdfSource(client, BASE + "/", TOKEN, max_bytes=max_bytes), seen


async def test_current_statement_comes_from_the_internal_route_with_the_internal_token():
    docs, seen = source(lambda r: httpx.Response(200, content=PDF))
    firm, client = uuid4(), uuid4()
    assert await docs.statement_pdf(firm, client) == PDF
    assert seen[0].url.path == f"/v1/_internal/firms/{firm}/clients/{client}/statement"
    assert seen[0].url.params["format"] == "pdf"
    assert seen[0].headers["authorization"] == f"Bearer {TOKEN}"


async def test_attachment_on_statement_svc_is_fetched_with_the_token():
    docs, seen = source(lambda r: httpx.Response(200, content=PDF))
    firm = uuid4()
    url = (
        f"{BASE}/v1/_internal/firms/{firm}/clients/{uuid4()}/statement"
        "?format=pdf&from=2025-01-01&to=2025-03-31"
    )
    assert await docs.attachment_pdf(url, firm) == PDF
    assert str(seen[0].url) == url and seen[0].headers["authorization"] == f"Bearer {TOKEN}"


FIRM = uuid4()
OK_PATH = f"/v1/_internal/firms/{FIRM}/clients/y/statement"


@pytest.mark.parametrize(
    "url",
    [
        f"http://evil.example{OK_PATH}",
        f"http://statement-svc:8005{OK_PATH}",
        f"https://statement-svc:8004{OK_PATH}",
        f"http://statement-svc:8004@evil.example{OK_PATH}",
        f"http://user:pw@statement-svc:8004{OK_PATH}",
        "http://statement-svc:8004/v1/clients/y/statement",
        f"http://statement-svc:8004/v1/_internal/firms/{uuid4()}/clients/y/statement",  # other firm
        f"http://statement-svc:8004/v1/_internal/firms/{FIRM}/../../admin",
        f"http://statement-svc:8004/v1/_internal/firms/{FIRM}/%2e%2e/%2e%2e/admin",
        f"http://statement-svc:80040{OK_PATH}",
        f"http://statement-svc.evil.example:8004{OK_PATH}",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"http://statement-svc:8004\\@evil.example{OK_PATH}",
        "not a url",
    ],
)
async def test_foreign_attachment_urls_are_refused_without_a_request(url):
    docs, seen = source(lambda r: httpx.Response(200, content=PDF))
    with pytest.raises(PermanentProviderError, match="refused"):
        await docs.attachment_pdf(url, FIRM)
    assert seen == []  # the token never left for a foreign host


@pytest.mark.parametrize(
    ("response", "error", "match"),
    [
        (httpx.Response(200, content=b"<html>login</html>"), PermanentProviderError, "not a PDF"),
        (httpx.Response(200, content=PDF + b"x" * 20_000), PermanentProviderError, "exceeds"),
        (httpx.Response(503), TransientProviderError, "503"),
        (httpx.Response(401), PermanentProviderError, "401"),
        (
            httpx.Response(302, headers={"location": "http://evil.example/x.pdf"}),
            PermanentProviderError,
            "302",
        ),
    ],
)
async def test_bad_answers_map_to_provider_errors(response, error, match):
    docs, seen = source(lambda r: response)
    with pytest.raises(error, match=match):
        await docs.statement_pdf(uuid4(), uuid4())
    assert len(seen) == 1  # a redirect is not followed


def test_statement_email_carries_the_pdf_as_an_attachment():
    msg = message(
        Channel.EMAIL,
        recipient="ap@acme.example",
        html="<p>Hi</p>",
        attachments=(FileAttachment("statement-2025-03.pdf", PDF),),
    )
    parsed = message_from_bytes(
        build_email(msg, "r@remit.localhost", DAY).as_bytes(), policy=default
    )
    assert parsed.get_content_type() == "multipart/mixed"
    files = list(parsed.iter_attachments())
    assert [f.get_filename() for f in files] == ["statement-2025-03.pdf"]
    assert files[0].get_content_type() == "application/pdf"
    assert files[0].get_content() == PDF
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Hi</p>"


async def test_letter_prints_the_attached_statement_rather_than_fetching_the_current_one():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["body"] = request.content
        return httpx.Response(200, json={"id": "ltr_2"})

    class NoFetch:
        async def statement_pdf(self, firm_id, client_id):
            raise AssertionError("the attachment should be printed")

    adapter = LobLetterAdapter(
        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        base_url="http://print",
        api_key="k",
        documents=NoFetch(),
        retry=RETRY,
        rate=TokenBucket(1000),
    )
    period = PDF.replace(b"1.4", b"1.7")
    msg = message(
        Channel.LETTER,
        postal_to={"name": "Acme"},
        postal_from={"name": "Firm"},
        document_client_id=uuid4(),
        attachments=(FileAttachment("s.pdf", period),),
    )
    await adapter.send(msg, DAY)
    assert period in seen["body"]
