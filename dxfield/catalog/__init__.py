"""The message catalog's texts by area (``dxfield.messages`` joins them into one ``CATALOG``).

Data only: each module is a ``TEXTS`` dict, code -> (Japanese, English).
"""
