"""Analysers behind one interface (``base.Analyzer``): the cue analyser and the scripted one."""
