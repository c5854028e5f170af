//! Credentials: access-token JWTs (EdDSA), opaque secret tokens, password hashes.

use crate::platform::error::Error;
use crate::platform::error::Result;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use aws_lc_rs::{digest, rand};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, JwkSet, ThumbprintHash};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Access tokens are short-lived; refresh tokens carry the session.
pub const ACCESS_TOKEN_TTL_SECS: i64 = 15 * 60;

/// Claims of a Kith access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// Access-token keys, built once per cold start: every function holds the
/// public key to verify; only the functions that issue tokens (sign-in,
/// refresh) also hold the private key, read from Secrets Manager.
pub struct TokenKeys {
    signer: Option<EncodingKey>,
    decoding: DecodingKey,
    jwk: Jwk,
    issuer: String,
    audience: String,
}

impl TokenKeys {
    /// Verifies with the Ed25519 public key `x` (base64url of its 32 bytes,
    /// as in a JWK); cannot issue.
    pub fn verifier(public_x: &str, issuer: &str, audience: &str) -> Result<Self, String> {
        let invalid = |e: &dyn std::fmt::Display| {
            format!("KITH_JWT_PUBLIC_KEY is not a base64url Ed25519 public key: {e}")
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(public_x.trim())
            .map_err(|e| invalid(&e))?;
        if bytes.len() != 32 {
            return Err(invalid(&"it must be 32 bytes"));
        }
        let mut jwk: Jwk = serde_json::from_value(serde_json::json!({
            "kty": "OKP", "crv": "Ed25519", "x": public_x.trim(), "use": "sig", "alg": "EdDSA",
        }))
        .map_err(|e| invalid(&e))?;
        jwk.common.key_id = Some(
            jwk.thumbprint(ThumbprintHash::SHA256)
                .map_err(|e| e.to_string())?,
        );
        let decoding = DecodingKey::from_jwk(&jwk).map_err(|e| invalid(&e))?;
        Ok(Self {
            signer: None,
            decoding,
            jwk,
            issuer: issuer.into(),
            audience: audience.into(),
        })
    }

    /// Also signs, with the private key (PKCS#8 PEM) of the public key held.
    pub fn with_signer(mut self, private_pem: &str) -> Result<Self, String> {
        if public_key_of(private_pem)? != self.public_key() {
            return Err("the JWT private key does not match KITH_JWT_PUBLIC_KEY".into());
        }
        self.signer = Some(
            EncodingKey::from_ed_pem(private_pem.as_bytes())
                .map_err(|e| format!("the JWT private key is not an Ed25519 PKCS#8 PEM: {e}"))?,
        );
        Ok(self)
    }

    /// Signs and verifies with one private key (local runs and tests).
    pub fn from_pem(private_pem: &str, issuer: &str, audience: &str) -> Result<Self, String> {
        Self::verifier(&public_key_of(private_pem)?, issuer, audience)?.with_signer(private_pem)
    }

    /// The public key `x`, as [`TokenKeys::verifier`] takes it.
    pub fn public_key(&self) -> &str {
        match &self.jwk.algorithm {
            AlgorithmParameters::OctetKeyPair(okp) => &okp.x,
            _ => "",
        }
    }

    /// Signs a 15-minute access token for `user_id`.
    pub fn issue(&self, user_id: &str, now: i64) -> Result<String> {
        let claims = Claims {
            sub: user_id.into(),
            jti: ulid::Ulid::generate().to_string(),
            iat: now,
            exp: now + ACCESS_TOKEN_TTL_SECS,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        let signer = self
            .signer
            .as_ref()
            .ok_or_else(|| Error::bug("this function holds no signing key"))?;
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = self.jwk.common.key_id.clone();
        jsonwebtoken::encode(&header, &claims, signer).map_err(|e| Error::internal("sign token", e))
    }

    /// Accepts only EdDSA tokens signed by our key, for our issuer and audience, unexpired.
    pub fn verify(&self, token: &str) -> Result<Claims> {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.leeway = 30;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| Error::Unauthorized(format!("invalid access token: {e}")))
    }

    /// The public half, served at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> JwkSet {
        JwkSet {
            keys: vec![self.jwk.clone()],
        }
    }
}

