//! `/v1/media`: upload forms and media records.

use crate::adapters::storage::UploadForm;
use crate::media::model::Attachment;
use crate::media::model::Media;
use crate::media::model::MediaStatus;
use crate::media::model::Purpose;
use crate::media::model::Variant;
use crate::media::service as media;
use crate::platform::context::App;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::client_ip;
use crate::platform::http::created;
use crate::platform::http::json_body;
use crate::platform::throttle;
use crate::platform::throttle::Bucket;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadRequest {
    purpose: Purpose,
    content_type: String,
    size: u64,
}

/// Download links of variants, by object key.
pub type Links = HashMap<String, String>;

/// Links for every variant of these attachments: CDN URLs when
/// `KITH_MEDIA_CDN` is set, presigned GETs (an hour) otherwise.
pub async fn attachment_links<'a>(
    app: &App,
    attachments: impl Iterator<Item = &'a Attachment>,
) -> Result<Links> {
    let mut links = Links::new();
    for variant in attachments.flat_map(|a| &a.variants) {
        if !links.contains_key(&variant.key) {
            links.insert(variant.key.clone(), media::link(app, &variant.key).await?);
        }
    }
    Ok(links)
}

/// An attached image with its variants' links.
#[derive(Serialize)]
pub struct AttachmentView {
    id: String,
    alt: Option<String>,
    width: u32,
    height: u32,
    blurhash: String,
    sensitive: bool,
    variants: Vec<VariantView>,
}

impl AttachmentView {
    pub fn new(attachment: &Attachment, links: &Links) -> Self {
        Self {
            id: attachment.media_id.clone(),
            alt: attachment.alt.clone(),
            width: attachment.width,
            height: attachment.height,
            blurhash: attachment.blurhash.clone(),
            sensitive: attachment.sensitive,
            variants: attachment
                .variants
                .iter()
                .map(|v| {
                    VariantView::new(v.clone(), links.get(&v.key).cloned().unwrap_or_default())
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct VariantView {
    name: String,
    format: String,
    width: u32,
    height: u32,
    bytes: u64,
    url: String,
}

impl VariantView {
    fn new(v: Variant, url: String) -> Self {
        Self {
            name: v.name,
            format: v.format,
            width: v.width,
            height: v.height,
            bytes: v.bytes,
            url,
        }
    }
}

/// A media record as its API shows it.
#[derive(Serialize)]
pub struct MediaView {
    id: String,
    purpose: Purpose,
    status: MediaStatus,
    reason: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    blurhash: Option<String>,
    sensitive: bool,
    tags: Vec<String>,
    variants: Vec<VariantView>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: time::OffsetDateTime,
}

impl MediaView {
    pub fn new(media: Media, links: Vec<(Variant, String)>) -> Self {
        Self {
            id: media.id,
            purpose: media.purpose,
            status: media.status,
            reason: media.reason,
            width: media.width,
            height: media.height,
            blurhash: media.blurhash,
            sensitive: media.sensitive,
            tags: media.tags,
            variants: links
                .into_iter()
                .map(|(v, url)| VariantView::new(v, url))
                .collect(),
            created_at: media.created_at,
        }
    }
}

#[derive(Serialize)]
struct UploadView {
    media: MediaView,
    upload: UploadForm,
}

/// `POST /v1/media`: 201 with the pending media and its upload form.
pub async fn create_upload(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let body: UploadRequest = json_body(&req)?;
    throttle::limit(
        app,
        &[
            Bucket::new(
                "uploads-client",
                &client_ip(&req),
                throttle::UPLOADS_PER_CLIENT,
            ),
            Bucket::new("uploads-account", &me, throttle::UPLOADS_PER_ACCOUNT),
        ],
    )
    .await?;
    let (media, upload) =
        media::start_upload(app, &me, body.purpose, &body.content_type, body.size).await?;
    let location = format!("/v1/media/{}", media.id);
    let view = UploadView {
        media: MediaView::new(media, Vec::new()),
        upload,
    };
    created(&location, &view)
}
