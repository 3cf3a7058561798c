"""The quarterly bonus: plan, payout per rep, frozen quarters (metrics.md §11)."""