/// The public key `x` (base64url) of an Ed25519 private key in PKCS#8 PEM:
/// what an operator puts in `JwtPublicKey`, and what local runs derive.
pub fn public_key_of(private_pem: &str) -> Result<String, String> {
    let encoding = EncodingKey::from_ed_pem(private_pem.as_bytes())
        .map_err(|e| format!("the JWT private key is not an Ed25519 PKCS#8 PEM: {e}"))?;
    let jwk = Jwk::from_encoding_key(&encoding, Algorithm::EdDSA)
        .map_err(|e| format!("cannot derive the public key: {e}"))?;
    match jwk.algorithm {
        AlgorithmParameters::OctetKeyPair(okp) => Ok(okp.x),
        _ => Err("not an Ed25519 key".into()),
    }
}

/// A fresh Ed25519 key as PKCS#8 v1 PEM (what `openssl genpkey -algorithm ed25519`
/// prints), for local runs and tests.
pub fn generate_signing_key_pem() -> String {
    // PKCS#8 v1 wrapper of a 32-byte Ed25519 seed (RFC 8410, section 10.3).
    const PREFIX: [u8; 16] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    let mut der = PREFIX.to_vec();
    der.extend_from_slice(&random_bytes::<32>());
    format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        STANDARD.encode(der)
    )
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::fill(&mut bytes).expect("the OS random source failed");
    bytes
}

/// A 256-bit random token, URL-safe: refresh, verification and reset tokens.
pub fn secret_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// What the table stores instead of a secret token: a SHA-256 digest, so a
/// leaked table cannot be replayed.
pub fn token_digest(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest::digest(&digest::SHA256, token.as_bytes()))
}

/// argon2id with the OWASP-recommended parameters (19 MiB, 2 passes, 1 lane).
fn argon2() -> argon2::Argon2<'static> {
    let params = argon2::Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

pub fn hash_password(password: &str) -> Result<String> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| Error::internal("hash password", e))
}

/// Constant-work check: when there is no account, verify against a dummy hash so
/// response time does not reveal which usernames exist.
pub fn verify_password(password: &str, stored_hash: Option<&str>) -> bool {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash_password("not a real password").expect("hashing works"));
    let hash = stored_hash.unwrap_or(DUMMY.as_str());
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    // Always verify, so a missing account costs the same time as a wrong password.
    let verified = argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    stored_hash.is_some() && verified
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::from_pem(&generate_signing_key_pem(), "kith", "kith-api").unwrap()
    }

    #[test]
    fn a_verifier_verifies_but_cannot_issue_nor_take_a_foreign_signer() {
        let pem = generate_signing_key_pem();
        let public = public_key_of(&pem).unwrap();
        let signer = TokenKeys::from_pem(&pem, "kith", "kith-api").unwrap();
        let verifier = TokenKeys::verifier(&public, "kith", "kith-api").unwrap();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let token = signer.issue("01USER", now).unwrap();
        assert_eq!(verifier.verify(&token).unwrap().sub, "01USER");
        assert!(verifier.issue("01USER", now).is_err());
        assert_eq!(verifier.jwks().keys, signer.jwks().keys);
        let foreign = generate_signing_key_pem();
        assert!(verifier.with_signer(&foreign).is_err());
    }

    #[test]
    fn tokens_round_trip_and_reject_other_keys() {
        let keys = keys();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let token = keys.issue("01USER", now).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.sub, "01USER");
        assert_eq!(claims.exp - claims.iat, ACCESS_TOKEN_TTL_SECS);
        assert!(matches!(
            self::keys().verify(&token),
            Err(Error::Unauthorized(_))
        ));
        let expired = keys.issue("01USER", now - 3600).unwrap();
        assert!(keys.verify(&expired).is_err());
    }

    #[test]
    fn jwks_publishes_the_public_key_with_a_kid() {
        let set = keys().jwks();
        let json = serde_json::to_value(&set).unwrap();
        assert_eq!(json["keys"][0]["kty"], "OKP");
        assert_eq!(json["keys"][0]["crv"], "Ed25519");
        assert!(json["keys"][0]["kid"].as_str().is_some());
        assert!(
            json["keys"][0].get("d").is_none(),
            "never publish the private key"
        );
    }

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse", Some(&hash)));
        assert!(!verify_password("wrong horse", Some(&hash)));
        assert!(!verify_password("correct horse", None));
    }

    #[test]
    fn secret_tokens_are_random_and_digests_stable() {
        let (a, b) = (secret_token(), secret_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_digest(&a), token_digest(&a));
        assert_ne!(token_digest(&a), token_digest(&b));
    }
}
