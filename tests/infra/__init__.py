"""Infrastructure and layout: template.yaml, deploying, publishing, imports, linters."""
