"""The Pilot fixtures of tests/ui (the desk's app, parcels, no cursor blink) for these tests too."""

from tests.ui.conftest import add_parcel, make_app, no_cursor_blink  # noqa: F401
