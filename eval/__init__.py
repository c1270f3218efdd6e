"""Evaluation: the sample corpus generator, labelled judgements, metrics, baselines and the harness."""
