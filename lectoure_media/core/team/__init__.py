"""The team folder: what the team enters that is not about one asset (registries, consents, the
publication log, team settings) lives on the share, in `.lectoure-media/` inside the watched root; each PC's
catalog is a cache rebuilt from it. See docs/architecture.md ("Team folder")."""
