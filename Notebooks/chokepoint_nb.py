"""What the notebooks share: finding and running `chokepoint`, reading its layers,
and drawing maps with a title, legend, scale bar and credits.

Everything here reads files that `chokepoint` wrote; nothing computes a ranking itself,
so what the notebooks show is what the tool exports.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
from matplotlib_scalebar.scalebar import ScaleBar
from shapely.geometry import box

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "GeoData" / "mekong"
# Outputs of the notebooks' runs and their figures; both git-ignored.
WORK = ROOT / "Notebooks" / "work"
FIGURES = ROOT / "Notebooks" / "figures"

# Lambert conformal conic with standard parallels across the mainland corridor: lengths on
# the map are within about 1% of the ground between 10° N and 27° N, so the scale bar holds.
MAP_CRS = "+proj=lcc +lat_1=14 +lat_2=24 +lat_0=19 +lon_0=103 +datum=WGS84 +units=m +no_defs"
# lon_min, lat_min, lon_max, lat_max of the corridor maps: Shan State to the Gulf of Tonkin.
CORRIDOR = (96.5, 13.5, 110.0, 24.5)

CREDITS = ("Boundaries: Natural Earth (public domain), Digital Chart of the World (gmt-dcw); "
           "towns: GeoNames, CC-BY 4.0. Ranks: chokepoint.")

COUNTRY_NAMES = {"VN": "VIETNAM", "LA": "LAOS", "TH": "THAILAND", "MM": "MYANMAR", "KH": "CAMBODIA", "CN": "CHINA"}


def binary() -> Path:
    """The chokepoint executable: $CHOKEPOINT_BIN, else the release build in this checkout."""
    named = os.environ.get("CHOKEPOINT_BIN")
    path = Path(named) if named else ROOT / ".build" / "release" / "chokepoint"
    if not path.is_file():
        raise FileNotFoundError(f"chokepoint not found at {path}: run `bash Notebooks/run` "
                                "(or `swift build -c release --product chokepoint`) first, or set CHOKEPOINT_BIN")
    return path


def run(*args: str, check: bool = True, show: bool = True) -> subprocess.CompletedProcess:
    """Runs `chokepoint ARGS` from the repository root and prints what it printed.

    With check=False a failing run is returned, not raised: the notebooks show error
    messages on purpose."""
    result = subprocess.run([str(binary()), *map(str, args)], cwd=ROOT, capture_output=True, text=True)
    if show:
        if result.stdout:
            print(result.stdout, end="")
        if result.stderr:
            print(result.stderr, end="")
    if check and result.returncode != 0:
        raise RuntimeError(f"chokepoint {' '.join(map(str, args))} exited with {result.returncode}")
    return result


def layer(directory: Path, name: str) -> gpd.GeoDataFrame:
    """One exported GeoJSON layer, in the map's projection."""
    return gpd.read_file(Path(directory) / f"{name}.geojson").to_crs(MAP_CRS)


def basemap(title: str, extent: tuple[float, float, float, float] = CORRIDOR, figsize=(9, 9)):
    """A figure with the six countries, their shared borders and names, ready for layers.

    Returns (fig, ax). The scale bar and credits are added by `finish`, after the layers."""
    fig, ax = plt.subplots(figsize=figsize)
    countries = gpd.read_file(BUNDLE / "countries.geojson").to_crs(MAP_CRS)
    borders = gpd.read_file(BUNDLE / "borders.geojson").to_crs(MAP_CRS)
    countries.plot(ax=ax, color="#f2efe9", edgecolor="#b0a99f", linewidth=0.4, zorder=0)
    borders.plot(ax=ax, color="#6b6b6b", linewidth=0.9, linestyle="--", zorder=1)
    frame = gpd.GeoSeries([box(*extent)], crs="EPSG:4326").to_crs(MAP_CRS).total_bounds
    # Layers plotted later would move the limits: `finish` sets them from this.
    ax.chokepoint_frame = frame
    for _, c in countries.iterrows():
        p = c.geometry.intersection(box(*frame)).representative_point()
        if not p.is_empty:
            ax.annotate(COUNTRY_NAMES.get(c["id"], c["id"]), (p.x, p.y), ha="center", fontsize=9,
                        color="#8c8c8c", weight="bold", zorder=2)
    ax.set_title(title, fontsize=12)
    ax.set_axis_off()
    return fig, ax


def finish(fig, ax, name: str, legend_title: str | None = None):
    """Frames the map, adds the scale bar, north arrow, legend and credits, saves the PNG
    under figures/."""
    frame = getattr(ax, "chokepoint_frame", None)
    if frame is not None:
        ax.set_xlim(frame[0], frame[2])
        ax.set_ylim(frame[1], frame[3])
        ax.set_aspect("equal", adjustable="box")
    ax.add_artist(ScaleBar(1, units="m", location="lower left", length_fraction=0.25, box_alpha=0.7))
    ax.annotate("N ↑", xy=(0.97, 0.97), xycoords="axes fraction", ha="right", va="top", fontsize=10, weight="bold")
    if ax.get_legend_handles_labels()[0]:
        # Below the map, so that it hides nothing.
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.01), fontsize=8, title=legend_title, title_fontsize=8,
                  frameon=False)
    ax.annotate(CREDITS, xy=(0.01, 0.99), xycoords="axes fraction", ha="left", va="top", fontsize=5.5, color="#444444",
                bbox={"facecolor": "white", "alpha": 0.7, "linewidth": 0})
    FIGURES.mkdir(parents=True, exist_ok=True)
    path = FIGURES / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path


def split(value) -> list[str]:
    """A `;`-joined list column of the exports as a Python list."""
    return [] if value is None or value != value or value == "" else str(value).split(";")
