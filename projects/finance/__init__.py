"""A project's financial plan: the plan itself (`plan`, pure), its results (`results`, pure), how both are shown
(`display`, `chart`), written and read back (`services`), and its pages (`forms`, `views`, `urls`).

Other apps use the plan and its results through this face."""

from .plan import (
    FixedCost,
    Grant,
    Investment,
    Loan,
    Plan,
    PlanError,
    Product,
    money,
)
from .results import compute

__all__ = ["FixedCost", "Grant", "Investment", "Loan", "Plan", "PlanError", "Product", "compute", "money"]
