"""One small router per resource; each route parses, calls one application method, answers."""
