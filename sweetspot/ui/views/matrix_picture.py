"""The matrix's first drag frame, drawn only where the grabbed bubble was.

A drag moves one bubble over a background without it. Redrawing every bubble to make that
background costs a slider move (~40 ms on 1,000 bubbles); these functions start from the
picture already painted and draw again only the rectangle the grabbed bubble, its label and
its arrow covered. Pure matplotlib on the canvas's Agg buffer: the view decides when.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from sweetspot.core.plot import MatrixArtists, matrix_dynamic_artists


def outward(box: Bbox) -> Bbox:
    """`box` grown to whole pixels."""
    return Bbox.from_extents(
        math.floor(box.x0), math.floor(box.y0), math.ceil(box.x1), math.ceil(box.y1)
    )


def ink_extent(text: Text, renderer: Any) -> Bbox:
    """Every pixel a label or arrow inks: its text, the box behind it and its leader,
    with a margin for antialiasing."""
    # The text's own box (an Annotation's extent also spans its leader, shown or not).
    boxes = [Text.get_window_extent(text, renderer)]
    for patch in (text.get_bbox_patch(), getattr(text, "arrow_patch", None)):
        if patch is not None and patch.get_visible():
            boxes.append(patch.get_window_extent(renderer))
    return Bbox.union(boxes).padded(3)


def restore_rect(canvas: FigureCanvasQTAgg, saved: Any, box: Bbox) -> None:
    """Put back one rectangle (display pixels, y up) of a whole-figure copy."""
    height = canvas.figure.bbox.height
    # Agg's restore is inclusive of its far edges; drawing clipped to `box` is not.
    extents = (int(box.x0), int(height - box.y1), int(box.x1) - 1, int(height - box.y0) - 1)
    canvas.restore_region(saved, bbox=extents, xy=(0, 0))


def grab_region(
    canvas: FigureCanvasQTAgg,
    artists: MatrixArtists,
    disp: np.ndarray,
    radii: np.ndarray,
    row: int,
    ident: str,
) -> Bbox | None:
    """The pixels bubble `row`, its label and its arrow cover (None: off the figure).
    `disp` and `radii` are the bubbles' centres and radii in display pixels."""
    renderer = canvas.get_renderer()
    cx, cy = disp[row]
    r = float(radii[row]) + 4.0  # edge line and antialiasing
    boxes = [Bbox.from_extents(cx - r, cy - r, cx + r, cy + r)]
    for hidden in (artists.labels.get(ident), artists.arrows.get(ident)):
        if hidden is not None and hidden.get_visible():
            boxes.append(ink_extent(hidden, renderer))
    box = outward(Bbox.union(boxes).padded(2))
    inside = Bbox.intersection(box, canvas.figure.bbox)
    return None if inside is None else outward(inside)


def draw_without_grabbed(
    canvas: FigureCanvasQTAgg,
    artists: MatrixArtists,
    disp: np.ndarray,
    radii: np.ndarray,
    backgrounds: tuple[Any, Any],
    region: Bbox,
) -> None:
    """Draw `region` again over the painted picture the canvas holds, with whatever the
    caller has hidden (the grabbed bubble, its label, its arrow) left out.

    `backgrounds` is (static background with the quadrant names, painted picture), both
    whole-figure copies of the same size as the canvas."""
    text_background, picture = backgrounds
    renderer = canvas.get_renderer()
    # Only the region is drawn again, over the static background with the quadrant names.
    restore_rect(canvas, text_background, region)
    in_text_background = {id(t) for t in (*artists.quadrant_names.values(), artists.note)}
    spill: list[Bbox] = []
    for artist in matrix_dynamic_artists(artists):
        if id(artist) in in_text_background or not artist.get_visible():
            continue
        if isinstance(artist, Text):  # labels and arrows: drawn whole if they touch it
            extent = ink_extent(artist, renderer)
            if extent.overlaps(region):
                artist.draw(renderer)
                spill.append(extent)
            continue
        old = artist.get_clip_box()
        clip = region if old is None else Bbox.intersection(old, region)
        if clip is None:
            continue
        artist.set_clip_box(clip)
        if artist is artists.scatter:
            draw_bubbles_near(artists, disp, radii, region, renderer)
        else:  # rings, crosshair, tint: clipped to the region
            artist.draw(renderer)
        artist.set_clip_box(old)
    # A label drawn whole may spill past the region: there the picture is put back.
    if spill:
        reach = Bbox.union(spill)
        for x0, y0, x1, y1 in (
            (reach.x0, region.y1, reach.x1, reach.y1),  # above
            (reach.x0, reach.y0, reach.x1, region.y0),  # below
            (reach.x0, region.y0, region.x0, region.y1),  # left
            (region.x1, region.y0, reach.x1, region.y1),  # right
        ):
            if x1 <= x0 or y1 <= y0:
                continue  # the spill does not pass the region on this side
            box = Bbox.intersection(Bbox.from_extents(x0, y0, x1, y1), canvas.figure.bbox)
            if box is not None and box.width > 0 and box.height > 0:
                restore_rect(canvas, picture, outward(box))


def draw_bubbles_near(
    artists: MatrixArtists, disp: np.ndarray, radii: np.ndarray, region: Bbox, renderer: Any
) -> None:
    """Draw, clipped to `region`, only the bubbles that reach into it: Agg walks every
    path of a collection even when clipped (~20 ms for 1,000 bubbles)."""
    assert artists.scatter is not None
    scatter = artists.scatter
    reach = radii + 4.0
    near = np.flatnonzero(
        (disp[:, 0] + reach >= region.x0)
        & (disp[:, 0] - reach <= region.x1)
        & (disp[:, 1] + reach >= region.y0)
        & (disp[:, 1] - reach <= region.y1)
    )
    n = len(artists.ids)
    saved = (
        scatter.get_offsets(),
        scatter.get_sizes(),
        scatter.get_facecolor(),
        scatter.get_edgecolor(),
        scatter.get_linewidth(),
    )

    def pick(values: Any) -> Any:
        values = np.asarray(values)
        return values[near] if len(values) == n else values

    offsets, sizes, faces, edges, widths = saved
    scatter.set_offsets(pick(offsets))
    scatter.set_sizes(pick(sizes))
    scatter.set_facecolor(pick(faces))
    scatter.set_edgecolor(pick(edges))
    scatter.set_linewidth(pick(widths))
    try:
        if len(near):
            scatter.draw(renderer)
    finally:
        scatter.set_offsets(offsets)
        scatter.set_sizes(sizes)
        scatter.set_facecolor(faces)
        scatter.set_edgecolor(edges)
        scatter.set_linewidth(widths)
