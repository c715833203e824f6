//! The engine: scenario + tariff table → what is due, and everything computed from it (cash,
//! sweeps, comparisons, table diffs and checks). Pure functions: no I/O, no printing, no clock, no
//! wording — warnings and findings are typed codes with their data, worded by the reports. Every
//! line is rounded once, by the table's policy; totals are sums of rounded lines.

pub mod batch;
pub mod cash;
pub mod check;
pub mod compare;
pub mod diff;
pub mod indicators;
pub mod levers;
mod lines;
pub mod risk;
pub mod simulate;
pub mod sweep;
mod uplift;
mod warnings;
pub mod year;

pub use crate::model::tariff::Part;
pub use lines::{Discard, LineData, Sink, line_amount, line_amount_decimal, line_cents};
pub use simulate::{
    EngineError, IndicatorKind, IndicatorUse, Line, Simulation, Totals, simulate, totals,
};
pub use warnings::{CrisisNotPaid, LineRef, Warning, WarningCode};
pub use year::{Inputs, Linear, Reuse, Year, Years};
