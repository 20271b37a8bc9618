"""The Streamlit entry point: ``streamlit run dashboards/app.py -- --db calls.duckdb --users users.toml``.

Usually started by ``callqa dashboard`` (dashboards/launch.py). The database path also comes from
``CALLQA_DB`` and the users file from ``CALLQA_USERS_FILE``.
"""

from dashboards.shell import main

main()
