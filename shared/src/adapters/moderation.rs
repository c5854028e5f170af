//! Image moderation with Rekognition in AWS, off locally unless configured,
//! and — in tests — the real SDK request path against a wire-level stub
//! (moto does not implement DetectModerationLabels).

use crate::adapters::lazy::Lazy;
use crate::platform::error::Error;
use crate::platform::error::Result;
use aws_sdk_rekognition::primitives::Blob;
use aws_sdk_rekognition::types::Image;
use serde::{Deserialize, Serialize};

/// An unsafe-content label a moderator found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub name: String,
    /// The top-level category (e.g. `Explicit Nudity`, `Suggestive`, `Violence`).
    pub category: String,
    /// Percent.
    pub confidence: f32,
}

/// What a moderator finds in an image.
#[derive(Debug, Default)]
pub struct Findings {
    /// Unsafe-content labels at or above the configured confidence.
    pub unsafe_labels: Vec<Label>,
    /// What the image shows, for auto-tags.
    pub tags: Vec<String>,
}

/// Amazon Rekognition: DetectModerationLabels, then DetectLabels.
pub struct Rekognition {
    client: Lazy<aws_sdk_rekognition::Client>,
    min_confidence: f32,
}

impl Rekognition {
    pub fn new(client: Lazy<aws_sdk_rekognition::Client>, min_confidence: f32) -> Self {
        Self {
            client,
            min_confidence,
        }
    }

    /// Inspects a JPEG (the pipeline's large variant).
    pub async fn inspect(&self, jpeg: &[u8]) -> Result<Findings> {
        let moderation = self
            .client
            .get()
            .detect_moderation_labels()
            .image(image(jpeg))
            .min_confidence(self.min_confidence)
            .send()
            .await
            .map_err(|e| Error::internal("DetectModerationLabels", e))?;
        let unsafe_labels = moderation
            .moderation_labels()
            .iter()
            .map(|l| {
                let name = l.name().unwrap_or_default().to_owned();
                let category = l
                    .parent_name()
                    .filter(|p| !p.is_empty())
                    .map_or_else(|| name.clone(), str::to_owned);
                Label {
                    name,
                    category,
                    confidence: l.confidence().unwrap_or_default(),
                }
            })
            .collect();
        let labels = self
            .client
            .get()
            .detect_labels()
            .image(image(jpeg))
            .max_labels(10)
            .min_confidence(self.min_confidence)
            .send()
            .await
            .map_err(|e| Error::internal("DetectLabels", e))?;
        let tags = labels
            .labels()
            .iter()
            .filter_map(|l| l.name().map(str::to_lowercase))
            .collect();
        Ok(Findings {
            unsafe_labels,
            tags,
        })
    }
}

fn image(jpeg: &[u8]) -> Image {
    Image::builder().bytes(Blob::new(jpeg.to_vec())).build()
}
