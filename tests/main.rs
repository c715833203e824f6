//! The one integration-test binary (like just and ripgrep): every module below drives the real
//! binary or the library.

// Tests may panic: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod batch;
mod cash;
mod catalog;
mod cli;
mod common;
mod cross_checks;
mod engine;
mod examples;
mod floor;
mod french;
mod harness;
mod hostile;
mod indicators;
mod invalid;
mod layers;
mod output;
mod page;
mod properties;
mod readme;
mod recalc;
mod reference;
mod region;
mod risk;
mod tariff_checks;
mod tariffs;
mod territory;
mod time;
mod whatif;
mod workbook;
