"""Pass 5, emit: cluster plans into Kubernetes objects and their exact bytes."""
