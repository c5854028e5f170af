//! Conversations: starting one (a pair's one direct conversation, or a
//! group), members and roles, the inbox and request inbox, per-member
//! settings, read state, and who may message whom.

use crate::accounts::user::User;
use crate::messaging::keys;
use crate::messaging::model::{
    self, Conversation, GROUP_MAX, Kind, Membership, Role, Settings, Status, arrival, pair,
};
use crate::messaging::store::{Committed, Writes};
use crate::platform::clock::{RACE_ATTEMPTS, back_off, now, now_ms};
use crate::platform::context::App;
use crate::platform::cursor::Position;
use crate::platform::error::{Clash, Denied, Error, FieldError, Result};
use crate::platform::events::{ConversationRead, Envelope, Event, MemberChanged};
use crate::platform::ids::distinct;
use crate::profiles::service::profile;

pub(crate) fn not_found(id: &str) -> Error {
    Error::NotFound(format!("no conversation {id}"))
}

pub(crate) fn at_now(event: Event) -> Envelope {
    event.at(now().unix_timestamp())
}

fn member_event(make: fn(MemberChanged) -> Event, c: &str, user: &str, actor: &str) -> Envelope {
    at_now(make(MemberChanged {
        conversation_id: c.to_owned(),
        user_id: user.to_owned(),
        actor_id: actor.to_owned(),
    }))
}

/// An optional input, checked when given.
fn checked<T, U>(value: Option<T>, check: fn(T) -> Result<U, FieldError>) -> Result<Option<U>> {
    value
        .map(check)
        .transpose()
        .map_err(|e| Error::Validation(vec![e]))
}

pub(crate) fn lost_race() -> Error {
    Error::clash(Clash::Changed, "the conversation kept changing; try again")
}

/// `me`'s membership of conversation `id` with the conversation; 404 for
/// anyone who is not a member, so outsiders cannot learn it exists.
pub async fn membership(app: &App, me: &str, id: &str) -> Result<(Conversation, Membership)> {
    match app.store.conversation_for(id, me).await? {
        (Some(c), Some(m)) => Ok((c, m)),
        _ => Err(not_found(id)),
    }
}

/// Refuses when a block stands between `me` and any of `others`.
pub(crate) async fn ensure_no_blocks(app: &App, me: &str, others: &[&str]) -> Result<()> {
    if others.is_empty() || app.store.blocked_among(me, others).await?.is_empty() {
        return Ok(());
    }
    Err(Error::denied(
        Denied::Blocked,
        "a block stands between you and this account",
    ))
}

/// Where a conversation `starter` begins lands for each of `recipients`:
/// their inbox if their setting lets `starter` in, else their requests.
async fn arrivals(app: &App, starter: &str, recipients: &[&str]) -> Result<Vec<Status>> {
    let settings = app.store.messaging_settings_of(recipients).await?;
    let followers = app.store.who_follow(recipients, starter).await?;
    Ok(settings
        .iter()
        .map(|(user, s)| arrival(s, followers.contains(user)))
        .collect())
}

/// What a client asks for when it starts a conversation.
pub struct Start {
    /// The other members' usernames.
    pub members: Vec<String>,
    pub title: Option<String>,
}

