"""callqa: call-quality monitoring and listening-room analytics, fully local.

The kernel: records, settings, the backend registry, model provisioning and the progress hook.
It imports nothing of the project's other rooms and no ML library.
"""

__version__ = "0.1.0"
