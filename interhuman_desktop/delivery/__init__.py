"""Delivery metrics measured on this computer from a recording's audio (Qt-free).

Talk time, speaking rate (syllable nuclei), pitch variety and pauses: they exist for every
session, whichever backend analysed it, because they come from the recording itself.
"""
