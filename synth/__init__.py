"""Synthetic customs shipments with exact ground truth.

The pipeline has no licensed real waybills, bills of lading or permits to test on,
so this package builds them: a pure, seeded data model first (``generate``), then
renderers (``render_pdf``, ``render_flow``, ``scan``) and the ground truth (``truth``)
derived from the same model, so that a document and its expected values can never
disagree. ``plan`` decides what a corpus holds (every document kind in every layout and
language, long invoices, scans); layouts, labels and reference data are data files.
"""

from synth.generate import generate_shipment
from synth.model import Shipment

__all__ = ["Shipment", "generate_shipment"]
