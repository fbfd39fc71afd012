"""The nurse's log: withdrawal checklist, advice rules, plan revisions and the store."""
