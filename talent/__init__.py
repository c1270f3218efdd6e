"""The quarterly talent map: categories, quarter-over-quarter movement, churn, engagement, overlaps, movers."""
