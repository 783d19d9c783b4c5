"""Plan quality: the metrics of a plan, the rule-written template baseline, comparing
constraint sets over a batch, and two plans of one scenario side by side."""
