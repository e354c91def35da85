"""Synthetic organisations in authmap's policy format, and the harness that times authmap on them."""
