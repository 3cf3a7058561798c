"""Which customers a figure covers: all, one owner rep's, one region's (the sidebar filters)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Customers owned today by `rep_id` and/or in `region`; None means no restriction."""

    rep_id: str | None = None
    region: str | None = None

    def params(self) -> dict[str, str | None]:
        """The named parameters of `in_scope(customer_id, $scope_rep, $scope_region)`."""
        return {"scope_rep": self.rep_id, "scope_region": self.region}


EVERYONE = Scope()
