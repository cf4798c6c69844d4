"""Other services learn a key's firm from invoice-svc, and a revoked key stops working there too."""

import httpx
import pytest
from remit_common.firm_auth import INTROSPECT_PATH, IntrospectingAuthenticator

from .support import ADMIN, new_tenant

pytestmark = pytest.mark.integration


def _authenticator(service, token: str) -> IntrospectingAuthenticator:
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=service.app), base_url="http://invoice-svc"
    )
    # No caching here: the test wants to see revocation at once.
    return IntrospectingAuthenticator(client, internal_token=token, positive_ttl_s=0)


async def test_a_key_is_introspected_to_its_firm_until_revoked(service):
    tenant = await new_tenant(service)
    api_key = tenant.headers["Authorization"].removeprefix("Bearer ")
    token = service.app.state.settings.internal_token.get_secret_value()
    auth = _authenticator(service, token)

    principal = await auth.authenticate(api_key)
    assert principal is not None and str(principal.firm_id) == tenant.firm_id
    assert await auth.authenticate("rk_live_0000000000000000_" + "0" * 64) is None

    keys = (await service.http.get(f"/v1/firms/{tenant.firm_id}/api-keys", headers=ADMIN)).json()
    await service.http.post(
        f"/v1/firms/{tenant.firm_id}/api-keys/{keys[0]['id']}/revoke", headers=ADMIN
    )
    assert await auth.authenticate(api_key) is None


async def test_introspection_needs_the_internal_token_not_a_firm_key(service):
    tenant = await new_tenant(service)
    api_key = tenant.headers["Authorization"].removeprefix("Bearer ")
    for headers in ({}, tenant.headers, ADMIN):
        response = await service.http.post(
            INTROSPECT_PATH, json={"api_key": api_key}, headers=headers
        )
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
