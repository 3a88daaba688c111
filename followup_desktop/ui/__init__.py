"""The Qt layer: a thin set of models, views, delegates and dialogs over the services."""
