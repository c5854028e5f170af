//! Reading, editing and deleting profiles.

use crate::accounts::model::check_username;
use crate::accounts::model::email_key;
use crate::accounts::model::username_key;
use crate::accounts::service::current_user;
use crate::accounts::service::password_bucket;
use crate::accounts::user::User;
use crate::media::model::Attachment;
use crate::media::model::Purpose;
use crate::platform::clock::now;
use crate::platform::context::App;
use crate::platform::crypto;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::events::{Event, UserDeleted};
use crate::platform::throttle;
use crate::profiles::model::ProfilePatch;

pub async fn update_me(app: &App, user_id: &str, patch: ProfilePatch) -> Result<User> {
    let patch = patch.normalized().map_err(Error::Validation)?;
    if patch.is_empty() {
        return current_user(app, user_id).await;
    }
    let avatar = match &patch.avatar_media_id {
        Some(Some(id)) => Some(Some(avatar(app, user_id, id).await?)),
        Some(None) => Some(None),
        None => None,
    };
    app.store
        .update_profile(user_id, &patch, avatar.as_ref().map(Option::as_ref), now())
        .await
}

/// My ready image uploaded for avatars, as the profile shows it.
async fn avatar(app: &App, me: &str, media_id: &str) -> Result<Attachment> {
    app.store
        .media(media_id)
        .await?
        .filter(|m| m.owner_id == me && m.purpose == Purpose::Avatar)
        .and_then(|m| Attachment::of(&m, None))
        .ok_or_else(|| {
            Error::validation(
                "avatar_media_id",
                "not a ready image of yours uploaded for avatars",
            )
        })
}

pub async fn profile(app: &App, username: &str) -> Result<User> {
    let not_found = || Error::NotFound(format!("no user named @{username}"));
    if check_username(username).is_err() {
        return Err(not_found());
    }
    app.store
        .user_by_username(&username_key(username))
        .await?
        .ok_or_else(not_found)
}

/// Deletes the account after re-checking the password (throttled like sign-in):
/// the profile item goes, the username and email are released at once, and
/// every session is revoked.
pub async fn delete_me(app: &App, user_id: &str, password: &str) -> Result<()> {
    let user = current_user(app, user_id).await?;
    let now = now().unix_timestamp();
    let bucket = [password_bucket(user_id)];
    let detail = "too many wrong passwords; try again later";
    throttle::reserve(app, &bucket, detail, now).await?;
    if !crypto::verify_password(password, Some(&user.password_hash)) {
        return Err(Error::validation("password", "the password is not correct"));
    }
    throttle::give_back(app, &bucket).await?;
    app.store
        .delete_user(
            &user,
            &username_key(&user.username),
            &email_key(&user.email),
            &Event::UserDeleted(UserDeleted {
                user_id: user.id.clone(),
            })
            .at(now),
        )
        .await?;
    app.store.revoke_all_sessions(user_id).await
}
