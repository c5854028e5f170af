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
    /// A read that records the caller's first exposure to an experiment
    /// (one conditional write per account and experiment, so retrying the
    /// read stays harmless): the only GETs that write the table.
    RecordsExposures,
}

pub struct Route {
    pub method: Method,
    /// API Gateway route syntax: `/v1/users/{username}`.
    pub path: &'static str,
    /// The binary, SAM function (`PascalCase` + `Function`) and event file name.
    pub function: &'static str,
    /// The path of this entry's static (`kith::posts::GET_POST`), which the
    /// function's binary names directly.
    pub item: &'static str,
    pub handler: Handler,
    pub grants: &'static [Grant],
}

impl Route {
    /// The feature whose table lists the route: `kith::posts::GET_POST` -> `posts`.
    pub fn feature(&self) -> &'static str {
        self.item.split("::").nth(1).unwrap_or_default()
    }
}

/// A feature's routes: one static per route, which its function's binary
/// names so that it links that handler alone (the handler's future is
/// compiled here, in the library, once), and the feature's `ROUTES` table.
///
/// `routes! { GET_POST: GET "/v1/posts/{post_id}" => "get-post", api::get_post, [SignsMediaLinks]; }`
/// (the grants are optional).
macro_rules! routes {
    ($($item:ident: $method:ident $path:literal => $function:literal, $handler:path $(, [$($grant:ident),*])?;)*) => {
        $(pub static $item: $crate::platform::routes::Route = $crate::platform::routes::Route {
            method: ::lambda_http::http::Method::$method,
            path: $path,
            function: $function,
            grants: &[$($($crate::platform::routes::Grant::$grant),*)?],
            item: concat!(module_path!(), "::", stringify!($item)),
            handler: |app, req| {
                Box::pin($crate::platform::http::serve(
                    app,
                    &$item,
                    req,
                    async move |req| $handler(app, req).await,
                ))
            },
        };)*

        /// This feature's slice of the route table.
        pub static ROUTES: &[&$crate::platform::routes::Route] = &[$(&$item),*];
    };
}
pub(crate) use routes;

pub type EventFuture = Pin<Box<dyn Future<Output = Result<Value, Error>> + Send>>;

/// Takes the raw event JSON (each handler parses its own event type) and
/// returns the response JSON the event source expects.
pub type EventHandlerFn = fn(&'static App, Value) -> EventFuture;

pub struct EventHandler {
    /// The binary, SAM function and event file name.
    pub function: &'static str,
    /// The path of this entry's static (`kith::functions::FANOUT_POST`),
    /// which the function's binary names directly.
    pub item: &'static str,
    pub handler: EventHandlerFn,
}

/// One static per event handler (named by its binary, as with
/// [`routes!`]) and the `EVENT_HANDLERS` table.
///
/// `event_handlers! { FANOUT_POST: "fanout-post", crate::feeds::events::fanout_post; }`
macro_rules! event_handlers {
    ($($item:ident: $function:literal, $handler:path;)*) => {
        $(pub static $item: $crate::platform::routes::EventHandler =
            $crate::platform::routes::EventHandler {
                function: $function,
                item: concat!(module_path!(), "::", stringify!($item)),
                handler: |app, event| Box::pin($handler(app, event)),
            };)*

        /// Every event handler, in the order listed.
        pub static EVENT_HANDLERS: &[&$crate::platform::routes::EventHandler] = &[$(&$item),*];
    };
}
pub(crate) use event_handlers;
