//! Communities: creating and joining them, their roles, and every moderator
//! action — each checked against the acting account's role in *that*
//! community, and written to the public mod log with a `mod.action` event in
//! the action's own transaction.

use crate::accounts::user::User;
use crate::communities::model as community;
use crate::communities::model::Community;
use crate::communities::model::CommunityVisibility;
use crate::communities::model::Membership;
use crate::communities::model::Role;
use crate::communities::model::Standing;
use crate::communities::model::may_read;
use crate::communities::store::CommunityList;
use crate::communities::store::JoinRequest;
use crate::communities::store::ModLogEntry;
use crate::platform::clock::now;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Denied, Error};
use crate::platform::events::Envelope;
use crate::platform::events::{Event, ModAction};
use crate::platform::ids::CommunityId;
use crate::platform::ids::distinct;

pub struct NewCommunity {
    pub name: String,
    pub description: String,
    pub rules: Vec<String>,
    pub visibility: CommunityVisibility,
}

fn banned() -> Error {
    Error::denied(Denied::Banned, "you are banned from this community")
}

fn no_such(name: &str) -> Error {
    Error::NotFound(format!("no community named {name}"))
}

/// A community with the viewer's standing in it.
pub struct Seen {
    pub community: Community,
    pub standing: Standing,
}

impl Seen {
    /// The viewer's role in the community, if a member.
    pub fn role(&self) -> Option<Role> {
        self.standing.role
    }
}

/// The viewer's standing in a community (one BatchGetItem).
pub async fn standing(app: &App, community_id: &str, viewer: Option<&str>) -> Result<Standing> {
    let Some(viewer) = viewer else {
        return Ok(Standing::default());
    };
    let (membership, ban) = app.store.community_standing(community_id, viewer).await?;
    Ok(Standing {
        role: membership.map(|m| m.role),
        banned: ban.is_some_and(|b| b.active(now_ms())),
    })
}

/// The community by name (whoever may see it) and the viewer's standing.
async fn by_name(app: &App, viewer: Option<&str>, name: &str) -> Result<(Community, Standing)> {
    let key = community::check_name(name).map_err(|_| no_such(name))?;
    let community = app
        .store
        .community_by_name(&key)
        .await?
        .ok_or_else(|| no_such(name))?;
    let standing = standing(app, &community.id, viewer).await?;
    Ok((community, standing))
}

/// The community by name with the viewer's standing, if the viewer may see
/// it: a private community is a 404 to non-members, like a missing one.
pub async fn seen(app: &App, viewer: Option<&str>, name: &str) -> Result<Seen> {
    let (community, standing) = by_name(app, viewer, name).await?;
    if !may_read(community.visibility, standing) {
        return Err(no_such(name));
    }
    Ok(Seen {
        community,
        standing,
    })
}

pub async fn create(app: &App, me: &str, new: NewCommunity) -> Result<Community> {
    let mut errors = Vec::new();
    let name_key = community::check_name(&new.name)
        .map_err(|e| errors.push(e))
        .ok();
    let about = community::check_about(&new.description, &new.rules)
        .map_err(|e| errors.extend(e))
        .ok();
    let (Some(name_key), Some((description, rules))) = (name_key, about) else {
        return Err(Error::Validation(errors));
    };
    let community = Community {
        id: CommunityId::generate().into(),
        name: new.name,
        description,
        rules,
        visibility: new.visibility,
        owner_id: me.to_owned(),
        members_count: 1,
        pinned: Vec::new(),
        created_at: now(),
    };
    let owner = Membership {
        community_id: community.id.clone(),
        user_id: me.to_owned(),
        role: Role::Owner,
        joined_at: now_ms(),
    };
    if !app
        .store
        .create_community(&community, &name_key, &owner)
        .await?
    {
        return Err(Error::conflict(
            Clash::Taken,
            "name",
            "a community with this name exists",
        ));
    }
    Ok(community)
}

/// What joining did.
#[derive(Debug, PartialEq, Eq)]
pub enum Joined {
    Member,
    /// A private community: the moderators decide.
    Requested,
}

