"""The JSON API under /api/v1/ (Django REST framework, schema by drf-spectacular)."""
