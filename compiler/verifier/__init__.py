"""authmap's reference verifier: replays identities against manifests as aws-iam-authenticator and Kubernetes would."""
