//! The home feed over HTTP.

use crate::feeds::model::Mode;
use crate::feeds::service as feeds;
use crate::flags::model::FEED_RANKING;
use crate::flags::service as flags;
use crate::platform::context::App;
use crate::platform::cursor::Scope;
use crate::platform::error::Error;
use crate::platform::error::Result;
use crate::platform::http::authenticate;
use crate::platform::http::page_request;
use crate::platform::metrics::{self, Unit};
use crate::posts::api::post_page;
use lambda_http::{Body, Request, RequestExt, Response};

/// `GET /v1/feed`: the caller's home feed, in the order asked for or, by
/// default, the one the `feed-ranking` experiment gives the caller.
pub async fn get_feed(app: &App, req: Request) -> Result<Response<Body>> {
    let me = authenticate(app, &req)?.sub;
    let scope = Scope::Feed(me.clone());
    let (limit, after) = page_request(app, &req, &scope)?;
    let query = req.query_string_parameters_ref();
    let asked = match query.and_then(|q| q.first("mode")) {
        None => None,
        Some("chronological") => Some(Mode::Chronological),
        Some("ranked") => Some(Mode::Ranked),
        Some(_) => {
            return Err(Error::BadRequest(
                "mode must be chronological or ranked".into(),
            ));
        }
    };
    // Without `mode`, the feed-ranking experiment picks the default order
    // (read beside the feed's own Query: no extra round trip).
    let mode = async {
        Ok(match asked {
            Some(mode) => mode,
            None => match flags::variant(app, &me, FEED_RANKING).await?.as_deref() {
                Some("ranked") => Mode::Ranked,
                _ => Mode::Chronological,
            },
        })
    };
    let started = std::time::Instant::now();
    let result = feeds::home(app, &me, limit, after, mode).await?;
    let page = post_page(app, &scope, result).await;
    let latency = started.elapsed().as_secs_f64() * 1000.0;
    metrics::emit(&[("FeedPageLatency", latency, Unit::Milliseconds)]);
    page
}
