"""Deploying and publishing the site: Lambda staging, S3 sync, CloudFront invalidation."""
