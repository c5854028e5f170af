//! The shape of a route-table entry and of an event-handler entry. Each
//! feature lists its own routes (`<feature>::ROUTES`); `crate::functions`
//! assembles the one table that the binaries, the local host, template.yaml,
//! the `cargo lambda watch` router and docs/openapi.yaml are checked against.

use crate::platform::context::App;
use crate::platform::error::Error;
use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

pub type HandlerFuture = Pin<Box<dyn Future<Output = Response<Body>> + Send>>;

/// Every handler takes the shared context and an API Gateway (HTTP API v2) request.
pub type Handler = fn(&'static App, Request) -> HandlerFuture;

/// What a route's function may do beyond the table access its method implies
/// (GET routes read the table, the others read and write it). template.yaml
/// grants each function exactly these (checked by the contract tests), so a
/// function that sends no mail cannot send mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Sends email through SES (`ses:SendEmail` on the sender identity).
    SendsMail,
    /// Shows media, so signs download links (`s3:GetObject` on `media/`).
    SignsMediaLinks,
    /// Hands out presigned upload forms (`s3:PutObject` on `uploads/`).
    SignsUploads,
    /// Signs access tokens, so reads the private key from Secrets Manager
    /// (every other function only verifies, with the public key).
    IssuesTokens,
    /// Makes and deletes SNS platform endpoints, and publishes to them.
    Pushes,
}

pub struct Route {
    pub method: Method,
    /// API Gateway route syntax: `/v1/users/{username}`.
    pub path: &'static str,
    /// The binary, SAM function (`PascalCase` + `Function`) and event file name.
    pub function: &'static str,
    /// The handler's full path (`kith::posts::api::get_post`), which the
    /// function's binary names directly.
    pub handler_path: &'static str,
    pub handler: Handler,
    pub grants: &'static [Grant],
}

/// `route!(GET "/v1/posts/{post_id}" => "get-post", api::get_post, [SignsMediaLinks])`
/// (the grants are optional).
macro_rules! route {
    ($method:ident $path:literal => $function:literal, $handler:path $(, [$($grant:ident),*])?) => {
        $crate::platform::routes::Route {
            method: ::lambda_http::http::Method::$method,
            path: $path,
            function: $function,
            grants: &[$($($crate::platform::routes::Grant::$grant),*)?],
            handler_path: concat!(module_path!(), "::", stringify!($handler)),
            handler: |app, req| {
                Box::pin($crate::platform::http::serve(
                    app,
                    $function,
                    req,
                    async move |req| $handler(app, req).await,
                ))
            },
        }
    };
}
pub(crate) use route;

pub type EventFuture = Pin<Box<dyn Future<Output = Result<Value, Error>> + Send>>;

/// Takes the raw event JSON (each handler parses its own event type) and
/// returns the response JSON the event source expects.
pub type EventHandlerFn = fn(&'static App, Value) -> EventFuture;

pub struct EventHandler {
    /// The binary, SAM function and event file name.
    pub function: &'static str,
    /// The handler's full path, which the function's binary names directly.
    pub handler_path: &'static str,
    pub handler: EventHandlerFn,
}

/// `event_handler!("fanout-post", crate::feeds::events::fanout_post)`.
macro_rules! event_handler {
    ($function:literal, $handler:path) => {
        $crate::platform::routes::EventHandler {
            function: $function,
            handler_path: stringify!($handler),
            handler: |app, event| Box::pin($handler(app, event)),
        }
    };
}
pub(crate) use event_handler;
