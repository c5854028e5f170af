//! Bookmarks: private, one item per (account, post), listed newest first
//! through GSI1.

use crate::engagement::keys;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::store::Store;
use crate::platform::store::condition_failed;
use crate::platform::store::db;
use crate::platform::store::encode;
use crate::platform::store::s;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bookmark {
    pub user_id: String,
    pub post_id: String,
    /// Epoch milliseconds.
    pub created_at: i64,
}

impl Store {
    /// Saves a bookmark; saving it again keeps the first one's time.
    pub async fn add_bookmark(&self, bookmark: &Bookmark) -> Result<()> {
        let mut item = encode(
            keys::bookmark(&bookmark.user_id, &bookmark.post_id),
            bookmark,
        )?;
        item.insert("GSI1PK".into(), s(keys::bookmarks_pk(&bookmark.user_id)));
        item.insert(
            "GSI1SK".into(),
            s(format!("{:013}#{}", bookmark.created_at, bookmark.post_id)),
        );
        // Listed under the post too, so a deleted post's bookmarks can be found.
        item.insert("GSI2PK".into(), s(keys::bookmarked_pk(&bookmark.post_id)));
        item.insert("GSI2SK".into(), s(&bookmark.user_id));
        let out = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match out {
            Err(err) if !condition_failed(&err) => Err(db("PutItem")(err)),
            _ => Ok(()),
        }
    }

    pub async fn remove_bookmark(&self, user_id: &str, post_id: &str) -> Result<()> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(keys::bookmark(user_id, post_id)))
            .send()
            .await
            .map_err(db("DeleteItem"))?;
        Ok(())
    }

    pub async fn bookmarks_page(
        &self,
        user_id: &str,
        limit: i32,
        after: Option<Position>,
    ) -> Result<(Vec<Bookmark>, Option<Position>)> {
        self.query_page(
            Some("GSI1"),
            "GSI1PK",
            keys::bookmarks_pk(user_id),
            limit,
            after,
        )
        .await
    }
}
