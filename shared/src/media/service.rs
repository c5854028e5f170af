//! Media: a client asks for an upload form, uploads straight to the bucket,
//! and `process-media` (on the bucket's Object Created event) turns the
//! bytes into variants — or rejects them. Nothing about the file is trusted
//! until its bytes are read.

use crate::adapters::moderation::Findings;
use crate::adapters::storage::UploadForm;
use crate::media::images;
use crate::media::images::Rejection;
use crate::media::model as media;
use crate::media::model::ALT_MAX;
use crate::media::model::ATTACHMENTS_MAX;
use crate::media::model::Attachment;
use crate::media::model::Audience;
use crate::media::model::MAX_BYTES;
use crate::media::model::Media;
use crate::media::model::MediaStatus;
use crate::media::model::Purpose;
use crate::media::model::Variant;
use crate::media::model::Verdict;
use crate::media::model::verdict;
use crate::platform::clock::now;
use crate::platform::clock::now_ms;
use crate::platform::context::App;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::events::{Event, MediaOutcome};
use crate::platform::ids::MediaId;
use crate::platform::ids::distinct;
use std::time::Duration;

/// Upload forms expire after 15 minutes.
pub const UPLOAD_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Variant links work for an hour.
pub const LINK_LIFETIME: Duration = Duration::from_secs(3600);

fn not_found(id: &str) -> Error {
    Error::NotFound(format!("no media {id}"))
}

/// Records a pending media item and returns a form that uploads exactly one
/// file of the declared type and at most [`MAX_BYTES`] to its key.
pub async fn start_upload(
    app: &App,
    me: &str,
    purpose: Purpose,
    content_type: &str,
    size: u64,
) -> Result<(Media, UploadForm)> {
    media::check_upload(content_type, size).map_err(Error::Validation)?;
    let id: String = MediaId::generate().into();
    let media = Media {
        upload_key: format!("uploads/{me}/{id}"),
        id,
        owner_id: me.to_owned(),
        purpose,
        declared_type: content_type.to_owned(),
        declared_size: size,
        status: MediaStatus::Pending,
        reason: None,
        width: None,
        height: None,
        blurhash: None,
        variants: Vec::new(),
        sensitive: false,
        tags: Vec::new(),
        attached_to: None,
        created_at: now(),
    };
    let form = app
        .media
        .upload_form(&media.upload_key, content_type, MAX_BYTES, UPLOAD_WINDOW)
        .await?;
    app.store.create_media(&media).await?;
    Ok((media, form))
}

/// A media item with its variants' links, if `viewer` may see it: the
/// owner always; others once it is ready and only as `may_see` decides for
/// its [`Audience`] (posts decide for their images). Otherwise the same 404
/// as a missing item, so ids cannot be probed.
pub async fn get(
    app: &App,
    viewer: Option<&str>,
    id: &str,
    may_see: impl AsyncFnOnce(&Audience) -> Result<bool>,
) -> Result<(Media, Vec<(Variant, String)>)> {
    let media = app.store.media(id).await?.ok_or_else(|| not_found(id))?;
    let shown = viewer == Some(media.owner_id.as_str())
        || (media.status == MediaStatus::Ready && may_see(&media.audience()).await?);
    if !shown {
        return Err(not_found(id));
    }
    let mut links = Vec::with_capacity(media.variants.len());
    for variant in &media.variants {
        links.push((variant.clone(), link(app, &variant.key).await?));
    }
    Ok((media, links))
}

/// Where a client downloads an object: under the CDN when one is
/// configured, else a presigned GET valid for [`LINK_LIFETIME`].
pub async fn link(app: &App, key: &str) -> Result<String> {
    match &app.config.media_cdn {
        Some(cdn) => Ok(format!("{}/{key}", cdn.trim_end_matches('/'))),
        None => app.media.download_url(key, LINK_LIFETIME).await,
    }
}

/// The `detail` of an S3 Object Created event that processing needs.
#[derive(Debug, serde::Deserialize)]
pub struct ObjectCreated {
    pub bucket: Named,
    pub object: ObjectKey,
}

#[derive(Debug, serde::Deserialize)]
pub struct Named {
    pub name: String,
}

#[derive(Debug, serde::Deserialize)]
pub struct ObjectKey {
    pub key: String,
}

/// Handles an upload: claims its media item (a redelivery of a finished or
/// claimed one changes nothing), checks the stored size, processes the bytes
/// and stores the variants, then records ready or rejected with its event.
/// Errors on our side mark the item failed and are returned, so the event is
/// retried.
pub async fn process(app: &App, created: &ObjectCreated) -> Result<()> {
    let key = &created.object.key;
    let id = match key.strip_prefix("uploads/").and_then(|k| k.split_once('/')) {
        Some((_, id)) if created.bucket.name == app.media.bucket() => id,
        _ => {
            tracing::warn!(key, bucket = created.bucket.name, "not an upload of ours");
            return Ok(());
        }
    };
    let Some(mut media) = app.store.claim_media(id, now_ms()).await? else {
        return Ok(()); // processed already, being processed, or unknown
    };
    if media.upload_key != *key {
        return Ok(());
    }
    match convert(app, &media).await {
        Ok(Ok(converted)) => {
            media.status = MediaStatus::Ready;
            media.width = Some(converted.width);
            media.height = Some(converted.height);
            media.blurhash = Some(converted.blurhash);
            media.variants = converted.variants;
            media.sensitive = converted.sensitive;
            media.tags = converted.tags;
        }
        Ok(Err(Rejection(reason))) => {
            media.status = MediaStatus::Rejected;
            media.reason = Some(reason);
        }
        Err(err) => {
            media.status = MediaStatus::Failed;
            media.reason = Some("processing failed; it will be retried".into());
            app.store.finish_media(&media, None).await?;
            return Err(err);
        }
    }
    let outcome = if media.status == MediaStatus::Ready {
        Event::MediaProcessed
    } else {
        Event::MediaRejected
    };
    let event = outcome(MediaOutcome {
        media_id: media.id.clone(),
        owner_id: media.owner_id.clone(),
        purpose: serde_json::to_value(media.purpose)
            .map_err(|e| Error::internal("encode purpose", e))?
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        reason: media.reason.clone(),
    })
    .at(now().unix_timestamp());
    app.store.finish_media(&media, Some(&event)).await?;
    // The original is not kept: its metadata (GPS included) must not outlive it.
    app.media.delete(&media.upload_key).await
}

