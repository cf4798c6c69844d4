"""Channel adapters (one module per provider) and the pieces they share: rate limits, HTTP."""
