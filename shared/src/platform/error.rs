//! The one error type every layer returns. The API edge turns it into RFC 9457
//! `application/problem+json`; nothing below the edge knows about HTTP.

use serde::Serialize;
use std::fmt;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Malformed request (bad JSON, unknown field, bad parameter).
    BadRequest(String),
    /// Well-formed request whose values break a rule.
    Validation(Vec<FieldError>),
    /// Missing, invalid or expired credentials.
    Unauthorized(String),
    /// Authenticated, but not allowed to do this.
    Forbidden(String),
    NotFound(String),
    /// Uniqueness or state conflict; `field` names the offending input when there is one.
    Conflict {
        detail: String,
        field: Option<String>,
    },
    PayloadTooLarge(String),
    UnsupportedMediaType(String),
    TooManyRequests {
        detail: String,
        retry_after_secs: u64,
    },
    /// A fault on our side or in a dependency; the detail is logged, never shown.
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn internal(context: &str, err: impl fmt::Display) -> Self {
        Error::Internal(format!("{context}: {err}"))
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, message)])
    }

    pub fn conflict(field: &str, detail: impl Into<String>) -> Self {
        Error::Conflict {
            detail: detail.into(),
            field: Some(field.to_owned()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadRequest(d)
            | Error::Unauthorized(d)
            | Error::Forbidden(d)
            | Error::NotFound(d)
            | Error::PayloadTooLarge(d)
            | Error::UnsupportedMediaType(d)
            | Error::Internal(d)
            | Error::Conflict { detail: d, .. }
            | Error::TooManyRequests { detail: d, .. } => f.write_str(d),
            Error::Validation(errors) => {
                let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
                write!(f, "invalid fields: {}", fields.join(", "))
            }
        }
    }
}

impl std::error::Error for Error {}
