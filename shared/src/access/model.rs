//! Who may see what: pure rules over the viewer's relation to an author.

use crate::graph::model::{Relation, RelationKind};
use crate::platform::events::Visibility;

/// What is known about the viewer's relation to an author.
#[derive(Debug, Clone, Copy, Default)]
pub struct ViewerRelation {
    pub is_author: bool,
    pub follows_author: bool,
    /// Either side blocks the other.
    pub blocked: bool,
}

impl ViewerRelation {
    /// The viewer's relation to `author`, read from the relations loaded
    /// between them (follows of the viewer, blocks either way).
    pub fn among(relations: &[Relation], viewer: &str, author: &str) -> Self {
        let has = |kind, from: &str, to: &str| {
            relations
                .iter()
                .any(|r| r.kind == kind && r.from_id == from && r.to_id == to)
        };
        Self {
            is_author: viewer == author,
            follows_author: has(RelationKind::Follows, viewer, author),
            blocked: has(RelationKind::Blocks, viewer, author)
                || has(RelationKind::Blocks, author, viewer),
        }
    }
}

/// Whether a viewer may see something written for `visibility`. The author
/// always may; nobody blocked either way may; then followers see
/// followers-only posts and the mentioned see mentioned-only ones. Every read
/// path (lists, feeds, direct reads) goes through this one rule.
pub fn may_see(
    visibility: Visibility,
    viewer_is_mentioned: bool,
    relation: ViewerRelation,
) -> bool {
    if relation.is_author {
        return true;
    }
    if relation.blocked {
        return false;
    }
    match visibility {
        Visibility::Public => true,
        Visibility::Followers => relation.follows_author,
        Visibility::Mentioned => viewer_is_mentioned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(kind: RelationKind, from: &str, to: &str) -> Relation {
        Relation {
            kind,
            from_id: from.into(),
            to_id: to.into(),
            created_at: 0,
        }
    }

    #[test]
    fn relations_read_follows_of_the_viewer_and_blocks_either_way() {
        let follows = [relation(RelationKind::Follows, "V", "A")];
        let seen = ViewerRelation::among(&follows, "V", "A");
        assert!(seen.follows_author && !seen.blocked && !seen.is_author);
        // The author following the viewer is not the viewer following the author.
        assert!(!ViewerRelation::among(&follows, "A", "V").follows_author);
        let blocked_by_author = [relation(RelationKind::Blocks, "A", "V")];
        assert!(ViewerRelation::among(&blocked_by_author, "V", "A").blocked);
        assert!(ViewerRelation::among(&[], "A", "A").is_author);
    }

    #[test]
    fn blocks_hide_everything_but_from_the_author() {
        let blocked = ViewerRelation {
            blocked: true,
            ..Default::default()
        };
        assert!(!may_see(Visibility::Public, true, blocked));
        let author = ViewerRelation {
            is_author: true,
            blocked: true,
            ..Default::default()
        };
        assert!(may_see(Visibility::Mentioned, false, author));
    }
}
