"""Synthetic customs shipments with exact ground truth.

The pipeline has no licensed real waybills, bills of lading or permits to test on,
so this package builds them: a pure, seeded data model first (``generate``), then
renderers (``render_pdf``, ``scan``) and the ground truth (``truth``) derived from
the same model, so that a document and its expected values can never disagree.
"""

from synth.generate import generate_shipment
from synth.model import Shipment

__all__ = ["Shipment", "generate_shipment"]
