//! Media through the local host and moto's S3: the presigned POST's policy,
//! an upload that ends in ready variants without metadata, and every kind of
//! bad input ending in a clear rejected state or a 4xx.

use base64::Engine;
use image::{DynamicImage, ImageFormat, RgbImage};
use kith::functions::event_handler;
use kith_tests::{Reply, Stack};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::io::Cursor;
use std::time::Duration;

/// A photo-like gradient, encoded as `format`.
fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width) as u8,
            (y * 255 / height) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

const GPS_MARK: &[u8] = b"KITHGPSMARK!";

/// A JPEG whose EXIF says "rotate 90°" and carries GPS data (with a marker).
fn photo_with_exif(width: u32, height: u32) -> Vec<u8> {
    let jpeg = picture(width, height, ImageFormat::Jpeg);
    let mut tiff = Vec::new();
    tiff.extend(b"MM\x00\x2a\x00\x00\x00\x08"); // big-endian TIFF, IFD0 at 8
    tiff.extend([0x00, 0x02]); // two entries
    tiff.extend([
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
    ]); // Orientation = 6
    tiff.extend([
        0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 38,
    ]); // GPS IFD at 38
    tiff.extend([0, 0, 0, 0]); // no next IFD
    tiff.extend([0x00, 0x01]); // GPS IFD: one entry, GPSAreaInformation (UNDEFINED, 12 bytes at 56)
    tiff.extend([
        0x00, 0x1c, 0x00, 0x07, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 56,
    ]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend(GPS_MARK);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend(tiff);
    let length = (app1.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend([0xFF, 0xE1]);
    out.extend(length.to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// A PNG header claiming `width` x `height` pixels, and nothing behind it.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let crc = crc32(&ihdr);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(ihdr);
    out.extend(crc.to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

async fn start(stack: &Stack, token: &str, content_type: &str, size: usize) -> Reply {
    start_for(stack, token, "post", content_type, size).await
}

async fn start_for(
    stack: &Stack,
    token: &str,
    purpose: &str,
    content_type: &str,
    size: usize,
) -> Reply {
    stack
        .call(
            Method::POST,
            "/v1/media",
            Some(token),
            Some(json!({"purpose": purpose, "content_type": content_type, "size": size})),
        )
        .await
}

/// POSTs `bytes` with the form's fields, like a browser.
async fn upload(stack: &Stack, form: &Value, bytes: Vec<u8>) -> StatusCode {
    let mut multipart = reqwest::multipart::Form::new();
    for (name, value) in form["fields"].as_object().unwrap() {
        multipart = multipart.text(name.clone(), value.as_str().unwrap().to_owned());
    }
    multipart = multipart.part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("upload"),
    );
    stack
        .http
        .post(form["url"].as_str().unwrap())
        .multipart(multipart)
        .send()
        .await
        .unwrap()
        .status()
}

/// Polls the media (up to 20 s) until it leaves pending/processing.
async fn settled(stack: &Stack, token: &str, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let media = stack
            .call(Method::GET, &format!("/v1/media/{id}"), Some(token), None)
            .await;
        assert_eq!(media.status, StatusCode::OK, "{media:?}");
        let status = media.body["status"].as_str().unwrap().to_owned();
        if !["pending", "processing"].contains(&status.as_str())
            || tokio::time::Instant::now() > deadline
        {
            return media.body;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Starts an upload declared as `declared`, uploads `bytes`, waits for the outcome.
async fn round_trip(stack: &Stack, token: &str, declared: &str, bytes: Vec<u8>) -> Value {
    round_trip_for(stack, token, "post", declared, bytes).await
}

async fn round_trip_for(
    stack: &Stack,
    token: &str,
    purpose: &str,
    declared: &str,
    bytes: Vec<u8>,
) -> Value {
    let size = bytes.len().clamp(1, 20 << 20);
    let started = start_for(stack, token, purpose, declared, size).await;
    assert_eq!(started.status, StatusCode::CREATED, "{started:?}");
    let status = upload(stack, &started.body["upload"], bytes).await;
    assert!(status.is_success(), "upload: {status}");
    settled(stack, token, started.body["media"]["id"].as_str().unwrap()).await
}

#[tokio::test]
async fn the_upload_form_pins_key_type_and_size() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let started = start(&stack, &alice, "image/png", 1234).await;
    assert_eq!(started.status, StatusCode::CREATED, "{started:?}");
    assert_eq!(started.body["media"]["status"], "pending");
    let fields = &started.body["upload"]["fields"];
    let key = fields["key"].as_str().unwrap();
    assert!(
        key.starts_with("uploads/") && key.ends_with(started.body["media"]["id"].as_str().unwrap())
    );
    let policy: Value = serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD
            .decode(fields["policy"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    let conditions = policy["conditions"].as_array().unwrap();
    assert!(conditions.contains(&json!(["eq", "$key", key])));
    assert!(conditions.contains(&json!(["eq", "$Content-Type", "image/png"])));
    assert!(conditions.contains(&json!(["content-length-range", 1, 20 * 1024 * 1024])));
    assert!(conditions.iter().any(|c| c.get("bucket").is_some()));
    let expires = time::OffsetDateTime::parse(
        policy["expiration"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let minutes = (expires - time::OffsetDateTime::now_utc()).whole_minutes();
    assert!((14..=15).contains(&minutes), "{minutes} minutes");
    assert_eq!(fields["x-amz-algorithm"], "AWS4-HMAC-SHA256");
    assert_eq!(fields["x-amz-signature"].as_str().unwrap().len(), 64);

    for (body, field) in [
        (
            json!({"purpose": "post", "content_type": "image/svg+xml", "size": 10}),
            "content_type",
        ),
        (
            json!({"purpose": "post", "content_type": "image/png", "size": 0}),
            "size",
        ),
        (
            json!({"purpose": "post", "content_type": "image/png", "size": 21 * 1024 * 1024}),
            "size",
        ),
    ] {
        let reply = stack
            .call(Method::POST, "/v1/media", Some(&alice), Some(body))
            .await;
        assert_eq!(reply.problem(422)["errors"][0]["field"], field);
    }
    stack
        .call(
            Method::POST,
            "/v1/media",
            Some(&alice),
            Some(json!({"purpose": "wallpaper", "content_type": "image/png", "size": 1})),
        )
        .await
        .problem(400);
    stack
        .call(
            Method::POST,
            "/v1/media",
            None,
            Some(json!({"purpose": "post", "content_type": "image/png", "size": 1})),
        )
        .await
        .problem(401);
}

#[tokio::test]
async fn an_upload_becomes_oriented_variants_without_metadata() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let media = round_trip(&stack, &alice, "image/jpeg", photo_with_exif(1600, 800)).await;
    assert_eq!(media["status"], "ready", "{media}");
    assert_eq!(
        (media["width"].as_u64(), media["height"].as_u64()),
        (Some(800), Some(1600)),
        "EXIF orientation applied"
    );
    assert!(media["blurhash"].as_str().is_some_and(|b| b.len() >= 6));
    let variants = media["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 6);
    for variant in variants {
        let bytes = stack
            .http
            .get(variant["url"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(bytes.len() as u64, variant["bytes"].as_u64().unwrap());
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(decoded.width() as u64, variant["width"].as_u64().unwrap());
        assert_eq!(decoded.height() as u64, variant["height"].as_u64().unwrap());
        assert!(
            decoded.height() > decoded.width(),
            "portrait after orientation"
        );
        assert!(
            !bytes.windows(GPS_MARK.len()).any(|w| w == GPS_MARK),
            "GPS data is gone"
        );
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no EXIF at all");
        if variant["format"] == "webp" {
            assert_eq!(&bytes[12..16], b"VP8 ", "lossy WebP (VP8L is lossless)");
        }
    }
    // As photo sites serve WebP: smaller than the JPEG beside it.
    for name in ["thumb", "small", "large"] {
        let bytes = |format: &str| {
            variants
                .iter()
                .find(|v| v["name"] == name && v["format"] == format)
                .and_then(|v| v["bytes"].as_u64())
                .unwrap()
        };
        assert!(bytes("webp") < bytes("jpeg"), "{name}: {variants:?}");
    }
    let large = variants.iter().find(|v| v["name"] == "large").unwrap();
    assert_eq!(
        (large["width"].as_u64(), large["height"].as_u64()),
        (Some(640), Some(1280))
    );

    // Until a post carries it, ready media is the owner's alone; redelivering
    // the upload event changes nothing.
    let id = media["id"].as_str().unwrap();
    stack
        .call(Method::GET, &format!("/v1/media/{id}"), Some(&bob), None)
        .await
        .problem(404);
    let event = json!({"detail-type": "Object Created", "source": "aws.s3", "detail": {
        "bucket": {"name": stack.app.config.media_bucket}, "object": {"key": format!("uploads/x/{id}")}}});
    (event_handler("process-media").unwrap().handler)(stack.app, event)
        .await
        .unwrap();
    // (Links are signed anew on each read, so compare without them.)
    let unsigned = |mut media: Value| {
        for variant in media["variants"].as_array_mut().unwrap() {
            variant["url"] = Value::Null;
        }
        media
    };
    assert_eq!(unsigned(settled(&stack, &alice, id).await), unsigned(media));
}

#[tokio::test]
async fn bad_files_end_rejected_never_stuck() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let png = picture(64, 32, ImageFormat::Png);
    let renamed = round_trip(&stack, &alice, "image/jpeg", png).await;
    assert_eq!(
        renamed["status"], "ready",
        "a PNG declared as JPEG is judged by its bytes"
    );

    let jpeg = picture(200, 100, ImageFormat::Jpeg);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", jpeg[..jpeg.len() / 3].to_vec()),
        (
            "zip",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00 not really a zip".to_vec(),
        ),
        (
            "svg",
            b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>".to_vec(),
        ),
        ("20000 x 20000 header", png_header(20_000, 20_000)),
        ("1 x 100000 strip", png_header(1, 100_000)),
        ("over the size limit", {
            let mut big = picture(16, 16, ImageFormat::Png);
            big.resize(21 * 1024 * 1024, 0);
            big
        }),
    ];
    for (case, bytes) in cases {
        let media = round_trip(&stack, &alice, "image/png", bytes).await;
        assert_eq!(media["status"], "rejected", "{case}: {media}");
        assert!(
            media["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{case}"
        );
        assert!(media["variants"].as_array().unwrap().is_empty());
    }

    // Bob's form cannot upload to Alice's media: its policy names Bob's key
    // alone (S3 refuses any other; moto does not enforce policies, so this
    // is checked on the policy itself).
    let alices =
        start(&stack, &alice, "image/png", 100).await.body["upload"]["fields"]["key"].clone();
    let bobs = start(&stack, &bob, "image/png", 100).await.body["upload"]["fields"].clone();
    let policy: Value = serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD
            .decode(bobs["policy"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    let keys: Vec<&Value> = policy["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c[1] == "$key")
        .collect();
    assert_eq!(keys, [&json!(["eq", "$key", bobs["key"]])]);
    assert_ne!(bobs["key"], alices);

    // Pending or rejected media is the owner's business; unknown ids are 404.
    let pending = start(&stack, &alice, "image/png", 100).await.body["media"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    stack
        .call(
            Method::GET,
            &format!("/v1/media/{pending}"),
            Some(&bob),
            None,
        )
        .await
        .problem(404);
    stack
        .call(Method::GET, &format!("/v1/media/{pending}"), None, None)
        .await
        .problem(404);
    stack
        .call(
            Method::GET,
            "/v1/media/01JF3Z8Q4V6N2B7C9D0E1F2G3H",
            Some(&alice),
            None,
        )
        .await
        .problem(404);
    stack
        .call(Method::GET, "/v1/media/nope", Some(&alice), None)
        .await
        .problem(400);
}

/// A stack whose uploads are moderated by the Rekognition stub.
async fn moderated_stack(
    moderation_labels: Value,
    labels: Value,
) -> (Stack, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let (client, calls) = kith_tests::rekognition_stub(&sdk, moderation_labels, labels).await;
    let stack = Stack::start_with(move |app| {
        app.moderator = Some(kith::adapters::moderation::Rekognition::new(
            kith::adapters::lazy::Lazy::ready(client),
            80.0,
        ));
    })
    .await;
    (stack, calls)
}

#[tokio::test]
async fn moderation_rejects_unsafe_images() {
    let (stack, calls) = moderated_stack(
        json!([{"Name": "Graphic Violence", "ParentName": "Violence", "Confidence": 97.5}]),
        json!([]),
    )
    .await;
    let (alice, _) = stack.signed_in("alice").await;
    let media = round_trip(
        &stack,
        &alice,
        "image/png",
        picture(300, 200, ImageFormat::Png),
    )
    .await;
    assert_eq!(media["status"], "rejected", "{media}");
    assert!(
        media["reason"]
            .as_str()
            .unwrap()
            .contains("Graphic Violence")
    );
    assert!(media["variants"].as_array().unwrap().is_empty());
    let calls = calls.lock().unwrap().clone();
    assert!(
        calls.contains(&"RekognitionService.DetectModerationLabels image=true".to_owned()),
        "the real SDK request reached the stub: {calls:?}"
    );
}

#[tokio::test]
async fn moderation_marks_sensitive_images_and_tags_them() {
    let (stack, _) = moderated_stack(
        json!([{"Name": "Swimwear or Underwear", "ParentName": "Suggestive", "Confidence": 91.0}]),
        json!([{"Name": "Beach", "Confidence": 99.1}, {"Name": "Sea", "Confidence": 95.0}]),
    )
    .await;
    let (alice, _) = stack.signed_in("alice").await;
    let media = round_trip(
        &stack,
        &alice,
        "image/jpeg",
        picture(300, 200, ImageFormat::Jpeg),
    )
    .await;
    assert_eq!(media["status"], "ready", "{media}");
    assert_eq!(media["sensitive"], true);
    assert_eq!(media["tags"], json!(["beach", "sea"]));
}

#[tokio::test]
async fn posts_carry_up_to_four_ready_images_of_their_author() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let mut ready = Vec::new();
    for _ in 0..5 {
        let media = round_trip(
            &stack,
            &alice,
            "image/png",
            picture(120, 80, ImageFormat::Png),
        )
        .await;
        assert_eq!(media["status"], "ready");
        ready.push(media["id"].as_str().unwrap().to_owned());
    }
    let bobs = round_trip(&stack, &bob, "image/png", picture(50, 50, ImageFormat::Png)).await;
    let pending = start(&stack, &alice, "image/png", 10).await.body["media"]["id"].clone();
    let post = |token: &str, media: Value| {
        let body = json!({"text": "look", "media": media});
        let token = token.to_owned();
        let stack = &stack;
        async move {
            stack
                .call(Method::POST, "/v1/posts", Some(&token), Some(body))
                .await
        }
    };
    let created = post(
        &alice,
        json!([{"id": ready[0], "alt": "a gradient"}, {"id": ready[1]}]),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let media = created.body["media"].as_array().unwrap();
    assert_eq!(media.len(), 2);
    assert_eq!(media[0]["alt"], "a gradient");
    assert_eq!(media[0]["variants"].as_array().unwrap().len(), 6);
    let url = media[0]["variants"][0]["url"].as_str().unwrap();
    assert!(
        stack
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );

    for (body, why) in [
        (json!([{"id": ready[0]}]), "already attached"),
        (json!([{"id": bobs["id"]}]), "someone else's"),
        (json!([{"id": pending}]), "not ready"),
        (
            json!(ready.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()),
            "five",
        ),
        (json!([{"id": ready[2]}, {"id": ready[2]}]), "twice"),
    ] {
        let reply = post(&alice, body).await;
        assert_eq!(reply.problem(422)["errors"][0]["field"], "media", "{why}");
    }
    // The feed shows the images too.
    let id = created.body["id"].as_str().unwrap().to_owned();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let feed = stack
            .call(Method::GET, "/v1/feed", Some(&alice), None)
            .await;
        if let Some(item) = feed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id.as_str())
        {
            assert_eq!(item["media"].as_array().unwrap().len(), 2);
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the post reached the feed"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Polls (up to 15 s) until the media is gone, and checks its variants went with it.
async fn gone(stack: &Stack, token: &str, media: &Value) {
    let id = media["id"].as_str().unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while stack
        .call(Method::GET, &format!("/v1/media/{id}"), Some(token), None)
        .await
        .status
        != StatusCode::NOT_FOUND
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "media {id} was not deleted"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    variants_gone(stack, media).await;
}

async fn variants_gone(stack: &Stack, media: &Value) {
    for variant in media["variants"].as_array().unwrap() {
        let status = stack
            .http
            .get(variant["url"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", variant["name"]);
    }
}

#[tokio::test]
async fn deleting_a_post_or_an_account_deletes_its_media() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let attached = round_trip(
        &stack,
        &alice,
        "image/png",
        picture(90, 60, ImageFormat::Png),
    )
    .await;
    let kept = round_trip(
        &stack,
        &alice,
        "image/png",
        picture(90, 60, ImageFormat::Png),
    )
    .await;
    let post = stack
        .call(
            Method::POST,
            "/v1/posts",
            Some(&alice),
            Some(json!({"text": "pic", "media": [{"id": attached["id"]}]})),
        )
        .await;
    let post = post.body["id"].as_str().unwrap().to_owned();
    stack
        .call(
            Method::DELETE,
            &format!("/v1/posts/{post}"),
            Some(&alice),
            None,
        )
        .await;
    gone(&stack, &alice, &attached).await;
    let still = stack
        .call(
            Method::GET,
            &format!("/v1/media/{}", kept["id"].as_str().unwrap()),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(still.status, StatusCode::OK, "other media stays");

    let deleted = stack
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&alice),
            Some(json!({"password": kith_tests::PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{deleted:?}");
    // The account is gone, so look with the store: the record, then the objects.
    let id = kept["id"].as_str().unwrap().to_owned();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while stack.app.store.media(&id).await.unwrap().is_some() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the account's media was not deleted"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    variants_gone(&stack, &kept).await;
}

#[tokio::test]
async fn an_avatar_is_a_ready_image_uploaded_for_avatars() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let square = || picture(400, 400, ImageFormat::Png);
    let avatar = round_trip_for(&stack, &alice, "avatar", "image/png", square()).await;
    assert_eq!(avatar["status"], "ready");
    let for_posts = round_trip(&stack, &alice, "image/png", square()).await;
    let bobs = round_trip_for(&stack, &bob, "avatar", "image/png", square()).await;
    let patch = |body: Value| {
        let stack = &stack;
        let alice = alice.clone();
        async move {
            stack
                .call(Method::PATCH, "/v1/me", Some(&alice), Some(body))
                .await
        }
    };
    for wrong in [&for_posts, &bobs] {
        let refused = patch(json!({"avatar_media_id": wrong["id"]})).await;
        assert_eq!(
            refused.problem(422)["errors"][0]["field"],
            "avatar_media_id"
        );
    }
    let set = patch(json!({"avatar_media_id": avatar["id"]})).await;
    assert_eq!(set.status, StatusCode::OK, "{set:?}");
    let profile = stack.call(Method::GET, "/v1/users/alice", None, None).await;
    assert_eq!(profile.body["avatar"]["id"], avatar["id"]);
    let thumb = &profile.body["avatar"]["variants"][0];
    assert_eq!(
        (thumb["width"].as_u64(), thumb["height"].as_u64()),
        (Some(150), Some(150))
    );
    assert!(
        stack
            .http
            .get(thumb["url"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let cleared = patch(json!({"avatar_media_id": null})).await;
    assert!(cleared.body["avatar"].is_null(), "{cleared:?}");
}

#[tokio::test]
async fn a_posts_images_follow_the_posts_audience() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (carol, _) = stack.signed_in("carol").await;
    let square = || picture(64, 64, ImageFormat::Png);
    let image = round_trip(&stack, &alice, "image/png", square()).await;
    let avatar = round_trip_for(&stack, &alice, "avatar", "image/png", square()).await;
    let id = image["id"].as_str().unwrap();
    let get = |token: Option<String>, id: String| {
        let stack = &stack;
        async move {
            stack
                .call(
                    Method::GET,
                    &format!("/v1/media/{id}"),
                    token.as_deref(),
                    None,
                )
                .await
                .status
        }
    };
    // Not attached yet: the owner's alone.
    assert_eq!(
        get(Some(bob.clone()), id.into()).await,
        StatusCode::NOT_FOUND
    );
    stack
        .call(Method::POST, "/v1/users/alice/follow", Some(&bob), None)
        .await;
    stack
        .post_id(
            &alice,
            json!({"text": "for followers", "visibility": "followers", "media": [{"id": id}]}),
        )
        .await;
    assert_eq!(get(Some(alice.clone()), id.into()).await, StatusCode::OK);
    assert_eq!(get(Some(bob.clone()), id.into()).await, StatusCode::OK);
    assert_eq!(
        get(Some(carol.clone()), id.into()).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(None, id.into()).await, StatusCode::NOT_FOUND);
    stack
        .call(Method::POST, "/v1/users/bob/block", Some(&alice), None)
        .await;
    assert_eq!(
        get(Some(bob.clone()), id.into()).await,
        StatusCode::NOT_FOUND
    );
    // Avatars stay public.
    let avatar = avatar["id"].as_str().unwrap().to_owned();
    assert_eq!(get(None, avatar.clone()).await, StatusCode::OK);
    assert_eq!(get(Some(bob.clone()), avatar).await, StatusCode::OK);
}

#[tokio::test]
async fn message_images_are_shown_to_the_members_only_and_go_with_the_message() {
    let stack = Stack::start().await;
    let (alice, _) = stack.signed_in("alice").await;
    let (bob, _) = stack.signed_in("bob").await;
    let (eve, _) = stack.signed_in("eve").await;
    let open = json!({"allow_from": "everyone"});
    let reply = stack
        .call(Method::PATCH, "/v1/me/messaging", Some(&bob), Some(open))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let convo = stack
        .call(
            Method::POST,
            "/v1/conversations",
            Some(&alice),
            Some(json!({"members": ["bob"]})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let png = || picture(64, 48, ImageFormat::Png);
    let image = round_trip_for(&stack, &alice, "message", "image/png", png()).await;
    assert_eq!(image["status"], "ready", "{image}");
    let for_posts = round_trip(&stack, &alice, "image/png", png()).await;
    let messages = format!("/v1/conversations/{convo}/messages");
    let with =
        |id: &Value| Some(json!({"text": "look", "media": [{"id": id, "alt": "a picture"}]}));

    // Only images uploaded for messages go into messages, and each once.
    let wrong = stack
        .call(
            Method::POST,
            &messages,
            Some(&alice),
            with(&for_posts["id"]),
        )
        .await;
    assert_eq!(wrong.problem(422)["errors"][0]["field"], "media");
    let sent = stack
        .call(Method::POST, &messages, Some(&alice), with(&image["id"]))
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{sent:?}");
    assert_eq!(sent.body["media"][0]["alt"], "a picture");
    let again = stack
        .call(Method::POST, &messages, Some(&alice), with(&image["id"]))
        .await;
    again.problem(422);
    let post = stack
        .call(
            Method::POST,
            "/v1/posts",
            Some(&alice),
            Some(json!({"text": "x", "media": [{"id": image["id"]}]})),
        )
        .await;
    post.problem(422);

    // Bob sees it with working links; Eve cannot reach it at all.
    let page = stack
        .call(Method::GET, &messages, Some(&bob), None)
        .await
        .body;
    let shown = &page["items"][0]["media"][0];
    assert_eq!(shown["id"], image["id"]);
    let url = shown["variants"][0]["url"].as_str().unwrap();
    let fetched = stack.http.get(url).send().await.unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
    let id = image["id"].as_str().unwrap();
    for token in [&eve, &bob] {
        let direct = stack
            .call(Method::GET, &format!("/v1/media/{id}"), Some(token), None)
            .await;
        direct.problem(404);
    }
    stack
        .call(Method::GET, &messages, Some(&eve), None)
        .await
        .problem(404);

    // Deleted for everyone, the message takes its image with it.
    let message = sent.body["id"].as_str().unwrap();
    let deleted = stack
        .call(
            Method::DELETE,
            &format!("{messages}/{message}?for=everyone"),
            Some(&alice),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    gone(&stack, &alice, &image).await;
}
