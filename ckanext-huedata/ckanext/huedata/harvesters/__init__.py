"""Harvesters of the Huế portal: the LGSP harvester and the mapping hooks for CKAN/DCAT sources."""
