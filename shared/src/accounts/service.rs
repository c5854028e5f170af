//! Registration, sign-in and the credential life cycle.

use crate::accounts::model as account;
use crate::accounts::model::check_email;
use crate::accounts::model::check_password;
use crate::accounts::model::check_username;
use crate::accounts::model::email_key;
use crate::accounts::model::username_key;
use crate::accounts::sessions::RefreshToken;
use crate::accounts::sessions::Rotation;
use crate::accounts::sessions::Session;
use crate::accounts::tokens::OneTimeToken;
use crate::accounts::tokens::TokenPurpose;
use crate::accounts::user::User;
use crate::adapters::mailer::Email;
use crate::platform::clock::now;
use crate::platform::context::App;
use crate::platform::crypto;
use crate::platform::error::Result;
use crate::platform::error::{Clash, Error};
use crate::platform::throttle;
use crate::platform::throttle::Policy;

/// Refresh tokens (and so sessions) last a week from their last rotation.
pub const REFRESH_TOKEN_TTL_SECS: i64 = 7 * 24 * 3600;
/// Verification and reset links are valid for an hour.
pub const ONE_TIME_TOKEN_TTL_SECS: i64 = 3600;

/// What a successful sign-in or refresh returns.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub user_id: String,
    pub access_token: String,
    pub refresh_token: String,
}

pub async fn register(app: &App, username: &str, email: &str, password: &str) -> Result<User> {
    let email = email.trim();
    let errors = account::collect([
        check_username(username),
        check_email(email),
        check_password("password", password),
    ]);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let now = now();
    let user = User::new(username, email, crypto::hash_password(password)?, now);
    let (secret, token) = one_time_token(&user, TokenPurpose::VerifyEmail);
    app.store
        .create_user(&user, &username_key(username), &email_key(email), &token)
        .await?;
    send_link(app, &user, TokenPurpose::VerifyEmail, &secret).await;
    Ok(user)
}

/// Signs in with a username or an email. Failures are counted per account and
/// per client IP; past the limit the answer is 429 until the window closes.
pub async fn login(
    app: &App,
    username_or_email: &str,
    password: &str,
    client_ip: &str,
) -> Result<Tokens> {
    let now = now().unix_timestamp();
    let ip_bucket = format!("ip#{client_ip}");
    ensure_not_throttled(app, &ip_bucket, &throttle::PER_CLIENT_IP, now).await?;

    let user = find_by_login(app, username_or_email).await?;
    let account_bucket = user.as_ref().map(|u| account_bucket(&u.id));
    if let Some(bucket) = &account_bucket {
        ensure_not_throttled(app, bucket, &throttle::PER_ACCOUNT, now).await?;
    }
    let user = match user {
        Some(user) if crypto::verify_password(password, Some(&user.password_hash)) => user,
        other => {
            // Burn the same time whether or not the account exists.
            if other.is_none() {
                crypto::verify_password(password, None);
            }
            app.store
                .record_failure(&ip_bucket, &throttle::PER_CLIENT_IP, now)
                .await?;
            if let Some(bucket) = &account_bucket {
                app.store
                    .record_failure(bucket, &throttle::PER_ACCOUNT, now)
                    .await?;
            }
            return Err(Error::Unauthorized(
                "invalid username/email or password".into(),
            ));
        }
    };
    if let Some(bucket) = &account_bucket {
        app.store.clear_throttle(bucket).await?;
    }
    start_session(app, &user.id, now).await
}

/// The throttle bucket of password attempts against one account.
pub(crate) fn account_bucket(user_id: &str) -> String {
    format!("account#{user_id}")
}

async fn find_by_login(app: &App, username_or_email: &str) -> Result<Option<User>> {
    let login = username_or_email.trim();
    if login.contains('@') {
        app.store.user_by_email(&email_key(login)).await
    } else if check_username(login).is_ok() {
        app.store.user_by_username(&username_key(login)).await
    } else {
        Ok(None)
    }
}

pub(crate) async fn ensure_not_throttled(
    app: &App,
    bucket: &str,
    policy: &Policy,
    now: i64,
) -> Result<()> {
    let window = app.store.throttle_window(bucket).await?;
    match policy.retry_after(window.as_ref(), now) {
        Some(retry_after_secs) => Err(Error::RateLimited {
            detail: "too many failed password attempts; try again later".into(),
            retry_after_secs,
        }),
        None => Ok(()),
    }
}

async fn start_session(app: &App, user_id: &str, now: i64) -> Result<Tokens> {
    let session = Session {
        family_id: ulid::Ulid::generate().to_string(),
        user_id: user_id.to_owned(),
        created_at: now,
        expires_at: now + REFRESH_TOKEN_TTL_SECS,
    };
    let refresh = RefreshToken {
        user_id: user_id.to_owned(),
        family_id: session.family_id.clone(),
        expires_at: session.expires_at,
        rotated_at: None,
    };
    let secret = crypto::secret_token();
    app.store
        .start_session(&session, &crypto::token_digest(&secret), &refresh)
        .await?;
    tokens(app, user_id, secret, now)
}

fn tokens(app: &App, user_id: &str, refresh_token: String, now: i64) -> Result<Tokens> {
    Ok(Tokens {
        user_id: user_id.to_owned(),
        access_token: app.tokens.issue(user_id, now)?,
        refresh_token,
    })
}

