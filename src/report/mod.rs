//! Format-neutral documents: what a command has to say, as typed parts, before any format.

pub mod check;
