//! The policy's lookups: the viewer's relation to authors and standing in
//! communities, read with as few calls as the read path allows.

use super::model::ViewerRelation;
use crate::communities::model::{CommunityVisibility, Standing, may_read, may_take_part};
use crate::communities::service::standing;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::error::{Denied, Error, Result};

/// The viewer's relation to one author (one BatchGetItem).
pub async fn relation(app: &App, viewer: Option<&str>, author_id: &str) -> Result<ViewerRelation> {
    let Some(viewer) = viewer else {
        return Ok(ViewerRelation::default());
    };
    if viewer == author_id {
        return Ok(ViewerRelation {
            is_author: true,
            ..Default::default()
        });
    }
    let between = app.store.between(viewer, author_id).await?;
    Ok(ViewerRelation::among(
        between.relations(),
        viewer,
        author_id,
    ))
}

/// Whether `viewer` may read the posts of the community `community_id`.
pub async fn readable(app: &App, viewer: Option<&str>, community_id: &str) -> Result<bool> {
    let Some(community) = app.store.community(community_id).await? else {
        return Ok(false);
    };
    if community.visibility != CommunityVisibility::Private {
        return Ok(true); // no need to look the viewer up
    }
    let standing = standing(app, community_id, viewer).await?;
    Ok(may_read(community.visibility, standing))
}

/// Which of `community_ids` `viewer` may read (one BatchGetItem).
pub async fn readable_among(
    app: &App,
    viewer: Option<&str>,
    community_ids: &[&str],
) -> Result<Vec<String>> {
    let found = app
        .store
        .communities_with_standing(community_ids, viewer)
        .await?;
    let now = now_ms();
    Ok(found
        .communities
        .iter()
        .filter(|c| {
            let standing = Standing {
                role: found
                    .memberships
                    .iter()
                    .find(|m| m.community_id == c.id)
                    .map(|m| m.role),
                banned: found
                    .bans
                    .iter()
                    .any(|b| b.community_id == c.id && b.active(now)),
            };
            may_read(c.visibility, standing)
        })
        .map(|c| c.id.clone())
        .collect())
}

fn banned() -> Error {
    Error::denied(Denied::Banned, "you are banned from this community")
}

/// Refuses an account that may not post, comment or vote in the community.
pub async fn ensure_may_take_part(app: &App, me: &str, community_id: &str) -> Result<()> {
    let community = app
        .store
        .community(community_id)
        .await?
        .ok_or_else(|| Error::NotFound("no such community".into()))?;
    let standing = standing(app, community_id, Some(me)).await?;
    if standing.banned {
        return Err(banned());
    }
    if !may_take_part(community.visibility, standing) {
        return Err(Error::denied(
            Denied::MembersOnly,
            "only members take part in this community",
        ));
    }
    Ok(())
}

/// Refuses an edit in a community that banned the author (deleting stays allowed).
pub async fn ensure_not_banned(app: &App, me: &str, community_id: Option<&str>) -> Result<()> {
    let Some(community_id) = community_id else {
        return Ok(());
    };
    if standing(app, community_id, Some(me)).await?.banned {
        return Err(banned());
    }
    Ok(())
}
