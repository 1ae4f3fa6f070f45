"""fastfix's report-only checks: one module per check, discovered by `fastfix.registry`."""
