//! Ids: ULIDs, and the helpers that batch reads by id.

/// Each id once, in sorted order.
pub fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
