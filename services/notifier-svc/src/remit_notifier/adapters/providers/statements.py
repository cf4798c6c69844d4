"""statement-svc as the source of PDFs, over its internal route with the internal token.

Notifier holds no firm API key, so it calls statement-svc's service-to-service route
``GET {statement_url}/v1/_internal/firms/{firm_id}/clients/{client_id}/statement?format=pdf``
with ``Authorization: Bearer <REMIT_INTERNAL_TOKEN>``.

Attachment URLs carried by ``ReminderDue`` are fetched only when they point at that same
route family on the configured ``statement_url``: same scheme, host and port, path under
``/v1/_internal/firms/{the reminder's firm}/``, no credentials, no ``..`` or %-escapes.
Anything else is refused without a request, so a crafted event cannot make the notifier
fetch arbitrary URLs (SSRF) or send the internal token elsewhere. Redirects are not
followed. Every document must start with ``%PDF-`` and be at most ``max_bytes``; the body is
streamed and abandoned once it exceeds the limit.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from uuid import UUID

import httpx

from remit_notifier.adapters.providers.http_errors import check_response, transport_error
from remit_notifier.domain.messages import PermanentProviderError

PROVIDER = "statement-svc"
INTERNAL_PREFIX = "/v1/_internal/"


class HttpStatementPdfSource:
    """The :class:`~remit_notifier.service_layer.ports.StatementPdfSource` on statement-svc."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        internal_token: str,
        max_bytes: int = 10 * 1024 * 1024,
    ) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self._origin = _origin(self._base)
        self._headers = {"authorization": f"Bearer {internal_token}", "accept": "application/pdf"}
        self._max_bytes = max_bytes

    async def statement_pdf(self, firm_id: UUID, client_id: UUID) -> bytes:
        """The client's current statement as a PDF."""
        url = f"{self._base}/v1/_internal/firms/{firm_id}/clients/{client_id}/statement"
        return await self._get(url, {"format": "pdf"})

    def allowed(self, url: str, firm_id: UUID) -> bool:
        """True when ``url`` is statement-svc's internal URL for a document of ``firm_id``."""
        try:
            parts = urlsplit(url)
            origin = _origin(url)
        except ValueError:
            return False
        return (
            origin == self._origin
            and parts.username is None
            and parts.password is None
            and parts.path.startswith(f"{INTERNAL_PREFIX}firms/{firm_id}/")
            and ".." not in parts.path
            and "%" not in parts.path
            and "\\" not in url
            and not parts.fragment
        )

    async def attachment_pdf(self, url: str, firm_id: UUID) -> bytes:
        """The PDF at ``url``; ``PermanentProviderError`` when ``url`` is not allowed."""
        if not self.allowed(url, firm_id):
            raise PermanentProviderError(
                "attachment URL is not statement-svc's internal route for this firm; refused"
            )
        return await self._get(url, None)

    async def _get(self, url: str, params: dict[str, str] | None) -> bytes:
        try:
            async with self._client.stream(
                "GET", url, params=params, headers=self._headers, follow_redirects=False
            ) as response:
                if not response.is_success:
                    await response.aread()
                    check_response(response, PROVIDER)
                if response.is_redirect or response.status_code != 200:
                    raise PermanentProviderError(
                        f"{PROVIDER} answered HTTP {response.status_code}, not a document"
                    )
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > self._max_bytes:
                        raise PermanentProviderError(
                            f"{PROVIDER} document exceeds {self._max_bytes} bytes"
                        )
        except httpx.HTTPError as exc:
            raise transport_error(exc, PROVIDER) from exc
        if not bytes(body[:1024]).lstrip().startswith(b"%PDF-"):
            raise PermanentProviderError(f"{PROVIDER} answered with something that is not a PDF")
        return bytes(body)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port
