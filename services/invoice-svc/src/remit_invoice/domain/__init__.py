"""invoice-svc's pure domain: invoice lifecycle, money rules, API key format. No I/O here."""
