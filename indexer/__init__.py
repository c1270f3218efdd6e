"""Sources, identity resolution, signal detection, profile aggregation and the stores."""
