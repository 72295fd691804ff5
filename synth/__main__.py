"""``python -m synth OUTDIR --shipments N --seed S [--scans] [--scan-share 0.3]``
or ``python -m synth OUTDIR --preset demo``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from synth.build import write
from synth.defects import DEFAULT_SHARE, inject
from synth.plan import plan_corpus
from synth.presets import PRESETS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m synth", description=__doc__)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--shipments", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--scans",
        action="store_true",
        help="deliver a share of the documents as scans (no text layer; a scan profile "
        "per document: 150-300 dpi, skew, rotation, blur, noise, JPEG, stamps)",
    )
    ap.add_argument(
        "--scan-share",
        type=float,
        default=0.3,
        help="with --scans: the share of documents scanned (default 0.3)",
    )
    ap.add_argument(
        "--scan-format",
        choices=["auto", "png", "jpg", "tiff", "pdf"],
        default="auto",
        help="container of the scans (default: drawn per document); multi-page documents "
        "are never PNG or JPEG and become TIFF",
    )
    ap.add_argument(
        "--defects",
        action="store_true",
        help="inject at most one deliberate defect per shipment (wrong totals, bad check "
        "digit, expired permit, HS code not covered, consignee or weight mismatch, missing "
        "permit or transport document) and record the expected findings",
    )
    ap.add_argument(
        "--defect-share",
        type=float,
        default=DEFAULT_SHARE,
        help=f"with --defects: the share of shipments given one (default {DEFAULT_SHARE})",
    )
    ap.add_argument("--preset", choices=sorted(PRESETS), help="a fixed set (ignores N/seed)")
    args = ap.parse_args(argv)
    if not 0 <= args.scan_share <= 1:
        ap.error("--scan-share must lie between 0 and 1")
    if not 0 <= args.defect_share <= 1:
        ap.error("--defect-share must lie between 0 and 1")

    started = time.perf_counter()
    if args.preset:
        planned = PRESETS[args.preset]()
        meta = {"generator": "clearway synth", "preset": args.preset}
    else:
        planned = plan_corpus(
            args.seed, args.shipments, args.scans, args.scan_share, args.scan_format
        )
        meta = {
            "generator": "clearway synth",
            "seed": args.seed,
            "shipments_requested": args.shipments,
        }
    if args.defects:
        planned = inject(planned, meta.get("seed", args.preset), args.defect_share)
        meta["defects"] = {"share": args.defect_share}
    index = write(args.outdir, planned, meta)
    n_docs = sum(len(r["documents"]) for r in index["shipments"])
    seconds = time.perf_counter() - started
    print(
        f"wrote {len(index['shipments'])} shipments, {n_docs} documents to {args.outdir}"
        f" in {seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
