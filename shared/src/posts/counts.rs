//! The counters a post or comment carries: reactions of six kinds, each
//! counted in its own attribute.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReactionKind {
    Like,
    Love,
    Haha,
    Wow,
    Sad,
    Angry,
}

impl ReactionKind {
    pub const ALL: [Self; 6] = [
        Self::Like,
        Self::Love,
        Self::Haha,
        Self::Wow,
        Self::Sad,
        Self::Angry,
    ];

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Like => "like",
            Self::Love => "love",
            Self::Haha => "haha",
            Self::Wow => "wow",
            Self::Sad => "sad",
            Self::Angry => "angry",
        }
    }
}

/// Counts per kind, stored as top-level attributes of the target
/// (`reactions_like`, ...) because DynamoDB's ADD only reaches those.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionCounts {
    #[serde(default, rename = "reactions_like")]
    pub like: u64,
    #[serde(default, rename = "reactions_love")]
    pub love: u64,
    #[serde(default, rename = "reactions_haha")]
    pub haha: u64,
    #[serde(default, rename = "reactions_wow")]
    pub wow: u64,
    #[serde(default, rename = "reactions_sad")]
    pub sad: u64,
    #[serde(default, rename = "reactions_angry")]
    pub angry: u64,
}

impl ReactionCounts {
    /// The attribute that counts `kind` on a target.
    pub fn attribute(kind: ReactionKind) -> String {
        format!("reactions_{}", kind.name())
    }

    pub fn by_kind(&self) -> BTreeMap<ReactionKind, u64> {
        let counts = [
            self.like, self.love, self.haha, self.wow, self.sad, self.angry,
        ];
        ReactionKind::ALL.into_iter().zip(counts).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_back_per_kind_under_their_attribute_names() {
        let counts = ReactionCounts {
            love: 2,
            angry: 1,
            ..ReactionCounts::default()
        };
        let json = serde_json::to_value(&counts).unwrap();
        assert_eq!(json["reactions_love"], 2);
        assert_eq!(
            ReactionCounts::attribute(ReactionKind::Love),
            "reactions_love"
        );
        let by_kind = counts.by_kind();
        assert_eq!(by_kind[&ReactionKind::Love], 2);
        assert_eq!(by_kind[&ReactionKind::Angry], 1);
        assert_eq!(by_kind.values().sum::<u64>(), 3);
        assert_eq!(serde_json::to_value(by_kind).unwrap()["like"], 0);
        assert_eq!(ReactionKind::parse("haha"), Some(ReactionKind::Haha));
        assert_eq!(ReactionKind::parse("Haha"), None);
    }
}
