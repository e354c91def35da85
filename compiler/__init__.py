"""authmap: policy as code for Kubernetes access on AWS."""

__version__ = "0.1.0"
