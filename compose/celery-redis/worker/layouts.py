"""A customer's own column layout for their CSV export: the title they chose for each column.

Only a request that carries a layout comes here; every other export keeps the default header.
Titles are copied through ctypes, as the native CSV library the export code was ported from
did. A layout whose column has no title (null) hands that copy a NULL pointer: reading address 0
is a real segmentation fault, which kills the process running the task; no Python `except` sees it.
"""
import ctypes

DEFAULT_HEADER = ["customer", "orders", "total", "region"]


def column_titles(layout):
    titles = []
    for column in layout.get("columns", []):
        title = column.get("title")
        raw = None if title is None else str(title).encode("utf-8")
        titles.append(ctypes.string_at(ctypes.c_char_p(raw)).decode("utf-8"))
    return titles or DEFAULT_HEADER
