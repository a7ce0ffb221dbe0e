"""The static site: Pelican builds of content/, their pages, feeds, search and checks."""
