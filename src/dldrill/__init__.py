"""dldrill: a study engine for JDLA G検定 and E資格."""

__version__ = "0.1.0"
