//! The lists erasure walks beyond the features' own: what an account wrote
//! (GSI2 `OWNED#`) and who bookmarked a post (GSI2 `BOOKMARKED#`).

use crate::engagement::bookmark_store::Bookmark;
use crate::engagement::keys::bookmarked_pk;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::store::Store;
use crate::platform::store::keys::owned_pk;
use serde::Deserialize;

/// One thing an account wrote, as its index names it (`POST#<id>`, ...).
#[derive(Debug, Deserialize)]
pub struct Owned {
    #[serde(rename = "GSI2SK")]
    pub what: String,
}

/// A page of a list, and where the next one starts.
pub type Page<T> = (Vec<T>, Option<Position>);

pub const PAGE: i32 = 100;

impl Store {
    pub async fn owned_page(&self, user_id: &str, after: Option<Position>) -> Result<Page<Owned>> {
        self.query_page(Some("GSI2"), "GSI2PK", owned_pk(user_id), PAGE, after)
            .await
    }

    pub async fn bookmarked_page(
        &self,
        post_id: &str,
        after: Option<Position>,
    ) -> Result<Page<Bookmark>> {
        self.query_page(Some("GSI2"), "GSI2PK", bookmarked_pk(post_id), PAGE, after)
            .await
    }
}
