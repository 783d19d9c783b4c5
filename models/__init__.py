"""speedblock's data model: scenarios, catalog, plans, the checker and metrics.

Nothing in this package imports the solver.
"""
