"""The pages, as data: one registry used by app.py, page links and the tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    name: str  # module in views/, URL path and the "nav.<name>" label
    icon: str  # a Material icon name (drawn from Streamlit's bundled font, not a CDN)
    editors: bool = False  # only an editor sees it in the navigation and may use it
    listed: bool = True  # in the navigation; an unlisted page is reached by a link


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", ":material/dashboard:"),  # the first page is the home page
    PageSpec("targets", ":material/flag:"),
    PageSpec("footprint", ":material/eco:"),
    PageSpec("partners", ":material/public:"),
    PageSpec("explore", ":material/query_stats:"),
    PageSpec("forum", ":material/groups:"),
    PageSpec("sources", ":material/menu_book:"),
    PageSpec("deck", ":material/slideshow:"),
    PageSpec("present", ":material/co_present:", listed=False),
    PageSpec("signin", ":material/login:"),
    PageSpec("upload", ":material/upload_file:", editors=True),
    PageSpec("history", ":material/history:", editors=True),
)
BY_NAME = {p.name: p for p in PAGES}


def path(name: str) -> str:
    """The page's script, as st.Page, st.page_link and st.switch_page take it."""
    return f"views/{BY_NAME[name].name}.py"
