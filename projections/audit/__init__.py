"""The audit chain: a hash chain per network over the stored event log, signed checkpoints, verify,
export and import. `projections.audit.service.Audit` is what the API and the command line use."""
