//! Reports: per-stage rows and national totals as a table, CSV or JSON.
