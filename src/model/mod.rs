//! The ground every layer stands on: money, contract time, a CPTS as the engine sees it, and the
//! tariff tables. Types and their invariants only; no reading, no computing of amounts, no output.

pub mod calendar;
pub mod indicator;
pub mod money;
pub mod scenario;
pub mod tariff;
pub mod territory;
pub mod vary;
