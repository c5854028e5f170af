//! Opaque, integrity-protected pagination cursors. A cursor is the position
//! after the last item of a page, bound to the list it came from and signed,
//! so a client can neither forge a position nor replay it against another list.

use aws_lc_rs::{constant_time, hmac};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::collections::BTreeMap;

/// Page size when the client does not ask for one, and the most it may ask for.
pub const DEFAULT_LIMIT: i32 = 20;
pub const MAX_LIMIT: i32 = 100;

/// A position in a list: the key attributes DynamoDB needs to resume a query.
pub type Position = BTreeMap<String, String>;

pub struct CursorKey(hmac::Key);

impl CursorKey {
    /// Derives the cursor key from a service secret, so no second secret is
    /// needed while keeping the two uses separate.
    pub fn derive(secret: &[u8]) -> Self {
        let root = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let derived = hmac::sign(&root, b"kith pagination cursor v1");
        Self(hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()))
    }

    /// `list` names the list (e.g. `followers:<user id>`); it is signed, not sent.
    pub fn seal(&self, list: &str, position: &Position) -> String {
        let payload = serde_json::to_vec(position).expect("a string map serialises");
        let tag = hmac::sign(&self.0, &[list.as_bytes(), b"\n", &payload].concat());
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// The position, if the cursor is intact and was issued for `list`.
    pub fn open(&self, list: &str, cursor: &str) -> Option<Position> {
        let (payload, tag) = cursor.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        let expected = hmac::sign(&self.0, &[list.as_bytes(), b"\n", &payload].concat());
        constant_time::verify_slices_are_equal(expected.as_ref(), &tag).ok()?;
        serde_json::from_slice(&payload).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position() -> Position {
        Position::from([
            ("PK".into(), "USER#1".into()),
            ("SK".into(), "FOLLOWS#2".into()),
        ])
    }

    #[test]
    fn round_trips_only_for_its_own_list_and_key() {
        let key = CursorKey::derive(b"secret");
        let cursor = key.seal("followers:1", &position());
        assert_eq!(key.open("followers:1", &cursor), Some(position()));
        assert_eq!(key.open("followers:2", &cursor), None);
        assert_eq!(
            CursorKey::derive(b"other").open("followers:1", &cursor),
            None
        );
    }

    #[test]
    fn tampering_is_detected() {
        let key = CursorKey::derive(b"secret");
        let cursor = key.seal("l", &position());
        let (payload, tag) = cursor.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode(br#"{"PK":"USER#9","SK":"FOLLOWS#2"}"#);
        for bad in [
            format!("{forged_payload}.{tag}"),
            format!("{payload}.{}", URL_SAFE_NO_PAD.encode([0u8; 32])),
            format!("{payload}{tag}"),
            "not a cursor".into(),
            String::new(),
        ] {
            assert_eq!(key.open("l", &bad), None, "{bad}");
        }
    }
}
