"""Search: recruiter sentence -> interpretation -> candidates -> ranked, explained matches."""
