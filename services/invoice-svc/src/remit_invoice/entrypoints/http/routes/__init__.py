"""invoice-svc's REST routes, one module per resource."""
