"""schemathesis hooks for zviewer's contract run (scripts/contract-fuzz.py): tus bodies are raw bytes."""
import schemathesis
from schemathesis.transport.requests import binary_serializer

schemathesis.serializer("application/offset+octet-stream")(binary_serializer)