/// Starts a conversation: one other account and no title is the pair's one
/// direct conversation (found if it exists: `false`), anything else a new
/// group with `me` as its owner.
pub async fn start(app: &App, me: &str, start: Start) -> Result<(String, bool)> {
    let title = checked(start.title.as_deref(), model::check_title)?;
    let usernames = distinct(start.members.iter().map(String::as_str));
    if usernames.is_empty() || usernames.len() >= GROUP_MAX {
        return Err(Error::validation(
            "members",
            format!("name 1 to {} other accounts", GROUP_MAX - 1),
        ));
    }
    let mut others: Vec<User> = Vec::with_capacity(usernames.len());
    for username in usernames {
        let user = profile(app, username)
            .await
            .map_err(|_| Error::validation("members", format!("no user named @{username}")))?;
        if user.id == me {
            return Err(Error::validation(
                "members",
                "name the others, not yourself",
            ));
        }
        others.push(user);
    }
    let ids: Vec<&str> = others.iter().map(|u| u.id.as_str()).collect();
    ensure_no_blocks(app, me, &ids).await?;
    let kind = if ids.len() == 1 && title.is_none() {
        Kind::Direct
    } else {
        Kind::Group
    };
    let direct = (kind == Kind::Direct).then(|| pair(me, ids[0]));
    if let Some(pair) = &direct
        && let Some(existing) = app.store.direct_conversation(pair).await?
    {
        return Ok((existing, false));
    }
    let mut conversation = Conversation {
        id: ulid::Ulid::generate().to_string(),
        kind,
        title,
        created_by: me.to_owned(),
        created_at: now_ms(),
        seq: 0,
        disappearing_secs: None,
        member_count: ids.len() + 1,
        rev: 0,
    };
    let statuses = arrivals(app, me, &ids).await?;
    let mut writes = Writes::default();
    let creator_role = if kind == Kind::Group {
        Role::Owner
    } else {
        Role::Member
    };
    let mut mine = Membership::new(&conversation, me, creator_role, Status::Active);
    mine.peer_id = direct.as_ref().map(|_| ids[0].to_owned());
    writes.membership(&app.store, &mut mine);
    for (id, status) in ids.iter().zip(statuses) {
        let mut member = Membership::new(&conversation, id, Role::Member, status);
        member.peer_id = direct.as_ref().map(|_| me.to_owned());
        writes.membership(&app.store, &mut member);
        writes.event(
            &app.store,
            &member_event(Event::MemberAdded, &conversation.id, id, me),
        );
    }
    if let Some(pair) = &direct {
        writes.direct(&app.store, pair, &conversation.id);
    }
    writes.conversation(&app.store, &mut conversation);
    match app.store.commit(writes).await? {
        Committed::Done => Ok((conversation.id, true)),
        Committed::DirectExists(existing) => Ok((existing, false)),
        Committed::Raced | Committed::Replayed(_) | Committed::MediaTaken => Err(lost_race()),
    }
}

/// One page of my inbox (`requests`: my request inbox).
pub async fn boxed(
    app: &App,
    me: &str,
    requests: bool,
    limit: i32,
    after: Option<Position>,
) -> Result<(Vec<Membership>, Option<Position>)> {
    let status = if requests {
        Status::Request
    } else {
        Status::Active
    };
    let pk = keys::box_pk(status, me).ok_or_else(|| Error::bug("a box has a key"))?;
    app.store.box_page(pk, limit, after).await
}

/// Unread messages and conversations in my inbox (muted ones not counted),
/// and how many requests wait.
pub struct Unread {
    pub messages: u64,
    pub conversations: u64,
    pub requests: u64,
}

pub async fn unread(app: &App, me: &str) -> Result<Unread> {
    let inbox = keys::box_pk(Status::Active, me).ok_or_else(|| Error::bug("inbox key"))?;
    let requests = keys::box_pk(Status::Request, me).ok_or_else(|| Error::bug("requests key"))?;
    let now = now().unix_timestamp();
    let counted: Vec<u64> = app
        .store
        .whole_box(inbox)
        .await?
        .iter()
        .filter(|m| !m.muted)
        .map(|m| m.visible_unread(now))
        .filter(|&n| n > 0)
        .collect();
    Ok(Unread {
        messages: counted.iter().sum(),
        conversations: counted.len() as u64,
        requests: app.store.whole_box(requests).await?.len() as u64,
    })
}

/// A conversation with its members, for one of them.
pub async fn whole(app: &App, me: &str, id: &str) -> Result<(Conversation, Vec<Membership>)> {
    let (conversation, members) = app
        .store
        .conversation_whole(id)
        .await?
        .ok_or_else(|| not_found(id))?;
    if !members.iter().any(|m| m.user_id == me) {
        return Err(not_found(id));
    }
    Ok((conversation, members))
}

/// Reads, changes and writes my membership, retrying when it changed meanwhile.
async fn change_mine(
    app: &App,
    me: &str,
    id: &str,
    change: impl Fn(&mut Membership) -> Result<Option<Envelope>>,
) -> Result<Membership> {
    for attempt in 0..RACE_ATTEMPTS {
        let (_, mut mine) = membership(app, me, id).await?;
        let before = mine.clone();
        let event = change(&mut mine)?;
        if mine == before {
            return Ok(mine);
        }
        let mut writes = Writes::default();
        writes.membership(&app.store, &mut mine);
        if let Some(event) = &event {
            writes.event(&app.store, event);
        }
        if let Committed::Done = app.store.commit(writes).await? {
            return Ok(mine);
        }
        back_off(attempt).await;
    }
    Err(lost_race())
}