/// What a successful conversion adds to the media record.
struct Converted {
    width: u32,
    height: u32,
    blurhash: String,
    variants: Vec<Variant>,
    sensitive: bool,
    tags: Vec<String>,
}

/// Reads the upload, makes its variants, has them moderated (when a
/// moderator is configured) and writes them; a rejection if the file is not
/// an acceptable image or moderation refuses it.
async fn convert(app: &App, media: &Media) -> Result<std::result::Result<Converted, Rejection>> {
    match app.media.size(&media.upload_key).await? {
        None => return Ok(Err(Rejection("nothing was uploaded".into()))),
        Some(size) if size > MAX_BYTES => {
            return Ok(Err(Rejection(format!(
                "the file is larger than {MAX_BYTES} bytes"
            ))));
        }
        Some(_) => {}
    }
    let bytes = app.media.read(&media.upload_key).await?;
    let processed = match tokio::task::spawn_blocking(move || images::process(&bytes))
        .await
        .map_err(|e| Error::internal("image processing", e))?
    {
        Ok(processed) => processed,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let mut findings = Findings::default();
    if let Some(moderator) = &app.moderator {
        let large = processed
            .variants
            .iter()
            .rfind(|v| v.format == "jpeg")
            .ok_or_else(|| Error::bug("no JPEG variant to moderate"))?;
        findings = moderator.inspect(&large.bytes).await?;
    }
    let sensitive = match verdict(&findings.unsafe_labels, &app.config.sensitive_categories) {
        Verdict::Reject(reason) => return Ok(Err(Rejection(reason))),
        Verdict::Sensitive => true,
        Verdict::Accept => false,
    };
    let mut variants = Vec::with_capacity(processed.variants.len());
    for encoded in processed.variants {
        let key = format!("media/{}/{}.{}", media.id, encoded.name, encoded.format);
        let variant = Variant {
            name: encoded.name.to_owned(),
            format: encoded.format.to_owned(),
            key: key.clone(),
            width: encoded.width,
            height: encoded.height,
            bytes: encoded.bytes.len() as u64,
        };
        app.media
            .write(&key, encoded.bytes, encoded.content_type)
            .await?;
        variants.push(variant);
    }
    Ok(Ok(Converted {
        width: processed.width,
        height: processed.height,
        blurhash: processed.blurhash,
        variants,
        sensitive,
        tags: findings.tags,
    }))
}

/// Deletes media items with their stored objects (variants, and an upload
/// left behind); what is already gone is skipped, so this is idempotent.
pub async fn remove(app: &App, ids: &[String]) -> Result<()> {
    for id in ids {
        let Some(media) = app.store.media(id).await? else {
            continue;
        };
        for variant in &media.variants {
            app.media.delete(&variant.key).await?;
        }
        app.media.delete(&media.upload_key).await?;
        app.store.delete_media(id).await?;
    }
    Ok(())
}

/// Deletes every media item of an account (a deleted account's).
pub async fn remove_all_of(app: &App, owner_id: &str) -> Result<()> {
    loop {
        let (page, _) = app.store.media_of(owner_id, None).await?;
        if page.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = page.into_iter().map(|m| m.id).collect();
        remove(app, &ids).await?;
    }
}

/// The attachments of ready images I uploaded for `purpose` (posts or
/// messages), at most four, each once.
pub async fn attachments(
    app: &App,
    me: &str,
    wanted: &[(String, Option<String>)],
    purpose: Purpose,
) -> Result<Vec<Attachment>> {
    let refuse = |message: &str| Error::validation("media", message);
    if wanted.len() > ATTACHMENTS_MAX {
        return Err(refuse(&format!("at most {ATTACHMENTS_MAX} images")));
    }
    let ids: Vec<&str> = wanted.iter().map(|(id, _)| id.as_str()).collect();
    if distinct(ids.iter().copied()).len() != ids.len() {
        return Err(refuse("an image is attached twice"));
    }
    let found = if ids.is_empty() {
        Vec::new()
    } else {
        app.store.media_items(&ids).await?
    };
    let mut attachments = Vec::with_capacity(wanted.len());
    for (id, alt) in wanted {
        let alt = alt.as_deref().map(str::trim).filter(|a| !a.is_empty());
        if alt.is_some_and(|a| a.chars().count() > ALT_MAX || a.chars().any(char::is_control)) {
            return Err(refuse(&format!("alt text is at most {ALT_MAX} characters")));
        }
        let attachment = found
            .iter()
            .find(|m| &m.id == id && m.owner_id == me && m.purpose == purpose)
            .and_then(|m| Attachment::of(m, alt.map(str::to_owned)))
            .ok_or_else(|| {
                refuse("an image is not yours, not uploaded for this purpose, or not ready")
            })?;
        attachments.push(attachment);
    }
    Ok(attachments)
}
