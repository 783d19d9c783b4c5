"""What a plan becomes for people and their tools: exports (ics, FIT, intervals.icu,
CSV, Markdown), the HTML report and the plain-text views of the terminal."""
