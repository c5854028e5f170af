//! Notification emails: one per notification of a type I take by email,
//! one summary after quiet hours, and the digest. Each carries a one-click
//! unsubscribe (RFC 8058: `List-Unsubscribe` with an HTTPS link this API
//! answers, and `List-Unsubscribe-Post`) for what it is, signed so only
//! that link works.

use crate::accounts::user::User;
use crate::adapters::mailer::Email;
use crate::notifications::model::{Channels, Digest, Kind, while_away};
use crate::platform::context::App;
use crate::platform::cursor::{Position, Scope};
use crate::platform::error::{Error, Result};

/// What an email's unsubscribe link turns off.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Topic {
    /// Emails about one type of notification.
    Kind(Kind),
    /// The digest.
    Digest,
    /// Every type's email.
    All,
}

impl Topic {
    fn name(self) -> &'static str {
        match self {
            Topic::Kind(kind) => kind.name(),
            Topic::Digest => "digest",
            Topic::All => "all",
        }
    }

    fn parse(name: &str) -> Option<Topic> {
        match name {
            "digest" => Some(Topic::Digest),
            "all" => Some(Topic::All),
            other => Kind::parse(other).map(Topic::Kind),
        }
    }

    fn describe(self) -> String {
        match self {
            Topic::Kind(kind) => format!("emails about {}", kind.name().replace('_', " ")),
            Topic::Digest => "the digest".to_owned(),
            Topic::All => "these emails".to_owned(),
        }
    }
}

fn unsubscribe_token(app: &App, user_id: &str, topic: Topic) -> String {
    let position = Position::from([
        ("user".into(), user_id.to_owned()),
        ("type".into(), topic.name().to_owned()),
    ]);
    app.cursors.seal(&Scope::Unsubscribe, &position)
}

/// The email, with its unsubscribe link in the text and, where the API's
/// URL is known, the one-click headers.
fn email(app: &App, to: &User, topic: Topic, subject: String, lines: &str) -> Email {
    let token = unsubscribe_token(app, &to.id, topic);
    let what = topic.describe();
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
        Topic::Kind(kind),
        headline.clone(),
        &format!("{headline}."),
    );
    app.mail(email).await
}

/// What quiet hours held, in one email.
pub async fn summary(app: &App, to: &User, count: u64) -> Result<bool> {
    let subject = while_away(count);
    let email = email(app, to, Topic::All, subject.clone(), &format!("{subject}."));
    app.mail(email).await
}

/// The digest: `count` unread notifications, the latest named by `headlines`.
pub async fn digest(app: &App, to: &User, count: u64, headlines: &[String]) -> Result<bool> {
    let subject = while_away(count);
    let mut lines: String = headlines.iter().map(|h| format!("- {h}\n")).collect();
    let more = count.saturating_sub(headlines.len() as u64);
    if more > 0 {
        lines.push_str(&format!("- and {more} more\n"));
    }
    let email = email(
        app,
        to,
        Topic::Digest,
        subject.clone(),
        &format!("{subject}:\n\n{lines}"),
    );
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
    let topic = Topic::parse(kind)
        .ok_or_else(|| Error::BadRequest("the unsubscribe link is invalid".into()))?;
    let kinds: Vec<Kind> = match topic {
        Topic::Kind(kind) => vec![kind],
        Topic::Digest => Vec::new(),
        Topic::All => Kind::ALL.to_vec(),
    };
    let mut settings = app.store.notification_settings(user_id).await?;
    if matches!(topic, Topic::Digest | Topic::All) {
        settings.digest = Digest::Off;
        app.store.cancel_digest(user_id).await?;
    }
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
