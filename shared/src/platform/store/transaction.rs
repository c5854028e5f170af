//! TransactWriteItems built part by part, each part under a name, so that a
//! lost condition is reported by the names of the parts that failed — never
//! by their positions.

use aws_sdk_dynamodb::types::TransactWriteItem;

/// A transaction under construction.
#[derive(Clone, Default)]
pub(crate) struct Transaction {
    parts: Vec<(&'static str, TransactWriteItem)>,
}

impl Transaction {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds one write under `name`.
    pub(crate) fn add(&mut self, name: &'static str, op: TransactWriteItem) -> &mut Self {
        self.parts.push((name, op));
        self
    }

    /// Adds writes that share one name (e.g. every hashtag entry).
    pub(crate) fn add_all(
        &mut self,
        name: &'static str,
        ops: impl IntoIterator<Item = TransactWriteItem>,
    ) -> &mut Self {
        self.parts.extend(ops.into_iter().map(|op| (name, op)));
        self
    }

    /// The same transaction without the parts named in `names` that failed.
    pub(crate) fn without_failed(self, failed: &Failed, names: &[&str]) -> Self {
        let parts = self
            .parts
            .into_iter()
            .zip(&failed.parts)
            .filter(|((name, _), (_, lost))| !(*lost && names.contains(name)))
            .map(|(part, _)| part)
            .collect();
        Self { parts }
    }

    pub(crate) fn into_items(self) -> Vec<TransactWriteItem> {
        self.parts.into_iter().map(|(_, op)| op).collect()
    }

    pub(crate) fn names(&self) -> Vec<&'static str> {
        self.parts.iter().map(|(name, _)| *name).collect()
    }
}

/// Writes whose failures need no telling apart go in unnamed.
impl From<Vec<TransactWriteItem>> for Transaction {
    fn from(ops: Vec<TransactWriteItem>) -> Self {
        let mut tx = Self::new();
        tx.add_all("", ops);
        tx
    }
}

/// Which parts of a cancelled transaction failed their condition.
#[derive(Debug)]
pub(crate) struct Failed {
    parts: Vec<(&'static str, bool)>,
}

impl Failed {
    pub(crate) fn new(names: Vec<&'static str>, lost: Vec<bool>) -> Self {
        Self {
            parts: names.into_iter().zip(lost).collect(),
        }
    }

    /// Whether a part named `name` failed.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.parts.iter().any(|(n, lost)| *lost && *n == name)
    }

    /// Whether any failed part is not one of `names`.
    pub(crate) fn any_but(&self, names: &[&str]) -> bool {
        self.parts
            .iter()
            .any(|(n, lost)| *lost && !names.contains(n))
    }

    /// The first failed part (in the transaction's order) among `names`.
    pub(crate) fn first_of(&self, names: &[&'static str]) -> Option<&'static str> {
        self.parts
            .iter()
            .find(|(n, lost)| *lost && names.contains(n))
            .map(|(n, _)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op() -> TransactWriteItem {
        TransactWriteItem::builder().build()
    }

    #[test]
    fn failures_are_reported_by_name() {
        let mut tx = Transaction::new();
        tx.add("post", op())
            .add_all("tag", [op(), op()])
            .add("reply_to", op());
        let failed = Failed::new(tx.names(), vec![false, false, true, true]);
        assert!(failed.has("tag") && failed.has("reply_to") && !failed.has("post"));
        assert_eq!(failed.first_of(&["quote_of", "reply_to"]), Some("reply_to"));
        assert!(!failed.any_but(&["tag", "reply_to"]));
        assert_eq!(
            tx.without_failed(&failed, &["reply_to"]).names(),
            ["post", "tag", "tag"]
        );
    }
}