/// Exchanges a refresh token for a new pair. A token is good for one exchange:
/// presenting it again revokes its whole session, since one of the two holders
/// must be a thief.
pub async fn refresh(app: &App, refresh_token: &str) -> Result<Tokens> {
    let now = now().unix_timestamp();
    let invalid = || Error::Unauthorized("invalid or expired refresh token".into());
    let digest = crypto::token_digest(refresh_token);
    let old = app
        .store
        .refresh_token(&digest)
        .await?
        .ok_or_else(invalid)?;
    if old.expires_at <= now {
        return Err(invalid());
    }
    let reused = || async {
        app.store
            .revoke_session(&old.user_id, &old.family_id)
            .await?;
        Err(Error::Unauthorized(
            "refresh token reuse detected; the session has been revoked".into(),
        ))
    };
    if old.rotated_at.is_some() {
        return reused().await;
    }
    let secret = crypto::secret_token();
    let new = RefreshToken {
        expires_at: now + REFRESH_TOKEN_TTL_SECS,
        rotated_at: None,
        ..old.clone()
    };
    match app
        .store
        .rotate_refresh(&digest, &old, &crypto::token_digest(&secret), &new, now)
        .await?
    {
        Rotation::Rotated => tokens(app, &old.user_id, secret, now),
        Rotation::Reused => reused().await,
        Rotation::Revoked => Err(invalid()),
    }
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored:
/// logging out is idempotent.
pub async fn logout(app: &App, refresh_token: &str) -> Result<()> {
    if let Some(token) = app
        .store
        .refresh_token(&crypto::token_digest(refresh_token))
        .await?
    {
        app.store
            .revoke_session(&token.user_id, &token.family_id)
            .await?;
    }
    Ok(())
}

pub async fn verify_email(app: &App, token: &str) -> Result<()> {
    let token = live_token(app, token, TokenPurpose::VerifyEmail).await?;
    app.store.verify_email(&token).await
}

/// Sends a fresh verification link to a signed-in user whose email is unverified.
pub async fn resend_verification(app: &App, user: &User) -> Result<()> {
    if user.email_verified {
        return Err(Error::conflict(
            Clash::AlreadyVerified,
            "email",
            "the email address is already verified",
        ));
    }
    issue_link(app, user, TokenPurpose::VerifyEmail).await
}

/// Emails a reset link when the address belongs to an account. The caller
/// answers the same either way, so this cannot be used to probe for accounts.
pub async fn forgot_password(app: &App, email: &str) -> Result<()> {
    check_email(email.trim()).map_err(|e| Error::Validation(vec![e]))?;
    if let Some(user) = app.store.user_by_email(&email_key(email)).await? {
        issue_link(app, &user, TokenPurpose::ResetPassword).await?;
    }
    Ok(())
}

/// Sets a new password with a reset token and signs out every session.
pub async fn reset_password(app: &App, token: &str, new_password: &str) -> Result<()> {
    check_password("new_password", new_password).map_err(|e| Error::Validation(vec![e]))?;
    let token = live_token(app, token, TokenPurpose::ResetPassword).await?;
    app.store
        .reset_password(&token, &crypto::hash_password(new_password)?)
        .await?;
    app.store.revoke_all_sessions(&token.user_id).await?;
    app.store
        .clear_throttle(&account_bucket(&token.user_id))
        .await
}

async fn live_token(app: &App, secret: &str, purpose: TokenPurpose) -> Result<OneTimeToken> {
    app.store
        .token(
            &crypto::token_digest(secret),
            purpose,
            now().unix_timestamp(),
        )
        .await?
        .ok_or_else(|| Error::BadRequest("the token is invalid, expired or already used".into()))
}

fn one_time_token(user: &User, purpose: TokenPurpose) -> (String, OneTimeToken) {
    let secret = crypto::secret_token();
    let token = OneTimeToken {
        digest: crypto::token_digest(&secret),
        purpose,
        user_id: user.id.clone(),
        email: user.email.clone(),
        expires_at: now().unix_timestamp() + ONE_TIME_TOKEN_TTL_SECS,
    };
    (secret, token)
}

async fn issue_link(app: &App, user: &User, purpose: TokenPurpose) -> Result<()> {
    let (secret, token) = one_time_token(user, purpose);
    app.store.put_token(&token).await?;
    send_link(app, user, purpose, &secret).await;
    Ok(())
}

/// Emails the link that carries `secret`. A failed send is logged, not
/// returned: the token is stored and the user can ask for another link.
async fn send_link(app: &App, user: &User, purpose: TokenPurpose, secret: &str) {
    let base = app.config.app_url.trim_end_matches('/');
    let (subject, path, action) = match purpose {
        TokenPurpose::VerifyEmail => (
            "Verify your Kith email address",
            "verify-email",
            "verify your email address",
        ),
        TokenPurpose::ResetPassword => (
            "Reset your Kith password",
            "reset-password",
            "choose a new password",
        ),
    };
    let email = Email {
        to: user.email.clone(),
        subject: subject.into(),
        text: format!(
            "Hi @{},\n\nOpen this link within an hour to {action}:\n\n{base}/{path}?token={secret}\n\nIf you did not ask for this, ignore this email.\n",
            user.username
        ),
    };
    if let Err(err) = app.mailer.send(email).await {
        tracing::error!(error = %err, user_id = %user.id, ?purpose, "could not send email");
    }
}

/// The signed-in account behind an access token; a deleted account's tokens stop working.
pub async fn current_user(app: &App, user_id: &str) -> Result<User> {
    app.store
        .user(user_id)
        .await?
        .ok_or_else(|| Error::Unauthorized("the account no longer exists".into()))
}
