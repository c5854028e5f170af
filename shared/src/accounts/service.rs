//! Registration, sign-in and the credential life cycle.

use crate::accounts::model as account;
use crate::accounts::model::check_email;
use crate::accounts::model::check_password;
use crate::accounts::model::check_username;
use crate::accounts::model::email_key;
use crate::accounts::model::username_key;
use crate::accounts::sessions::Presented;
use crate::accounts::sessions::Rotation;
use crate::accounts::sessions::Session;
use crate::accounts::sessions::{SESSION_MAX_SECS, SESSIONS_MAX};
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
use crate::platform::throttle::Bucket;

/// Verification and reset links are valid for an hour.
pub const ONE_TIME_TOKEN_TTL_SECS: i64 = 3600;

/// What a successful sign-in or refresh returns.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub user_id: String,
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the refresh token (and its session, unless refreshed) ends.
    pub refresh_token_expires_in: i64,
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
    let (login, user) = find_by_login(app, username_or_email).await?;
    // Unknown logins are throttled and hashed like known ones, so neither
    // the limits nor the time taken tell an attacker which accounts exist.
    let subject = match &user {
        Some(user) => user.id.clone(),
        None => format!("unknown:{}", crypto::token_digest(&login)),
    };
    let buckets = login_buckets(&subject, client_ip);
    throttle::reserve(
        app,
        &buckets,
        "too many failed password attempts; try again later",
        now,
    )
    .await?;
    let verified =
        crypto::verify_password(password, user.as_ref().map(|u| u.password_hash.as_str()));
    let user = match user {
        Some(user) if verified => user,
        _ => {
            return Err(Error::Unauthorized(
                "invalid username/email or password".into(),
            ));
        }
    };
    // A right password does not count, and forgets this client's failures.
    let [client, account_on_client, account] = buckets;
    app.store.clear_throttle(&account_on_client.key).await?;
    throttle::give_back(app, &[client, account]).await?;
    let tokens = start_session(app, &user.id, now).await?;
    active(app, &user.id).await?;
    Ok(tokens)
}

/// Counts an account active today (the daily report's active accounts).
async fn active(app: &App, user_id: &str) -> Result<()> {
    app.store.mark_active(user_id, &today()).await
}

/// The buckets a password attempt is counted in: the client address, the
/// account on that client, and the account from anywhere (a high ceiling, so
/// a stranger elsewhere cannot lock the owner out of their own device).
fn login_buckets(account: &str, client_ip: &str) -> [Bucket; 3] {
    [
        Bucket::new("login-client", client_ip, throttle::LOGIN_PER_CLIENT),
        Bucket::new(
            "login-account-client",
            &format!("{account}#{client_ip}"),
            throttle::LOGIN_PER_ACCOUNT_CLIENT,
        ),
        account_ceiling(account),
    ]
}

/// Password failures against one account from anywhere.
fn account_ceiling(account: &str) -> Bucket {
    Bucket::new("login-account", account, throttle::LOGIN_PER_ACCOUNT)
}

/// The bucket of password re-checks by a signed-in account (deleting it).
pub(crate) fn password_bucket(user_id: &str) -> Bucket {
    Bucket::new("password", user_id, throttle::LOGIN_PER_ACCOUNT_CLIENT)
}

/// The normalised login and its account, if there is one.
async fn find_by_login(app: &App, username_or_email: &str) -> Result<(String, Option<User>)> {
    let login = username_or_email.trim();
    if login.contains('@') {
        let key = email_key(login);
        let user = app.store.user_by_email(&key).await?;
        Ok((key, user))
    } else if check_username(login).is_ok() {
        let key = username_key(login);
        let user = app.store.user_by_username(&key).await?;
        Ok((key, user))
    } else {
        Ok((login.to_owned(), None))
    }
}

/// Opens a session; past [`SESSIONS_MAX`] the account's oldest ones end.
async fn start_session(app: &App, user_id: &str, now: i64) -> Result<Tokens> {
    let secret = crypto::secret_token();
    let session = Session {
        family_id: ulid::Ulid::generate().to_string(),
        user_id: user_id.to_owned(),
        created_at: now,
        expires_at: Session::ends_at(now, now),
        generation: 0,
        digest: crypto::token_digest(&secret),
        active_day: Some(today()),
    };
    app.store.start_session(&session).await?;
    app.store.trim_sessions(user_id, SESSIONS_MAX).await?;
    tokens(app, &session, &secret, now)
}

fn tokens(app: &App, session: &Session, secret: &str, now: i64) -> Result<Tokens> {
    Ok(Tokens {
        user_id: session.user_id.clone(),
        access_token: app.tokens.issue(&session.user_id, now)?,
        refresh_token: session.token(secret),
        refresh_token_expires_in: session.expires_at - now,
    })
}

fn today() -> String {
    crate::platform::store::counters::day_of(crate::platform::clock::now_ms())
}

/// Exchanges a refresh token for a new pair. A token is good for one exchange:
/// presenting it again revokes its whole session, since one of the two holders
/// must be a thief.
pub async fn refresh(app: &App, refresh_token: &str) -> Result<Tokens> {
    let now = now().unix_timestamp();
    let invalid = || Error::Unauthorized("invalid or expired refresh token".into());
    let presented = Presented::parse(refresh_token).ok_or_else(invalid)?;
    let session = app
        .store
        .session(&presented.user_id, &presented.family_id)
        .await?
        .ok_or_else(invalid)?;
    if session.expires_at <= now || session.created_at + SESSION_MAX_SECS <= now {
        return Err(invalid());
    }
    let reused = || async {
        app.store
            .revoke_session(&session.user_id, &session.family_id)
            .await?;
        Err(Error::Unauthorized(
            "refresh token reuse detected; the session has been revoked".into(),
        ))
    };
    if presented.generation < session.generation {
        return reused().await;
    }
    if presented.generation > session.generation
        || crypto::token_digest(&presented.secret) != session.digest
    {
        return Err(invalid());
    }
    let secret = crypto::secret_token();
    let next = Session {
        expires_at: Session::ends_at(session.created_at, now),
        generation: session.generation + 1,
        digest: crypto::token_digest(&secret),
        active_day: Some(today()),
        ..session.clone()
    };
    match app.store.rotate_session(&session, &next).await? {
        Rotation::Rotated => {
            if session.active_day != next.active_day {
                active(app, &next.user_id).await?;
            }
            tokens(app, &next, &secret, now)
        }
        Rotation::Reused => reused().await,
        Rotation::Revoked => Err(invalid()),
    }
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored:
/// logging out is idempotent.
pub async fn logout(app: &App, refresh_token: &str) -> Result<()> {
    if let Some(token) = Presented::parse(refresh_token) {
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
        .clear_throttle(&account_ceiling(&token.user_id).key)
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
        headers: Vec::new(),
    };
    if let Err(err) = app.mail(email).await {
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
