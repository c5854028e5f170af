//! The one error type every layer returns. Each failure a client may want to
//! tell apart has its own variant or reason with a stable code, which the
//! API edge (`platform::http::problem`, the one status mapping) turns into
//! RFC 9457 `application/problem+json`; nothing below the edge knows HTTP.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// A field-level validation failure, reported to clients in `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// Why an authenticated account may not do what it asked (403).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Banned from this community.
    Banned,
    /// Only members take part in this community.
    MembersOnly,
    NotAModerator,
    NotTheOwner,
    NotTheAuthor,
    /// A block between the two accounts stands in the way.
    Blocked,
    /// The thread takes no new comments.
    ThreadLocked,
    /// Moderators cannot be banned while they moderate.
    ProtectedRole,
    /// Only community posts are moderated.
    NotModerated,
    /// The account shares its connections only with its followers.
    FollowersOnly,
    /// Only a group's owner and admins manage its members, title and timer.
    NotAConversationAdmin,
    /// Only the site's admins (`KITH_ADMINS`) do this.
    NotAnAdmin,
}

/// Why a well-formed request clashes with the current state (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// A name or address that must be unique is in use.
    Taken,
    /// The same `Idempotency-Key` came with a different request.
    IdempotencyKeyReused,
    /// The item changed meanwhile (or kept changing); reload and retry.
    Changed,
    OwnerCannotLeave,
    /// The owner's role changes only by transferring ownership.
    OwnerRole,
    PinsFull,
    AlreadyResolved,
    AlreadyVerified,
    /// A message can be edited only for 15 minutes after sending.
    EditWindowClosed,
    /// A group has at most 50 members.
    ConversationFull,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Malformed request (bad JSON, unknown field, bad parameter).
    BadRequest(String),
    /// Well-formed request whose values break a rule.
    Validation(Vec<FieldError>),
    /// Missing, invalid or expired credentials.
    Unauthorized(String),
    /// Authenticated, but not allowed to do this.
    Forbidden {
        reason: Denied,
        detail: String,
    },
    NotFound(String),
    /// A state conflict; `field` names the offending input when there is one.
    Conflict {
        reason: Clash,
        detail: String,
        field: Option<String>,
    },
    PayloadTooLarge(String),
    UnsupportedMediaType(String),
    RateLimited {
        detail: String,
        retry_after_secs: u64,
    },
    /// A fault on our side or in a dependency: logged with its causes, never shown.
    Internal(Internal),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An internal failure: what we were doing, and the error that stopped it
/// (with its own sources) for the log.
#[derive(Debug, Clone)]
pub struct Internal {
    context: String,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl PartialEq for Internal {
    fn eq(&self, other: &Self) -> bool {
        self.context == other.context
    }
}

impl Eq for Internal {}

impl Error {
    pub fn internal(context: &str, err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Internal(Internal {
            context: context.to_owned(),
            source: Some(Arc::new(err)),
        })
    }

    /// An internal failure with no underlying error.
    pub fn bug(context: impl Into<String>) -> Self {
        Error::Internal(Internal {
            context: context.into(),
            source: None,
        })
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, message)])
    }

    pub fn denied(reason: Denied, detail: impl Into<String>) -> Self {
        Error::Forbidden {
            reason,
            detail: detail.into(),
        }
    }

    /// A clash with the current state, not tied to one input.
    pub fn clash(reason: Clash, detail: impl Into<String>) -> Self {
        Error::Conflict {
            reason,
            detail: detail.into(),
            field: None,
        }
    }

    /// A clash caused by the input `field`.
    pub fn conflict(reason: Clash, field: &str, detail: impl Into<String>) -> Self {
        Error::Conflict {
            reason,
            detail: detail.into(),
            field: Some(field.to_owned()),
        }
    }

    /// Whether trying the same event again may succeed: a dependency down,
    /// throttled or timing out, as opposed to a payload no retry can fix.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::Internal(_) | Error::RateLimited { .. })
    }

    /// The stable code that names this failure in the problem `type`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::BadRequest(_) => "bad-request",
            Error::Validation(_) => "validation",
            Error::Unauthorized(_) => "unauthorized",
            Error::Forbidden { reason, .. } => match reason {
                Denied::Banned => "banned",
                Denied::MembersOnly => "members-only",
                Denied::NotAModerator => "not-a-moderator",
                Denied::NotTheOwner => "not-the-owner",
                Denied::NotTheAuthor => "not-the-author",
                Denied::Blocked => "blocked",
                Denied::ThreadLocked => "thread-locked",
                Denied::ProtectedRole => "protected-role",
                Denied::NotModerated => "not-moderated",
                Denied::FollowersOnly => "followers-only",
                Denied::NotAConversationAdmin => "not-a-conversation-admin",
                Denied::NotAnAdmin => "not-an-admin",
            },
            Error::NotFound(_) => "not-found",
            Error::Conflict { reason, .. } => match reason {
                Clash::Taken => "taken",
                Clash::IdempotencyKeyReused => "idempotency-key-reused",
                Clash::Changed => "changed-meanwhile",
                Clash::OwnerCannotLeave => "owner-cannot-leave",
                Clash::OwnerRole => "owner-role",
                Clash::PinsFull => "pins-full",
                Clash::AlreadyResolved => "already-resolved",
                Clash::AlreadyVerified => "already-verified",
                Clash::EditWindowClosed => "edit-window-closed",
                Clash::ConversationFull => "conversation-full",
            },
            Error::PayloadTooLarge(_) => "payload-too-large",
            Error::UnsupportedMediaType(_) => "unsupported-media-type",
            Error::RateLimited { .. } => "rate-limited",
            Error::Internal(_) => "internal",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadRequest(d)
            | Error::Unauthorized(d)
            | Error::NotFound(d)
            | Error::PayloadTooLarge(d)
            | Error::UnsupportedMediaType(d)
            | Error::Forbidden { detail: d, .. }
            | Error::Conflict { detail: d, .. }
            | Error::RateLimited { detail: d, .. } => f.write_str(d),
            Error::Internal(internal) => f.write_str(&internal.context),
            Error::Validation(errors) => {
                let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
                write!(f, "invalid fields: {}", fields.join(", "))
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Internal(Internal {
                source: Some(source),
                ..
            }) => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The error and each of its sources, joined: what the log shows.
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut next = err.source();
    while let Some(source) = next {
        text.push_str(": ");
        text.push_str(&source.to_string());
        next = source.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_keep_their_causes_for_the_log() {
        let cause = std::io::Error::other("connection reset");
        let err = Error::internal("GetItem", cause);
        assert_eq!(err.to_string(), "GetItem");
        assert_eq!(chain(&err), "GetItem: connection reset");
        assert_eq!(err.code(), "internal");
    }
}
