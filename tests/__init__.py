"""The project's tests: one folder a part (functions, admin, site, devstack, infra...)."""
