"""Interactive graph pages (vis-network through pyvis), one self-contained HTML file each:
the legal-basis trace, the neighbourhood of a node, conflicts and requests, the store overview."""
from viz.conflicts import conflicts_page
from viz.neighbourhood import neighbourhood_page
from viz.overview import overview_page
from viz.page import Links, Page, render
from viz.trace import trace_page

__all__ = ["Links", "Page", "conflicts_page", "neighbourhood_page", "overview_page", "render", "trace_page"]
