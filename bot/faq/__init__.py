"""Questions and answers about the pose and the bot: a curated knowledge base, safety
routing that runs first, and ranked retrieval that says when it does not know."""
