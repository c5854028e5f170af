//! Media: what may be uploaded, the states a media item goes through, and the
//! variants made from it.

use crate::adapters::moderation::Label;
use crate::platform::error::FieldError;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Uploads are refused above this size (the presigned POST's
/// `content-length-range`, and again by `process-media`).
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Images with more pixels are refused from their header, before decoding.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Neither side may be longer (a 1 x 100,000 strip is refused too).
pub const MAX_SIDE: u32 = 20_000;
/// The image types accepted, declared and sniffed alike.
pub const CONTENT_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/gif"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Post,
    Avatar,
    CommunityBanner,
    Message,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaStatus {
    /// Waiting for the upload.
    Pending,
    Processing,
    Ready,
    /// The upload is not an acceptable image (see `reason`).
    Rejected,
    /// Processing broke on our side (see `reason`); the event is retried.
    Failed,
}

/// A size the pipeline makes, each as WebP and as a JPEG fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VariantSpec {
    pub name: &'static str,
    /// The longest side, at most; smaller images are not enlarged.
    pub max_side: u32,
}

pub const VARIANTS: [VariantSpec; 3] = [
    VariantSpec {
        name: "thumb",
        max_side: 150,
    },
    VariantSpec {
        name: "small",
        max_side: 480,
    },
    VariantSpec {
        name: "large",
        max_side: 1280,
    },
];

/// A stored variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub name: String,
    /// `webp` or `jpeg`.
    pub format: String,
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// Images a post can carry.
pub const ATTACHMENTS_MAX: usize = 4;
pub const ALT_MAX: usize = 1000;

/// A ready image as attached to a post or set as an avatar: a copy of what
/// its readers need (media is immutable once ready).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub media_id: String,
    /// Alt text for screen readers.
    pub alt: Option<String>,
    pub width: u32,
    pub height: u32,
    pub blurhash: String,
    pub sensitive: bool,
    pub variants: Vec<Variant>,
}

impl Attachment {
    /// The attachment of a ready media item; None if it is not ready.
    pub fn of(media: &Media, alt: Option<String>) -> Option<Self> {
        if media.status != MediaStatus::Ready {
            return None;
        }
        Some(Self {
            media_id: media.id.clone(),
            alt,
            width: media.width?,
            height: media.height?,
            blurhash: media.blurhash.clone()?,
            sensitive: media.sensitive,
            variants: media.variants.clone(),
        })
    }
}

/// What moderation decides about an image.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    Accept,
    /// Shown behind a warning.
    Sensitive,
    Reject(String),
}

/// Rejects an image with an unsafe label outside `sensitive_categories`;
/// marks it sensitive when every label is in them. (Labels arrive already
/// filtered by the configured minimum confidence.)
pub fn verdict(labels: &[Label], sensitive_categories: &[String]) -> Verdict {
    let rejecting: Vec<&str> = labels
        .iter()
        .filter(|l| !sensitive_categories.contains(&l.category))
        .map(|l| l.name.as_str())
        .collect();
    if !rejecting.is_empty() {
        Verdict::Reject(format!("moderation: {}", rejecting.join(", ")))
    } else if labels.is_empty() {
        Verdict::Accept
    } else {
        Verdict::Sensitive
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    pub id: String,
    pub owner_id: String,
    pub purpose: Purpose,
    /// What the client said it would upload; the bytes decide.
    pub declared_type: String,
    pub declared_size: u64,
    /// Where the upload lands (`uploads/<owner>/<id>`).
    pub upload_key: String,
    pub status: MediaStatus,
    /// Why it was rejected or failed.
    pub reason: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub blurhash: Option<String>,
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Moderation found content to show behind a warning.
    #[serde(default)]
    pub sensitive: bool,
    /// What the image shows (moderation's labels), lowercase.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The post this image is attached to (set in the post's transaction;
    /// absent until then, which that transaction's condition relies on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Who besides its owner may see a media item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Avatars and banners are shown wherever their account or community is.
    Everyone,
    /// A post's image follows that post's audience.
    ReadersOf(String),
    /// Not attached (yet), or a message image: the owner only.
    Owner,
}

impl Media {
    pub fn audience(&self) -> Audience {
        match (self.purpose, &self.attached_to) {
            (Purpose::Avatar | Purpose::CommunityBanner, _) => Audience::Everyone,
            (Purpose::Post, Some(post)) => Audience::ReadersOf(post.clone()),
            (Purpose::Post | Purpose::Message, _) => Audience::Owner,
        }
    }
}

/// Checks what a client declares before it gets an upload form.
pub fn check_upload(content_type: &str, size: u64) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if !CONTENT_TYPES.contains(&content_type) {
        errors.push(FieldError::new(
            "content_type",
            format!("must be one of {}", CONTENT_TYPES.join(", ")),
        ));
    }
    if size == 0 || size > MAX_BYTES {
        errors.push(FieldError::new(
            "size",
            format!("must be 1 to {MAX_BYTES} bytes"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Why an image's header disqualifies it, before any decoding.
pub fn check_dimensions(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("the image has no pixels".into());
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!("a side is longer than {MAX_SIDE} pixels"));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!("the image has more than {MAX_PIXELS} pixels"));
    }
    Ok(())
}

/// The size of a variant: the longest side brought down to `max_side`,
/// aspect kept, never enlarged, never below 1 pixel.
pub fn fit(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max_side {
        return (width, height);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(max_side) + u64::from(longest) / 2) / u64::from(longest))
            .max(1) as u32
    };
    (scale(width), scale(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_keep_aspect_and_never_enlarge() {
        assert_eq!(fit(4000, 3000, 1280), (1280, 960));
        assert_eq!(fit(3000, 4000, 150), (113, 150));
        assert_eq!(fit(100, 50, 480), (100, 50), "never upscaled");
        assert_eq!(fit(10_000, 3, 150), (150, 1), "never below a pixel");
    }

    #[test]
    fn moderation_rejects_or_marks_sensitive_by_category() {
        let label = |name: &str, category: &str| Label {
            name: name.into(),
            category: category.into(),
            confidence: 95.0,
        };
        let sensitive = vec!["Suggestive".to_owned()];
        assert_eq!(verdict(&[], &sensitive), Verdict::Accept);
        assert_eq!(
            verdict(&[label("Swimwear", "Suggestive")], &sensitive),
            Verdict::Sensitive
        );
        assert_eq!(
            verdict(
                &[
                    label("Swimwear", "Suggestive"),
                    label("Graphic Violence", "Violence")
                ],
                &sensitive
            ),
            Verdict::Reject("moderation: Graphic Violence".into())
        );
    }

    #[test]
    fn uploads_and_headers_are_checked() {
        assert!(check_upload("image/png", 1000).is_ok());
        let errors = check_upload("image/svg+xml", MAX_BYTES + 1).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(check_dimensions(4000, 3000).is_ok());
        assert!(check_dimensions(20_000, 20_000).is_err(), "400 MP");
        assert!(check_dimensions(1, 100_000).is_err(), "a strip");
        assert!(check_dimensions(0, 10).is_err());
    }
}