/// Mutes or pins the conversation for me (synced to all my devices).
pub async fn set_mine(
    app: &App,
    me: &str,
    id: &str,
    muted: Option<bool>,
    pinned: Option<bool>,
) -> Result<Membership> {
    change_mine(app, me, id, |m| {
        m.muted = muted.unwrap_or(m.muted);
        m.pinned = pinned.unwrap_or(m.pinned);
        Ok(None)
    })
    .await
}

/// Accepts a request (it moves to my inbox) or declines it (hidden; new
/// messages do not bring it back, and the sender is not told).
pub async fn answer_request(app: &App, me: &str, id: &str, accept: bool) -> Result<()> {
    change_mine(app, me, id, |m| {
        match (m.status, accept) {
            (Status::Request, true) => m.status = Status::Active,
            (Status::Request, false) => m.status = Status::Declined,
            (Status::Active, true) | (Status::Declined, false) => {}
            (Status::Active, false) | (Status::Declined, true) => {
                return Err(Error::NotFound(format!("no message request {id}")));
            }
        }
        Ok(None)
    })
    .await?;
    Ok(())
}

/// Moves my read marker forward to `message_id` (never back).
pub async fn read_up_to(app: &App, me: &str, id: &str, message_id: &str) -> Result<Membership> {
    let (_, mine) = membership(app, me, id).await?;
    let message = app
        .store
        .message(id, message_id)
        .await?
        .filter(|m| m.shown_to(me, mine.joined_seq, now().unix_timestamp()))
        .ok_or_else(|| Error::validation("message_id", "no such message in this conversation"))?;
    let public = app.store.messaging_settings(me).await?.read_receipts;
    change_mine(app, me, id, |m| {
        if message.seq <= m.read_seq {
            return Ok(None);
        }
        m.read_seq = message.seq;
        m.read_message_id = Some(message.id.clone());
        m.receipt_public = public;
        Ok(Some(at_now(Event::ConversationRead(ConversationRead {
            conversation_id: id.to_owned(),
            user_id: me.to_owned(),
            message_id: message.id.clone(),
            seq: message.seq,
            public,
        }))))
    })
    .await
}

/// What a manager may change about a conversation.
pub struct Changes {
    pub title: Option<String>,
    /// `Some(None)` turns the timer off.
    pub disappearing_secs: Option<Option<i64>>,
}

/// Renames a group or sets the disappearing timer: a group's managers, or
/// either member of a direct conversation (which has no title).
pub async fn change(app: &App, me: &str, id: &str, changes: Changes) -> Result<Conversation> {
    let title = checked(changes.title.as_deref(), model::check_title)?;
    let timer = checked(changes.disappearing_secs, model::check_timer)?;
    for attempt in 0..RACE_ATTEMPTS {
        let (mut conversation, mine) = membership(app, me, id).await?;
        match conversation.kind {
            Kind::Group if !mine.manages() => {
                return Err(Error::denied(
                    Denied::NotAConversationAdmin,
                    "only the group's owner and admins change it",
                ));
            }
            Kind::Direct if title.is_some() => {
                return Err(Error::validation(
                    "title",
                    "direct conversations have no title",
                ));
            }
            _ => {}
        }
        if let Some(title) = &title {
            conversation.title = Some(title.clone());
        }
        if let Some(timer) = timer {
            conversation.disappearing_secs = timer;
        }
        let mut writes = Writes::default();
        writes.conversation(&app.store, &mut conversation);
        writes.event(
            &app.store,
            &member_event(Event::ConversationUpdated, id, me, me),
        );
        if let Committed::Done = app.store.commit(writes).await? {
            return Ok(conversation);
        }
        back_off(attempt).await;
    }
    Err(lost_race())
}

