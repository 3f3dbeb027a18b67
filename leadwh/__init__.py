"""leadwh: tooling for the lead data warehouse (deterministic sample data generator)."""

from leadwh.generate import DirtRates, GeneratorConfig, generate

__all__ = ["DirtRates", "GeneratorConfig", "generate"]
__version__ = "0.1.0"
