"""HTTP routes: thin (parse, call one flow, map)."""
