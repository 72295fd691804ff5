"""``python -m synth OUTDIR --shipments N --seed S [--scans]`` or ``--preset demo``."""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from synth.build import write
from synth.generate import generate_shipment
from synth.presets import PRESETS, Planned


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m synth", description=__doc__)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--shipments", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--scans",
        action="store_true",
        help="deliver about a third of the documents as scans (200 dpi, no text layer)",
    )
    ap.add_argument("--scan-format", choices=["png", "jpg"], default="png")
    ap.add_argument("--preset", choices=sorted(PRESETS), help="a fixed set (ignores N/seed)")
    args = ap.parse_args(argv)

    if args.preset:
        planned = PRESETS[args.preset]()
        meta = {"generator": "clearway synth", "preset": args.preset}
    else:
        planned = []
        for i in range(args.shipments):
            # One seed per shipment, derived from the run seed: shipment i is the same
            # whether 5 or 500 are generated.
            seed = f"{args.seed}:{i}"
            pick = random.Random(f"scans:{seed}")
            docs_scanned = frozenset(
                k
                for k in ("invoice", "packing_list", "waybill", "permit")
                if args.scans and pick.random() < 0.33
            )
            s = generate_shipment(
                seed, f"s{args.seed}_{i:04d}", scanned=docs_scanned, scan_format=args.scan_format
            )
            planned.append(Planned(s, None))
        meta = {
            "generator": "clearway synth",
            "seed": args.seed,
            "shipments_requested": args.shipments,
        }
    index = write(args.outdir, planned, meta)
    n_docs = sum(len(r["documents"]) for r in index["shipments"])
    print(f"wrote {len(index['shipments'])} shipments, {n_docs} documents to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
