"""`authmap diff`: what a policy change does to who can do what, escalations first."""
