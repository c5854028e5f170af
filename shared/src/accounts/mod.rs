//! Accounts: registration, email verification, sign-in with throttling, access and refresh tokens, password reset, and the signing keys (JWKS).

pub mod api;
pub mod keys;
pub mod model;
pub mod service;
pub mod sessions;
pub mod store;
pub mod tokens;
pub mod user;
pub mod views;
pub mod well_known;

use crate::platform::routes::routes;

routes! {
    REGISTER: POST "/v1/auth/register" => "register", api::register, [SendsMail, SignsMediaLinks];
    LOGIN: POST "/v1/auth/login" => "login", api::login, [IssuesTokens];
    REFRESH_TOKEN: POST "/v1/auth/refresh" => "refresh-token", api::refresh, [IssuesTokens];
    LOGOUT: POST "/v1/auth/logout" => "logout", api::logout;
    VERIFY_EMAIL: POST "/v1/auth/verify-email" => "verify-email", api::verify_email;
    RESEND_VERIFICATION: POST "/v1/auth/verify-email/resend" => "resend-verification", api::resend_verification, [SendsMail];
    FORGOT_PASSWORD: POST "/v1/auth/forgot-password" => "forgot-password", api::forgot_password, [SendsMail];
    RESET_PASSWORD: POST "/v1/auth/reset-password" => "reset-password", api::reset_password;
    JWKS: GET "/.well-known/jwks.json" => "jwks", well_known::jwks;
}
