"""Open data downloads (CSV, XLSX, JSON) and generated reports (PDF) of IKD and IKU capaian.

No models. ``selectors`` builds plain rows, ``ekspor`` writes them, ``pdf`` renders the
reports, ``views`` / ``admin_views`` serve them (see docs in each module).
"""