/// Joins (public, restricted) or asks to join (private); idempotent. A
/// private community's name is enough to ask.
pub async fn join(app: &App, me: &str, name: &str) -> Result<Joined> {
    let (community, standing) = by_name(app, Some(me), name).await?;
    if standing.banned {
        return Err(banned());
    }
    if standing.role.is_some() {
        return Ok(Joined::Member);
    }
    if community.visibility == CommunityVisibility::Private {
        let request = JoinRequest {
            community_id: community.id,
            user_id: me.to_owned(),
            created_at: now_ms(),
        };
        app.store.request_to_join(&request).await?;
        return Ok(Joined::Requested);
    }
    let membership = Membership {
        community_id: community.id,
        user_id: me.to_owned(),
        role: Role::Member,
        joined_at: now_ms(),
    };
    app.store.join_community(&membership).await?;
    Ok(Joined::Member)
}

/// Leaves; idempotent. The owner hands the community over first.
pub async fn leave(app: &App, me: &str, name: &str) -> Result<()> {
    let seen = seen(app, Some(me), name).await?;
    match seen.role() {
        None => Ok(()),
        Some(Role::Owner) => Err(Error::clash(
            Clash::OwnerCannotLeave,
            "the owner cannot leave; transfer ownership first",
        )),
        Some(_) => {
            app.store.leave_community(&seen.community.id, me).await?;
            Ok(())
        }
    }
}

/// The community, if `me` moderates it; 403 otherwise (also for moderators
/// of other communities).
pub async fn moderated(app: &App, me: &str, name: &str) -> Result<Seen> {
    let seen = seen(app, Some(me), name).await?;
    if !seen.role().is_some_and(Role::moderates) {
        return Err(Error::denied(
            Denied::NotAModerator,
            "only this community's moderators can do this",
        ));
    }
    Ok(seen)
}

/// Whether `me` moderates the community `name`.
pub async fn moderates(app: &App, me: &str, name: &str) -> Result<bool> {
    Ok(seen(app, Some(me), name)
        .await?
        .role()
        .is_some_and(Role::moderates))
}

/// A mod-log entry and its `mod.action` event.
pub fn logged(
    community: &Community,
    me: &str,
    action: &str,
    target: String,
    reason: Option<String>,
) -> (ModLogEntry, Envelope) {
    let entry = ModLogEntry {
        id: ulid::Ulid::generate().to_string(),
        community_id: community.id.clone(),
        moderator_id: me.to_owned(),
        action: action.to_owned(),
        target,
        reason,
        created_at: now_ms(),
    };
    let event = Event::ModAction(ModAction {
        entry_id: entry.id.clone(),
        community_id: entry.community_id.clone(),
        moderator_id: me.to_owned(),
        action: action.to_owned(),
        target: entry.target.clone(),
        reason: entry.reason.clone(),
    })
    .at(entry.created_at / 1000);
    (entry, event)
}

pub fn changed() -> Error {
    Error::clash(
        Clash::Changed,
        "this changed meanwhile; reload and try again",
    )
}

/// A page of members, join requests or bans, with their accounts.
pub async fn list<T, F>(
    app: &App,
    me: Option<&str>,
    name: &str,
    list: CommunityList,
    limit: i32,
    after: Option<Position>,
    user_of: F,
) -> Result<(Vec<(T, User)>, Option<Position>)>
where
    T: serde::de::DeserializeOwned,
    F: Fn(&T) -> &str,
{
    let seen = match (list, me) {
        (CommunityList::Members, _) => seen(app, me, name).await?,
        (_, Some(me)) => moderated(app, me, name).await?,
        (_, None) => return Err(Error::Unauthorized("sign in".into())),
    };
    let (items, next) = app
        .store
        .community_list_page::<T>(list, &seen.community.id, limit, after)
        .await?;
    let ids = distinct(items.iter().map(&user_of));
    let users = app.store.users(&ids).await?;
    let rows = items
        .into_iter()
        .filter_map(|item| {
            let user = users.iter().find(|u| u.id == user_of(&item))?.clone();
            Some((item, user))
        })
        .collect();
    Ok((rows, next))
}

/// The communities I belong to, newest first, with my role.
pub async fn mine(
    app: &App,
    me: &str,
    limit: i32,
    after: Option<Position>,
) -> Result<(Vec<(Community, Role)>, Option<Position>)> {
    let (memberships, next) = app.store.memberships_page(me, limit, after).await?;
    let ids: Vec<&str> = memberships
        .iter()
        .map(|m| m.community_id.as_str())
        .collect();
    let communities = app
        .store
        .communities_with_standing(&ids, None)
        .await?
        .communities;
    let rows = memberships
        .iter()
        .filter_map(|m| {
            let community = communities.iter().find(|c| c.id == m.community_id)?.clone();
            Some((community, m.role))
        })
        .collect();
    Ok((rows, next))
}