/// Adds `username` to a group I manage. Where it lands for them follows
/// their setting, as for a new conversation. Idempotent.
pub async fn add_member(app: &App, me: &str, id: &str, username: &str) -> Result<()> {
    let user = profile(app, username).await?;
    for attempt in 0..RACE_ATTEMPTS {
        let (mut conversation, members) = whole(app, me, id).await?;
        let mine = members
            .iter()
            .find(|m| m.user_id == me)
            .expect("whole() checked");
        if conversation.kind == Kind::Direct {
            return Err(Error::validation(
                "username",
                "a direct conversation has two members; start a group instead",
            ));
        }
        if !mine.manages() {
            return Err(Error::denied(
                Denied::NotAConversationAdmin,
                "only the group's owner and admins add members",
            ));
        }
        if members.iter().any(|m| m.user_id == user.id) {
            return Ok(());
        }
        if members.len() >= GROUP_MAX {
            return Err(Error::clash(
                Clash::ConversationFull,
                format!("a group has at most {GROUP_MAX} members"),
            ));
        }
        ensure_no_blocks(app, me, &[user.id.as_str()]).await?;
        let status = arrivals(app, me, &[user.id.as_str()]).await?[0];
        let mut member = Membership::new(&conversation, &user.id, Role::Member, status);
        conversation.member_count = members.len() + 1;
        let mut writes = Writes::default();
        writes
            .conversation(&app.store, &mut conversation)
            .membership(&app.store, &mut member)
            .event(
                &app.store,
                &member_event(Event::MemberAdded, id, &user.id, me),
            );
        if let Committed::Done = app.store.commit(writes).await? {
            return Ok(());
        }
        back_off(attempt).await;
    }
    Err(lost_race())
}

/// Removes `username` from a group: themself (leaving; an owner hands the
/// group to its longest-standing admin, else member), or by a manager (an
/// admin removes members, the owner anyone). Idempotent.
pub async fn remove_member(app: &App, me: &str, id: &str, username: &str) -> Result<()> {
    let user = profile(app, username).await?;
    remove(app, me, id, &user.id, false).await
}

/// Takes an erased account out of a conversation, direct ones too (the pair's
/// guard goes with it, so nothing names the account). Idempotent.
pub async fn erase_member(app: &App, user_id: &str, id: &str) -> Result<()> {
    match app.store.conversation_whole(id).await? {
        Some((_, members)) if members.iter().any(|m| m.user_id == user_id) => {
            remove(app, user_id, id, user_id, true).await
        }
        _ => Ok(()),
    }
}

async fn remove(app: &App, me: &str, id: &str, user_id: &str, erasing: bool) -> Result<()> {
    for attempt in 0..RACE_ATTEMPTS {
        let (mut conversation, members) = whole(app, me, id).await?;
        let mine = members
            .iter()
            .find(|m| m.user_id == me)
            .expect("whole() checked");
        if conversation.kind == Kind::Direct && !erasing {
            return Err(Error::validation(
                "username",
                "nobody leaves a direct conversation; decline, mute or block instead",
            ));
        }
        let Some(target) = members.iter().find(|m| m.user_id == user_id) else {
            return Ok(());
        };
        let allowed = user_id == me
            || (mine.role == Role::Owner)
            || (mine.role == Role::Admin && target.role == Role::Member);
        if !allowed {
            return Err(Error::denied(
                Denied::NotAConversationAdmin,
                "only the group's owner removes admins, and admins remove members",
            ));
        }
        let mut writes = Writes::default();
        writes.drop_membership(&app.store, target);
        if target.role == Role::Owner
            && let Some(heir) = members
                .iter()
                .filter(|m| m.user_id != target.user_id)
                .max_by_key(|m| (m.role, std::cmp::Reverse(m.joined_seq)))
        {
            let mut heir = heir.clone();
            heir.role = Role::Owner;
            writes.membership(&app.store, &mut heir);
        }
        conversation.member_count = members.len() - 1;
        writes.conversation(&app.store, &mut conversation).event(
            &app.store,
            &member_event(Event::MemberRemoved, id, user_id, me),
        );
        if let Committed::Done = app.store.commit(writes).await? {
            if let Some(peer) = &target.peer_id {
                app.store.forget_direct(&pair(user_id, peer)).await?;
            }
            return Ok(());
        }
        back_off(attempt).await;
    }
    Err(lost_race())
}

pub async fn settings(app: &App, me: &str) -> Result<Settings> {
    app.store.messaging_settings(me).await
}

pub async fn set_settings(app: &App, me: &str, settings: &Settings) -> Result<()> {
    app.store.put_messaging_settings(me, settings).await
}
