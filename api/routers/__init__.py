"""The API's routes, one router per area (FastAPI's "bigger applications" layout); api/app.py includes them."""
