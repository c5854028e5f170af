//! Rules for the editable parts of a profile.

use crate::platform::error::FieldError;
use serde::{Deserialize, Deserializer};

pub const DISPLAY_NAME_MAX: usize = 50;
pub const BIO_MAX: usize = 300;
pub const WEBSITE_MAX: usize = 200;
pub const LOCATION_MAX: usize = 60;

/// A JSON merge patch of the profile: an absent field is left alone, `null` or
/// an empty string clears it.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    #[serde(default, deserialize_with = "present")]
    pub display_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub bio: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub location: Option<Option<String>>,
    /// `null` is refused: privacy is on or off, never "cleared".
    #[serde(default, deserialize_with = "not_null")]
    pub private: Option<bool>,
    /// A ready image of mine uploaded for avatars; `null` removes the avatar.
    #[serde(default, deserialize_with = "present")]
    pub avatar_media_id: Option<Option<String>>,
}

/// Distinguishes `"field": null` (Some(None)) from an absent field (None).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A present field that must not be `null`.
fn not_null<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    bool::deserialize(d).map(Some)
}

impl ProfilePatch {
    /// Trims every text, turns empty text into "clear", and checks limits.
    pub fn normalized(self) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |name: &str, value: Option<Option<String>>, max: usize, multiline: bool| {
            let text = value?
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty());
            if let Some(Err(e)) = text.as_deref().map(|t| check_text(name, t, max, multiline)) {
                errors.push(e);
            }
            Some(text)
        };
        let patch = Self {
            display_name: field("display_name", self.display_name, DISPLAY_NAME_MAX, false),
            bio: field("bio", self.bio, BIO_MAX, true),
            website: field("website", self.website, WEBSITE_MAX, false),
            location: field("location", self.location, LOCATION_MAX, false),
            private: self.private,
            avatar_media_id: self.avatar_media_id,
        };
        if let Some(Some(url)) = &patch.website
            && (!(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace))
        {
            errors.push(FieldError::new(
                "website",
                "must be an http:// or https:// URL",
            ));
        }
        if errors.is_empty() {
            Ok(patch)
        } else {
            Err(errors)
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

fn check_text(field: &str, text: &str, max: usize, multiline: bool) -> Result<(), FieldError> {
    if text.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !(multiline && c == '\n'))
    {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> ProfilePatch {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn absent_null_and_empty_are_distinct() {
        let p = parse(r#"{"bio": null, "location": "  ", "display_name": " Ann "}"#)
            .normalized()
            .unwrap();
        assert_eq!(p.bio, Some(None));
        assert_eq!(p.location, Some(None));
        assert_eq!(p.display_name, Some(Some("Ann".into())));
        assert_eq!(p.website, None);
        assert!(parse("{}").is_empty());
    }

    #[test]
    fn limits_and_charset() {
        let long = "x".repeat(DISPLAY_NAME_MAX + 1);
        let errors = parse(&format!(
            r#"{{"display_name": "{long}", "website": "ftp://x", "location": "a\u0007b"}}"#
        ))
        .normalized()
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["display_name", "location", "website"]);
        assert!(
            parse(r#"{"bio": "line one\nline two"}"#)
                .normalized()
                .is_ok()
        );
        assert!(parse(r#"{"display_name": "a\nb"}"#).normalized().is_err());
    }

    #[test]
    fn unknown_fields_are_rejected() {
        assert!(serde_json::from_str::<ProfilePatch>(r#"{"avatar": "x"}"#).is_err());
    }
}
