//! Rules for account credentials: usernames, emails and passwords.

use crate::platform::error::FieldError;

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 30;
pub const EMAIL_MAX: usize = 254;
/// NIST SP 800-63B: at least 8, and allow long passphrases.
pub const PASSWORD_MIN: usize = 8;
/// Bounds the argon2 input so a huge password cannot be used to burn CPU.
pub const PASSWORD_MAX: usize = 128;

/// The case-insensitive key a username is unique under. Handles are ASCII
/// (letters, digits, underscore), so lowercasing is the whole normalisation and
/// look-alike Unicode handles cannot exist.
pub fn username_key(username: &str) -> String {
    username.to_ascii_lowercase()
}

/// The case-insensitive key an email is unique under.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn check_username(username: &str) -> Result<(), FieldError> {
    let len = username.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&len) {
        return Err(FieldError::new(
            "username",
            format!("must be {USERNAME_MIN} to {USERNAME_MAX} characters"),
        ));
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(FieldError::new(
            "username",
            "may contain only letters a-z, digits and underscore",
        ));
    }
    Ok(())
}

/// A deliberately plain check: one `@`, a non-empty local part, a dotted domain,
/// no spaces. Deliverability is proven by the verification email, not by a regex.
pub fn check_email(email: &str) -> Result<(), FieldError> {
    let invalid = || FieldError::new("email", "must be a valid email address");
    if email.len() > EMAIL_MAX {
        return Err(FieldError::new(
            "email",
            format!("must be at most {EMAIL_MAX} characters"),
        ));
    }
    let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
    let well_formed = !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if well_formed { Ok(()) } else { Err(invalid()) }
}

pub fn check_password(field: &str, password: &str) -> Result<(), FieldError> {
    let len = password.chars().count();
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&len) {
        return Err(FieldError::new(
            field,
            format!("must be {PASSWORD_MIN} to {PASSWORD_MAX} characters"),
        ));
    }
    if password.trim().is_empty() {
        return Err(FieldError::new(field, "must not be only whitespace"));
    }
    Ok(())
}

/// Collects the failures of several checks so a client sees every bad field at once.
pub fn collect(checks: impl IntoIterator<Item = Result<(), FieldError>>) -> Vec<FieldError> {
    checks.into_iter().filter_map(Result::err).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        for ok in ["abc", "Alice_01", "a_b", &"x".repeat(30)] {
            assert!(check_username(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ab",
            &"x".repeat(31),
            "al ice",
            "al-ice",
            "ålice",
            "bob!",
            "",
        ] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
        assert_eq!(username_key("Alice_01"), "alice_01");
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "plain",
            "@b.co",
            "a@b",
            "a@.b.co",
            "a@b.co.",
            "a b@c.de",
            "a@b@c.de",
            &format!("{}@b.co", "x".repeat(65)),
            &format!("a@{}.com", "x".repeat(260)),
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert_eq!(email_key(" A@B.Co "), "a@b.co");
    }

    #[test]
    fn passwords() {
        assert!(check_password("password", "correct horse").is_ok());
        assert!(check_password("password", "short").is_err());
        assert!(check_password("password", &"p".repeat(129)).is_err());
        assert!(check_password("password", "          ").is_err());
        // Length counts characters, not bytes.
        assert!(check_password("password", &"é".repeat(100)).is_ok());
    }

    #[test]
    fn collect_keeps_every_failure() {
        let errors = collect([check_username("x"), check_email("nope"), Ok(())]);
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["username", "email"]);
    }
}
