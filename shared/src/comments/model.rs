//! Comments: nested under a post up to a depth, read in thread order.

use crate::communities::model::VoteCounts;
use crate::platform::error::FieldError;
use crate::posts::counts::ReactionCounts;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub const TEXT_MAX: usize = 2000;
/// A top-level comment has depth 1; replies nest to this depth at most.
pub const MAX_DEPTH: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: String,
    pub post_id: String,
    pub author_id: String,
    pub parent_id: Option<String>,
    /// The ids from the top-level ancestor down to this comment, joined by
    /// `/`. Ids are ULIDs of one length, so sorting by path is thread order:
    /// every comment right after its parent, siblings oldest first.
    pub path: String,
    pub depth: usize,
    /// None once deleted: the tombstone keeps the thread's shape.
    pub text: Option<String>,
    /// Stored only when true, so "live" is `attribute_not_exists(deleted)`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub edited_at: Option<OffsetDateTime>,
    #[serde(flatten)]
    pub reactions: ReactionCounts,
    /// Votes, on comments of community posts.
    #[serde(flatten)]
    pub votes: VoteCounts,
}

/// The path and depth of a new comment `id` under `parent` (a top-level
/// comment when `None`); refused beyond [`MAX_DEPTH`].
pub fn place(parent: Option<&Comment>, id: &str) -> Result<(String, usize), FieldError> {
    match parent {
        None => Ok((id.to_owned(), 1)),
        Some(parent) if parent.depth >= MAX_DEPTH => Err(FieldError::new(
            "parent_id",
            format!("replies nest at most {MAX_DEPTH} deep"),
        )),
        Some(parent) => Ok((format!("{}/{id}", parent.path), parent.depth + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(path: &str, depth: usize) -> Comment {
        Comment {
            id: path.rsplit('/').next().unwrap().into(),
            post_id: "P".into(),
            author_id: "A".into(),
            parent_id: None,
            path: path.into(),
            depth,
            text: Some("t".into()),
            deleted: false,
            created_at: OffsetDateTime::UNIX_EPOCH,
            edited_at: None,
            reactions: ReactionCounts::default(),
            votes: VoteCounts::default(),
        }
    }

    #[test]
    fn paths_sort_in_thread_order() {
        let a = ulid::Ulid::generate().to_string();
        let (a_path, _) = place(None, &a).unwrap();
        let b = ulid::Ulid::from_parts(ulid::Ulid::from_string(&a).unwrap().timestamp_ms() + 1, 0)
            .to_string();
        let (b_path, _) = place(None, &b).unwrap();
        let child =
            ulid::Ulid::from_parts(ulid::Ulid::from_string(&b).unwrap().timestamp_ms() + 1, 0)
                .to_string();
        let (child_path, depth) = place(Some(&comment(&a_path, 1)), &child).unwrap();
        assert_eq!(depth, 2);
        let mut paths = vec![b_path.clone(), child_path.clone(), a_path.clone()];
        paths.sort();
        assert_eq!(
            paths,
            [a_path, child_path, b_path],
            "a reply follows its parent, before the parent's later sibling"
        );
    }

    #[test]
    fn depth_is_limited() {
        let deep = comment("x", MAX_DEPTH);
        assert_eq!(place(Some(&deep), "y").unwrap_err().field, "parent_id");
        assert_eq!(
            place(Some(&comment("x", MAX_DEPTH - 1)), "y").unwrap().1,
            MAX_DEPTH
        );
    }
}
