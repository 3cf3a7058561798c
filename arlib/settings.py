"""The one settings model: every tunable figure of metrics.md, read from `AR_*` env variables."""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class VisitWeights(BaseModel):
    """Weights of the key-account visit score (metrics.md §6); they need not sum to 1."""

    sales_12m: float = Field(0.35, ge=0, description="Trailing-12-month sales percentile.")
    open_ar: float = Field(0.20, ge=0, description="Open AR percentile.")
    past_due_30: float = Field(0.15, ge=0, description="Past due over 30 days percentile.")
    broken_promises: float = Field(
        0.10, ge=0, description="Broken promises in the last 180 days percentile."
    )
    open_disputes: float = Field(0.10, ge=0, description="Open dispute amount percentile.")
    days_since_visit: float = Field(
        0.10, ge=0, description="Days since the last visit (capped at 365) percentile."
    )


# a pack schedule: days (or DAILY) and a 24-hour time (arlib.outputs.pack_schedule)
_DAY = "MON|TUE|WED|THU|FRI|SAT|SUN"
PACK_SCHEDULE = re.compile(rf"^(?P<days>DAILY|({_DAY})(,({_DAY}))*) "
                           r"(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)$")

class Settings(BaseSettings):
    """Application settings; override a field with `AR_<FIELD>`.

    Nested fields use a double underscore: `AR_VISIT_WEIGHTS__OPEN_AR=0.3`; lists are JSON:
    `AR_AGING_BUCKET_EDGES=[0,30,60,90]`.
    """

    model_config = SettingsConfigDict(
        env_prefix="AR_", env_nested_delimiter="__", extra="ignore", frozen=True
    )

    db_path: Path = Field(
        Path("data/ar.duckdb"),
        description="DuckDB database file; relative paths are taken from the repository root.",
    )
    memory_limit: str = Field(
        "3GB", pattern=r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$",
        description="How much memory DuckDB may hold (e.g. 3GB); past it, large imports and "
                    "queries spill to disk beside the database instead of growing "
                    "(BENCHMARKS.md, scaling).",
    )
    sample_dir: Path = Field(
        Path("sample_data"),
        description="Canonical CSVs loaded on first launch into the default database (a "
                    "database at any other path starts empty), and by 'Load the sample book'.",
    )
    presets_dir: Path = Field(
        Path("data/presets"),
        description="Saved column mappings (JSON), recognised by their header on import.",
    )
    outbox_dir: Path | None = Field(
        None,
        description="Where the CFO pack is written (PDF, XLSX and the JSON the next pack "
                    "compares with); default: the folder 'outbox' beside the database "
                    "(data/outbox); relative paths are taken from the repository root.",
    )
    run_log: Path | None = Field(
        None, description="When set, each script run of the app appends one JSON line here: "
        "its page and the seconds spent pinning the data, drawing the sidebar and the page "
        "body (read by `python -m arlib bench --browser`).",
    )
    session_max_hours: float = Field(
        12, gt=0, description="With sign-in configured, how long a sign-in lasts, in hours "
        "from the identity token's issue time (Streamlit's own cookie lasts 30 days); then "
        "the person signs in again.",
    )
    templates_dir: Path = Field(
        Path("templates"), description="Plain text call script and recap templates with "
        "named fields ({customer_name}); relative paths are taken from the repository root.",
    )
    inbox_dir: Path | None = Field(
        None, description="Files written here are loaded by the running app, one load per "
        "file or folder, then moved to processed/ or failed/ inside it beside their report; "
        "default: the folder 'inbox' beside the database (data/inbox); relative paths are "
        "taken from the repository root.",
    )
    inbox_settle_seconds: float = Field(
        5, ge=0, description="A file or folder in the inbox is loaded once its size and time "
        "stayed the same for two looks and it is at least this old, in seconds (a file still "
        "being written is left alone; a name ending in .part or starting with a dot, always).",
    )
    inbox_poll_seconds: float = Field(
        5, gt=0, description="How often the running app looks into the inbox, in seconds.",
    )
    refresh_seconds: float = Field(
        30, ge=0, description="How often an open page checks for a newer load (the inbox's, "
        "or another person's import) and moves to it, in seconds; 0: only when the person "
        "acts on the page.",
    )
    pack_schedule: str | None = Field(
        None, description="When the running app writes the CFO pack to the outbox on its own, "
        "as of the last day with data: days and a 24-hour local time, e.g. 'MON 07:00', "
        "'MON,THU 06:30' or 'DAILY 07:00'; a moment missed while the app was stopped is made "
        "up at its next start. None: only `python -m arlib pack`.",
    )
    import_max_mb: int = Field(
        200, gt=0, description="Largest file an import accepts, in MB (uploads and CLI)."
    )
    import_max_unpacked_mb: int = Field(
        1000, gt=0, description="Largest unpacked content of an XLSX workbook, in MB (a "
        "workbook is compressed: its file size says little about what it holds)."
    )
    import_max_rows: int = Field(
        1_048_576, gt=0, description="Most rows of one workbook sheet (Excel's own limit)."
    )
    import_max_columns: int = Field(
        1_000, gt=0, description="Most columns of one workbook sheet."
    )
    import_max_cell_chars: int = Field(
        100_000, gt=0, description="Longest cell an import accepts, in characters: a longer "
        "one rejects its row (a note or reference is never near it)."
    )
    base_currency: str = Field(
        "USD", pattern=r"^[A-Z]{3}$", description="ISO 4217 code all figures are reported in."
    )
    aging_bucket_edges: tuple[int, ...] = Field(
        (0, 30, 60, 90, 120),
        description="Upper edges in days past due: current <= 0, then 1-30, ..., last edge+.",
    )
    aging_basis: Literal["due", "invoice"] = Field(
        "due", description="Age from due date (due) or from invoice date (invoice)."
    )
    dso_window_days: int = Field(90, gt=0, description="Sales window N of the DSO family.")
    promise_grace_days: int = Field(
        3, ge=0, description="Days after a promise's due date that a payment still keeps it."
    )
    promise_tolerance: float = Field(
        0.02, ge=0, lt=1, description="Share of the promised amount that may be missing on 'kept'."
    )
    attribution_window_days: int = Field(
        14, ge=0, description="Days before a payment in which a contact earns its attribution."
    )
    fx_policy: Literal["document", "as_of"] = Field(
        "document",
        description="Convert at each document's own date (document) or revalue at the as-of date.",
    )
    bonus_restatement_policy: Literal["adjust_next", "reopen"] = Field(
        "adjust_next",
        description="When a load after a bonus quarter's freeze moves a payout: carry the "
                    "difference into the next quarter as an adjustment (adjust_next) or "
                    "reopen the quarter (reopen).",
    )
    stale_contact_days: int = Field(
        365, gt=0, description="A point of contact not verified for this many days is stale."
    )
    cool_off_hours: int = Field(
        24, ge=0, description="Hours a customer stays off the call lists after a hostile "
        "contact or note (metrics.md §12)."
    )
    hostile_outcomes: tuple[str, ...] = Field(
        (), description="Contact outcomes that start a cool-off (lower case). None by "
        "default: the outcome codes have no hostile one, and 'refused' (to pay or to commit "
        "to a date) is not a request to stop calling."
    )
    hostile_words: tuple[str, ...] = Field(
        ("don't call", "dont call", "do not call", "stop calling", "stop contacting",
         "never call"),
        description="Words that start a cool-off when a contact's note or a note holds one "
                    "(any case; a curly apostrophe reads as a straight one).",
    )
    unreachable_words: tuple[str, ...] = Field(
        ("bounced", "wrong number", "undeliverable", "not in service", "no longer with",
         "left the company"),
        description="Words in a contact's note that flag the person it names as unreachable "
                    "(a bounced email or a wrong number) until they are verified again.",
    )
    introduction_days: int = Field(
        30, ge=0, description="A customer this many days new or less, with credit and no "
        "contact yet, gets an introduction call (metrics.md §12)."
    )
    monday_commercial_weight: float = Field(
        2.0, ge=1, description="On Mondays, a commercial account's past due counts this many "
        "times in My day's order (metrics.md §12)."
    )
    forecast_history_days: int = Field(
        365, gt=0, description="Days of payment history (up to the as-of date) the cash "
        "forecast learns each customer's lateness and kept rate from."
    )
    forecast_prior_weight: float = Field(
        5.0, gt=0, description="Cash forecast shrinkage: how many paid invoices (or rated "
        "promises) the segment's figure counts as when blended with a customer's own."
    )
    visit_weights: VisitWeights = Field(
        default_factory=VisitWeights, description="Weights of the visit score factors."
    )

    @field_validator("pack_schedule")
    @classmethod
    def _schedule_reads(cls, schedule: str | None) -> str | None:
        if schedule is not None and not PACK_SCHEDULE.match(schedule.strip().upper()):
            raise ValueError("write the days and a 24-hour time, e.g. 'MON 07:00', "
                             "'MON,THU 06:30' or 'DAILY 07:00'")
        return schedule

    @field_validator("aging_bucket_edges")
    @classmethod
    def _edges_increase(cls, edges: tuple[int, ...]) -> tuple[int, ...]:
        if not edges or edges[0] != 0 or any(b <= a for a, b in itertools.pairwise(edges)):
            raise ValueError("bucket edges must start at 0 and strictly increase, e.g. 0,30,60,90")
        return edges

    def resolved_db_path(self) -> Path:
        """Absolute path of the database file."""
        return self.db_path if self.db_path.is_absolute() else REPO_ROOT / self.db_path

    def uses_default_db(self) -> bool:
        """True when the database is the default file (AR_DB_PATH unset or set to it): the
        only one that is built from the sample book on first launch."""
        default = Settings.model_fields["db_path"].default
        return self.resolved_db_path().resolve() == (REPO_ROOT / default).resolve()

    def resolved_presets_dir(self) -> Path:
        """Absolute path of the saved mappings folder."""
        return self.presets_dir if self.presets_dir.is_absolute() else \
            REPO_ROOT / self.presets_dir

    def resolved_inbox_dir(self) -> Path:
        """Absolute path of the inbox folder (default: 'inbox' beside the database, so that
        every database has its own)."""
        if self.inbox_dir is None:
            return self.resolved_db_path().parent / "inbox"
        return self.inbox_dir if self.inbox_dir.is_absolute() else REPO_ROOT / self.inbox_dir

    def resolved_outbox_dir(self) -> Path:
        """Absolute path of the folder the CFO pack is written to (default: 'outbox' beside
        the database, so that every database has its own)."""
        if self.outbox_dir is None:
            return self.resolved_db_path().parent / "outbox"
        return self.outbox_dir if self.outbox_dir.is_absolute() else REPO_ROOT / self.outbox_dir

    def import_max_bytes(self) -> int:
        """The import size limit in bytes."""
        return self.import_max_mb * 1024 * 1024

    def resolved_templates_dir(self) -> Path:
        """Absolute path of the call script and recap templates."""
        return self.templates_dir if self.templates_dir.is_absolute() else \
            REPO_ROOT / self.templates_dir

    def resolved_sample_dir(self) -> Path:
        """Absolute path of the sample data folder."""
        return self.sample_dir if self.sample_dir.is_absolute() else REPO_ROOT / self.sample_dir

    def bucket_labels(self) -> list[str]:
        """Bucket names in order, e.g. current, 1-30, 31-60, 61-90, 91-120, 120+."""
        edges = self.aging_bucket_edges
        middle = [f"{lo + 1}-{hi}" for lo, hi in itertools.pairwise(edges)]
        return ["current", *middle, f"{edges[-1]}+"]


@cache
def load() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
