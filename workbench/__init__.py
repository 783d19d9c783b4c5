"""speedblock's workbench: a local web app in which a coach edits a scenario, solves it,
edits the plan by hand and lets the optimizer re-plan around the edits
(`speedblock serve`)."""
