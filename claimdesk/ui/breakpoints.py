"""Terminal sizes where the layout changes (classes set in each screen's `on_resize`, styled in
claimdesk.tcss). Set by hand, not with Textual's HORIZONTAL_BREAKPOINTS: those classes arrive
after the first layout, so an 80-column list was first laid out too narrow and then redrawn."""

NARROW_BELOW = 100  # columns: the list gives up its side borders, the dashboard stacks its tables
WIDE_FROM = 160  # columns: a wider countdown
SHORT_BELOW = 30  # rows: the wizard takes the whole screen, with one-row buttons
