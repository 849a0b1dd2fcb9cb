"""claimdesk: a keyboard-driven desk for AliExpress logistics complaints."""

__version__ = "0.1.0"
