"""The REST contract's models (commands in, read models out), shared by routes and use cases.

Commands are named ``<Thing>Create`` / ``<Thing>Update``, read models ``<Thing>Read``. Every
model carries an example, because the committed OpenAPI document is checked for them.
"""
