//! The policy's lookups: the viewer's relation to authors and standing in
//! communities, read with as few calls as the read path allows.

use super::model::ViewerRelation;
use crate::communities::model::{CommunityVisibility, Standing, may_read, may_take_part};
use crate::communities::service::standing;
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
    let (communities, memberships) = app
        .store
        .communities_with_memberships(community_ids, viewer)
        .await?;
    Ok(communities
        .into_iter()
        .filter(|c| {
            let role = memberships
                .iter()
                .find(|m| m.community_id == c.id)
                .map(|m| m.role);
            may_read(
                c.visibility,
                Standing {
                    role,
                    banned: false,
                },
            )
        })
        .map(|c| c.id)
        .collect())
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
        return Err(Error::denied(
            Denied::Banned,
            "you are banned from this community",
        ));
    }
    if !may_take_part(community.visibility, standing) {
        return Err(Error::denied(
            Denied::MembersOnly,
            "only members take part in this community",
        ));
    }
    Ok(())
}
