"""Thin Qt table models over the workshop's DataFrames: the backlog, the data tables, the links.

Sorting and filtering happen in pandas/numpy inside the models, never in a
QSortFilterProxyModel: the proxy takes ~44 s to sort 100,000 rows, an argsort takes well under
a second. Each model keeps one cached "display frame" (the source columns as numpy arrays plus
the order of the rows shown), rebuilt when the document changes; `data()` only indexes arrays,
so a scroll repaint stays a few milliseconds at any size.

When the document changes, a model tells its views as little as possible, so selections and
the current cell survive a slider drag: the same rows in the same order → `dataChanged`; the
same rows in another order → a layout change that carries persistent indexes by ID; anything
else → a reset.
"""

from __future__ import annotations

from sweetspot.ui.models.backlog import BacklogModel
from sweetspot.ui.models.cells import (
    BUSINESS_COLOUR,
    CUSTOMER_COLOUR,
    ID_ROLE,
    VALUE_ROLE,
    natural_codes,
    quadrant_colours,
    quadrant_icon,
    side_colours,
)
from sweetspot.ui.models.links import KEY_STRENGTHS, LinkMatrixModel, next_strength, strength_name
from sweetspot.ui.models.tables import NAME_FIELD, TableModel

__all__ = [
    "BUSINESS_COLOUR",
    "CUSTOMER_COLOUR",
    "ID_ROLE",
    "KEY_STRENGTHS",
    "NAME_FIELD",
    "VALUE_ROLE",
    "BacklogModel",
    "LinkMatrixModel",
    "TableModel",
    "natural_codes",
    "next_strength",
    "quadrant_colours",
    "quadrant_icon",
    "side_colours",
    "strength_name",
]
