//! FNV-1a (64 bits) of bytes given a part at a time, as if one text: written once for the build
//! script (`build.rs` includes this file) and the crate, which must agree on it — the catalogs'
//! keys are found by it, and the build names with it the text each compiled tariff table was made
//! from.

/// FNV-1a of the parts one after the other.
pub fn fnv1a<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    parts
        .into_iter()
        .flatten()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// The part of a key's hash that the catalogs' lookup tables keep: its high 32 bits.
pub fn short(hash: u64) -> u32 {
    (hash >> 32) as u32
}
