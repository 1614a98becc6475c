"""Whether an official post fits the platform it is for: its length as the platform counts it, and its links."""
