"""The local engine: the Interhuman Signals protocol (HTTP + WebSocket) served on this machine.

No Qt here. The server (``server``) speaks the protocol; analysers (``analysis``) turn decoded
media (``media``) into signals, engagement and conversation quality.
"""
