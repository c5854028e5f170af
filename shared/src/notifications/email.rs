//! Notification emails: one per notification of a type I take by email,
//! and one summary after quiet hours. Each carries a one-click unsubscribe
//! (RFC 8058: `List-Unsubscribe` with an HTTPS link this API answers, and
//! `List-Unsubscribe-Post`) for its type, signed so only that link works.

use crate::accounts::user::User;
use crate::adapters::mailer::Email;
use crate::notifications::model::{Channels, Kind};
use crate::platform::context::App;
use crate::platform::cursor::{Position, Scope};
use crate::platform::error::{Error, Result};

/// What an unsubscribe token turns off: one type, or every type's email.
const ALL: &str = "all";

fn unsubscribe_token(app: &App, user_id: &str, kind: Option<Kind>) -> String {
    let position = Position::from([
        ("user".into(), user_id.to_owned()),
        ("type".into(), kind.map_or(ALL, Kind::name).to_owned()),
    ]);
    app.cursors.seal(&Scope::Unsubscribe, &position)
}

/// The email, with its unsubscribe link in the text and, where the API's
/// URL is known, the one-click headers.
fn email(app: &App, to: &User, kind: Option<Kind>, subject: String, lines: &str) -> Email {
    let token = unsubscribe_token(app, &to.id, kind);
    let what = kind.map_or("these emails".to_owned(), |k| {
        format!("emails about {}", k.name().replace('_', " "))
    });
    let app_url = app.config.app_url.trim_end_matches('/');
    let text = format!(
        "Hi @{},\n\n{lines}\n\nOpen Kith: {app_url}/notifications\n\nStop {what}: {app_url}/unsubscribe?token={token}\n",
        to.username
    );
    let headers = match &app.config.api_url {
        Some(api) => vec![
            (
                "List-Unsubscribe".to_owned(),
                format!(
                    "<{}/v1/notifications/unsubscribe?token={token}>",
                    api.trim_end_matches('/')
                ),
            ),
            (
                "List-Unsubscribe-Post".to_owned(),
                "List-Unsubscribe=One-Click".to_owned(),
            ),
        ],
        None => Vec::new(),
    };
    Email {
        to: to.email.clone(),
        subject,
        text,
        headers,
    }
}

/// The recipient, if they may get email: an address they have verified.
pub async fn recipient(app: &App, user_id: &str) -> Result<Option<User>> {
    Ok(app.store.user(user_id).await?.filter(|u| u.email_verified))
}

/// A notification by email ("bob commented on your post").
pub async fn notify(app: &App, to: &User, kind: Kind, headline: String) -> Result<bool> {
    let email = email(
        app,
        to,
        Some(kind),
        headline.clone(),
        &format!("{headline}."),
    );
    app.mail(email).await
}

/// What quiet hours held, in one email.
pub async fn summary(app: &App, to: &User, count: u64) -> Result<bool> {
    let subject = match count {
        1 => "1 new notification while you were away".to_owned(),
        n => format!("{n} new notifications while you were away"),
    };
    let email = email(app, to, None, subject.clone(), &format!("{subject}."));
    app.mail(email).await
}

/// Turns off what an unsubscribe token names; which type (or `all`).
pub async fn unsubscribe(app: &App, token: &str) -> Result<String> {
    let position = app
        .cursors
        .open(&Scope::Unsubscribe, token)
        .ok_or_else(|| Error::BadRequest("the unsubscribe link is invalid".into()))?;
    let (Some(user_id), Some(kind)) = (position.get("user"), position.get("type")) else {
        return Err(Error::BadRequest("the unsubscribe link is invalid".into()));
    };
    let kinds: Vec<Kind> = match Kind::parse(kind) {
        Some(kind) => vec![kind],
        None => Kind::ALL.to_vec(),
    };
    let mut settings = app.store.notification_settings(user_id).await?;
    for kind in kinds {
        let channels = Channels {
            email: false,
            ..settings.channels(kind)
        };
        settings.set_channels(kind, channels);
    }
    app.store
        .put_notification_settings(user_id, &settings)
        .await?;
    Ok(kind.clone())
}
