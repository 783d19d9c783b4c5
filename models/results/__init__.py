"""A batch folder's results: the table's rows, the SQLite database that holds them, the
claims that keep two batches off one job, and the queries of `speedblock results`."""
