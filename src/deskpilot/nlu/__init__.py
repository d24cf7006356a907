"""Understanding: entities, sentiment and urgency, language, spam and abuse, duplicates."""
