//! When a `--full` scan may stop doing full work on a column: its verdict (categories and
//! review flag, from the real [`decide`]) is checked after [`FIRST_CHECK`] fully examined
//! values and at every doubling after that; once two checks in a row agree and at least
//! [`SETTLE_MIN`] values were examined, the column settles (see `ColumnStats::settle`).
//! A million-row column is then decided on its first few thousand values plus a steady
//! sample, with every text still searched for Art. 9 terms.

use super::decide::{decide, ColumnInput};
use super::stats::ColumnStats;
use crate::scan::dictionary::Dictionary;
use crate::scan::model::Category;
use crate::scan::table_model::ColumnSchema;

/// Fully examined values at the first stability check.
pub const FIRST_CHECK: u64 = 1024;
/// No column settles before this many fully examined values.
pub const SETTLE_MIN: u64 = 2048;

/// What a column's verdict is compared on.
type Signature = (Vec<Category>, bool);

/// When to check a column's verdict for stability (tests use small numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettlePolicy {
    pub first_check: u64,
    pub settle_min: u64,
    /// After settling, one value in this many is still examined fully.
    pub sample_every: u64,
}

impl Default for SettlePolicy {
    fn default() -> Self {
        SettlePolicy {
            first_check: FIRST_CHECK,
            settle_min: SETTLE_MIN,
            sample_every: super::stats::SAMPLE_EVERY,
        }
    }
}

/// The table a streamed column belongs to, as the stability check needs it.
pub struct StreamContext<'a> {
    pub table: &'a str,
    pub schema: Option<&'a ColumnSchema>,
    pub reference_year: i32,
    pub dict: &'a Dictionary,
}

/// One column of a `--full` scan: its statistics and where it is on the way to settling.
#[derive(Debug, Clone, Default)]
pub struct ColumnStream {
    pub stats: ColumnStats,
    next_check: u64,
    last: Option<Signature>,
    /// `None`: every value is examined fully (exhaustive scans).
    policy: Option<SettlePolicy>,
}

impl ColumnStream {
    /// A column of a table `width` columns wide that settles by `policy`, or never
    /// (`None`).
    pub fn new(policy: Option<SettlePolicy>, width: usize) -> Self {
        ColumnStream {
            stats: ColumnStats::for_width(width),
            next_check: policy.map_or(u64::MAX, |p| p.first_check.max(1)),
            last: None,
            policy,
        }
    }

    /// The column's table is `width` columns wide (see [`fit_columns`]).
    fn set_width(&mut self, width: usize) {
        self.stats.set_width(width);
    }

    /// Observes one raw value.
    pub fn observe(&mut self, raw: &str, ctx: &StreamContext<'_>) {
        if self.stats.settled_at.is_some() {
            self.stats.observe_settled(raw, ctx.dict);
            return;
        }
        self.stats.observe(raw, ctx.dict);
        if self.stats.examined >= self.next_check {
            self.check(ctx);
        }
    }

    fn check(&mut self, ctx: &StreamContext<'_>) {
        let Some(policy) = self.policy else {
            return;
        };
        self.next_check = self.stats.examined.saturating_mul(2);
        let Some(schema) = ctx.schema else {
            return;
        };
        let report = decide(
            &ColumnInput {
                table: ctx.table,
                schema,
                stats: &self.stats,
                reference_year: ctx.reference_year,
            },
            ctx.dict,
        );
        let signature = (report.categories, report.needs_review);
        let stable = self.last.as_ref() == Some(&signature);
        if stable && self.stats.examined >= policy.settle_min {
            self.stats.settle(policy.sample_every);
        }
        self.last = Some(signature);
    }
}

/// Makes `columns` at least `width` long, new columns settling by `policy`; when the table
/// has doubled since the columns were sized, every column is told its new width.
pub fn fit_columns(columns: &mut Vec<ColumnStream>, width: usize, policy: Option<SettlePolicy>) {
    let old = columns.len();
    if old >= width {
        return;
    }
    columns.resize_with(width, || ColumnStream::new(policy, width));
    if width >= 2 * old.max(1) {
        for column in columns.iter_mut().take(old) {
            column.set_width(width);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(name: &str) -> ColumnSchema {
        ColumnSchema::named(name)
    }

    #[test]
    fn a_stable_column_settles_after_two_agreeing_checks() {
        let dict = Dictionary::builtin().unwrap();
        let s = schema("email");
        let ctx = StreamContext {
            table: "users",
            schema: Some(&s),
            reference_year: 2026,
            dict: &dict,
        };
        let policy = SettlePolicy {
            first_check: 16,
            settle_min: 32,
            sample_every: 4,
        };
        let mut col = ColumnStream::new(Some(policy), 1);
        for i in 0..31 {
            col.observe(&format!("u{i}@example.org"), &ctx);
        }
        assert_eq!(col.stats.settled_at, None, "not before settle_min");
        col.observe("u31@example.org", &ctx);
        assert_eq!(col.stats.settled_at, Some(32));
        for i in 0..100 {
            col.observe(&format!("v{i}@example.org"), &ctx);
        }
        assert_eq!(col.stats.non_empty, 132);
        assert!(col.stats.examined < 132);
    }

    #[test]
    fn a_changing_verdict_keeps_the_column_examined_fully() {
        let dict = Dictionary::builtin().unwrap();
        let s = schema("code");
        let ctx = StreamContext {
            table: "t",
            schema: Some(&s),
            reference_year: 2026,
            dict: &dict,
        };
        let policy = SettlePolicy {
            first_check: 16,
            settle_min: 16,
            sample_every: 4,
        };
        let mut col = ColumnStream::new(Some(policy), 1);
        for i in 0..16 {
            col.observe(&format!("X{i}"), &ctx);
        }
        // From the 17th value on the column holds e-mail addresses: the verdict at 32
        // differs from the one at 16, so it does not settle there.
        for i in 0..16 {
            col.observe(&format!("u{i}@example.org"), &ctx);
        }
        assert_eq!(col.stats.settled_at, None);
        let exhaustive = ColumnStream::new(None, 1);
        assert_eq!(exhaustive.next_check, u64::MAX);
    }
}
