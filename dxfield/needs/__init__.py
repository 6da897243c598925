"""The needs register (ニーズ・要望) beyond storing it: the theme vocabulary and guesses,
the view across the municipalities, and next year's proposal draft (たたき台) built from it.

The records themselves are written through ``dxfield.services.needs``.
"""
