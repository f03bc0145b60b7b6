"""Map image benchmark: time and size of the PNG maps of geo answers (services_catalog/geo/map_image.py).

Draws every area of a division once (the API caches a drawn map, so this is the uncached cost), and the
ranking map of the division, from the bundled files. Usage: .venv/bin/python -m bench.bench_maps
[--division kaupunginosa] (prints markdown).
"""

from __future__ import annotations

import argparse
import statistics
import time

from services_catalog.geo.map_image import MapDrawer
from services_catalog.geo.service import GeoService
from services_catalog.settings import REPO_ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--division", default="kaupunginosa")
    parser.add_argument("--dataset", default="puut")
    args = parser.parse_args()
    geo = GeoService.from_file(REPO_ROOT / "geodata.yml")
    drawer = MapDrawer(geo.cfg, geo.file)
    areas = geo.places.areas(args.division)
    start = time.perf_counter()
    drawer.area_map(areas[0], args.dataset, None)  # loads the layer and the polygons
    first = time.perf_counter() - start
    times, sizes = [], []
    for area in areas:
        start = time.perf_counter()
        sizes.append(len(drawer.area_map(area, args.dataset, None)))
        times.append(time.perf_counter() - start)
    ranked = [key for key, _ in geo.by_area(args.dataset, args.division, None, 5).items]
    start = time.perf_counter()
    ranking = drawer.division_map(args.division, args.dataset, None, ranked)
    ranking_time = time.perf_counter() - start
    times.sort()
    print("| map | n | first (s) | median (s) | p95 (s) | max (s) | median size (kB) |\n|---|---|---|---|---|---|---|")
    print(f"| area ({args.division}) | {len(times)} | {first:.3f} | {statistics.median(times):.3f} | "
          f"{times[int(0.95 * (len(times) - 1))]:.3f} | {times[-1]:.3f} | {statistics.median(sizes) / 1000:.1f} |")
    print(f"| ranking ({args.division}, top 5) | 1 | | {ranking_time:.3f} | | | {len(ranking) / 1000:.1f} |")


if __name__ == "__main__":
    main()
