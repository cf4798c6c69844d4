"""Letters through a Lob-style print API, with the PDF fetched from statement-svc.

The PDF is the statement the reminder carries as an attachment (fetched by the dispatcher,
``OutboundMessage.attachments``), or else the client's current statement from a
:class:`StatementPdfSource` port (``adapters.providers.statements`` in production, a fake
in tests). The request carries ``Idempotency-Key`` (stable per delivery), so the print
provider prints a re-sent letter once: this adapter is idempotent.
"""

from __future__ import annotations

from datetime import datetime

import httpx
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy

from remit_notifier.adapters.providers.http_errors import check_response, transport_error
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.domain.messages import (
    OutboundMessage,
    PermanentProviderError,
    ProviderReceipt,
)
from remit_notifier.service_layer.ports import StatementPdfSource


def _form(prefix: str, address: dict[str, object]) -> dict[str, str]:
    return {f"{prefix}[{k}]": str(v) for k, v in address.items() if v not in (None, "")}


class LobLetterAdapter:
    """The letter channel."""

    channel = Channel.LETTER
    provider = "lob"
    idempotent = True

    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        base_url: str,
        api_key: str,
        documents: StatementPdfSource,
        retry: RetryPolicy,
        rate: TokenBucket,
    ) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/v1/letters"
        self._auth = (api_key, "")
        self._documents = documents
        self.retry = retry
        self._rate = rate

    async def send(self, message: OutboundMessage, now: datetime) -> ProviderReceipt:
        if not message.postal_to or not message.postal_from or not message.document_client_id:
            raise PermanentProviderError(
                "letter needs a client address, a firm address and a document"
            )
        pdfs = [a.data for a in message.attachments if a.media_type == "application/pdf"]
        pdf = (
            pdfs[0]
            if pdfs
            else await self._documents.statement_pdf(message.firm_id, message.document_client_id)
        )
        data = {
            **_form("to", message.postal_to),
            **_form("from", message.postal_from),
            "color": "false",
            "double_sided": "true",
            "description": message.subject[:255],
            "metadata[delivery]": message.idempotency_key,
        }
        await self._rate.acquire()
        try:
            response = await self._client.post(
                self._url,
                data=data,
                files={"file": ("letter.pdf", pdf, "application/pdf")},
                auth=self._auth,
                headers={"Idempotency-Key": message.idempotency_key},
            )
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.provider) from exc
        check_response(response, self.provider)
        return ProviderReceipt(self.provider, response.json().get("id"))
