"""Pure exam mathematics with worked steps: stdlib, NumPy and SymPy only.

Every public solver returns a :class:`solvers.steps.Solution`.  Nothing here formats for a
device, reads files or imports ``dldrill``; rendering lives in ``dldrill.render``.
"""

from solvers.errors import SolverError
from solvers.steps import Bilingual, Solution, Step

__all__ = ["Bilingual", "Solution", "SolverError", "Step"]
