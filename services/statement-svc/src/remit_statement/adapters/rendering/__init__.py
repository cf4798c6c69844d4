"""Statement renderers: PDF (ReportLab platypus), HTML (jinja2, autoescaped) and CSV.

Renderers are pure functions of a domain ``Statement`` and the firm's ``FirmProfile`` that
return bytes; they do no I/O besides reading fonts and templates shipped with the service.
"""
