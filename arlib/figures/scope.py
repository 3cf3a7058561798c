"""Which customers a figure covers: all, one owner rep's, one region's (the sidebar filters),
within the customers the viewer may see (their rep scope from the roster)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Customers owned today by `rep_id` and/or in `region`, and by one of `reps` (the
    viewer's rep scope: a rep's own id, a manager's team); None means no restriction, an
    empty `reps` means no customer at all."""

    rep_id: str | None = None
    region: str | None = None
    reps: frozenset[str] | None = None

    def params(self) -> dict[str, str | list[str] | None]:
        """The named parameters of `in_scope(customer_id, $scope_rep, $scope_region,
        $scope_reps)`."""
        return {"scope_rep": self.rep_id, "scope_region": self.region,
                "scope_reps": None if self.reps is None else sorted(self.reps)}

    @property
    def viewer(self) -> Scope:
        """The viewer's part only (no sidebar filter): what every figure of theirs is
        bounded by, whatever they filter."""
        return Scope(reps=self.reps)

    def allows(self, rep_id: str | None) -> bool:
        """Whether a customer owned today by `rep_id` is within the viewer's rep scope."""
        return self.reps is None or rep_id in self.reps


EVERYONE = Scope()
